/// Bad input to a planning command — a sweep axis, a shard, an SLO, a CI target — named by
/// the option or file it came from, with the value and what is allowed. The CLI prints it and
/// exits with status 2.
///
///     --shard: '4/4' is not valid; expected i/n with 0 ≤ i < n (e.g. 0/4)
public struct PlanningInputError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Where the bad value came from: `"--set"`, `"--shard"`, `"--slo"`, a file path.
    public var option: String
    /// What is wrong with it.
    public var message: String

    public init(option: String, _ message: String) {
        self.option = option
        self.message = message
    }

    public var description: String { "\(option): \(message)" }
}
