import SimCore

/// Draws the arrival times of an `ArrivalProcess`, one at a time, keeping the modulating state
/// and, for a staged load, the current stage.
///
/// Modulated and time-varying Poisson processes are sampled exactly by memorylessness: draw an
/// exponential gap at the current rate; if it ends past the current state's (or segment's)
/// end, move to that end, switch, and draw again. Load stages switch the same way: a gap that
/// would cross into the next stage is dropped and the process restarts at the stage's start
/// at the stage's rate (exact for Poisson; a renewal restart for Gamma; a constant-rate
/// stage sends its first request at its start, as load generators do).
struct ArrivalClock {
    private var process: ArrivalProcess
    private let stages: [LoadStage]
    private let gaps: RandomStream
    private let states: RandomStream
    private(set) var nowSeconds = 0.0
    private var state = 0
    private var stateEndsSeconds: Double
    /// The load stage in progress and when it ends (∞ without stages).
    private var stage = 0
    private var stageEndsSeconds: Double
    /// Constant rate: arrivals at `constantOrigin + k/rate`, k = `constantSent`, …
    private var constantOrigin = 0.0
    private var constantSent = 0

    /// `stages`, when given, set the rate of `process` (constant, Poisson or Gamma) stage by
    /// stage; the caller ends the workload at the end of the last stage.
    init(process: ArrivalProcess, stages: [LoadStage] = [], gaps: RandomStream, states: RandomStream) {
        self.stages = stages
        self.process = stages.first.map { process.scaled(toMeanRate: $0.ratePerSecond) } ?? process
        self.stageEndsSeconds = stages.first?.durationSeconds ?? .infinity
        self.gaps = gaps
        self.states = states
        switch process {
        case .mmpp(let modulating):
            precondition(stages.isEmpty, "load stages need a constant, Poisson or Gamma arrival process")
            stateEndsSeconds = states.exponential(mean: modulating[0].meanSojournSeconds)
        case .piecewise(let segments):
            precondition(stages.isEmpty, "load stages need a constant, Poisson or Gamma arrival process")
            stateEndsSeconds = segments.count > 1 ? segments[1].startSeconds : .infinity
        case .poisson, .constant, .gamma:
            stateEndsSeconds = .infinity
        }
    }

    /// Advances to the next arrival and returns its time in seconds.
    ///
    /// A NaN gap (a distribution pushed past what a `Double` holds; the scenario's ranges keep
    /// inputs away from it) would stop the run at the conversion to simulated time: it ends
    /// the arrivals instead (+∞, past every limit and horizon).
    mutating func next() -> Double {
        while true {
            var candidate = nextWithinStage()
            if candidate.isNaN { candidate = .infinity }
            if candidate < stageEndsSeconds || stage + 1 >= stages.count {
                nowSeconds = candidate
                if case .constant = process { constantSent += 1 }
                return candidate
            }
            nowSeconds = stageEndsSeconds
            stage += 1
            stageEndsSeconds += stages[stage].durationSeconds
            process = process.scaled(toMeanRate: stages[stage].ratePerSecond)
            constantOrigin = nowSeconds
            constantSent = 0
        }
    }

    /// The next arrival of the current process, ignoring stage ends.
    private mutating func nextWithinStage() -> Double {
        switch process {
        case .constant(let rate):
            // From the origin, not by adding gaps: no float drift over a long run.
            return constantOrigin + Double(constantSent) / rate
        case .poisson(let rate):
            return nowSeconds + gaps.exponential(mean: 1 / rate)
        case .gamma(let rate, let cv):
            let shape = 1 / (cv * cv)
            return nowSeconds + gaps.gamma(shape: shape, scale: 1 / (rate * shape))
        case .mmpp(let modulating):
            while true {
                let rate = modulating[state].ratePerSecond
                let candidate = rate > 0 ? nowSeconds + gaps.exponential(mean: 1 / rate) : .infinity
                if candidate < stateEndsSeconds { return candidate }
                nowSeconds = stateEndsSeconds
                state = nextState(after: state, of: modulating.count)
                stateEndsSeconds = nowSeconds + states.exponential(mean: modulating[state].meanSojournSeconds)
            }
        case .piecewise(let segments):
            while true {
                let rate = segments[state].ratePerSecond
                let candidate = rate > 0 ? nowSeconds + gaps.exponential(mean: 1 / rate) : .infinity
                if candidate < stateEndsSeconds { return candidate }
                precondition(stateEndsSeconds.isFinite, "the last rate segment has rate 0: no more arrivals")
                nowSeconds = stateEndsSeconds
                state += 1
                stateEndsSeconds = state + 1 < segments.count ? segments[state + 1].startSeconds : .infinity
            }
        }
    }

    private func nextState(after current: Int, of count: Int) -> Int {
        guard count > 2 else { return (current + 1) % count }
        let pick = states.uniformInt(below: count - 1)
        return pick >= current ? pick + 1 : pick
    }
}
