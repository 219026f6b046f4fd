import SimCore

/// A distribution of token counts (prompt or output lengths), chosen by `kind` in a scenario.
///
/// Draws are rounded to the nearest integer and clipped to `[min, max]`; clipping is named in
/// the scenario (`min`, `max`), never silent. Zipf and empirical draws go through GSL's
/// alias-method table (`DiscreteDistribution`).
public enum LengthDistribution: Equatable, Sendable {
    /// Always `value` tokens.
    case fixed(value: Int)
    /// Uniform integers in `min...max`.
    case uniform(min: Int, max: Int)
    /// Lognormal with the given mean and coefficient of variation, clipped to `min...max`.
    case lognormal(mean: Double, cv: Double, min: Int, max: Int)
    /// Normal with the given mean and standard deviation, clipped to `min...max`.
    case normal(mean: Double, standardDeviation: Double, min: Int, max: Int)
    /// Zipf on `min...max`: P(k) ∝ (k − min + 1)^(−exponent) — many short, a heavy tail of long.
    case zipf(exponent: Double, min: Int, max: Int)
    /// An empirical distribution: `values[i]` with probability ∝ `weights[i]` (a histogram, or
    /// a trace's column).
    case empirical(values: [Int], weights: [Double])

    /// The largest value a draw can take.
    public var upperBound: Int {
        switch self {
        case .fixed(let value): value
        case .uniform(_, let max), .lognormal(_, _, _, let max), .normal(_, _, _, let max), .zipf(_, _, let max): max
        case .empirical(let values, _): values.max() ?? 0
        }
    }

    /// The weights over `min...max` of a Zipf distribution, or the empirical weights.
    var discreteWeights: (values: [Int], weights: [Double])? {
        switch self {
        case .zipf(let exponent, let min, let max):
            let values = Array(min...max)
            return (values, values.map { pow(Double($0 - min + 1), -exponent) })
        case .empirical(let values, let weights):
            return (values, weights)
        default:
            return nil
        }
    }

    /// Draws one length from `stream` (for the discrete kinds, use a `LengthSampler`, which
    /// preprocesses the table once).
    public func draw(from stream: RandomStream) -> Int {
        switch self {
        case .zipf, .empirical:
            return LengthSampler(self).draw(from: stream)
        case .fixed(let value):
            return value
        case .uniform(let min, let max):
            return min + stream.uniformInt(below: max - min + 1)
        case .lognormal(let mean, let cv, let min, let max):
            // For X = exp(N(μ, σ²)): E[X] = exp(μ + σ²/2), CV² = exp(σ²) − 1.
            let sigma2 = log1p(cv * cv)
            let mu = log(mean) - sigma2 / 2
            return Self.clip(stream.lognormal(mu: mu, sigma: sigma2.squareRoot()), min, max)
        case .normal(let mean, let sd, let min, let max):
            return Self.clip(stream.gaussian(mean: mean, sigma: sd), min, max)
        }
    }

    /// Rounds and clips a draw; a NaN (a distribution at the edge of what floats hold) counts
    /// as the lower bound, so no draw ever traps converting to `Int`.
    private static func clip(_ x: Double, _ lower: Int, _ upper: Int) -> Int {
        guard !x.isNaN else { return lower }
        let rounded = x.rounded()
        if rounded <= Double(lower) { return lower }
        if rounded >= Double(upper) { return upper }
        return Int(rounded)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Draws lengths from a `LengthDistribution`, with the alias table of a discrete one built
/// once.
struct LengthSampler {
    let distribution: LengthDistribution
    private let values: [Int]
    private let table: DiscreteDistribution?

    init(_ distribution: LengthDistribution) {
        self.distribution = distribution
        if let (values, weights) = distribution.discreteWeights {
            self.values = values
            // The scenario resolver checked the weights (finite, ≥ 0, not all 0).
            self.table = try? DiscreteDistribution(weights: weights)
            precondition(table != nil, "invalid weights for \(distribution)")
        } else {
            self.values = []
            self.table = nil
        }
    }

    func draw(from stream: RandomStream) -> Int {
        guard let table else { return distribution.draw(from: stream) }
        return values[stream.discrete(table)]
    }
}
