import SimMetrics

/// What a run produced: the summary and, when kept, every request's record.
public struct RunResult {
    public var summary: RunSummary
    /// Every request's record in the order they ended (empty unless records were kept).
    public var records: [RequestRecord]
    /// The random streams the run drew from, with their mt19937 seeds.
    public var streamSeeds: [(name: String, seed: UInt32)]
    /// Events the engine handled.
    public var events: Int

    init(configuration: ServingConfiguration, metrics: MetricsCollector, usage: ResourceUsage,
         endSeconds: Double, inFlight: Int, preemptions: Int, swapBytes: Double, prefixHitRate: Double?, pipelineBubbleFraction: Double?, events: Int,
         streamSeeds: [(name: String, seed: UInt32)]) {
        self.summary = RunSummary(configuration: configuration, metrics: metrics, usage: usage,
                                  endSeconds: endSeconds, inFlight: inFlight, preemptions: preemptions,
                                  swapBytes: swapBytes, prefixHitRate: prefixHitRate,
                                  pipelineBubbleFraction: pipelineBubbleFraction)
        self.records = Self.inArrivalOrder(metrics.records)
        self.streamSeeds = streamSeeds
        self.events = events
    }

    /// `records` by request index. The indices are normally 0..<count, each once: then each
    /// record is placed at its index in O(n), without a sort moving whole records around.
    static func inArrivalOrder(_ records: [RequestRecord]) -> [RequestRecord] {
        var position = [Int](repeating: -1, count: records.count)
        for (i, record) in records.enumerated() {
            guard position.indices.contains(record.index), position[record.index] < 0 else {
                return records.sorted { $0.index < $1.index }
            }
            position[record.index] = i
        }
        return position.map { records[$0] }
    }
}
