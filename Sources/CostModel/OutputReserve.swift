/// How an engine's admission keeps KV cache free for the output its running requests have
/// still to produce (SGLang's `new_token_ratio`, `python/sglang/srt/managers/scheduler.py` and
/// `schedule_policy.py`, v0.3–0.4; read, no code taken).
///
/// A waiting request is admitted only if, after its prompt's blocks, the free KV still holds
/// its own remaining output in full plus `ratio` × the remaining output of every running
/// request (each request's output length is known to the engine: the benchmark clients send
/// it as `max_new_tokens`). The ratio starts at `initialRatio`, falls by
/// (initial − min)/`decaySteps` at every decode step down to `minRatio`, and after a
/// preemption is raised to (tokens decoded + `retractSteps` × running)/(their output lengths),
/// capped at 1: room for `retractSteps` more steps of every survivor. A replica that has run
/// dry starts again from `initialRatio`. SGLang clips each request's estimate at 4,096 tokens
/// (`SGLANG_CLIP_MAX_NEW_TOKENS_ESTIMATION`); this does not.
///
/// `initialRatio` 0 turns it off: admission then needs only the prompt's blocks and decodes
/// that run out of blocks preempt (vLLM's way).
public struct OutputReserve: Equatable, Sendable {
    public var initialRatio: Double
    public var minRatio: Double
    /// Decode steps over which the ratio falls from `initialRatio` to `minRatio`.
    public var decaySteps: Double
    /// Steps of every surviving request the ratio makes room for after a preemption.
    public var retractSteps: Double

    public init(initialRatio: Double, minRatio: Double, decaySteps: Double, retractSteps: Double) {
        self.initialRatio = initialRatio
        self.minRatio = minRatio
        self.decaySteps = decaySteps
        self.retractSteps = retractSteps
    }

    /// Admission on the prompt's blocks alone.
    public static let none = OutputReserve(initialRatio: 0, minRatio: 0, decaySteps: 600, retractSteps: 20)

    /// Whether admission keeps room for output at all.
    public var isActive: Bool { initialRatio > 0 }

    /// What the ratio falls by at each decode step.
    public var decayPerStep: Double { (initialRatio - minRatio) / decaySteps }

    /// The ratio after a preemption: room for `retractSteps` more tokens of each of `running`
    /// requests that have `decoded` of their `outputTokens` so far.
    public func ratioAfterPreemption(decoded: Int, running: Int, outputTokens: Int) -> Double {
        guard outputTokens > 0 else { return initialRatio }
        return min(1, (Double(decoded) + retractSteps * Double(running)) / Double(outputTokens))
    }

    /// The problems of these figures, each as (key, message); empty when usable.
    public var problems: [(key: String, message: String)] {
        var found: [(String, String)] = []
        if !(0...1).contains(initialRatio) {
            found.append(("output_reserve_ratio", "must be a fraction from 0 (off) to 1, got \(initialRatio)"))
        }
        if !(0...1).contains(minRatio) || (initialRatio > 0 && minRatio > initialRatio) {
            found.append(("output_reserve_min_ratio", "must be a fraction from 0 to output_reserve_ratio (\(initialRatio)), got \(minRatio)"))
        }
        if !(decaySteps >= 1 && decaySteps <= 1e9) {
            found.append(("output_reserve_decay_steps", "must be a number of decode steps from 1 to 1e9, got \(decaySteps)"))
        }
        if !(retractSteps >= 0 && retractSteps <= 1e6) {
            found.append(("retract_reserve_steps", "must be a number of decode steps from 0 to 1e6, got \(retractSteps)"))
        }
        return found
    }
}
