import SimCore

/// How a request's life ended, as of the end of the run.
public enum RequestOutcome: String, Equatable, Sendable {
    case completed
    case rejected
    /// Still queued or running when the run stopped at its horizon.
    case inFlight = "in_flight"
}

/// Why a request was turned away at arrival.
public enum RejectionReason: String, Equatable, Sendable, CaseIterable {
    /// Prompt + output tokens exceed the model's context window.
    case exceedsContext = "exceeds_context"
    /// Prompt + output tokens need more KV blocks than the replica has in all.
    case exceedsKVCapacity = "exceeds_kv_capacity"
    /// Without chunked prefill, the prompt is longer than an iteration's token budget.
    case exceedsTokenBudget = "exceeds_token_budget"
    /// Admission control: the replica's queue was at `scheduler.max_queue_length`.
    case queueFull = "queue_full"
    /// Its tenant's token bucket held fewer tokens than the request asks for (prompt + output).
    case rateLimited = "rate_limited"
}

/// What the run knows of one request: its timestamps and sizes. Times are seconds since the
/// start of the run; a time not reached is nil.
public struct RequestRecord: Equatable, Sendable {
    public var index: Int
    public var externalID: String?
    public var replica: Int
    public var outcome: RequestOutcome
    public var rejection: RejectionReason?
    public var arrival: Double
    public var promptTokens: Int
    public var outputTokens: Int
    public var generatedTokens: Int
    public var preemptions: Int
    public var firstScheduled: Double?
    public var firstToken: Double?
    public var lastToken: Double?
    /// Its request class and tenant, by index in the workload's order (0 without them).
    public var classIndex: Int = 0
    public var tenant: Int = 0
    /// Time the request spends outside the engine's iterations (the serving engine's
    /// `request_overhead_ms`: HTTP, tokenisation, streaming), seconds; part of TTFT and E2E.
    /// A constant delay before every request enters the engine shifts all engine arrivals
    /// alike, so the engine's behaviour is the same and each request's TTFT and E2E grow by it.
    public var clientOverhead: Double = 0

    /// Time to first token, queueing and the client overhead included.
    public var ttft: Double? { firstToken.map { $0 - arrival + clientOverhead } }
    /// End-to-end latency (time to last token), the client overhead included.
    public var e2e: Double? { outcome == .completed ? lastToken.map { $0 - arrival + clientOverhead } : nil }
    /// Mean time per output token after the first: (t_last − t_first) / (n − 1).
    public var tpot: Double? {
        guard outcome == .completed, generatedTokens > 1, let first = firstToken, let last = lastToken else { return nil }
        return (last - first) / Double(generatedTokens - 1)
    }
    /// Time from arrival to first being scheduled.
    public var queueDelay: Double? { firstScheduled.map { $0 - arrival } }
}
