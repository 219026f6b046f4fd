/// `[workload.arrival]`: `kind = "poisson"` with `rate` (requests/s), or `kind = "gamma"` with
/// `rate` and `cv` (coefficient of variation of the gaps).
struct ArrivalSection: Decodable {
    var kind: String
    var rate: Double
    var cv: Double?

    enum CodingKeys: String, CodingKey { case kind, rate, cv }
    static let kinds = ["poisson", "gamma"]

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try KindChoice.decode(c, key: .kind, allowed: Self.kinds)
        rate = try c.decode(Double.self, forKey: .rate)
        if kind == "gamma" { cv = try c.decode(Double.self, forKey: .cv) }
    }
}
