/// One problem found in a scenario: where it is and what is wrong.
///
/// `keyPath` names the setting in TOML's own dotted notation, with array elements written
/// as indices (`workload.classes[2].name`); it is empty for problems that concern the whole
/// file, such as a syntax error.
public struct ScenarioIssue: Equatable, Sendable, CustomStringConvertible {
    /// The dotted key path of the offending setting, or `""` for a file-level problem.
    public var keyPath: String

    /// What is wrong, naming the bad value and what is allowed
    /// (`"unknown key; did you mean 'max_batch_size'?"`).
    public var message: String

    /// Creates an issue at `keyPath` (`""` for the whole file).
    public init(keyPath: String, message: String) {
        self.keyPath = keyPath
        self.message = message
    }

    /// The issue as one line: `"scheduler.max_batch_szie: unknown key; did you mean 'max_batch_size'?"`.
    public var description: String {
        keyPath.isEmpty ? message : "\(keyPath): \(message)"
    }
}

/// Every problem found in one scenario, reported together.
///
/// The scenario layer never stops at the first mistake: parsing, overrides and decoding
/// each collect all the issues they can find, so that a user fixes a file in one pass.
/// The issues follow the scenario's schema, never the file's layout: decoding problems in
/// the order each table's type declares its keys (unknown keys after the known ones), then
/// the checks in the order the sections are resolved.
///
///     Scenario 'chat.toml' is not valid (2 problems):
///       - scheduler.max_batch_szie: unknown key; did you mean 'max_batch_size'?
///       - seed: expected an integer, found a string ("x")
public struct ScenarioError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Where the scenario came from: its file name, or `"--set"` for a command-line override.
    public var source: String

    /// The problems, in the schema's order; never empty when thrown by this module.
    public var issues: [ScenarioIssue]

    /// Creates an error for `source` carrying `issues`.
    public init(source: String, issues: [ScenarioIssue]) {
        self.source = source
        self.issues = issues
    }

    /// Creates an error for `source` with a single issue.
    init(source: String, keyPath: String = "", message: String) {
        self.init(source: source, issues: [ScenarioIssue(keyPath: keyPath, message: message)])
    }

    /// A heading naming the source and the number of problems, then one indented line each.
    public var description: String {
        let count = issues.count == 1 ? "1 problem" : "\(issues.count) problems"
        let lines = issues.map { "\n  - \($0)" }.joined()
        return "Scenario '\(source)' is not valid (\(count)):\(lines)"
    }
}
