import SimCore

/// A distribution of token counts (prompt or output lengths), chosen by `kind` in a scenario.
///
/// Draws are rounded to the nearest integer and clipped to `[min, max]`; clipping is named in
/// the scenario (`min`, `max`), never silent.
public enum LengthDistribution: Equatable, Sendable {
    /// Always `value` tokens.
    case fixed(value: Int)
    /// Uniform integers in `min...max`.
    case uniform(min: Int, max: Int)
    /// Lognormal with the given mean and coefficient of variation, clipped to `min...max`.
    case lognormal(mean: Double, cv: Double, min: Int, max: Int)
    /// Normal with the given mean and standard deviation, clipped to `min...max`.
    case normal(mean: Double, standardDeviation: Double, min: Int, max: Int)

    /// The largest value a draw can take.
    public var upperBound: Int {
        switch self {
        case .fixed(let value): value
        case .uniform(_, let max), .lognormal(_, _, _, let max), .normal(_, _, _, let max): max
        }
    }

    /// Draws one length from `stream`.
    public func draw(from stream: RandomStream) -> Int {
        switch self {
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

    private static func clip(_ x: Double, _ lower: Int, _ upper: Int) -> Int {
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
