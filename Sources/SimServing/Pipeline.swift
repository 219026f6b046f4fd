import SimCore

/// The p stages of a pipeline-parallel replica, which its p virtual engines share (vLLM's
/// virtual engines: each has its own running sequences and 1/p of the KV blocks, and forms
/// its next micro-batch once its last one has left the pipeline).
///
/// A micro-batch enters stage 0 when that stage is free, spends its stage time on each
/// stage in turn and is sent on after each but the last (activation transfer). Stage s takes
/// it at max(its arrival from stage s − 1, the end of the previous micro-batch on stage s).
/// While fewer than p micro-batches are in flight, stages idle: the bubble, measured as
/// 1 − stage-busy time / (p × time with any micro-batch in flight).
final class Pipeline {
    let index: Int
    let stages: Int
    /// The virtual engines (replica indices) sharing these stages.
    let engines: [Int]
    /// When each stage is done with the micro-batches given to it so far.
    private var stageFree: [SimTime]
    private var inFlight = 0
    private var activeSince: SimTime = .zero
    /// Σ over micro-batches of stage time × p, seconds.
    private(set) var stageBusySeconds = 0.0
    /// Time with at least one micro-batch in flight, seconds (closed spans only).
    private(set) var activeSeconds = 0.0
    /// Where the next search for an idle engine starts, so that engines take turns.
    private var nextEngine = 0
    /// When the last micro-batch to enter started on each stage (for observers).
    private(set) var lastStageStarts: [SimTime]

    init(index: Int, stages: Int, engines: [Int]) {
        precondition(stages >= 2 && engines.count == stages, "a pipeline has p ≥ 2 stages and p engines")
        self.index = index
        self.stages = stages
        self.engines = engines
        self.stageFree = Array(repeating: .zero, count: stages)
        self.lastStageStarts = stageFree
    }

    /// When stage 0 can take the next micro-batch.
    var stageZeroFree: SimTime { stageFree[0] }

    /// Sends a micro-batch into stage 0 at `now` (stage 0 free) and returns when it leaves
    /// the last stage.
    ///
    /// - Complexity: O(p).
    func enter(stageSeconds: Double, sendSeconds: Double, at now: SimTime) -> SimTime {
        precondition(now >= stageFree[0], "stage 0 is busy until \(stageFree[0]), a micro-batch entered at \(now)")
        let stage = SimDuration(seconds: stageSeconds), send = SimDuration(seconds: sendSeconds)
        var ready = now
        for s in 0..<stages {
            lastStageStarts[s] = max(ready, stageFree[s])
            stageFree[s] = lastStageStarts[s] + stage
            ready = stageFree[s] + send
        }
        if inFlight == 0 { activeSince = now }
        inFlight += 1
        stageBusySeconds += Double(stages) * stage.seconds
        return stageFree[stages - 1]
    }

    /// A micro-batch left the last stage at `now`.
    func left(at now: SimTime) {
        inFlight -= 1
        if inFlight == 0 { activeSeconds += (now - activeSince).seconds }
    }

    /// Time with a micro-batch in flight up to `end`, open span included.
    func activeSeconds(until end: SimTime) -> Double {
        activeSeconds + (inFlight > 0 ? (end - activeSince).seconds : 0)
    }

    /// Offers stage 0 to every engine in turn, starting one after the engine first offered it
    /// last time, so that engines take turns.
    func offerStageZero(to launch: (Int) -> Void) {
        let first = nextEngine
        nextEngine = (nextEngine + 1) % stages
        for k in 0..<stages { launch(engines[(first + k) % stages]) }
    }

    /// The share of stage time left idle while micro-batches were in flight, over `pipelines`
    /// up to `end`: 1 − Σ stage-busy time / Σ p × time in flight.
    static func bubbleFraction(of pipelines: [Pipeline], until end: SimTime) -> Double? {
        guard !pipelines.isEmpty else { return nil }
        let busy = pipelines.reduce(0) { $0 + $1.stageBusySeconds }
        let capacity = pipelines.reduce(0) { $0 + Double($1.stages) * $1.activeSeconds(until: end) }
        return 1 - busy / max(1e-300, capacity)
    }
}
