import SimCore
import SimWorkload

/// Gathers what the run observes of requests: latency samples of the requests that arrived
/// after the warm-up, counts, and (when asked) every request's record.
///
/// Inter-token gaps are many (one per generated token): they go into a log histogram (0.012%
/// relative resolution, exact count, mean, min and max), so memory stays constant.
package final class MetricsCollector {
    package let warmup: SimTime
    package let classes: [ClassPolicy]
    package let keepRecords: Bool
    /// The same figures, per request class.
    package private(set) var perClass: [ClassMetrics]
    /// Arrived, completed and rejected requests per tenant (empty without tenants).
    package private(set) var perTenant: [TenantCounts]

    package private(set) var records: [RequestRecord] = []
    /// Latency samples: every one while records are kept, else exact up to a bound and then a
    /// histogram (``LatencySamples``), so that memory follows what is in flight.
    package private(set) var ttft: LatencySamples
    package private(set) var tpot: LatencySamples
    package private(set) var e2e: LatencySamples
    package private(set) var queueDelay: LatencySamples
    package private(set) var interTokenGaps = LogHistogram()

    package private(set) var arrived = 0
    /// Arrivals at or after the warm-up, and those of them rejected (for the saturation).
    package private(set) var arrivedAfterWarmup = 0
    package private(set) var rejectedAfterWarmup = 0
    private var rejectedCount = 0
    /// Requests in the system over time (``QueueGrowth``).
    package private(set) var queueGrowth = QueueGrowth()
    package private(set) var completed = 0
    package private(set) var rejectedByReason: [RejectionReason: Int] = [:]
    package private(set) var measuredCompleted = 0
    package private(set) var measuredMetSLO = 0
    package private(set) var lastCompletion: SimTime = .zero
    /// The last arrival so far (nil before the first).
    package private(set) var lastArrival: SimTime?
    /// Completions after the warm-up and before the last arrival (the load window's), and
    /// those since it.
    package private(set) var inLoadWindow: LoadWindowTally
    package private(set) var sinceLastArrival: LoadWindowTally
    /// Completions (measured or not) since the last arrival: at the end, the drain's.
    package private(set) var completedSinceLastArrival = 0
    /// When each load stage starts, seconds (empty without stages), and each stage's figures.
    package let stageStarts: [Double]
    /// When each load stage ends, seconds.
    package let stageEnds: [Double]
    package private(set) var perStage: [StageMetrics]

    /// The engine's per-request overhead outside its iterations, seconds (see
    /// ``RequestRecord/clientOverhead``).
    package let clientOverhead: Double

    /// `exactSamples`: without records, each latency figure's samples kept exactly at most.
    package init(warmup: SimTime, classes: [ClassPolicy], tenants: Int = 0, stages: [LoadStage] = [], keepRecords: Bool,
         exactSamples: Int = LatencySamples.defaultExactLimit, clientOverhead: Double = 0) {
        let exactLimit = keepRecords ? Int.max : exactSamples
        self.clientOverhead = clientOverhead
        self.stageStarts = stages.startSeconds
        self.stageEnds = zip(stages.startSeconds, stages).map { $0 + $1.durationSeconds }
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

    package var rejected: Int { rejectedByReason.values.reduce(0, +) }

    /// The load stage a request arriving at `arrival` belongs to; nil without stages.
    package func stage(arrivingAt arrival: SimTime) -> Int? {
        stageStarts.isEmpty ? nil : [LoadStage].stage(at: arrival.seconds, starts: stageStarts)
    }

    package func arrival(_ spec: RequestSpec) {
        arrived += 1
        // What completed so far completed before the last arrival.
        inLoadWindow.absorb(&sinceLastArrival)
        completedSinceLastArrival = 0
        lastArrival = spec.arrival
        if spec.arrival >= warmup { arrivedAfterWarmup += 1 }
        queueGrowth.record(atSeconds: spec.arrival.seconds, inSystem: arrived - completed - rejectedCount)
        if let stage = stage(arrivingAt: spec.arrival) {
            perStage[stage].arrived += 1
            if spec.arrival >= warmup { perStage[stage].arrivedAfterWarmup += 1 }
        }
        if !perTenant.isEmpty { perTenant[spec.tenant].arrived += 1 }
    }

    package func rejected(_ spec: RequestSpec, replica: Int, reason: RejectionReason) {
        rejectedByReason[reason, default: 0] += 1
        rejectedCount += 1
        if spec.arrival >= warmup {
            rejectedAfterWarmup += 1
            if let stage = stage(arrivingAt: spec.arrival) { perStage[stage].rejectedAfterWarmup += 1 }
        }
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

    /// Records a finished request (or, at the end of a run, one still in flight): its spec,
    /// the replica it ran on, what it generated and when (from the serving layer's request state).
    package func finished(_ spec: RequestSpec, replica: Int, generatedTokens: Int, preemptions: Int,
                  firstScheduled: SimTime?, firstToken: SimTime?, lastToken: SimTime?, measuredStage: Int?,
                  outcome: RequestOutcome, at now: SimTime) {
        let record = RequestRecord(
            index: spec.index, externalID: spec.externalID, replica: replica,
            outcome: outcome, rejection: nil, arrival: spec.arrival.seconds,
            promptTokens: spec.promptTokens, outputTokens: spec.outputTokens,
            generatedTokens: generatedTokens, preemptions: preemptions,
            firstScheduled: firstScheduled?.seconds, firstToken: firstToken?.seconds,
            lastToken: lastToken?.seconds, classIndex: spec.classIndex, tenant: spec.tenant,
            clientOverhead: clientOverhead)
        if keepRecords { records.append(record) }
        guard outcome == .completed else { return }
        completed += 1
        completedSinceLastArrival += 1
        if !perTenant.isEmpty { perTenant[spec.tenant].completed += 1 }
        lastCompletion = now
        let c = spec.classIndex
        perClass[c].completed += 1
        perClass[c].preemptions += preemptions
        let met = classes[c].slo.isMet(by: record)
        // Throughput counts every completion after the warm-up, whenever its request arrived.
        if now >= warmup {
            sinceLastArrival.add(outputTokens: generatedTokens, promptTokens: spec.promptTokens,
                                 classIndex: c, metSLO: met)
            if !stageStarts.isEmpty {
                let stage = [LoadStage].stage(at: now.seconds, starts: stageStarts)
                if now.seconds < stageEnds[stage] { perStage[stage].completedInSpan += 1 }
            }
        }
        guard spec.arrival >= warmup else { return }
        measuredCompleted += 1
        if met { measuredMetSLO += 1 }
        if let stage = measuredStage { perStage[stage].record(record, metSLO: met) }
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
    package func interTokenGaps(nanoseconds: Int64, count: Int) {
        interTokenGaps.add(Double(nanoseconds) * 1e-9, weight: count)
    }

    /// `count` gaps of `nanoseconds` between consecutive tokens of measured requests of load
    /// stage `stage`.
    @inline(__always)
    package func stageInterTokenGaps(stage: Int, nanoseconds: Int64, count: Int) {
        perStage[stage].interTokenGaps.add(Double(nanoseconds) * 1e-9, weight: count)
    }
}

/// What the run observed of one tenant's requests.
package struct TenantCounts {
    package var arrived = 0
    package var completed = 0
    package var rejected: [RejectionReason: Int] = [:]
}

/// What the run observed of one request class.
package struct ClassMetrics {
    package var completed = 0
    package var rejected = 0
    package var preemptions = 0
    package var measured = 0
    package var metSLO = 0
    package var ttft: LatencySamples
    package var tpot: LatencySamples
    package var e2e: LatencySamples

    package init(exactLimit: Int) {
        ttft = LatencySamples(exactLimit: exactLimit)
        tpot = LatencySamples(exactLimit: exactLimit)
        e2e = LatencySamples(exactLimit: exactLimit)
    }

    package mutating func record(_ record: RequestRecord, metSLO met: Bool) {
        measured += 1
        if met { metSLO += 1 }
        if let v = record.ttft { ttft.append(v) }
        if let v = record.tpot { tpot.append(v) }
        if let v = record.e2e { e2e.append(v) }
    }
}
