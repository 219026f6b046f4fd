import SimCore

/// How requests arrive, chosen by `kind` in a scenario.
public enum ArrivalProcess: Equatable, Sendable {
    /// Poisson arrivals at `ratePerSecond`: exponential gaps, not truncated.
    case poisson(ratePerSecond: Double)
    /// Renewal process with Gamma gaps of mean 1/rate and coefficient of variation `cv`
    /// (cv > 1 is burstier than Poisson, cv = 1 is Poisson, cv < 1 is smoother).
    case gamma(ratePerSecond: Double, cv: Double)

    public var meanRatePerSecond: Double {
        switch self {
        case .poisson(let rate), .gamma(let rate, _): rate
        }
    }

    /// The gap to the next arrival, in seconds.
    public func nextGapSeconds(from stream: RandomStream) -> Double {
        switch self {
        case .poisson(let rate):
            return stream.exponential(mean: 1 / rate)
        case .gamma(let rate, let cv):
            let shape = 1 / (cv * cv)
            return stream.gamma(shape: shape, scale: 1 / (rate * shape))
        }
    }
}
