/// What completed, counted for throughput over the load window — after the warm-up, up to the
/// last arrival — as load generators measure it (inference-perf, GuideLLM): every request that
/// completed in the window, whenever it arrived, over the time load was offered, not over the
/// drain that follows. In steady state this is the served rate without the bias of counting
/// only requests that arrived in the window (short by about rate × E2E).
///
/// The last arrival is known only at the end, so completions accumulate in a pending tally
/// that each arrival moves into the window: what completed before an arrival completed before
/// the last one. What is still pending at the end completed in the drain. O(1) per event.
package struct LoadWindowTally {
    package var requests = 0
    package var outputTokens = 0
    package var promptTokens = 0
    package var metSLO = 0
    /// Requests meeting their class's SLOs, per class.
    package var metSLOByClass: [Int]

    package init(classes: Int) { metSLOByClass = Array(repeating: 0, count: classes) }

    package mutating func add(outputTokens: Int, promptTokens: Int, classIndex: Int, metSLO met: Bool) {
        requests += 1
        self.outputTokens += outputTokens
        self.promptTokens += promptTokens
        if met {
            metSLO += 1
            metSLOByClass[classIndex] += 1
        }
    }

    /// Adds `other` to this tally and empties it.
    package mutating func absorb(_ other: inout LoadWindowTally) {
        guard other.requests > 0 else { return }
        requests += other.requests
        outputTokens += other.outputTokens
        promptTokens += other.promptTokens
        metSLO += other.metSLO
        for c in metSLOByClass.indices { metSLOByClass[c] += other.metSLOByClass[c] }
        other = LoadWindowTally(classes: metSLOByClass.count)
    }
}
