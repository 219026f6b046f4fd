import SimCore

/// Gathers what the run observes of requests: latency samples of the requests that arrived
/// after the warm-up, counts, and (when asked) every request's record.
///
/// Inter-token gaps are many (one per generated token): they go into a log histogram (0.012%
/// relative resolution, exact count, mean, min and max), so memory stays constant.
final class MetricsCollector {
    let warmup: SimTime
    let classes: [ClassPolicy]
    let keepRecords: Bool
    /// The same figures, per request class.
    private(set) var perClass: [ClassMetrics]
    /// Arrived, completed and rejected requests per tenant (empty without tenants).
    private(set) var perTenant: [TenantCounts]

    private(set) var records: [RequestRecord] = []
    /// Latency samples: every one while records are kept, else exact up to a bound and then a
    /// histogram (``LatencySamples``), so that memory follows what is in flight.
    private(set) var ttft: LatencySamples
    private(set) var tpot: LatencySamples
    private(set) var e2e: LatencySamples
    private(set) var queueDelay: LatencySamples
    private(set) var interTokenGaps = LogHistogram()

    private(set) var arrived = 0
    /// Arrivals at or after the warm-up, and those of them rejected (for the saturation).
    private(set) var arrivedAfterWarmup = 0
    private(set) var rejectedAfterWarmup = 0
    private var rejectedCount = 0
    /// Requests in the system over time (``QueueGrowth``).
    private(set) var queueGrowth = QueueGrowth()
    private(set) var completed = 0
    private(set) var rejectedByReason: [RejectionReason: Int] = [:]
    private(set) var measuredCompleted = 0
    private(set) var measuredMetSLO = 0
    private(set) var lastCompletion: SimTime = .zero
    /// The last arrival so far (nil before the first).
    private(set) var lastArrival: SimTime?
    /// Completions after the warm-up and before the last arrival (the load window's), and
    /// those since it.
    private(set) var inLoadWindow: LoadWindowTally
    private(set) var sinceLastArrival: LoadWindowTally
    /// Completions (measured or not) since the last arrival: at the end, the drain's.
    private(set) var completedSinceLastArrival = 0
    /// When each load stage starts, seconds (empty without stages), and each stage's figures.
    let stageStarts: [Double]
    private(set) var perStage: [StageMetrics]

    /// The engine's per-request overhead outside its iterations, seconds (see
    /// ``RequestRecord/clientOverhead``).
    let clientOverhead: Double

    /// `exactSamples`: without records, each latency figure's samples kept exactly at most.
    init(warmup: SimTime, classes: [ClassPolicy], tenants: Int = 0, stages: [LoadStage] = [], keepRecords: Bool,
         exactSamples: Int = LatencySamples.defaultExactLimit, clientOverhead: Double = 0) {
        let exactLimit = keepRecords ? Int.max : exactSamples
        self.clientOverhead = clientOverhead
        self.stageStarts = stages.startSeconds
        self.perStage = Array(repeating: StageMetrics(exactLimit: exactLimit), count: stages.count)
        self.inLoadWindow = LoadWindowTally(classes: classes.count)
        self.sinceLastArrival = LoadWindowTally(classes: classes.count)
        self.perTenant = Array(repeating: TenantCounts(), count: tenants)
        self.warmup = warmup
        self.classes = classes
        self.keepRecords = keepRecords
        self.perClass = Array(repeating: ClassMetrics(exactLimit: exactLimit), count: classes.count)
        self.ttft = LatencySamples(exactLimit: exactLimit)
        self.tpot = LatencySamples(exactLimit: exactLimit)
        self.e2e = LatencySamples(exactLimit: exactLimit)
        self.queueDelay = LatencySamples(exactLimit: exactLimit)
    }

    var rejected: Int { rejectedByReason.values.reduce(0, +) }

    /// Closed-loop clients whose request just ended (completed or rejected), in order; the
    /// simulation drains it to schedule their next requests.
    var usersDone: [Int] = []

    /// The load stage a request arriving at `arrival` belongs to; nil without stages.
    func stage(arrivingAt arrival: SimTime) -> Int? {
        stageStarts.isEmpty ? nil : [LoadStage].stage(at: arrival.seconds, starts: stageStarts)
    }

    func arrival(_ spec: RequestSpec) {
        arrived += 1
        // What completed so far completed before the last arrival.
        inLoadWindow.absorb(&sinceLastArrival)
        completedSinceLastArrival = 0
        lastArrival = spec.arrival
        if spec.arrival >= warmup { arrivedAfterWarmup += 1 }
        queueGrowth.record(atSeconds: spec.arrival.seconds, inSystem: arrived - completed - rejectedCount)
        if let stage = stage(arrivingAt: spec.arrival) { perStage[stage].arrived += 1 }
        if !perTenant.isEmpty { perTenant[spec.tenant].arrived += 1 }
    }

    func rejected(_ spec: RequestSpec, replica: Int, reason: RejectionReason) {
        rejectedByReason[reason, default: 0] += 1
        rejectedCount += 1
        if spec.arrival >= warmup { rejectedAfterWarmup += 1 }
        if let user = spec.user { usersDone.append(user) }
        perClass[spec.classIndex].rejected += 1
        if !perTenant.isEmpty { perTenant[spec.tenant].rejected[reason, default: 0] += 1 }
        if keepRecords {
            records.append(RequestRecord(
                index: spec.index, externalID: spec.externalID, replica: replica, outcome: .rejected,
                rejection: reason, arrival: spec.arrival.seconds, promptTokens: spec.promptTokens,
                outputTokens: spec.outputTokens, generatedTokens: 0, preemptions: 0,
                classIndex: spec.classIndex, tenant: spec.tenant))
        }
    }

    /// Records a finished request (or, at the end of a run, one still in flight).
    func finished(_ state: RequestState, outcome: RequestOutcome, at now: SimTime) {
        let record = RequestRecord(
            index: state.spec.index, externalID: state.spec.externalID, replica: state.replica,
            outcome: outcome, rejection: nil, arrival: state.spec.arrival.seconds,
            promptTokens: state.spec.promptTokens, outputTokens: state.spec.outputTokens,
            generatedTokens: state.generatedTokens, preemptions: state.preemptions,
            firstScheduled: state.firstScheduled?.seconds, firstToken: state.firstToken?.seconds,
            lastToken: state.lastToken?.seconds, classIndex: state.spec.classIndex, tenant: state.spec.tenant,
            clientOverhead: clientOverhead)
        if keepRecords { records.append(record) }
        guard outcome == .completed else { return }
        if let user = state.spec.user { usersDone.append(user) }
        completed += 1
        completedSinceLastArrival += 1
        if !perTenant.isEmpty { perTenant[state.spec.tenant].completed += 1 }
        lastCompletion = now
        let c = state.spec.classIndex
        perClass[c].completed += 1
        perClass[c].preemptions += state.preemptions
        let met = classes[c].slo.isMet(by: record)
        // Throughput counts every completion after the warm-up, whenever its request arrived.
        if now >= warmup {
            sinceLastArrival.add(outputTokens: state.generatedTokens, promptTokens: state.spec.promptTokens,
                                 classIndex: c, metSLO: met)
        }
        guard state.spec.arrival >= warmup else { return }
        measuredCompleted += 1
        if met { measuredMetSLO += 1 }
        if let stage = state.measuredStage { perStage[stage].record(record, metSLO: met) }
        if classes.count > 1 {
            perClass[c].record(record, metSLO: met)
        } else {  // one class: its samples are the overall ones, kept once
            perClass[c].measured += 1
            if met { perClass[c].metSLO += 1 }
        }
        if let v = record.ttft { ttft.append(v) }
        if let v = record.tpot { tpot.append(v) }
        if let v = record.e2e { e2e.append(v) }
        if let v = record.queueDelay { queueDelay.append(v) }
    }

    /// `count` gaps of `nanoseconds` between consecutive tokens of requests that arrived after
    /// the warm-up.
    @inline(__always)
    func interTokenGaps(nanoseconds: Int64, count: Int) {
        interTokenGaps.add(Double(nanoseconds) * 1e-9, weight: count)
    }

    /// `count` gaps of `nanoseconds` between consecutive tokens of measured requests of load
    /// stage `stage`.
    @inline(__always)
    func stageInterTokenGaps(stage: Int, nanoseconds: Int64, count: Int) {
        perStage[stage].interTokenGaps.add(Double(nanoseconds) * 1e-9, weight: count)
    }
}

/// What the run observed of one tenant's requests.
struct TenantCounts {
    var arrived = 0
    var completed = 0
    var rejected: [RejectionReason: Int] = [:]
}

/// What the run observed of one request class.
struct ClassMetrics {
    var completed = 0
    var rejected = 0
    var preemptions = 0
    var measured = 0
    var metSLO = 0
    var ttft: LatencySamples
    var tpot: LatencySamples
    var e2e: LatencySamples

    init(exactLimit: Int) {
        ttft = LatencySamples(exactLimit: exactLimit)
        tpot = LatencySamples(exactLimit: exactLimit)
        e2e = LatencySamples(exactLimit: exactLimit)
    }

    mutating func record(_ record: RequestRecord, metSLO met: Bool) {
        measured += 1
        if met { metSLO += 1 }
        if let v = record.ttft { ttft.append(v) }
        if let v = record.tpot { tpot.append(v) }
        if let v = record.e2e { e2e.append(v) }
    }
}
