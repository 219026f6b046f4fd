import SimWorkload

/// The figures of one load stage: latencies of the requests that arrived in it after the
/// warm-up, and rates over its span after the warm-up (its requests that completed, wherever
/// they completed, divided by that span). Every field is present; nil where it cannot be
/// computed, with the reason in `nullReasons` keyed by the field's JSON name.
public struct StageSummary: Sendable {
    /// The stage's offered rate (requests/s), start and duration (seconds).
    public var offeredRequestsPerSecond: Double
    public var startSeconds: Double
    public var durationSeconds: Double
    public var arrived: Int
    public var measured: Int
    public var ttft: SampleSummary?
    public var tpot: SampleSummary?
    public var itl: SampleSummary?
    public var e2e: SampleSummary?
    /// The span its rates are over: the stage's duration after the warm-up.
    public var measurementWindowSeconds: Double?
    public var outputTokensPerSecond: Double?
    public var promptTokensPerSecond: Double?
    public var requestsPerSecond: Double?
    public var goodputRequestsPerSecond: Double?
    public var sloAttainment: Double?
    /// Whether the stage's queue kept up with its rate over its span after the warm-up: its
    /// arrivals and the completions within the span, against the trend of the requests in the
    /// system there; nil where the stage ends within the warm-up.
    public var saturation: Saturation?
    public var nullReasons: [String: String] = [:]

    package init(stage: LoadStage, startSeconds: Double, metrics m: StageMetrics, warmupSeconds: Double) {
        offeredRequestsPerSecond = stage.ratePerSecond
        self.startSeconds = startSeconds
        durationSeconds = stage.durationSeconds
        arrived = m.arrived
        measured = m.measured
        ttft = m.ttft.summary
        tpot = m.tpot.summary
        itl = SampleSummary(histogram: m.interTokenGaps)
        e2e = m.e2e.summary
        let noMeasured = "no request that arrived in this stage after the warm-up completed"
        for (name, value) in [("ttft", ttft), ("e2e", e2e)] where value == nil { nullReasons[name] = noMeasured }
        if tpot == nil { nullReasons["tpot"] = "no measured request of this stage produced more than one token" }
        if itl == nil { nullReasons["itl"] = "no measured request of this stage produced more than one token" }
        let window = startSeconds + stage.durationSeconds - max(startSeconds, warmupSeconds)
        if window > 0 {
            measurementWindowSeconds = window
            outputTokensPerSecond = Double(m.outputTokens) / window
            promptTokensPerSecond = Double(m.promptTokens) / window
            requestsPerSecond = Double(m.measured) / window
            goodputRequestsPerSecond = Double(m.metSLO) / window
        } else {
            for name in Self.rateFields { nullReasons[name] = "the stage ends within the warm-up" }
        }
        if m.measured > 0 {
            sloAttainment = Double(m.metSLO) / Double(m.measured)
        } else {
            nullReasons["slo_attainment"] = noMeasured
        }
    }

    package static let rateFields = ["measurement_window_seconds", "output_tokens_per_second", "prompt_tokens_per_second",
                             "requests_per_second", "goodput_requests_per_second"]
}
