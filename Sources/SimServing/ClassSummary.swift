import SimMetrics

/// The figures of one request class (latencies of its requests that arrived after the
/// warm-up; nil where none did).
public struct ClassSummary: Sendable {
    public var name: String
    public var priority: Int
    public var completed: Int
    public var rejected: Int
    public var measured: Int
    public var preemptions: Int
    public var ttft: SampleSummary?
    public var tpot: SampleSummary?
    public var e2e: SampleSummary?
    public var sloAttainment: Double?
    public var goodputRequestsPerSecond: Double?
}
