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
