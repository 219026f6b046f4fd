/// Decodes `Decodable` values from a ``ConfigTable``, reporting every problem at once.
///
/// Unlike TOMLKit's own decoder, `ConfigDecoder` names each problem by its key path, says
/// what was expected and what was found, and rejects keys that the decoded type never
/// reads — a user's typo never passes silently:
///
///     struct Scenario: Decodable { var scheduler: Scheduler; var seed: Int? }
///     struct Scheduler: Decodable { var max_batch_size: Int? }
///
///     let table = try ConfigTable.parse(toml: text, source: "chat.toml")
///     let scenario = try ConfigDecoder().decode(Scenario.self, from: table, source: "chat.toml")
///     // Scenario 'chat.toml' is not valid (2 problems):
///     //   - scheduler.max_batch_szie: unknown key; did you mean 'max_batch_size'?
///     //   - seed: expected an integer, found a string ("x")
///
/// The rules:
///
/// - A wrong value for an optional property (`decodeIfPresent`) is recorded and read as
///   `nil`, so decoding goes on. A wrong or missing required value is recorded and stops
///   the decoding of its parent, which is then not recorded again.
/// - A `DecodingError` thrown by a type's own `init(from:)` is recorded at its coding path,
///   with its `debugDescription` as the message.
/// - Integers convert to floating point; a float converts to an integer only if it is
///   integral and in range. Nothing converts to or from a string.
/// - A key that nobody asked about is unknown. In a table decoded to the end, that is any
///   key not read. In a table whose decoding stopped early, only a key that its coding keys
///   do not accept and that is close to one they asked about (a likely typo); the rest show
///   once the first problems are fixed. Tables never reached are not checked.
/// - Under this decoder, a failed attempt is recorded even if the caller catches it with
///   `try?`. A type that must inspect a value's shape first decodes a ``ConfigValue``.
///
/// Issues come out in the schema's order (``ConfigIssueSink/schemaPosition(of:)``): by the
/// order the type declares its keys, unknown keys after a table's known ones, by name; then in
/// the order they were found.
public struct ConfigDecoder: Sendable {
    /// Creates a decoder.
    public init() {}

    /// Decodes a `T` from `table`.
    ///
    /// - Parameters:
    ///   - type: The type to decode.
    ///   - table: The table to decode it from.
    ///   - source: Where `table` came from (a file name), for the error's heading.
    ///   - keyPathPrefix: Keys prepended to every key path in messages, for a table that
    ///     was taken out of a larger one (`["model"]` when decoding the `[model]` table).
    /// - Throws: ``ScenarioError`` with every problem found.
    /// - Complexity: O(*n* · *k*) for a table tree of *n* values and tables of *k* keys.
    public func decode<T: Decodable>(
        _ type: T.Type, from table: ConfigTable, source: String, keyPathPrefix: [String] = []
    ) throws(ScenarioError) -> T {
        let (value, issues) = decodeCollectingIssues(type, from: table, keyPathPrefix: keyPathPrefix)
        if let value, issues.isEmpty { return value }
        throw ScenarioError(source: source, issues: issues.isEmpty
            ? [ScenarioIssue(keyPath: keyPathPrefix.joined(separator: "."), message: "the scenario could not be decoded")]
            : issues)
    }

    /// Decodes a `T` from `table` and returns it even when problems were found that did not
    /// stop the decoding (unknown keys, wrong optional values read as nil), with every
    /// problem — so that a caller can go on checking the value and report all at once.
    ///
    /// - Returns: The value, or nil when a required value was missing or wrong; and the
    ///   problems in the schema's order.
    public func decodeCollectingIssues<T: Decodable>(
        _ type: T.Type, from table: ConfigTable, keyPathPrefix: [String] = []
    ) -> (value: T?, issues: [ScenarioIssue]) {
        let sink = ConfigIssueSink()
        let result = try? ConfigValueDecoder.decode(type, from: .table(table), at: [], sink: sink)
        let found = sink.issues + sink.unknownKeyIssues()
        let prefix = keyPathPrefix.map(ConfigPathComponent.key)
        let issues = found.enumerated()
            .map { offset, issue in (issue, offset, sink.schemaPosition(of: issue.path)) }
            .sorted { lhs, rhs in
                lhs.2 == rhs.2 ? lhs.1 < rhs.1 : lhs.2.lexicographicallyPrecedes(rhs.2)
            }
            .map { issue, _, _ in
                ScenarioIssue(keyPath: (prefix + issue.path).keyPathDescription, message: issue.message)
            }
        return (result, issues)
    }
}
