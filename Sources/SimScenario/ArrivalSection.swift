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
