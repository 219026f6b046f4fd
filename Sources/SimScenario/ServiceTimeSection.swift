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
