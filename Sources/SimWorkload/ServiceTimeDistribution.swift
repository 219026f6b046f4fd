import SimCore

/// The distribution of a request's service demand, in seconds, for the degenerate
/// service-time cost model used to check the simulator against queueing theory.
public enum ServiceTimeDistribution: Equatable, Sendable {
    /// Deterministic service: M/D/1.
    case fixed(seconds: Double)
    /// Exponential service: M/M/1.
    case exponential(meanSeconds: Double)
    /// Uniform on [min, max].
    case uniform(minSeconds: Double, maxSeconds: Double)
    /// Gamma with the given mean and coefficient of variation (any CV > 0).
    case gamma(meanSeconds: Double, cv: Double)
    /// Lognormal with the given mean and coefficient of variation.
    case lognormal(meanSeconds: Double, cv: Double)

    /// E[S].
    public var meanSeconds: Double {
        switch self {
        case .fixed(let s): s
        case .exponential(let m), .gamma(let m, _), .lognormal(let m, _): m
        case .uniform(let a, let b): (a + b) / 2
        }
    }

    /// E[S²], used by the Pollaczek–Khinchine formula.
    public var secondMomentSeconds2: Double {
        switch self {
        case .fixed(let s): s * s
        case .exponential(let m): 2 * m * m
        case .uniform(let a, let b): (a * a + a * b + b * b) / 3
        case .gamma(let m, let cv), .lognormal(let m, let cv): m * m * (1 + cv * cv)
        }
    }

    public func draw(from stream: RandomStream) -> Double {
        switch self {
        case .fixed(let s):
            return s
        case .exponential(let m):
            return stream.exponential(mean: m)
        case .uniform(let a, let b):
            return stream.flat(a, b)
        case .gamma(let m, let cv):
            let shape = 1 / (cv * cv)
            return stream.gamma(shape: shape, scale: m / shape)
        case .lognormal(let m, let cv):
            let sigma2 = log1p(cv * cv)
            return stream.lognormal(mu: log(m) - sigma2 / 2, sigma: sigma2.squareRoot())
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
