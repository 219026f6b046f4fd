import SimMetrics
import SimSupport

/// The figures of one run. Every field is always present; a figure that cannot be computed
/// is nil, and `nullReasons` says why, keyed by the field's name in the JSON summary.
///
/// Latency figures cover the requests that arrived after the warm-up; throughput is measured
/// over the load window — after the warm-up, up to the last arrival — counting the requests
/// that completed within it, as load generators report it, and the drain
/// that follows is reported apart; energy, cost and utilisation cover the whole simulated span
/// [0, end].
public struct RunSummary: Sendable {
    // Requests
    public var arrived: Int
    public var completed: Int
    public var rejected: Int
    public var rejectedByReason: [RejectionReason: Int]
    public var inFlight: Int
    public var measured: Int
    public var preemptions: Int
    /// KV bytes swapped to or from host memory (swap preemption), all GPUs.
    public var swapBytes: Double
    /// Prompt tokens found in the prefix cache at admission / prompt tokens looked up; nil
    /// when prefix caching is off.
    public var prefixHitRate: Double?
    /// Pipeline parallelism: the fraction of stage time left idle while micro-batches were in
    /// flight (1 − stage-busy time / (p × time with a micro-batch in flight)); nil when p = 1.
    public var pipelineBubbleFraction: Double?
    // Latency (seconds)
    public var ttft: SampleSummary?
    public var tpot: SampleSummary?
    public var itl: SampleSummary?
    public var e2e: SampleSummary?
    public var queueDelay: SampleSummary?
    // Time
    public var simulatedSeconds: Double
    public var warmupSeconds: Double
    /// With `warmup = "auto"`: the completions MSER-5 cut as start-up transient (nil when fixed
    /// or not detected; `nullReasons` says which).
    public var warmupDetectedRequests: Int?
    /// The load window: from the warm-up to the last arrival (what throughput is over).
    public var measurementWindowSeconds: Double?
    /// When the last request arrived; nil when none did.
    public var lastArrivalSeconds: Double?
    /// From the last arrival to the last completion (0 when nothing completed after it), and
    /// the requests that completed in it; nil when no request arrived.
    public var drainSeconds: Double?
    public var requestsCompletedInDrain: Int
    // Throughput
    public var outputTokensPerSecond: Double?
    public var promptTokensPerSecond: Double?
    public var requestsPerSecond: Double?
    public var goodputRequestsPerSecond: Double?
    public var sloAttainment: Double?
    // Batching and memory
    public var iterations: Int
    public var meanBatchSize: Double?
    public var meanBatchTokens: Double?
    public var kvUtilizationMean: Double?
    public var kvUtilizationPeak: Double
    // Hardware
    public var gpus: Int
    public var busyFraction: Double?
    public var mfu: Double?
    public var mbu: Double?
    public var commBytesPerOutputToken: Double?
    /// GPU plus host energy over [0, end], J (``GPUPowerModel``).
    public var energyJoules: Double?
    /// GPU energy alone (what NVML and the ML.ENERGY benchmark measure), and host energy, J.
    public var gpuEnergyJoules: Double?
    public var hostEnergyJoules: Double?
    /// Mean GPU power over [0, end], W per GPU.
    public var averageWattsPerGPU: Double?
    /// Output tokens per joule and joules per output token, GPU plus host energy.
    public var outputTokensPerJoule: Double?
    public var joulesPerOutputToken: Double?
    /// Joules per output token of the GPUs alone.
    public var gpuJoulesPerOutputToken: Double?
    /// FLOPs done per joule of GPU energy.
    public var flopsPerJoule: Double?
    /// Output tokens produced over [0, end] (every request, warm-up included).
    public var outputTokens: Int = 0
    /// FLOPs of every iteration over [0, end] (the cost model's count), and per output token.
    public var totalFlops: Double?
    public var flopsPerOutputToken: Double?
    /// Mean sequences per iteration over `scheduler.max_batch_size` (0…1).
    public var batchUtilisation: Double?
    /// Static batching: padding tokens over all batch tokens (0…1); nil otherwise.
    public var paddingOverhead: Double?
    public var costUSD: Double?
    public var usdPerMillionOutputTokens: Double?
    public var usdPerRequest: Double?

    /// Per request class, in the workload's order (one entry, "default", without classes).
    public var classes: [ClassSummary]
    /// Per tenant, in the workload's order (empty without tenants).
    public var tenants: [TenantSummary]
    /// Per load stage, in order (empty without stages).
    public var stages: [StageSummary]

    /// Whether the queue kept up over the load window, with the offered and served rates;
    /// nil when the window is empty (`nullReasons["saturation"]` says why).
    public var saturation: Saturation?
    /// With a horizon that cut the run: the requests still unfinished at it (else nil). The
    /// latencies then cover only the requests that finished — the faster ones — and are
    /// biased low; `latencyBias` says so.
    public var unfinishedAtHorizon: Int?
    public var latencyBias: String?

    /// Separate prefill and decode pools: their figures and the KV transfers; nil otherwise.
    public var disaggregation: DisaggregationSummary?

    public var nullReasons: [String: String] = [:]

    init(configuration: ServingConfiguration, metrics: MetricsCollector, usage: ResourceUsage,
         endSeconds: Double, inFlight: Int, preemptions: Int, swapBytes: Double, prefixHitRate: Double?,
         pipelineBubbleFraction: Double? = nil) {
        self.pipelineBubbleFraction = pipelineBubbleFraction
        if pipelineBubbleFraction == nil { nullReasons["pipeline_bubble_fraction"] = "pipeline parallelism is off (cluster.pp = 1)" }
        arrived = metrics.arrived
        completed = metrics.completed
        rejected = metrics.rejected
        rejectedByReason = metrics.rejectedByReason
        self.inFlight = inFlight
        measured = metrics.measuredCompleted
        self.preemptions = preemptions
        self.swapBytes = swapBytes
        self.prefixHitRate = prefixHitRate
        if prefixHitRate == nil { nullReasons["prefix_hit_rate"] = "prefix caching is off (scheduler.prefix_caching)" }
        ttft = metrics.ttft.summary
        tpot = metrics.tpot.summary
        itl = SampleSummary(histogram: metrics.interTokenGaps)
        e2e = metrics.e2e.summary
        queueDelay = metrics.queueDelay.summary
        simulatedSeconds = endSeconds
        warmupSeconds = configuration.warmupSeconds
        nullReasons["warmup_detected_requests"] = "the warm-up is fixed (warmup = \"auto\" detects it)"
        iterations = usage.iterations
        kvUtilizationPeak = usage.kvPeakFraction
        gpus = configuration.replicas * configuration.gpusPerReplica
        let lastArrival = metrics.lastArrival?.seconds
        lastArrivalSeconds = lastArrival
        requestsCompletedInDrain = metrics.completedSinceLastArrival
        if let lastArrival {
            drainSeconds = max(0, metrics.lastCompletion.seconds - lastArrival)
        } else {
            for name in ["last_arrival_seconds", "drain_seconds"] { nullReasons[name] = "no request arrived" }
        }
        let window = (lastArrival ?? 0) - configuration.warmupSeconds
        let load = metrics.inLoadWindow
        let single = configuration.classes.count == 1
        let (overallTTFT, overallTPOT, overallE2E) = (ttft, tpot, e2e)
        classes = zip(configuration.classes, metrics.perClass).enumerated().map { c, pair in
            let (policy, m) = pair
            return ClassSummary(name: policy.name, priority: policy.priority, completed: m.completed, rejected: m.rejected,
                         measured: m.measured, preemptions: m.preemptions,
                         ttft: single ? overallTTFT : m.ttft.summary,
                         tpot: single ? overallTPOT : m.tpot.summary,
                         e2e: single ? overallE2E : m.e2e.summary,
                         sloAttainment: m.measured > 0 ? Double(m.metSLO) / Double(m.measured) : nil,
                         goodputRequestsPerSecond: window > 0 ? Double(load.metSLOByClass[c]) / window : nil)
        }
        let stageStarts = metrics.stageStarts
        stages = zip(configuration.stages, metrics.perStage).enumerated().map { i, pair in
            var stage = StageSummary(stage: pair.0, startSeconds: stageStarts[i], metrics: pair.1, warmupSeconds: configuration.warmupSeconds)
            let from = max(stageStarts[i], configuration.warmupSeconds)
            let to = metrics.stageEnds[i]
            stage.saturation = Saturation.judge(metrics.queueGrowth, from: from, to: to, arrivals: pair.1.arrivedAfterWarmup,
                                                rejections: pair.1.rejectedAfterWarmup, completions: pair.1.completedInSpan, stage: i)
            if stage.saturation == nil { stage.nullReasons["saturation"] = "the stage ends within the warm-up" }
            return stage
        }

        tenants = zip(configuration.tenants, metrics.perTenant).map { tenant, counts in
            TenantSummary(name: tenant.name, arrived: counts.arrived, completed: counts.completed,
                          rejected: counts.rejected.values.reduce(0, +), rejectedByReason: counts.rejected)
        }

        let noMeasured = "no request that arrived after the warm-up completed"
        for (name, value) in [("ttft", ttft), ("e2e", e2e), ("queue_delay", queueDelay)] where value == nil {
            nullReasons[name] = noMeasured
        }
        if tpot == nil { nullReasons["tpot"] = "no measured request produced more than one token" }
        if itl == nil { nullReasons["itl"] = "no measured request produced more than one token" }

        if window > 0 {
            measurementWindowSeconds = window
            outputTokensPerSecond = Double(load.outputTokens) / window
            promptTokensPerSecond = Double(load.promptTokens) / window
            requestsPerSecond = Double(load.requests) / window
            goodputRequestsPerSecond = Double(load.metSLO) / window
        } else {
            let reason = lastArrival == nil ? "no request arrived"
                : "the load window (warm-up to last arrival) is empty: every request arrived by the end of the warm-up"
            for name in ["measurement_window_seconds", "output_tokens_per_second", "prompt_tokens_per_second",
                         "requests_per_second", "goodput_requests_per_second"] {
                nullReasons[name] = reason
            }
        }
        if let lastArrival, lastArrival > 0 {
            // Over the load window; when the warm-up leaves none (every request arrived in it),
            // over [0, last arrival], so that an overload is stated whatever the warm-up.
            let fromStart = window <= 0
            saturation = Saturation.judge(
                metrics.queueGrowth, from: fromStart ? 0 : configuration.warmupSeconds, to: lastArrival,
                arrivals: fromStart ? metrics.arrived : metrics.arrivedAfterWarmup,
                rejections: fromStart ? metrics.rejected : metrics.rejectedAfterWarmup,
                completions: fromStart ? metrics.completed - metrics.completedSinceLastArrival : load.requests)
            // A staged load takes its worst stage's state: over the whole window the queue grows
            // with each step up in rate even where every stage keeps up (Saturation).
            if stages.count > 1, let worst = Saturation.worst(stages.compactMap(\.saturation)) {
                saturation?.state = worst.state
                saturation?.queueGrowthPerSecond = worst.queueGrowthPerSecond
                saturation?.stage = worst.stage
            }
        } else {
            nullReasons["saturation"] = nullReasons["requests_per_second"] ?? "the load window is empty"
        }
        if let horizon = configuration.horizonSeconds, inFlight > 0, endSeconds >= horizon - 1e-9 {
            unfinishedAtHorizon = inFlight
            let bias = "the horizon (\(TextTable.fmt(horizon, 3)) s) cut the run with \(inFlight) of \(metrics.arrived) requests unfinished; "
                + "latencies cover only the requests that finished, the faster ones, and are biased low"
            latencyBias = bias
            for name in ["ttft", "e2e", "queue_delay", "tpot", "itl", "slo_attainment"] where nullReasons[name] != nil {
                nullReasons[name] = bias + "; " + nullReasons[name]!
            }
        } else {
            nullReasons["unfinished_at_horizon"] = configuration.horizonSeconds == nil
                ? "no horizon is set" : "every request finished before the horizon"
            nullReasons["latency_bias"] = "the run was not cut: latencies cover every measured request"
        }
        if metrics.measuredCompleted > 0 {
            sloAttainment = Double(metrics.measuredMetSLO) / Double(metrics.measuredCompleted)
        } else {
            nullReasons["slo_attainment"] = noMeasured
        }

        outputTokens = usage.outputTokens
        if usage.iterations > 0 {
            meanBatchSize = Double(usage.batchSequences) / Double(usage.iterations)
            meanBatchTokens = Double(usage.batchTokens) / Double(usage.iterations)
            batchUtilisation = Double(usage.batchSequences) / Double(usage.iterations) / Double(configuration.scheduler.maxBatchSize)
        } else {
            for name in ["mean_batch_size", "mean_batch_tokens", "batch_utilisation"] { nullReasons[name] = "no iteration ran" }
        }
        if !configuration.scheduler.strategy.padsBatch {
            nullReasons["padding_overhead"] = "continuous batching pads nothing (scheduler.kind = \"static\" pads prompts and finished slots)"
        } else if usage.batchTokens > 0 {
            paddingOverhead = Double(usage.paddingTokens) / Double(usage.batchTokens)
        } else {
            nullReasons["padding_overhead"] = "no iteration ran"
        }
        kvUtilizationMean = usage.kvMeanFraction(endSeconds: endSeconds)
        if kvUtilizationMean == nil { nullReasons["kv_utilization_mean"] = "the run spans no time" }

        fillHardwareFigures(configuration: configuration, metrics: metrics, usage: usage, endSeconds: endSeconds)
    }
}
