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

/// `clients = { users, think_time = { kind = "exponential", mean = "5s" } }`: a closed loop of
/// `users` clients, each sending its next request a think time after its last one ended.
struct ClientsSection: Decodable {
    var users: Int
    var think_time: ServiceTimeSection
}

/// `prefix = { groups, tokens [, popularity] }`: `tokens` shared by each of `groups` groups,
/// popularity the Zipf exponent of the group draw (0: uniform).
struct PrefixSection: Decodable {
    var groups: Int
    var tokens: Int
    var popularity: Double?
}

/// `[[workload.classes]]`: one request class.
struct ClassSection: Decodable {
    var name: String
    var share: Double
    var priority: Int?
    var prompt_tokens: LengthSection
    var output_tokens: LengthSection
    var max_new_tokens: Int?
    var slo: SLOSection?
    var prefix: PrefixSection?
    /// The class's own batching window, in place of `scheduler.batching_window`.
    var batching_window: DurationValue?
    /// An adaptive window's bounds, in place of `batching_window` (`AdaptiveWindow.swift`).
    var batching_window_min: DurationValue?
    var batching_window_max: DurationValue?
    /// Most requests of the class running at once on a replica; the others wait.
    var max_running: Int?
}

struct WorkloadSection: Decodable {
    var arrival: ArrivalSection?
    var prompt_tokens: LengthSection?
    var output_tokens: LengthSection?
    var trace: String?
    /// `[[workload.classes]]`: request classes, in place of prompt_tokens/output_tokens.
    var classes: [ClassSection]?
    /// A prompt prefix shared within groups of requests (single-class workloads).
    var prefix: PrefixSection?
    /// Closed-loop clients in place of `arrival`.
    var clients: ClientsSection?
    /// Trace replay: arrival rate multiplier (2 replays the trace twice as fast).
    var rate_scale: Double?
    /// `[[workload.tenants]]`: who sends the requests, each with a token-bucket rate limit.
    var tenants: [TenantSection]?
    /// `[[workload.stages]]`: load stages, each a rate held for a duration.
    var stages: [StageSection]?
    /// `[workload.shared_prefix]`: multi-turn conversations over shared system prompts, in
    /// place of prompt_tokens/output_tokens.
    var shared_prefix: SharedPrefixSection?
    /// The client fixes every output length (`ignore_eos` with `max_tokens`, as benchmark
    /// clients send): engines that know it admit by it (`engine.ignore_eos_admission`).
    var ignore_eos: Bool?
}

/// `[[workload.stages]]`: `rate` (requests/s) held for `duration`.
struct StageSection: Decodable {
    var rate: Double
    var duration: DurationValue
}

/// `[workload.shared_prefix]`: `groups` system prompts of `system_prompt_tokens` tokens,
/// `users_per_group` users each, `turns` turns per conversation, each turn a question of
/// `question_tokens` (a length table) answered in exactly `output_tokens` tokens.
struct SharedPrefixSection: Decodable {
    var groups: Int
    var users_per_group: Int
    var system_prompt_tokens: Int
    var question_tokens: LengthSection
    var output_tokens: Int
    var turns: Int
}

/// `[[workload.tenants]]`: one tenant, its share of the requests and its token bucket.
struct TenantSection: Decodable {
    var name: String
    var share: Double
    /// Bucket refill rate, tokens (prompt + output) per second.
    var tokens_per_second: Double
    /// Bucket size, tokens.
    var burst_tokens: Double
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
