import HeapModule
import SimWorkload

/// The KV blocks of one replica that hold shared prompt prefixes, one KV block per entry
/// (vLLM's automatic prefix caching: every full block of a shared prefix can hit), named by
/// hash, with reference counts: blocks in use by running requests, and idle ones kept for
/// later hits until their memory is needed, evicted least recently used first.
///
/// Idle cached blocks still occupy KV memory: the replica's `KVBlockManager` counts them as
/// used until they are evicted. A request's blocks are released tail first (as vLLM frees
/// them), so that of one prefix the deepest blocks are evicted before the ones they extend.
struct PrefixCache {
    /// Tokens per KV block.
    let blockTokens: Int
    private var entries: [UInt64: Entry] = [:]
    /// Idle blocks by the time they became idle; entries whose block has since been reused or
    /// evicted are skipped.
    private var idle = Heap<IdleEntry>()
    private var clock = 0
    /// Cached blocks no running request uses.
    private(set) var idleCount = 0

    init(blockTokens: Int) {
        precondition(blockTokens >= 1)
        self.blockTokens = blockTokens
    }

    private struct Entry {
        var references: Int
        var idleSince: Int
    }

    private struct IdleEntry: Comparable {
        let since: Int
        let hash: UInt64
        static func < (a: Self, b: Self) -> Bool { a.since < b.since }
        static func == (a: Self, b: Self) -> Bool { a.since == b.since && a.hash == b.hash }
    }

    /// Cached blocks, in use or idle.
    var count: Int { entries.count }

    /// How many of the first `blocks` blocks of `prefix`, from the first, are cached.
    ///
    /// - Complexity: O(hits).
    func matchingBlocks(of prefix: PrefixKey, upTo blocks: Int) -> Int {
        var hits = 0
        while hits < blocks, entries[prefix.blockHash(hits, blockTokens: blockTokens)] != nil { hits += 1 }
        return hits
    }

    /// Takes a reference to each of the first `blocks` blocks of `prefix` that are cached,
    /// from the first, stopping at the first that is not; returns how many it took (what
    /// `matchingBlocks` would have said, in one pass).
    ///
    /// - Complexity: O(hits).
    mutating func referenceMatching(_ prefix: PrefixKey, upTo blocks: Int) -> Int {
        var hits = 0
        while hits < blocks, let index = entries.index(forKey: prefix.blockHash(hits, blockTokens: blockTokens)) {
            reference(at: index)
            hits += 1
        }
        return hits
    }

    /// Drops a reference to each of the first `blocks` blocks of `prefix`, the last first.
    ///
    /// - Complexity: O(blocks · log n).
    mutating func release(first blocks: Int, of prefix: PrefixKey) {
        for i in stride(from: blocks - 1, through: 0, by: -1) { release(prefix.blockHash(i, blockTokens: blockTokens)) }
    }

    /// Whether a block is cached (in use or idle).
    func contains(_ hash: UInt64) -> Bool { entries[hash] != nil }

    /// Takes a reference to a cached block.
    mutating func reference(_ hash: UInt64) {
        guard let index = entries.index(forKey: hash) else { preconditionFailure("referencing a block that is not cached") }
        reference(at: index)
    }

    /// Takes a reference to the block at `index`, edited in place (the key is hashed once, by
    /// the caller's look-up: hashing dominates the cache's cost).
    private mutating func reference(at index: Dictionary<UInt64, Entry>.Index) {
        if entries.values[index].references == 0 { idleCount -= 1 }
        entries.values[index].references += 1
    }

    /// Caches a block just computed, referenced once. Returns false (and caches nothing) when
    /// the block is already cached; the caller then references that one instead.
    mutating func insert(_ hash: UInt64) -> Bool {
        guard entries[hash] == nil else { return false }
        entries[hash] = Entry(references: 1, idleSince: 0)
        return true
    }

    /// Drops a reference; a block nobody uses becomes idle (evictable).
    mutating func release(_ hash: UInt64) {
        guard let index = entries.index(forKey: hash), entries.values[index].references > 0 else {
            preconditionFailure("releasing an unreferenced block")
        }
        entries.values[index].references -= 1
        if entries.values[index].references == 0 {
            clock += 1
            entries.values[index].idleSince = clock
            idle.insert(IdleEntry(since: clock, hash: hash))
            idleCount += 1
        }
    }

    /// Evicts up to `wanted` idle blocks, least recently used first; returns how many.
    ///
    /// - Complexity: O(evicted · log n) amortised.
    mutating func evict(_ wanted: Int) -> Int {
        var evicted = 0
        while evicted < wanted, let oldest = idle.popMin() {
            guard let index = entries.index(forKey: oldest.hash), entries.values[index].references == 0,
                  entries.values[index].idleSince == oldest.since else { continue }
            entries.remove(at: index)
            idleCount -= 1
            evicted += 1
        }
        return evicted
    }
}
