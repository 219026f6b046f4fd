import SimWorkload

/// A token-length distribution table:
/// `{ kind = "fixed", value }`, `{ kind = "uniform", min, max }`,
/// `{ kind = "lognormal", mean, cv, max [, min] }`, `{ kind = "normal", mean, sd, max [, min] }`,
/// `{ kind = "zipf", exponent, max [, min] }`, `{ kind = "empirical", values = [...], weights = [...] }`
/// or `{ kind = "empirical", trace = "file.csv" }` (the trace's prompt or output column, whichever
/// this table describes).
struct LengthSection: Decodable {
    var kind: String
    var value: Int?
    var min: Int?
    var max: Int?
    var mean: Double?
    var cv: Double?
    var sd: Double?
    var exponent: Double?
    var values: [Int]?
    var weights: [Double]?
    var trace: String?

    enum CodingKeys: String, CodingKey { case kind, value, min, max, mean, cv, sd, exponent, values, weights, trace }
    static let kinds = ["fixed", "uniform", "lognormal", "normal", "zipf", "empirical"]

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try KindChoice.decode(c, key: .kind, allowed: Self.kinds)
        switch kind {
        case "fixed":
            value = try c.decode(Int.self, forKey: .value)
        case "uniform":
            min = try c.decode(Int.self, forKey: .min)
            max = try c.decode(Int.self, forKey: .max)
        case "lognormal":
            mean = try c.decode(Double.self, forKey: .mean)
            cv = try c.decode(Double.self, forKey: .cv)
            max = try c.decode(Int.self, forKey: .max)
            min = try c.decodeIfPresent(Int.self, forKey: .min)
        case "zipf":
            exponent = try c.decode(Double.self, forKey: .exponent)
            max = try c.decode(Int.self, forKey: .max)
            min = try c.decodeIfPresent(Int.self, forKey: .min)
        case "empirical":
            trace = try c.decodeIfPresent(String.self, forKey: .trace)
            if trace == nil {
                values = try c.decode([Int].self, forKey: .values)
                weights = try c.decode([Double].self, forKey: .weights)
            }
        default:
            mean = try c.decode(Double.self, forKey: .mean)
            sd = try c.decode(Double.self, forKey: .sd)
            max = try c.decode(Int.self, forKey: .max)
            min = try c.decodeIfPresent(Int.self, forKey: .min)
        }
    }
}

extension ScenarioResolver {
    mutating func resolveLength(_ l: LengthSection, _ path: String) -> LengthDistribution? {
        let before = issues.count
        for (key, value) in [("value", l.value), ("min", l.min), ("max", l.max)] { checkTokens(value, "\(path).\(key)") }
        if let mean = l.mean { check(mean <= Double(InputBounds.maxTokensPerRequest), "\(path).mean", "must be at most 10⁷ tokens, got \(mean)") }
        if let sd = l.sd { check(sd <= Double(InputBounds.maxTokensPerRequest), "\(path).sd", "must be at most 10⁷ tokens, got \(sd)") }
        if let values = l.values, let big = values.first(where: { $0 > InputBounds.maxTokensPerRequest }) {
            issue("\(path).values", "every value must be at most 10⁷ tokens, got \(big)")
        }
        switch l.kind {
        case "fixed":
            let value = l.value ?? 0
            check(value >= 1, "\(path).value", "must be ≥ 1 token, got \(value)")
            return issues.count == before ? .fixed(value: value) : nil
        case "uniform":
            let (lo, hi) = (l.min ?? 0, l.max ?? 0)
            check(lo >= 1, "\(path).min", "must be ≥ 1 token, got \(lo)")
            check(hi >= lo, "\(path).max", "must be ≥ min (\(lo)), got \(hi)")
            return issues.count == before ? .uniform(min: lo, max: hi) : nil
        case "zipf":
            let (lo, hi, s) = (l.min ?? 1, l.max ?? 0, l.exponent ?? 0)
            check(lo >= 1, "\(path).min", "must be ≥ 1 token, got \(lo)")
            check(hi >= lo && hi - lo <= 1_000_000, "\(path).max", "must be ≥ min (\(lo)) and at most 10⁶ above it, got \(hi)")
            check(s > 0 && s.isFinite, "\(path).exponent", "must be > 0, got \(s)")
            return issues.count == before ? .zipf(exponent: s, min: lo, max: hi) : nil
        case "empirical":
            var values = l.values ?? [], weights = l.weights ?? []
            if let trace = l.trace {
                do {
                    let rows = try TraceReader.read(path: relative(trace))
                    let column = path.hasSuffix("prompt_tokens") ? rows.map(\.promptTokens) : rows.map(\.outputTokens)
                    let counts = Dictionary(column.map { ($0, 1.0) }, uniquingKeysWith: +)
                    values = counts.keys.sorted()
                    weights = values.map { counts[$0]! }
                } catch {
                    issue("\(path).trace", error.description)
                    return nil
                }
            }
            check(!values.isEmpty && values.count == weights.count, "\(path).weights",
                  "needs one weight per value (\(values.count) values, \(weights.count) weights)")
            check(values.allSatisfy { $0 >= 1 }, "\(path).values", "every value must be ≥ 1 token")
            check(weights.allSatisfy { $0 >= 0 && $0.isFinite } && weights.contains { $0 > 0 }, "\(path).weights",
                  "weights must be finite, ≥ 0 and not all 0")
            return issues.count == before ? .empirical(values: values, weights: weights) : nil
        default:
            let mean = l.mean ?? 0
            let (lo, hi) = (l.min ?? 1, l.max ?? 0)
            check(mean > 0 && mean.isFinite, "\(path).mean", "must be > 0, got \(mean)")
            check(lo >= 1, "\(path).min", "must be ≥ 1 token, got \(lo)")
            check(hi >= lo, "\(path).max", "must be ≥ min (\(lo)), got \(hi)")
            if l.kind == "lognormal" {
                let cv = l.cv ?? 0
                check(InputBounds.coefficientsOfVariation.contains(cv), "\(path).cv", "must be in 0.001...100, got \(cv)")
                return issues.count == before ? .lognormal(mean: mean, cv: cv, min: lo, max: hi) : nil
            }
            let sd = l.sd ?? -1
            check(sd >= 0 && sd.isFinite, "\(path).sd", "must be ≥ 0, got \(sd)")
            return issues.count == before ? .normal(mean: mean, standardDeviation: sd, min: lo, max: hi) : nil
        }
    }
}
