/// Integer keys of `count` slots, with the slot of the smallest key found in O(log count): the
/// first such slot in cyclic order from a starting slot, as a scan from there that keeps only a
/// strictly smaller key would find it (what the router's ties need: equal replicas in turn).
///
/// A segment tree over the slots, rounded up to a power of two (the padding slots hold
/// `Int.max`, so they never win while a real slot holds less); each node the smallest key below
/// it. A class: the router reads it and the replicas, each owning a slot, keep their keys current.
final class CyclicMinimumTree {
    let count: Int
    private let leaves: Int
    private var nodes: [Int]

    /// `count` slots (≥ 1), every key 0.
    init(count: Int) {
        precondition(count >= 1, "a minimum tree needs at least one slot")
        self.count = count
        var leaves = 1
        while leaves < count { leaves *= 2 }
        self.leaves = leaves
        nodes = Array(repeating: Int.max, count: 2 * leaves)
        for slot in 0..<count { nodes[leaves + slot] = 0 }
        for node in stride(from: leaves - 1, through: 1, by: -1) { nodes[node] = min(nodes[2 * node], nodes[2 * node + 1]) }
    }

    /// The key of `slot`.
    subscript(slot: Int) -> Int { nodes[leaves + slot] }

    /// Sets the key of `slot`. O(log count).
    func set(_ slot: Int, to key: Int) {
        var node = leaves + slot
        guard nodes[node] != key else { return }
        nodes[node] = key
        node /= 2
        while node >= 1 {
            let smallest = min(nodes[2 * node], nodes[2 * node + 1])
            if nodes[node] == smallest { break }
            nodes[node] = smallest
            node /= 2
        }
    }

    /// The slot holding the smallest key, the first in cyclic order from `start` (0 ≤ start <
    /// count) among those tied. O(log count).
    func firstMinimum(from start: Int) -> Int {
        let smallest = nodes[1]
        return first(atOrAfter: start, holding: smallest) ?? first(atOrAfter: 0, holding: smallest)!
    }

    /// The first slot at or after `start` whose key is `key` (the smallest of all), if any.
    private func first(atOrAfter start: Int, holding key: Int) -> Int? {
        // Walk up from the start leaf; at each level, the right sibling's subtree lies wholly
        // after everything seen so far: descend into the first one that holds the key.
        var node = leaves + start
        if nodes[node] == key { return start }
        while node > 1 {
            if node % 2 == 0, nodes[node + 1] == key {
                node += 1
                while node < leaves { node = nodes[2 * node] == key ? 2 * node : 2 * node + 1 }
                return node - leaves
            }
            node /= 2
        }
        return nil
    }
}
