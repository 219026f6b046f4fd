import CostModel
import DequeModule
import SimCore
import SimMetrics
import SimWorkload

/// A simulated serving deployment: requests arrive, are routed to replicas, batched,
/// computed iteration by iteration at the times the cost model gives, and measured.
///
/// Use it once: `ServingSimulation(configuration:).run()`.
public final class ServingSimulation {
    let configuration: ServingConfiguration
    let streams: RandomStreams
    var engine = Simulation<ServingEvent>()
    var generator: RequestGenerator
    private var nextArrival: RequestSpec?
    /// Requests in the API front end, the one being handled first (``enterFrontEnd(_:)``).
    var frontEnd = Deque<RequestSpec>()
    var frontEndService: SimDuration { SimDuration(seconds: configuration.frontEndSecondsPerRequest) }
    var requests = RequestTable()
    let replicas: [Replica]
    /// The pipelines of pipeline-parallel replicas (empty when p = 1).
    private var pipelines: [Pipeline] = []
    var router: Router
    /// What the replicas schedule by.
    let policy: SchedulingPolicy
    private let costModel: IterationCostModel
    /// The plain roofline model's table, when that is the cost model: asked directly, without
    /// copying the enum (and retaining its payload) at every iteration.
    private let roofline: TabulatedCostModel?
    /// Each tenant's rate limit, by tenant index (empty: no tenants).
    var buckets: [TokenBucket]
    let metrics: MetricsCollector
    let usage: ResourceUsage
    /// Whether the workload has closed-loop clients (whose ended requests schedule follow-ups).
    let closedLoop: Bool
    /// Sees every iteration as it is decided (a timeline recorder, say); nil: none.
    public var observer: ServingObserver?
    /// Separate prefill and decode pools (`ServingSimulation+Disaggregation.swift`); nil: none.
    let disaggregation: DisaggregationRuntime?
    /// What the iteration that just ended produced, until it is handed on (one buffer, reused).
    var outcome = IterationOutcome()
    /// The end of the iteration last launched, held back from the event queue
    /// (`ServingSimulation+HeldIteration.swift`); nil: none.
    var heldIteration: HeldIterationEnd?

    public init(configuration: ServingConfiguration) {
        precondition(configuration.replicas >= 1, "a deployment needs at least one replica")
        self.configuration = configuration
        if case .synthetic(let synthetic) = configuration.workload, synthetic.closedLoop != nil {
            self.closedLoop = true
        } else {
            self.closedLoop = false
        }
        self.streams = RandomStreams(seed: configuration.seed)
        self.generator = RequestGenerator(workload: configuration.workload, streams: streams)
        let classes = configuration.classes
        let queue = WaitingQueue(policy: configuration.queuePolicy,
                                 classesWithWindows: classes.contains { $0.batchingWindow != nil } ? classes.count : 0,
                                 classesWithCaps: classes.contains { $0.maxRunning != nil } ? classes.count : 0)
        let central = configuration.routing == .centralQueue ? WaitingLine(queue: queue) : nil
        let policy = SchedulingPolicy(settings: configuration.scheduler, classes: configuration.classes,
                                      maxContextTokens: configuration.maxContextTokens,
                                      attentionQueryTile: configuration.costModel.attentionQueryTile)
        self.policy = policy
        let stages = configuration.pipelineStages
        if let pools = configuration.disaggregation {
            let pooled = DisaggregationRuntime.makeReplicas(pools, queue: queue, policy: policy,
                                                            loadStages: configuration.stages.count)
            self.replicas = pooled
            self.disaggregation = DisaggregationRuntime(settings: pools, routing: configuration.routing, replicas: pooled)
        } else {
            self.replicas = (0..<configuration.replicas * stages).map {
                Replica(index: $0, kvBlocks: configuration.kvBlocksPerReplica / stages, policy: policy,
                        line: central ?? WaitingLine(queue: queue), gpus: configuration.gpusPerReplica,
                        deployedIndex: $0 / stages, loadStages: configuration.stages.count)
            }
            self.disaggregation = nil
        }
        if stages > 1 {
            pipelines = (0..<configuration.replicas).map { r in
                Pipeline(index: r, stages: stages, engines: Array(r * stages..<(r + 1) * stages))
            }
            for replica in replicas { replica.pipeline = pipelines[replica.deployedIndex] }
        }
        if disaggregation == nil, let power = configuration.hardware?.power, let clock = PowerLimitedClock(power: power) {
            for replica in replicas where replica.pipeline == nil { replica.powerClock = clock }
        }
        if classes.contains(where: { $0.maxRunning != nil }) {
            for replica in replicas { replica.runningByClass = Array(repeating: 0, count: classes.count) }
        }
        if let variants = configuration.moeKernelVariants {
            // One cache per deployed replica: its virtual engines (pipeline stages) share the GPUs.
            var caches: [Int: KernelCompileCache] = [:]
            for replica in replicas {
                replica.kernelCache = caches[replica.deployedIndex, default: KernelCompileCache(variants: variants)]
                caches[replica.deployedIndex] = replica.kernelCache
            }
        }
        if configuration.scheduler.prefixCaching {
            for replica in replicas { replica.prefixCache = PrefixCache(blockTokens: configuration.scheduler.blockSizeTokens) }
            // Every replica holds the list: filled once, copied to the others (same KV size).
            let warm = generator.warmPrompts
            if !warm.isEmpty, let first = replicas.first {
                first.warmPrefixCache(with: warm)
                for replica in replicas.dropFirst() { replica.adoptWarmPrefixCache(from: first) }
            }
        }
        // Routing by load in O(log replicas), through the router's indexes (disaggregated pools
        // route among subsets and scan; least KV needs one KV capacity, which replicas of one
        // deployment have, and a non-empty one).
        let capacities = Set(replicas.map(\.kv.capacity))
        let indexed = disaggregation == nil && (configuration.routing != .leastKVUtilization
            || capacities.count == 1 && capacities.first! > 0)
        self.router = Router(policy: configuration.routing, replicas: indexed ? replicas.count : nil)
        router.attach(replicas)
        self.costModel = configuration.costModel
        if case .roofline(let table) = configuration.costModel { self.roofline = table } else { self.roofline = nil }
        self.buckets = configuration.tenants.map { TokenBucket(tokensPerSecond: $0.tokensPerSecond, burstTokens: $0.burstTokens) }
        self.metrics = MetricsCollector(warmup: SimTime(seconds: configuration.warmupSeconds),
                                        classes: configuration.classes, tenants: configuration.tenants.count,
                                        stages: configuration.stages,
                                        keepRecords: configuration.keepRequestRecords,
                                        exactSamples: configuration.exactLatencySamples,
                                        clientOverhead: configuration.requestOverheadSeconds)
        self.usage = ResourceUsage(replicas: configuration.replicas * configuration.pipelineStages,
                                   power: configuration.hardware?.power, gpusPerReplica: configuration.gpusPerReplica)
    }

    /// Runs to the end of the workload (every request done) or to the horizon.
    public func run() -> RunResult {
        if case .synthetic(let synthetic) = configuration.workload, let loop = synthetic.closedLoop {
            for user in 0..<loop.users {
                schedule(.userArrival(user: user), at: SimTime(seconds: generator.thinkTimeSeconds()))
            }
        } else {
            nextArrival = generator.next()
            if let first = nextArrival { schedule(.arrival, at: first.arrival) }
        }
        let horizon = configuration.horizonSeconds.map { SimTime(seconds: $0) }
        while true {
            if handleHeldIteration(until: horizon) { continue }
            guard let event = nextEvent(until: horizon) else { break }
            switch event {
            case .arrival:
                guard let spec = nextArrival else { break }
                nextArrival = generator.next()
                if let next = nextArrival { schedule(.arrival, at: next.arrival) }
                enterFrontEnd(spec)
            case .userArrival(let user):
                if let spec = generator.nextRequest(from: user, at: engine.now) { enterFrontEnd(spec) }
            case .frontEndDone:
                let spec = frontEnd.removeFirst()
                if !frontEnd.isEmpty { schedule(.frontEndDone, at: engine.now + frontEndService) }
                admit(spec)
            case .iterationDone(let r): handleIterationEnd(on: replicas[r], until: horizon)
            case .batchingWindowExpired(let r):
                replicas[r].windowWakeUp = nil
                launchIfReady(replicas[r])
            case .pipelineStageFree(let p):
                pipelines[p].offerStageZero { launchIfReady(replicas[$0]) }
            case .kvTransferDone(let slot): kvArrived(slot)
            }
        }
        return finish()
    }

    /// Starts the next iteration on an idle replica, or arms its batching-window wake-up.
    func launchIfReady(_ replica: Replica) {
        guard !replica.isBusy else { return }
        if disaggregation != nil { admitArrivedKV(on: replica) }
        switch replica.launchDecision(requests: &requests, now: engine.now) {
        case .idle:
            return
        case .wait(let deadline):
            if replica.windowWakeUp != deadline {
                replica.windowWakeUp = deadline
                schedule(.batchingWindowExpired(replica: replica.index), at: deadline)
            }
        case .launch:
            // A pipeline's stage 0 still busy: its stage-free event retries.
            if let pipeline = replica.pipeline, engine.now < pipeline.stageZeroFree { return }
            let shape = replica.startIteration(requests: &requests, now: engine.now)
            guard !shape.isEmpty else { return }
            scheduleIterationEnd(on: replica, at: begin(shape, on: replica))
        }
    }

    /// Starts the iteration of `shape` on `replica` now, at the cost model's time, and records
    /// it; returns when it ends.
    func begin(_ shape: BatchShape, on replica: Replica) -> SimTime {
        let cost = disaggregation.map { $0.costModel(for: replica).cost(shape) } ?? roofline?.cost(shape) ?? costModel.cost(shape)
        // A kernel compiled before this batch can run stalls it (and its GPUs) as a transfer does.
        var stall = replica.kernelCache.map { replica.transferSeconds + $0.secondsToCompile(shape) } ?? replica.transferSeconds
        if replica.arrivalsSinceLaunch > 0 {
            // The engine loop adds the requests that came in since its last iteration first.
            stall += Double(replica.arrivalsSinceLaunch) * configuration.admissionSecondsPerRequest
            replica.arrivalsSinceLaunch = 0
        }
        var duration = SimDuration(seconds: replica.secondsUnderPowerLimit(of: cost, at: engine.now) + stall)
        var busy = duration
        if let pipeline = replica.pipeline {
            let timing = costModel.pipelineTiming(shape, cost: cost, stages: pipeline.stages)
            let stageSeconds = timing.stageSeconds + stall
            duration = pipeline.enter(stageSeconds: stageSeconds, sendSeconds: timing.sendSeconds, at: engine.now) - engine.now
            busy = SimDuration(seconds: stageSeconds)
            schedule(.pipelineStageFree(pipeline: pipeline.index), at: pipeline.stageZeroFree)
        }
        replica.isBusy = true
        replica.lastLaunch = engine.now
        disaggregation?.iterationStarted(on: replica, shape: shape, cost: cost, duration: busy, at: engine.now)
        usage.iterationStarted(replica: replica.index, shape: shape, cost: cost, duration: busy,
                               kvBlocksUsed: replica.kv.used, kvCapacity: replica.kv.capacity,
                               at: engine.now)
        observer?.iterationStarted(IterationRecord(
            replica: replica.index, start: engine.now, duration: duration, shape: shape, cost: cost,
            transferSeconds: replica.transferSeconds, waiting: replica.waiting.count,
            kvBlocksUsed: replica.kv.used, kvCapacity: replica.kv.capacity, preemptions: replica.preemptions,
            pipeline: replica.pipeline.map {
                PipelinePassage(replica: $0.index, stageStarts: $0.lastStageStarts, stageDuration: busy)
            }))
        return engine.now + duration
    }

    func handleIterationDone(on replica: Replica) {
        replica.pipeline?.left(at: engine.now)
        replica.finishIteration(requests: &requests, now: engine.now, into: &outcome)
        if !replica.handoffs.isEmpty { startTransfers(from: replica) }
        if !outcome.isEmpty { handOn(&outcome) }
        replica.isBusy = false
        usage.iterationEnded(replica: replica.index, kvBlocksUsed: replica.kv.used, kvCapacity: replica.kv.capacity,
                            at: engine.now)
        disaggregation?.iterationEnded(on: replica, at: engine.now)
        launchNext(on: replica)
        router.noteRequests(of: replica)
    }

    /// What follows an iteration's end on `replica`: the next one, if it can start.
    func launchNext(on replica: Replica) {
        // Overlap scheduling: with requests still running, the next batch was composed as the
        // one before this iteration ended; with none, the scheduler waited for this one.
        if configuration.scheduler.overlapScheduling, replica.running > 0 { replica.admissionCutoff = replica.lastLaunch }
        launchIfReady(replica)
        replica.admissionCutoff = nil
    }

    private func finish() -> RunResult {
        let end = engine.now
        for state in requests.all {
            metrics.finished(state, outcome: .inFlight, at: end)
        }
        usage.close(at: end)
        var result = RunResult(configuration: configuration, metrics: metrics, usage: usage,
                         endSeconds: end.seconds, inFlight: requests.inFlight,
                         preemptions: replicas.reduce(0) { $0 + $1.preemptions },
                         swapBytes: replicas.reduce(0) { $0 + $1.swapBytes },
                         prefixHitRate: configuration.scheduler.prefixCaching
                             ? Double(replicas.reduce(0) { $0 + $1.prefixHitTokens })
                                 / Double(max(1, replicas.reduce(0) { $0 + $1.prefixLookupTokens }))
                             : nil,
                         pipelineBubbleFraction: Pipeline.bubbleFraction(of: pipelines, until: end),
                         events: engine.eventsHandled, streamSeeds: streams.seedMap)
        disaggregation?.complete(&result.summary, endSeconds: end.seconds)
        return result
    }
}
