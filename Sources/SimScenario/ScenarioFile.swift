/// The scenario file as written: every field optional, nothing checked beyond its type.
/// `ScenarioResolver` applies presets and defaults and checks ranges.
struct ScenarioFile: Decodable {
    var name: String?
    var seed: Int?
    var requests: Int?
    var duration: DurationValue?
    /// A duration, or "auto" (MSER-5 detection, `WarmupDetector`).
    var warmup: WarmupSetting?
    var horizon: DurationValue?
    /// Decoded separately, over its preset (see `ScenarioResolver.resolvePreset`); read here as
    /// raw values so that this pass checks none of their keys.
    var model: ConfigValue?
    var hardware: ConfigValue?
    /// The serving engine: a preset name or a table over one (see `ScenarioResolver`).
    var engine: ConfigValue?
    var cluster: ClusterSection?
    var scheduler: SchedulerSection?
    var workload: WorkloadSection?
    var slo: SLOSection?
    var output: OutputSection?
    var cost_model: CostModelSection?
    /// `[assert]`: metric limits, read as raw values and checked by `AssertionSection`.
    var assert: ConfigValue?
    var speculative: SpeculativeSection?
    /// `[sweep]` and `[search]`: axes for `simserve sweep` and `simserve plan --search`, read
    /// by `SweepTable`; a single run ignores them.
    var sweep: ConfigValue?
    var search: ConfigValue?
}

/// `[speculative]`: speculative decoding with a draft model preset, k proposed tokens per
/// step and a per-token acceptance rate α.
struct SpeculativeSection: Decodable {
    var draft: String
    var proposal_tokens: Int
    var acceptance_rate: Double
}

struct ClusterSection: Decodable {
    var replicas: Int?
    var tp: Int?
    var pp: Int?
    /// Expert-parallel degree and the busiest expert rank's load over the mean.
    var ep: Int?
    var expert_imbalance: Double?
    var router: String?
    /// Disaggregated serving (`ScenarioResolver+Disaggregation.swift`).
    var prefill: PoolSection?
    var decode: PoolSection?
    var kv_transfer: KVTransferSection?
}

struct SchedulerSection: Decodable {
    var kind: String?
    var max_batch_size: Int?
    var max_tokens_per_iteration: Int?
    /// vLLM's names for `max_batch_size`, `max_tokens_per_iteration`, `chunked_prefill` and
    /// `prefix_caching` (one name per knob may be given).
    var max_num_seqs: Int?
    var max_num_batched_tokens: Int?
    var enable_chunked_prefill: Bool?
    var enable_prefix_caching: Bool?
    var batching_window: DurationValue?
    var block_size: Int?
    var gpu_memory_utilization: Double?
    var queue_policy: String?
    var aging: DurationValue?
    var preemption: String?
    var preemption_victim: String?
    /// Host memory for swapped KV, per GPU, GB.
    var swap_space_gb: Double?
    /// Host link (PCIe) bandwidth per GPU for swapping, GB/s.
    var swap_bandwidth_gbs: Double?
    var prefix_caching: Bool?
    var chunked_prefill: Bool?
    /// Admission control: arrivals finding this many requests waiting are rejected.
    var max_queue_length: Int?
}

struct SLOSection: Decodable {
    var ttft: DurationValue?
    var tpot: DurationValue?
    var e2e: DurationValue?
}

struct OutputSection: Decodable {
    var dir: String?
    var per_request_csv: Bool?
    var summary_json: Bool?
}

struct CostModelSection: Decodable {
    var kind: String?
    var service_time: ServiceTimeSection?
}
