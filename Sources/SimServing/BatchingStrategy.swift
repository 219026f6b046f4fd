/// How a replica takes requests into its iterations (`scheduler.kind`). The replica's
/// scheduler asks the strategy what to do at the points where the three differ; everything
/// else — the waiting queue, prefix caching, the decode group, completion — they share.
public enum BatchingStrategy: Equatable, Sendable {
    /// Continuous, iteration-level batching over paged KV (vLLM, SGLang, TensorRT-LLM): requests
    /// join and leave at every iteration within a token budget, prompts are chunked, each
    /// sequence takes KV blocks as it grows and may be preempted when none are left.
    case continuous
    /// Static batching: a batch is admitted only when the previous one has fully finished,
    /// prompts are padded to the batch's longest and finished sequences keep occupying (and
    /// costing) their slots until the last one ends; no chunking, no token budget. (Padding is
    /// charged in compute, not in KV memory.)
    case staticBatches
    /// Orca-style iteration-level scheduling (Yu et al., OSDI 2022): no paged KV — each
    /// admitted request reserves KV for its prompt plus its most new tokens (its class's
    /// `max_new_tokens`, else up to the context window) until it ends, so it is never
    /// preempted; whole prompts are prefilled beside the decodes, with no token budget beyond
    /// the batch size.
    case wholeSequenceReservation

    /// Whether an iteration's tokens are capped by `max_tokens_per_iteration` (else only the
    /// batch size bounds it).
    var hasTokenBudget: Bool { self == .continuous }

    /// Whether waiting requests may join while others run (not with static batches).
    var admitsWhileRunning: Bool { self != .staticBatches }

    /// Whether a batch is padded: prompts to the longest, finished sequences kept in their slots.
    var padsBatch: Bool { self == .staticBatches }

    /// Whether KV is paged: a sequence takes a block whenever it crosses into one (and can be
    /// preempted when none is left), rather than reserving its whole lifetime at admission.
    var pagesKV: Bool { self != .wholeSequenceReservation }
}
