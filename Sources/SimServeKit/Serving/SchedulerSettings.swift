import SimCore

/// How a replica forms batches (continuous, iteration-level batching with a token budget).
public struct SchedulerSettings: Equatable, Sendable {
    /// Most sequences in one iteration.
    public var maxBatchSize: Int
    /// Most tokens (prefill chunk tokens + one per decode) in one iteration. A prompt longer
    /// than what is left of the budget is prefilled in chunks over several iterations.
    public var maxTokensPerIteration: Int
    /// An idle replica launches when its queue holds `maxBatchSize` requests or its oldest
    /// waiting request has waited this long.
    public var batchingWindow: SimDuration
    /// Tokens per KV block.
    public var blockSizeTokens: Int

    public init(maxBatchSize: Int, maxTokensPerIteration: Int, batchingWindow: SimDuration, blockSizeTokens: Int) {
        self.maxBatchSize = maxBatchSize
        self.maxTokensPerIteration = maxTokensPerIteration
        self.batchingWindow = batchingWindow
        self.blockSizeTokens = blockSizeTokens
    }
}
