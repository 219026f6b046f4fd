import SimCore

/// How requests arrive, chosen by `kind` in a scenario.
public enum ArrivalProcess: Equatable, Sendable {
    /// Poisson arrivals at `ratePerSecond`: exponential gaps, not truncated.
    case poisson(ratePerSecond: Double)
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
        case .poisson(let rate), .gamma(let rate, _): rate
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
        case .gamma(_, let cv): return .gamma(ratePerSecond: rate, cv: cv)
        case .mmpp(let states):
            return .mmpp(states: states.map { .init(ratePerSecond: $0.ratePerSecond * factor, meanSojournSeconds: $0.meanSojournSeconds) })
        case .piecewise(let segments):
            return .piecewise(segments: segments.map { .init(startSeconds: $0.startSeconds, ratePerSecond: $0.ratePerSecond * factor) })
        }
    }
}

/// Draws the arrival times of an `ArrivalProcess`, one at a time, keeping the modulating state.
///
/// Modulated and time-varying Poisson processes are sampled exactly by memorylessness: draw an
/// exponential gap at the current rate; if it ends past the current state's (or segment's)
/// end, move to that end, switch, and draw again.
struct ArrivalClock {
    let process: ArrivalProcess
    private let gaps: RandomStream
    private let states: RandomStream
    private(set) var nowSeconds = 0.0
    private var state = 0
    private var stateEndsSeconds: Double

    init(process: ArrivalProcess, gaps: RandomStream, states: RandomStream) {
        self.process = process
        self.gaps = gaps
        self.states = states
        switch process {
        case .mmpp(let modulating):
            stateEndsSeconds = states.exponential(mean: modulating[0].meanSojournSeconds)
        case .piecewise(let segments):
            stateEndsSeconds = segments.count > 1 ? segments[1].startSeconds : .infinity
        case .poisson, .gamma:
            stateEndsSeconds = .infinity
        }
    }

    /// Advances to the next arrival and returns its time in seconds.
    mutating func next() -> Double {
        switch process {
        case .poisson(let rate):
            nowSeconds += gaps.exponential(mean: 1 / rate)
        case .gamma(let rate, let cv):
            let shape = 1 / (cv * cv)
            nowSeconds += gaps.gamma(shape: shape, scale: 1 / (rate * shape))
        case .mmpp(let modulating):
            while true {
                let rate = modulating[state].ratePerSecond
                let candidate = rate > 0 ? nowSeconds + gaps.exponential(mean: 1 / rate) : .infinity
                if candidate < stateEndsSeconds { nowSeconds = candidate; break }
                nowSeconds = stateEndsSeconds
                state = nextState(after: state, of: modulating.count)
                stateEndsSeconds = nowSeconds + states.exponential(mean: modulating[state].meanSojournSeconds)
            }
        case .piecewise(let segments):
            while true {
                let rate = segments[state].ratePerSecond
                let candidate = rate > 0 ? nowSeconds + gaps.exponential(mean: 1 / rate) : .infinity
                if candidate < stateEndsSeconds { nowSeconds = candidate; break }
                precondition(stateEndsSeconds.isFinite, "the last rate segment has rate 0: no more arrivals")
                nowSeconds = stateEndsSeconds
                state += 1
                stateEndsSeconds = state + 1 < segments.count ? segments[state + 1].startSeconds : .infinity
            }
        }
        return nowSeconds
    }

    private func nextState(after current: Int, of count: Int) -> Int {
        guard count > 2 else { return (current + 1) % count }
        let pick = states.uniformInt(below: count - 1)
        return pick >= current ? pick + 1 : pick
    }
}
