/// How requests arrive, chosen by `kind` in a scenario.
public enum ArrivalProcess: Equatable, Sendable {
    /// Poisson arrivals at `ratePerSecond`: exponential gaps, not truncated.
    case poisson(ratePerSecond: Double)
    /// Evenly spaced arrivals, exactly 1/rate apart, the first at time 0 (the constant-rate
    /// modes of inference-perf and GuideLLM): `rate × duration` requests in a duration.
    case constant(ratePerSecond: Double)
    /// Renewal process with Gamma gaps of mean 1/rate and coefficient of variation `cv`
    /// (cv > 1 is burstier than Poisson, cv = 1 is Poisson, cv < 1 is smoother).
    case gamma(ratePerSecond: Double, cv: Double)
    /// Markov-modulated Poisson: Poisson at the current state's rate; each state lasts an
    /// exponential time of its mean sojourn, then the process moves to another state chosen
    /// uniformly (two states: on/off alternation). Starts in the first state.
    case mmpp(states: [ModulatingState])
    /// Poisson with a piecewise-constant rate λ(t): `segments` sorted by start time, the first
    /// starting at 0; the last rate holds from its start on.
    case piecewise(segments: [RateSegment])

    public struct ModulatingState: Equatable, Sendable {
        public var ratePerSecond: Double
        public var meanSojournSeconds: Double
        public init(ratePerSecond: Double, meanSojournSeconds: Double) {
            self.ratePerSecond = ratePerSecond
            self.meanSojournSeconds = meanSojournSeconds
        }
    }

    public struct RateSegment: Equatable, Sendable {
        public var startSeconds: Double
        public var ratePerSecond: Double
        public init(startSeconds: Double, ratePerSecond: Double) {
            self.startSeconds = startSeconds
            self.ratePerSecond = ratePerSecond
        }
    }

    /// The long-run mean rate (requests/s): for an MMPP, Σ λᵢ·mᵢ / Σ mᵢ (every state is
    /// visited equally often, so time in a state is proportional to its mean sojourn); for a
    /// piecewise rate, the last segment's.
    public var meanRatePerSecond: Double {
        switch self {
        case .poisson(let rate), .constant(let rate), .gamma(let rate, _): rate
        case .mmpp(let states):
            states.reduce(0) { $0 + $1.ratePerSecond * $1.meanSojournSeconds }
                / states.reduce(0) { $0 + $1.meanSojournSeconds }
        case .piecewise(let segments): segments.last?.ratePerSecond ?? 0
        }
    }
}

extension ArrivalProcess {
    /// The same process with every rate multiplied so that the mean rate is `rate`.
    public func scaled(toMeanRate rate: Double) -> ArrivalProcess {
        let factor = meanRatePerSecond > 0 ? rate / meanRatePerSecond : 1
        switch self {
        case .poisson: return .poisson(ratePerSecond: rate)
        case .constant: return .constant(ratePerSecond: rate)
        case .gamma(_, let cv): return .gamma(ratePerSecond: rate, cv: cv)
        case .mmpp(let states):
            return .mmpp(states: states.map { .init(ratePerSecond: $0.ratePerSecond * factor, meanSojournSeconds: $0.meanSojournSeconds) })
        case .piecewise(let segments):
            return .piecewise(segments: segments.map { .init(startSeconds: $0.startSeconds, ratePerSecond: $0.ratePerSecond * factor) })
        }
    }
}
