import SimSupport

/// Requests in the system (arrived, not yet completed or rejected), sampled at arrivals and
/// thinned to a bounded number of samples, so that a run can say whether its queue grew.
///
/// Each arrival offers a sample; every `stride`-th is kept, and when 1,024 are kept every
/// other one is dropped and the stride doubles. Memory is constant; the samples stay evenly
/// spread over the arrivals. O(1) amortised per arrival.
package struct QueueGrowth {
    package private(set) var seconds: [Double] = []
    package private(set) var inSystem: [Double] = []
    private var stride = 1
    private var sinceKept = 0

    package mutating func record(atSeconds time: Double, inSystem count: Int) {
        sinceKept += 1
        guard sinceKept >= stride else { return }
        sinceKept = 0
        seconds.append(time)
        inSystem.append(Double(count))
        if seconds.count >= 1024 {
            seconds = seconds.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
            inSystem = inSystem.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
            stride *= 2
        }
    }

    /// The least-squares slope of requests in the system over time within `[from, to]`
    /// (requests per second), with the first and last counts there; nil with fewer than 8
    /// samples or no time between them.
    package func trend(from: Double, to: Double) -> (slope: Double, first: Double, last: Double)? {
        let kept = seconds.indices.filter { seconds[$0] >= from && seconds[$0] <= to }
        guard kept.count >= 8, let a = kept.first, let b = kept.last else { return nil }
        let n = Double(kept.count)
        let meanT = kept.reduce(0) { $0 + seconds[$1] } / n
        let meanN = kept.reduce(0) { $0 + inSystem[$1] } / n
        var sxy = 0.0, sxx = 0.0
        for i in kept {
            sxy += (seconds[i] - meanT) * (inSystem[i] - meanN)
            sxx += (seconds[i] - meanT) * (seconds[i] - meanT)
        }
        guard sxx > 0 else { return nil }
        return (sxy / sxx, inSystem[a], inSystem[b])
    }
}

/// Whether a run's queue kept up with its load over the load window (warm-up to last
/// arrival), from the completion rate against the admitted arrival rate and the growth of
/// the requests in the system:
///
/// - `overloaded`: the requests in the system grew by at least 5% of the admitted rate (a
///   queue that grows without bound; latencies depend on the run's length, not the load) and
///   completions fell short of admissions by more than 5%;
/// - `backlogged`: not overloaded, but the queue grew by at least 1% of the admitted rate,
///   and by at least 10 requests over the window: close to capacity, the figures still
///   drifting with the run's length;
/// - `stable`: otherwise.
///
/// A staged load (``LoadStage``) is judged stage by stage: the requests in the system grow
/// with the rate from one stage to the next as Little's law says they should (L = λW), which a
/// trend over the whole window would read as a growing queue. Each stage's trend runs over its
/// own span after the warm-up; the run takes the state of its worst stage (``stage``).
public struct Saturation: Sendable, Equatable {
    public enum State: String, Sendable {
        case stable, backlogged, overloaded
    }

    public var state: State
    /// Arrivals in the load window per second, and those admitted (not rejected).
    public var offeredRequestsPerSecond: Double
    public var admittedRequestsPerSecond: Double
    /// Completions in the load window per second.
    public var servedRequestsPerSecond: Double
    /// Growth of the requests in the system over the window, requests per second.
    public var queueGrowthPerSecond: Double
    /// Requests in the system at the last arrival (of a stage's own judgement, at its last
    /// arrival).
    public var inSystemAtLastArrival: Int
    /// For a staged load, the stage whose queue growth set ``state`` (its worst; the one whose
    /// queue grew most where all are stable); nil without stages.
    public var stage: Int?

    package init(state: State, offeredRequestsPerSecond: Double, admittedRequestsPerSecond: Double,
                 servedRequestsPerSecond: Double, queueGrowthPerSecond: Double, inSystemAtLastArrival: Int,
                 stage: Int? = nil) {
        self.state = state
        self.offeredRequestsPerSecond = offeredRequestsPerSecond
        self.admittedRequestsPerSecond = admittedRequestsPerSecond
        self.servedRequestsPerSecond = servedRequestsPerSecond
        self.queueGrowthPerSecond = queueGrowthPerSecond
        self.inSystemAtLastArrival = inSystemAtLastArrival
        self.stage = stage
    }

    /// The state of one span `[from, to]` of a run (the load window, or a stage's span):
    /// `arrivals` in it (of which `rejections` rejected) and `completions` in it, against the
    /// trend of the requests in the system over it, whose last sample gives
    /// ``inSystemAtLastArrival``; nil for an empty span.
    package static func judge(_ queue: QueueGrowth, from: Double, to: Double, arrivals: Int, rejections: Int,
                              completions: Int, stage: Int? = nil) -> Saturation? {
        let span = to - from
        guard span > 0 else { return nil }
        let admitted = Double(arrivals - rejections) / span
        let served = Double(completions) / span
        let trend = queue.trend(from: from, to: to)
        let growth = trend?.slope ?? 0
        return Saturation(state: classify(admitted: admitted, served: served, growth: growth, windowSeconds: span),
                          offeredRequestsPerSecond: Double(arrivals) / span, admittedRequestsPerSecond: admitted,
                          servedRequestsPerSecond: served, queueGrowthPerSecond: growth,
                          inSystemAtLastArrival: Int(trend?.last ?? 0), stage: stage)
    }

    /// How much worse a state is than another (stable < backlogged < overloaded).
    var severity: Int {
        switch state { case .stable: 0; case .backlogged: 1; case .overloaded: 2 }
    }

    /// Of several stages' states, the one that describes the run: the worst, and of equals the
    /// one whose queue grew fastest.
    package static func worst(_ stages: [Saturation]) -> Saturation? {
        stages.max { ($0.severity, $0.queueGrowthPerSecond) < ($1.severity, $1.queueGrowthPerSecond) }
    }

    package static func classify(admitted: Double, served: Double, growth: Double, windowSeconds: Double) -> State {
        guard admitted > 0 else { return .stable }
        if growth >= 0.05 * admitted, served < 0.95 * admitted { return .overloaded }
        if growth >= 0.01 * admitted, growth * windowSeconds >= 10 { return .backlogged }
        return .stable
    }

    private var inStage: String { stage.map { " in stage \($0)" } ?? "" }

    /// One line for the table: "overloaded: offered 600.0 req/s, served 4.5 req/s; …".
    public var sentence: String {
        let head = "\(state.rawValue): offered \(TextTable.fmt(offeredRequestsPerSecond, 3)) req/s"
            + (admittedRequestsPerSecond < offeredRequestsPerSecond * 0.9999 ? " (admitted \(TextTable.fmt(admittedRequestsPerSecond, 3)))" : "")
            + ", served \(TextTable.fmt(servedRequestsPerSecond, 3)) req/s"
        switch state {
        case .stable: return head
        case .backlogged:
            return head + "; the queue grew by \(TextTable.fmt(queueGrowthPerSecond, 3)) req/s\(inStage) (\(inSystemAtLastArrival) in the system at the last arrival): near capacity"
        case .overloaded:
            return head + "; the queue grew by \(TextTable.fmt(queueGrowthPerSecond, 3)) req/s\(inStage) (\(inSystemAtLastArrival) in the system at the last arrival): "
                + "unstable, latencies grow with the run's length"
        }
    }
}
