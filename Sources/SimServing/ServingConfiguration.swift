import CostModel
import SimCore
import SimMetrics
import SimWorkload

/// Everything a serving simulation needs, resolved from a scenario: no defaults are applied
/// past this point.
public struct ServingConfiguration: Sendable {
    public var workload: Workload
    public var costModel: IterationCostModel
    public var replicas: Int
    /// GPUs per replica (tensor × pipeline degree), for utilisation, energy and cost.
    public var gpusPerReplica: Int
    public var scheduler: SchedulerSettings
    /// Pipeline stages per replica (p): with p > 1 a replica runs as p virtual engines that
    /// share the stages (see `Pipeline`), each with `kvBlocksPerReplica / p` blocks.
    public var pipelineStages: Int = 1
    public var kvBlocksPerReplica: Int
    /// The model's context window; longer requests are rejected. Nil: no limit.
    public var maxContextTokens: Int?
    public var routing: RoutingPolicy
    public var seed: UInt64
    public var warmupSeconds: Double
    /// Stop the run at this simulated time; requests not done are reported in flight.
    public var horizonSeconds: Double?
    public var slo: ServiceLevelObjectives
    /// The request classes by index (`RequestSpec.classIndex`): names, priorities and SLOs.
    /// Empty: one class named "default" with `slo`.
    public var classes: [ClassPolicy]
    /// The order in which each replica admits its waiting requests.
    public var queuePolicy: QueuePolicy
    /// Keep every request's record (for the per-request CSV).
    public var keepRequestRecords: Bool
    /// Without records: each latency figure's samples kept exactly at most; past that its
    /// percentiles come from a log histogram (``LatencySamples``). Records kept: every sample.
    public var exactLatencySamples = LatencySamples.defaultExactLimit
    /// Per-GPU peaks, power and price, for MFU, MBU, energy and cost; nil for the
    /// service-time model, which has no hardware.
    public var hardware: HardwareFigures?
    /// The serving engine's per-request overhead outside its iterations (HTTP, tokenisation,
    /// streaming), seconds: added to every TTFT and E2E (``RequestRecord/clientOverhead``).
    public var requestOverheadSeconds: Double = 0
    /// Seconds the engine's API front end spends on each request before the engine sees it,
    /// one request at a time in arrival order (``EngineSpec/frontEndRequestMs``); 0: none.
    public var frontEndSecondsPerRequest: Double = 0
    /// Seconds the engine loop spends adding each newly arrived request, before the iteration
    /// that first sees it (``EngineSpec/requestAdmissionUs``); 0: none.
    public var admissionSecondsPerRequest: Double = 0
    /// The fused-MoE kernel variants a fresh server compiles as batches first need them
    /// (``EngineSpec/moeKernelCompileMs``); nil: none (dense model, or kernels cached).
    public var moeKernelVariants: FusedMoEKernelVariants?
    /// Separate prefill and decode pools with KV transfer between them; nil: every replica
    /// serves whole requests.
    public var disaggregation: DisaggregationSettings?
    /// Run an iteration whose end is certainly the next event without the event queue (its
    /// end handled at once, the clock moved to it); off: every iteration end is an event (the
    /// reference stepping). Both give the same outputs byte for byte; only the events counted
    /// differ (`ServingSimulation+HeldIteration.swift`).
    public var eventlessIterations = true
    /// The workload's load stages (empty: none).
    public var stages: [LoadStage] {
        guard case .synthetic(let synthetic) = workload else { return [] }
        return synthetic.stages
    }
    /// The workload's tenants and their rate limits (empty: none).
    public var tenants: [Tenant] {
        guard case .synthetic(let synthetic) = workload else { return [] }
        return synthetic.tenants
    }

    public init(workload: Workload, costModel: IterationCostModel, replicas: Int, gpusPerReplica: Int,
                scheduler: SchedulerSettings, kvBlocksPerReplica: Int, maxContextTokens: Int?,
                routing: RoutingPolicy, seed: UInt64, pipelineStages: Int = 1, warmupSeconds: Double, horizonSeconds: Double?,
                slo: ServiceLevelObjectives, keepRequestRecords: Bool, hardware: HardwareFigures?,
                classes: [ClassPolicy] = [], queuePolicy: QueuePolicy = .fcfs) {
        self.workload = workload
        self.costModel = costModel
        self.replicas = replicas
        self.gpusPerReplica = gpusPerReplica
        self.scheduler = scheduler
        self.kvBlocksPerReplica = kvBlocksPerReplica
        self.maxContextTokens = maxContextTokens
        self.routing = routing
        self.seed = seed
        self.pipelineStages = pipelineStages
        self.warmupSeconds = warmupSeconds
        self.horizonSeconds = horizonSeconds
        self.slo = slo
        self.keepRequestRecords = keepRequestRecords
        self.hardware = hardware
        self.classes = classes.isEmpty ? [ClassPolicy(name: RequestClass.defaultName, priority: 0, slo: slo)] : classes
        self.queuePolicy = queuePolicy
    }
}

/// The per-GPU figures that turn work and busy time into utilisation, energy and money.
public struct HardwareFigures: Equatable, Sendable {
    public var name: String
    public var peakFlopsPerSecond: Double
    public var memoryBytesPerSecond: Double
    /// Power from activity (``GPUPowerModel``), and the host power charged per GPU.
    public var power: GPUPowerModel
    public var usdPerGPUHour: Double

    public init(name: String, peakFlopsPerSecond: Double, memoryBytesPerSecond: Double,
                power: GPUPowerModel, usdPerGPUHour: Double) {
        self.name = name
        self.peakFlopsPerSecond = peakFlopsPerSecond
        self.memoryBytesPerSecond = memoryBytesPerSecond
        self.power = power
        self.usdPerGPUHour = usdPerGPUHour
    }
}
