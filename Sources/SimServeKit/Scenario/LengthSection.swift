/// A token-length distribution table:
/// `{ kind = "fixed", value }`, `{ kind = "uniform", min, max }`,
/// `{ kind = "lognormal", mean, cv, max [, min] }`, `{ kind = "normal", mean, sd, max [, min] }`.
struct LengthSection: Decodable {
    var kind: String
    var value: Int?
    var min: Int?
    var max: Int?
    var mean: Double?
    var cv: Double?
    var sd: Double?

    enum CodingKeys: String, CodingKey { case kind, value, min, max, mean, cv, sd }
    static let kinds = ["fixed", "uniform", "lognormal", "normal"]

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
        default:
            mean = try c.decode(Double.self, forKey: .mean)
            sd = try c.decode(Double.self, forKey: .sd)
            max = try c.decode(Int.self, forKey: .max)
            min = try c.decodeIfPresent(Int.self, forKey: .min)
        }
    }
}
