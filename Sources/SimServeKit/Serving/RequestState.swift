import SimCore

/// Where a request is in its life on a replica.
public enum RequestPhase: Equatable, Sendable {
    /// Waiting in a replica's queue, never scheduled yet.
    case queued
    /// Admitted; its prompt (or, after a preemption, prompt + generated tokens) is being
    /// computed, possibly over several iterations (chunked prefill).
    case prefilling
    /// Generating one token per iteration.
    case decoding
    /// Evicted when KV blocks ran out; back in the queue to be recomputed.
    case preempted
}

/// The mutable state of one request in flight.
struct RequestState {
    let spec: RequestSpec
    let replica: Int
    var phase: RequestPhase = .queued
    /// Tokens the current prefill must compute: the prompt, or prompt + generated tokens when
    /// the request is recomputed after a preemption.
    var prefillTarget: Int
    /// Tokens of the current prefill computed so far.
    var prefilledTokens = 0
    /// Tokens whose K and V are in the cache.
    var cachedTokens = 0
    /// KV blocks this request holds.
    var kvBlocks = 0
    /// Output tokens produced so far.
    var generatedTokens = 0
    var firstScheduled: SimTime?
    var firstToken: SimTime?
    var lastToken: SimTime?
    var preemptions = 0
    /// Tokens in this iteration's prefill chunk (0 when not prefilling in this iteration).
    var chunkInFlight = 0

    init(spec: RequestSpec, replica: Int) {
        self.spec = spec
        self.replica = replica
        self.prefillTarget = spec.promptTokens
    }

    /// KV blocks needed to hold `tokens` tokens.
    @inline(__always)
    static func blocks(for tokens: Int, blockSize: Int) -> Int { (tokens + blockSize - 1) / blockSize }
}
