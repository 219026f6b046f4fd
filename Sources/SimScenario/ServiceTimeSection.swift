import SimWorkload
import SimOutput

/// `[cost_model.service_time]` of the degenerate service-time cost model:
/// `{ kind = "fixed", seconds }`, `{ kind = "exponential", mean }`, `{ kind = "uniform", min, max }`,
/// `{ kind = "gamma", mean, cv }`, `{ kind = "lognormal", mean, cv }` — durations as "10ms" or seconds.
struct ServiceTimeSection: Decodable {
    var kind: String
    var seconds: DurationValue?
    var mean: DurationValue?
    var min: DurationValue?
    var max: DurationValue?
    var cv: Double?

    enum CodingKeys: String, CodingKey { case kind, seconds, mean, min, max, cv }
    static let kinds = ["fixed", "exponential", "uniform", "gamma", "lognormal"]

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try KindChoice.decode(c, key: .kind, allowed: Self.kinds)
        switch kind {
        case "fixed": seconds = try c.decode(DurationValue.self, forKey: .seconds)
        case "exponential": mean = try c.decode(DurationValue.self, forKey: .mean)
        case "uniform":
            min = try c.decode(DurationValue.self, forKey: .min)
            max = try c.decode(DurationValue.self, forKey: .max)
        default:
            mean = try c.decode(DurationValue.self, forKey: .mean)
            cv = try c.decode(Double.self, forKey: .cv)
        }
    }
}

extension ScenarioResolver {
    /// A duration distribution; `fixedZeroAllowed`: a fixed 0 s is valid (a closed loop's
    /// clients that send again at once, as a fixed-concurrency load generator does).
    mutating func resolveServiceTime(_ s: ServiceTimeSection, path: String = "cost_model.service_time",
                                     fixedZeroAllowed: Bool = false) -> ServiceTimeDistribution? {
        let before = issues.count
        func positiveSeconds(_ value: DurationValue?, _ key: String) -> Double {
            let v = value?.seconds ?? 0
            check(v > 0 && v.isFinite, "\(path).\(key)", "must be > 0, got \(v) s")
            return v
        }
        let result: ServiceTimeDistribution
        switch s.kind {
        case "fixed" where fixedZeroAllowed:
            let v = s.seconds?.seconds ?? -1
            check(v >= 0 && v.isFinite, "\(path).seconds", "must be ≥ 0, got \(v) s")
            result = .fixed(seconds: v)
        case "fixed": result = .fixed(seconds: positiveSeconds(s.seconds, "seconds"))
        case "exponential": result = .exponential(meanSeconds: positiveSeconds(s.mean, "mean"))
        case "uniform":
            let (lo, hi) = (s.min?.seconds ?? -1, s.max?.seconds ?? -1)
            check(lo >= 0, "\(path).min", "must be ≥ 0, got \(lo) s")
            check(hi > lo, "\(path).max", "must be > min (\(lo) s), got \(hi) s")
            result = .uniform(minSeconds: lo, maxSeconds: hi)
        default:
            let mean = positiveSeconds(s.mean, "mean")
            let cv = s.cv ?? 0
            check(InputBounds.coefficientsOfVariation.contains(cv), "\(path).cv", "must be in 0.001...100, got \(cv)")
            result = s.kind == "gamma" ? .gamma(meanSeconds: mean, cv: cv) : .lognormal(meanSeconds: mean, cv: cv)
        }
        return issues.count == before ? result : nil
    }
}
