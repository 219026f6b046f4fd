/// What the run observed of the requests that arrived in one load stage after the warm-up
/// (a request belongs to the stage in which it arrived, wherever it completes).
package struct StageMetrics {
    package var arrived = 0
    /// Arrivals of the stage at or after the warm-up, and those of them rejected; completions
    /// (of any stage's requests) within the stage's span after the warm-up: what its queue's
    /// state is judged on (``Saturation``).
    package var arrivedAfterWarmup = 0
    package var rejectedAfterWarmup = 0
    package var completedInSpan = 0
    package var measured = 0
    package var metSLO = 0
    package var outputTokens = 0
    package var promptTokens = 0
    package var ttft: LatencySamples
    package var tpot: LatencySamples
    package var e2e: LatencySamples
    /// Gaps between consecutive tokens of the stage's requests.
    package var interTokenGaps = LogHistogram()

    package init(exactLimit: Int) {
        ttft = LatencySamples(exactLimit: exactLimit)
        tpot = LatencySamples(exactLimit: exactLimit)
        e2e = LatencySamples(exactLimit: exactLimit)
    }

    package mutating func record(_ record: RequestRecord, metSLO met: Bool) {
        measured += 1
        if met { metSLO += 1 }
        outputTokens += record.generatedTokens
        promptTokens += record.promptTokens
        if let v = record.ttft { ttft.append(v) }
        if let v = record.tpot { tpot.append(v) }
        if let v = record.e2e { e2e.append(v) }
    }
}
