import HeapModule

/// The KV of one replica that holds shared prompt prefixes, in units of `blocksPerUnit` KV
/// blocks named by hash (512 tokens by default: the Mooncake trace's granularity; tracking
/// each 16-token block would cost 32× the bookkeeping for the same hits, rounded), with
/// reference counts: blocks in use by running requests, and idle ones kept for later hits
/// until their memory is needed, evicted least recently used first (vLLM's automatic prefix
/// caching).
///
/// Idle cached blocks still occupy KV memory: the replica's `KVBlockManager` counts them as
/// used until they are evicted.
struct PrefixCache {
    /// KV blocks per cached unit.
    let blocksPerUnit: Int
    private var entries: [UInt64: Entry] = [:]
    /// Idle blocks by the time they became idle; entries whose block has since been reused or
    /// evicted are skipped.
    private var idle = Heap<IdleEntry>()
    private var clock = 0
    /// Cached units no running request uses.
    private(set) var idleCount = 0

    init(blocksPerUnit: Int) {
        precondition(blocksPerUnit >= 1)
        self.blocksPerUnit = blocksPerUnit
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

    /// How many of `hashes`, from the first, are cached.
    ///
    /// - Complexity: O(hits).
    func matchingPrefix(_ hashes: [UInt64]) -> Int {
        var hits = 0
        while hits < hashes.count, entries[hashes[hits]] != nil { hits += 1 }
        return hits
    }

    /// Takes a reference to a cached block.
    mutating func reference(_ hash: UInt64) {
        guard var entry = entries[hash] else { preconditionFailure("referencing a block that is not cached") }
        if entry.references == 0 { idleCount -= 1 }
        entry.references += 1
        entries[hash] = entry
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
        guard var entry = entries[hash], entry.references > 0 else { preconditionFailure("releasing an unreferenced block") }
        entry.references -= 1
        if entry.references == 0 {
            clock += 1
            entry.idleSince = clock
            idle.insert(IdleEntry(since: clock, hash: hash))
            idleCount += 1
        }
        entries[hash] = entry
    }

    /// Evicts up to `wanted` idle blocks, least recently used first; returns how many.
    ///
    /// - Complexity: O(evicted · log n) amortised.
    mutating func evict(_ wanted: Int) -> Int {
        var evicted = 0
        while evicted < wanted, let oldest = idle.popMin() {
            guard let entry = entries[oldest.hash], entry.references == 0, entry.idleSince == oldest.since else { continue }
            entries[oldest.hash] = nil
            idleCount -= 1
            evicted += 1
        }
        return evicted
    }
}
