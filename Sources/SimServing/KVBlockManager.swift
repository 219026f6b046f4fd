/// Paged KV-cache accounting for one replica: a pool of fixed-size blocks, each holding
/// `blockSizeTokens` tokens of every layer (vLLM's PagedAttention layout).
///
/// Blocks are counted, not named: which physical block a sequence holds does not change any
/// time in the model, only how many are in use.
public struct KVBlockManager: Equatable, Sendable {
    public let capacity: Int
    public let blockSizeTokens: Int
    public private(set) var used = 0

    public init(capacity: Int, blockSizeTokens: Int) {
        precondition(capacity >= 0 && blockSizeTokens > 0,
                     "KVBlockManager needs capacity ≥ 0 and block size > 0, got \(capacity), \(blockSizeTokens)")
        self.capacity = capacity
        self.blockSizeTokens = blockSizeTokens
    }

    public var free: Int { capacity - used }

    /// Fraction of blocks in use.
    public var utilization: Double { capacity == 0 ? 0 : Double(used) / Double(capacity) }

    /// Takes `count` blocks if that many are free; returns whether it did.
    @inline(__always)
    public mutating func allocate(_ count: Int) -> Bool {
        guard count <= capacity - used else { return false }
        used += count
        return true
    }

    /// Returns `count` blocks to the pool.
    @inline(__always)
    public mutating func release(_ count: Int) {
        used -= count
        checkInvariants()
    }

    /// Blocks in use stay within [0, capacity]. Free in release builds.
    @inline(__always)
    public func checkInvariants() {
        assert(used >= 0 && used <= capacity, "KV blocks in use \(used) outside [0, \(capacity)]")
    }
}
