import CostModel
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
    /// What happens to a request evicted when KV blocks run out.
    public var preemption: PreemptionMode
    /// Which running request is evicted.
    public var victim: VictimPolicy
    /// Keep computed prompt blocks by hash and reuse them for requests sharing the prefix.
    public var prefixCaching: Bool
    /// Split prompts into chunks that fill what the token budget leaves (Sarathi-Serve's
    /// stall-free batching). Off: a prompt is prefilled in one iteration, beside the decodes,
    /// and waits until the budget has room for all of it (prompts longer than the budget are
    /// rejected; a recompute after preemption that outgrows the budget is still chunked).
    public var chunkedPrefill: Bool
    /// Admission control: an arrival that finds this many requests waiting is rejected; nil: no
    /// cap.
    public var maxQueueLength: Int?
    /// How iterations take requests in: continuous batching, static batches or Orca-style
    /// whole-sequence reservation.
    public var strategy: BatchingStrategy
    /// An iteration either prefills or decodes, never both; prefill first whenever a prompt is
    /// mid-prefill or a waiting request can be admitted (SGLang's default, vLLM V0 without
    /// chunked prefill). Set from the engine's `prefill_decode_mixing`.
    public var separatePrefillBatches = false
    /// With separate prefill batches: decode steps run back to back before the queue is looked
    /// at again (vLLM V0's `num_scheduler_steps`; the engine's `scheduler_steps`).
    public var decodeStepsPerRound = 1
    /// Admission keeps KV free for the running requests' remaining output (SGLang's
    /// `new_token_ratio`); `.none`: only the prompt's blocks. Set from the engine.
    public var outputReserve = OutputReserve.none
    /// Admission by the KV's future peak when every output length is known
    /// (`FuturePeakAdmission`; the engine's `ignore_eos_admission` with `workload.ignore_eos`
    /// and no prefix cache), in place of the output reserve.
    public var futurePeakAdmission = false
    /// The next batch is composed while the current one runs (the engine's
    /// `overlap_scheduling`): a batch launched as another ends admits only requests queued
    /// before that other one started.
    public var overlapScheduling = false

    public init(maxBatchSize: Int, maxTokensPerIteration: Int, batchingWindow: SimDuration, blockSizeTokens: Int,
                preemption: PreemptionMode = .recompute, victim: VictimPolicy = .newest, prefixCaching: Bool = false,
                chunkedPrefill: Bool = true, maxQueueLength: Int? = nil, strategy: BatchingStrategy = .continuous) {
        self.strategy = strategy
        self.maxQueueLength = maxQueueLength
        self.chunkedPrefill = chunkedPrefill
        self.prefixCaching = prefixCaching
        self.preemption = preemption
        self.victim = victim
        self.maxBatchSize = maxBatchSize
        self.maxTokensPerIteration = maxTokensPerIteration
        self.batchingWindow = batchingWindow
        self.blockSizeTokens = blockSizeTokens
    }
}

/// What happens to a request evicted when KV blocks run out.
public enum PreemptionMode: Equatable, Sendable {
    /// Free its blocks; prefill its prompt and generated tokens again when readmitted.
    case recompute
    /// Move its KV to host memory over PCIe and back when readmitted (decoding requests, while
    /// the host has room; others are recomputed).
    case swap(SwapSettings)
}

/// The host side of swap preemption, per replica.
public struct SwapSettings: Equatable, Sendable {
    /// KV bytes per token held by each GPU of the replica (its TP shard).
    public var bytesPerTokenPerGPU: Double
    /// Host link bandwidth of each GPU (PCIe), bytes/s; the GPUs of a TP group transfer their
    /// shards in parallel.
    public var bytesPerSecond: Double
    /// Tokens of KV the host can hold for this replica.
    public var capacityTokens: Int

    public init(bytesPerTokenPerGPU: Double, bytesPerSecond: Double, capacityTokens: Int) {
        self.bytesPerTokenPerGPU = bytesPerTokenPerGPU
        self.bytesPerSecond = bytesPerSecond
        self.capacityTokens = capacityTokens
    }

    /// Seconds to move `tokens` tokens of KV one way.
    public func transferSeconds(tokens: Int) -> Double {
        Double(tokens) * bytesPerTokenPerGPU / bytesPerSecond
    }
}

/// Which running request is evicted when KV blocks run out.
public enum VictimPolicy: String, Equatable, Sendable, CaseIterable {
    /// The most recently admitted (vLLM's choice: it has the least work to lose).
    case newest
    /// The newest of the least urgent class.
    case lowestPriority = "lowest_priority"
}
