import CostModel
import SimMetrics
import SimServing
import SimSupport
import SimWorkload

/// The JSON summary of a run, in a stable schema: every field is always present, a figure that
/// cannot be computed is `null` and `null_reasons` says why. Times in seconds.
public enum SummaryJSON {
    /// Version of the schema below; bumped when a field changes meaning or goes away.
    /// 2: throughput over the load window (warm-up to last arrival), the drain apart;
    /// `stages`. 3: `memory_per_gpu`, `efficiency`, `saturation` (stable / backlogged /
    /// overloaded, offered vs served rates, requests unfinished at the horizon and the latency
    /// bias that follows).
    public static let schemaVersion = 3

    public static func make(summary s: RunSummary, run: RunDescription) -> JSONValue {
        func dist(_ d: SampleSummary?) -> JSONValue {
            guard let d else {
                return .object(["count", "mean", "min", "p50", "p90", "p95", "p99", "max"].map {
                    ($0, $0 == "count" ? .int(0) : .null)
                })
            }
            return .object([
                ("count", .int(d.count)), ("mean", .number(d.mean)), ("min", .number(d.min)),
                ("p50", .number(d.p50)), ("p90", .number(d.p90)), ("p95", .number(d.p95)),
                ("p99", .number(d.p99)), ("max", .number(d.max)),
            ])
        }
        let efficiency = EfficiencyFigures(summary: s, memory: run.memory, weightDtype: run.weightDtype)
        var nullReasons = s.nullReasons.merging(efficiency.nullReasons) { a, _ in a }
        let gb = { (bytes: Double?) in JSONValue.number(bytes.map { $0 / 1e9 }) }
        let m = run.memory
        if m == nil { nullReasons["memory_per_gpu"] = "the service-time cost model has no hardware" }
        let kvBlocks: JSONValue = m.map { .int($0.kvBlocks) } ?? .null
        let kvTokens: JSONValue = m.map { .int($0.kvTokenCapacity) } ?? .null
        let memorySection: JSONValue = .object([
                ("capacity_gb", gb(m?.capacityBytesPerGPU)), ("weights_gb", gb(m?.weightBytesPerGPU)),
                ("activations_gb", gb(m?.activationBytesPerGPU)), ("kv_gb", gb(m?.kvBytesPerGPU)),
                ("kv_blocks", kvBlocks), ("kv_tokens", kvTokens),
                ("kv_bytes_per_token", .number(m?.kvBytesPerTokenPerGPU)), ("free_gb", gb(m?.freeBytesPerGPU)),
        ])
        let efficiencySection: JSONValue = .object([
                ("tokens_per_gb_vram", .number(efficiency.tokensPerGBVRAM)),
                ("model_memory_utilisation", .number(efficiency.modelMemoryUtilisation)),
                ("kv_cache_memory_ratio", .number(efficiency.kvCacheMemoryRatio)),
                ("effective_batch_size", .number(s.meanBatchSize)),
                ("batch_utilisation", .number(s.batchUtilisation)),
                ("padding_overhead", .number(s.paddingOverhead)),
                ("precision_factor", .number(efficiency.precisionFactor)),
                ("token_efficiency_index", .number(efficiency.tokenEfficiencyIndex)),
                ("total_flops", .number(s.totalFlops)),
                ("flops_per_output_token", .number(s.flopsPerOutputToken)),
                ("flops_per_joule", .number(s.flopsPerJoule)),
        ])
        let rejected: [(String, JSONValue)] = RejectionReason.allCases.map {
            ($0.rawValue, .int(s.rejectedByReason[$0] ?? 0))
        }
        let body: JSONValue = .object([
            ("schema_version", .int(schemaVersion)),
            ("scenario", .string(run.scenarioName)),
            ("seed", .int(Int(truncatingIfNeeded: run.seed))),
            ("model", run.model.map { .string($0) } ?? .null),
            ("hardware", run.hardware.map { .string($0) } ?? .null),
            ("replicas", .int(run.replicas)),
            ("tensor_parallel", .int(run.tensorParallel)),
        ] + (run.expertParallel > 1 ? [("expert_parallel", .int(run.expertParallel))] : []) + [
            ("gpus", .int(s.gpus)),
            ("requests", .object([
                ("arrived", .int(s.arrived)), ("completed", .int(s.completed)),
                ("rejected", .int(s.rejected)), ("rejected_by_reason", .object(rejected)),
                ("in_flight", .int(s.inFlight)), ("measured", .int(s.measured)),
                ("preemptions", .int(s.preemptions)),
                ("swap_bytes", .number(s.swapBytes)),
            ])),
            ("latency_seconds", .object([
                ("ttft", dist(s.ttft)), ("tpot", dist(s.tpot)), ("itl", dist(s.itl)),
                ("e2e", dist(s.e2e)), ("queue_delay", dist(s.queueDelay)),
            ])),
            ("time", .object([
                ("simulated_seconds", .number(s.simulatedSeconds)),
                ("warmup_seconds", .number(s.warmupSeconds)),
                ("warmup_detected_requests", s.warmupDetectedRequests.map(JSONValue.int) ?? .null),
                ("measurement_window_seconds", .number(s.measurementWindowSeconds)),
                ("last_arrival_seconds", .number(s.lastArrivalSeconds)),
                ("drain_seconds", .number(s.drainSeconds)),
                ("requests_completed_in_drain", .int(s.requestsCompletedInDrain)),
            ])),
            ("saturation", saturation(s)),
            ("throughput", .object([
                ("output_tokens_per_second", .number(s.outputTokensPerSecond)),
                ("prompt_tokens_per_second", .number(s.promptTokensPerSecond)),
                ("requests_per_second", .number(s.requestsPerSecond)),
                ("goodput_requests_per_second", .number(s.goodputRequestsPerSecond)),
                ("slo_attainment", .number(s.sloAttainment)),
            ])),
            ("slo", .object([
                ("ttft_seconds", .number(run.slo.ttftSeconds)),
                ("tpot_seconds", .number(run.slo.tpotSeconds)),
                ("e2e_seconds", .number(run.slo.e2eSeconds)),
                ("source", .string(run.slo.isEmpty ? "none" : run.sloFromAssertions ? "assert" : "slo")),
            ])),
            ("batching", .object([
                ("iterations", .int(s.iterations)),
                ("mean_batch_size", .number(s.meanBatchSize)),
                ("mean_batch_tokens", .number(s.meanBatchTokens)),
                ("kv_utilization_mean", .number(s.kvUtilizationMean)),
                ("kv_utilization_peak", .number(s.kvUtilizationPeak)),
                ("kv_blocks_per_replica", .int(run.kvBlocksPerReplica)),
                ("prefix_hit_rate", .number(s.prefixHitRate)),
                ("pipeline_bubble_fraction", .number(s.pipelineBubbleFraction)),
            ])),
            ("memory_per_gpu", memorySection),
            ("efficiency", efficiencySection),
            ("hardware_use", .object([
                ("busy_fraction", .number(s.busyFraction)),
                ("mfu", .number(s.mfu)),
                ("mbu", .number(s.mbu)),
                ("comm_bytes_per_output_token", .number(s.commBytesPerOutputToken)),
            ])),
            ("energy", .object([
                ("energy_joules", .number(s.energyJoules)),
                ("gpu_energy_joules", .number(s.gpuEnergyJoules)),
                ("host_energy_joules", .number(s.hostEnergyJoules)),
                ("average_watts_per_gpu", .number(s.averageWattsPerGPU)),
                ("output_tokens_per_joule", .number(s.outputTokensPerJoule)),
                ("joules_per_output_token", .number(s.joulesPerOutputToken)),
                ("gpu_joules_per_output_token", .number(s.gpuJoulesPerOutputToken)),
                ("flops_per_joule", .number(s.flopsPerJoule)),
            ])),
            ("cost", .object([
                ("cost_usd", .number(s.costUSD)),
                ("usd_per_million_output_tokens", .number(s.usdPerMillionOutputTokens)),
                ("usd_per_request", .number(s.usdPerRequest)),
            ])),
            ("classes", .array(s.classes.map { c in
                .object([
                    ("name", .string(c.name)), ("priority", .int(c.priority)), ("completed", .int(c.completed)),
                    ("rejected", .int(c.rejected)), ("measured", .int(c.measured)), ("preemptions", .int(c.preemptions)),
                    ("ttft", dist(c.ttft)), ("tpot", dist(c.tpot)), ("e2e", dist(c.e2e)),
                    ("slo_attainment", .number(c.sloAttainment)),
                    ("goodput_requests_per_second", .number(c.goodputRequestsPerSecond)),
                ])
            })),
            ("tenants", .array(s.tenants.map { t in
                .object([
                    ("name", .string(t.name)), ("arrived", .int(t.arrived)), ("completed", .int(t.completed)),
                    ("rejected", .int(t.rejected)),
                    ("rejected_by_reason", .object(RejectionReason.allCases.map { ($0.rawValue, .int(t.rejectedByReason[$0] ?? 0)) })),
                ])
            })),
            ("stages", .array(s.stages.enumerated().map { i, stage in
                .object([
                    ("index", .int(i)), ("offered_requests_per_second", .number(stage.offeredRequestsPerSecond)),
                    ("start_seconds", .number(stage.startSeconds)), ("duration_seconds", .number(stage.durationSeconds)),
                    ("arrived", .int(stage.arrived)), ("measured", .int(stage.measured)),
                    ("latency_seconds", .object([
                        ("ttft", dist(stage.ttft)), ("tpot", dist(stage.tpot)), ("itl", dist(stage.itl)), ("e2e", dist(stage.e2e)),
                    ])),
                    ("measurement_window_seconds", .number(stage.measurementWindowSeconds)),
                    ("output_tokens_per_second", .number(stage.outputTokensPerSecond)),
                    ("prompt_tokens_per_second", .number(stage.promptTokensPerSecond)),
                    ("requests_per_second", .number(stage.requestsPerSecond)),
                    ("goodput_requests_per_second", .number(stage.goodputRequestsPerSecond)),
                    ("slo_attainment", .number(stage.sloAttainment)),
                    ("saturation", .object([
                        ("state", stage.saturation.map { .string($0.state.rawValue) } ?? .null),
                        ("admitted_requests_per_second", .number(stage.saturation?.admittedRequestsPerSecond)),
                        ("served_requests_per_second", .number(stage.saturation?.servedRequestsPerSecond)),
                        ("queue_growth_requests_per_second", .number(stage.saturation?.queueGrowthPerSecond)),
                    ])),
                    ("null_reasons", .object(stage.nullReasons.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
                ])
            })),
            ("null_reasons", .object(nullReasons.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("random_streams", .object(run.streamSeeds.map { ($0.name, .int(Int($0.seed))) })),
        ])
        return s.disaggregation.map { disaggregated(body, $0, dist: dist) } ?? body  // only when disaggregated
    }
}

extension SummaryJSON {
    /// `saturation`: the queue's state over the load window and what cut the run.
    static func saturation(_ s: RunSummary) -> JSONValue {
        let state: JSONValue = s.saturation.map { .string($0.state.rawValue) } ?? .null
        let inSystem: JSONValue = s.saturation.map { .int($0.inSystemAtLastArrival) } ?? .null
        let unfinished: JSONValue = s.unfinishedAtHorizon.map(JSONValue.int) ?? .null
        let bias: JSONValue = s.latencyBias.map { .string($0) } ?? .null
        return .object([
            ("state", state),
            ("offered_requests_per_second", .number(s.saturation?.offeredRequestsPerSecond)),
            ("admitted_requests_per_second", .number(s.saturation?.admittedRequestsPerSecond)),
            ("served_requests_per_second", .number(s.saturation?.servedRequestsPerSecond)),
            ("queue_growth_requests_per_second", .number(s.saturation?.queueGrowthPerSecond)),
            ("in_system_at_last_arrival", inSystem),
            ("unfinished_at_horizon", unfinished),
            ("latency_bias", bias),
        ])
    }
}

/// What a run was, for the headings of its outputs.
public struct RunDescription: Sendable {
    public var scenarioName: String
    public var seed: UInt64
    public var model: String?
    public var hardware: String?
    public var replicas: Int
    public var tensorParallel: Int
    /// Expert-parallel degree (1: experts, if any, TP-sharded).
    public var expertParallel = 1
    public var kvBlocksPerReplica: Int
    public var slo: ServiceLevelObjectives
    public var streamSeeds: [(name: String, seed: UInt32)]
    /// How each GPU's memory splits; nil for the service-time cost model.
    public var memory: MemoryPlan?
    /// The model's weight type; nil for the service-time cost model.
    public var weightDtype: DataType?
    /// Whether `slo` was read from the `[assert]` latency limits (no `[slo]` table).
    public var sloFromAssertions: Bool

    public init(scenarioName: String, seed: UInt64, model: String?, hardware: String?, replicas: Int,
                tensorParallel: Int, kvBlocksPerReplica: Int, slo: ServiceLevelObjectives,
                streamSeeds: [(name: String, seed: UInt32)], memory: MemoryPlan? = nil, weightDtype: DataType? = nil,
                sloFromAssertions: Bool = false) {
        self.sloFromAssertions = sloFromAssertions
        self.memory = memory
        self.weightDtype = weightDtype
        self.scenarioName = scenarioName
        self.seed = seed
        self.model = model
        self.hardware = hardware
        self.replicas = replicas
        self.tensorParallel = tensorParallel
        self.kvBlocksPerReplica = kvBlocksPerReplica
        self.slo = slo
        self.streamSeeds = streamSeeds
    }
}
