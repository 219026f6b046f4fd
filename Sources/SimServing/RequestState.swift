import SimCore
import SimWorkload

/// Where a request is in its life on a replica.
public enum RequestPhase: Equatable, Sendable {
    /// Waiting in a replica's queue, never scheduled yet.
    case queued
    /// Admitted; its prompt (or, after a preemption, prompt + generated tokens) is being
    /// computed, possibly over several iterations (chunked prefill).
    case prefilling
    /// Generating one token per iteration, as a member of its replica's `DecodeGroup`.
    case decoding
    /// Evicted when KV blocks ran out; back in the queue to be recomputed.
    case preempted
    /// Disaggregated serving: prefilled, its KV on its way to (or waiting at) a decode replica.
    case transferring
}

/// The mutable state of one request in flight.
///
/// While decoding, its progress is implicit: at iteration k it has generated
/// `generatedAtJoin + (k − joinIteration)` tokens and cached `cachedAtJoin + (k − joinIteration)`
/// — nothing is written per token.
package struct RequestState {
    let spec: RequestSpec
    /// The replica it was routed to (with a central queue: the one that admitted it).
    var replica: Int
    /// Whether the request arrived after the warm-up.
    let measured: Bool
    /// The load stage it arrived in, when it is measured and the workload has stages.
    var measuredStage: Int?
    var phase: RequestPhase = .queued
    /// Tokens the current prefill must compute: the prompt, or prompt + generated tokens when
    /// the request is recomputed after a preemption.
    var prefillTarget: Int
    /// Tokens of the current prefill computed so far (= tokens in the cache while prefilling).
    var prefilledTokens = 0
    /// KV blocks held while prefilling (allocated for the whole prefill at admission).
    var kvBlocks = 0
    /// Output tokens produced, as of the last time the request left or joined decoding.
    var generatedTokens = 0
    /// Tokens in this iteration's prefill chunk (0 when not prefilling in this iteration).
    var chunkInFlight = 0
    /// Decoding: the iteration of the first decode step and the cache then.
    var joinIteration = 0
    var cachedAtJoin = 0
    /// Bumped whenever the request leaves the running set, so stale references are ignored.
    var epoch = 0
    var firstScheduled: SimTime?
    /// When it joined its replica's waiting queue (its arrival, after any API front end).
    var queuedAt = SimTime.zero
    var firstToken: SimTime?
    var lastToken: SimTime?
    var preemptions = 0
    /// KV tokens held in host memory while swapped out (0 otherwise).
    var swappedTokens = 0
    /// Full prompt blocks it may share with other requests (0 without prefix caching); their
    /// hashes come from `spec.prefix`.
    var prefixBlocks = 0
    /// Leading blocks of its prefix it references in the replica's prefix cache (part of its
    /// KV, counted apart from its private blocks).
    var sharedBlocks = 0

    init(spec: RequestSpec, replica: Int, measured: Bool) {
        self.spec = spec
        self.replica = replica
        self.measured = measured
        self.prefillTarget = spec.promptTokens
    }

    /// KV blocks needed to hold `tokens` tokens.
    @inline(__always)
    static func blocks(for tokens: Int, blockSize: Int) -> Int { (tokens + blockSize - 1) / blockSize }

    /// Tokens in the cache before decode step `iteration` (decoding requests only).
    @inline(__always)
    func cachedTokens(beforeIteration iteration: Int) -> Int { cachedAtJoin + iteration - joinIteration }
}
