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
        self.records = metrics.records.sorted { $0.index < $1.index }
        self.streamSeeds = streamSeeds
        self.events = events
    }
}
