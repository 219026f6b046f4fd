import SimWorkload

/// `[workload.arrival]`:
/// - `{ kind = "poisson", rate }` (requests/s);
/// - `{ kind = "constant", rate }` (evenly spaced, 1/rate apart);
/// - `{ kind = "gamma", rate, cv }` (cv: coefficient of variation of the gaps);
/// - `{ kind = "mmpp", states = [{ rate, mean_sojourn }, ...] }` (Markov-modulated Poisson;
///   two states with one rate 0 make an on/off source);
/// - `{ kind = "piecewise", segments = [{ start, rate }, ...] }` (λ(t), first start 0).
///
/// With `[[workload.stages]]` the constant, Poisson and Gamma kinds leave out `rate`: each
/// stage gives its own.
struct ArrivalSection: Decodable {
    var kind: String
    var rate: Double?
    var cv: Double?
    var states: [StateEntry]?
    var segments: [SegmentEntry]?

    struct StateEntry: Decodable {
        var rate: Double
        var mean_sojourn: DurationValue
    }

    struct SegmentEntry: Decodable {
        var start: DurationValue
        var rate: Double
    }

    enum CodingKeys: String, CodingKey { case kind, rate, cv, states, segments }
    static let kinds = ["poisson", "gamma", "mmpp", "piecewise", "constant"]

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try KindChoice.decode(c, key: .kind, allowed: Self.kinds)
        switch kind {
        case "poisson", "constant": rate = try c.decodeIfPresent(Double.self, forKey: .rate)
        case "gamma":
            rate = try c.decodeIfPresent(Double.self, forKey: .rate)
            cv = try c.decode(Double.self, forKey: .cv)
        case "mmpp": states = try c.decode([StateEntry].self, forKey: .states)
        default: segments = try c.decode([SegmentEntry].self, forKey: .segments)
        }
    }
}

extension ScenarioResolver {
    /// `staged`: the rate comes from `[[workload.stages]]` (the first stage's), not from here.
    mutating func resolveArrival(_ a: ArrivalSection, staged: Bool = false) -> ArrivalProcess? {
        let path = "workload.arrival"
        let before = issues.count
        func rate(_ value: Double, _ key: String, allowZero: Bool = false) -> Double {
            check(InputBounds.rates.contains(value) || (allowZero && value == 0), key,
                  "must be \(allowZero ? "0 or " : "")a number of requests per second in \(InputBounds.rateText), got \(value)")
            return value
        }
        /// The kind's own rate, or with stages a placeholder (the stages set it).
        func ownRate() -> Double {
            if staged {
                if a.rate != nil { issue("\(path).rate", "not used with workload.stages; each stage gives its rate") }
                return 1
            }
            guard let value = a.rate else {
                issue("\(path).rate", "missing; give the rate in requests per second, e.g. rate = 5.0")
                return 0
            }
            return rate(value, "\(path).rate")
        }
        switch a.kind {
        case "poisson":
            let r = ownRate()
            return issues.count == before ? .poisson(ratePerSecond: r) : nil
        case "constant":
            let r = ownRate()
            return issues.count == before ? .constant(ratePerSecond: r) : nil
        case "gamma":
            let r = ownRate()
            let cv = a.cv ?? 0
            check(InputBounds.coefficientsOfVariation.contains(cv), "\(path).cv", "must be in 0.001...100, got \(cv)")
            return issues.count == before ? .gamma(ratePerSecond: r, cv: cv) : nil
        case "mmpp":
            let entries = a.states ?? []
            check(entries.count >= 2, "\(path).states", "needs at least 2 states, got \(entries.count)")
            let states = entries.enumerated().map { i, e in
                let r = rate(e.rate, "\(path).states[\(i)].rate", allowZero: true)
                let m = e.mean_sojourn.seconds
                check(m > 0 && m.isFinite, "\(path).states[\(i)].mean_sojourn", "must be > 0, got \(m) s")
                return ArrivalProcess.ModulatingState(ratePerSecond: r, meanSojournSeconds: m)
            }
            check(states.contains { $0.ratePerSecond > 0 }, "\(path).states", "every state has rate 0: no request would arrive")
            return issues.count == before ? .mmpp(states: states) : nil
        default:
            let entries = a.segments ?? []
            check(!entries.isEmpty, "\(path).segments", "needs at least one segment")
            let segments = entries.enumerated().map { i, e in
                ArrivalProcess.RateSegment(startSeconds: e.start.seconds,
                                           ratePerSecond: rate(e.rate, "\(path).segments[\(i)].rate", allowZero: true))
            }
            if let first = segments.first { check(first.startSeconds == 0, "\(path).segments[0].start", "must be 0, got \(first.startSeconds) s") }
            for i in segments.indices.dropFirst() where segments[i].startSeconds <= segments[i - 1].startSeconds {
                issue("\(path).segments[\(i)].start", "must be after the previous segment's start (\(segments[i - 1].startSeconds) s), got \(segments[i].startSeconds) s")
            }
            if let last = segments.last { check(last.ratePerSecond > 0, "\(path).segments[\(segments.count - 1)].rate", "the last segment lasts for ever: its rate must be > 0") }
            return issues.count == before ? .piecewise(segments: segments) : nil
        }
    }
}
