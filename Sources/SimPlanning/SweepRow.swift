import SimSupport

/// One row of a sweep table: the point's inputs, then the combined summary of its runs.
///
/// Columns, in order: `point`; each swept key with its value; `seed` (the first replication's);
/// `replications`; `status` (`ok`, or `does_not_fit: …` for a deployment too big for its
/// GPUs, whose figures are then null); `ci_target_met` with `--ci-target`; then every
/// summary column (``SummaryColumns``), each measured one followed by its `….ci95` half-width
/// when the sweep is replicated. A whole sweep over the GPU count appends the two scaling
/// efficiency columns (``SweepScaling``).
public struct SweepRow: Sendable {
    /// The point's index in the grid.
    public var index: Int
    public var columns: [(String, JSONValue)]

    public init(index: Int, columns: [(String, JSONValue)]) {
        self.index = index
        self.columns = columns
    }

    /// The value of `key`, or nil when the row has no such column.
    public subscript(key: String) -> JSONValue? {
        columns.first { $0.0 == key }?.1
    }

    /// A parameter value as JSON: an integer, a number, a boolean, a quoted string unquoted,
    /// anything else (`20ms`, `llama-2-7b`) as the string given.
    static func typedValue(_ text: String) -> JSONValue {
        if let i = Int(text) { return .int(i) }
        if let d = Double(text), d.isFinite, text.contains(where: \.isNumber) { return .number(d) }
        if text == "true" || text == "false" { return .bool(text == "true") }
        if text.count >= 2, let q = text.first, q == "\"" || q == "'", text.last == q {
            return .string(String(text.dropFirst().dropLast()))
        }
        return .string(text)
    }

    /// The row as one line of JSON (no newline): `{"point":0,"cluster.tp":1,…}`.
    public var jsonLine: String {
        "{" + columns.map { key, value in Self.compact(.string(key)) + ":" + Self.compact(value) }.joined(separator: ",") + "}"
    }

    /// The row as one CSV line (no newline): nulls empty, strings quoted when they hold a
    /// comma, quote or line break (RFC 4180).
    public var csvLine: String {
        columns.map { Self.csvCell($0.1) }.joined(separator: ",")
    }

    /// The CSV header for rows with these columns.
    public var csvHeader: String {
        columns.map { CSVText.escape($0.0) }.joined(separator: ",")
    }

    static func compact(_ value: JSONValue) -> String {
        switch value {
        case .string(let s):
            return String(JSONValue.string(s.replacingLineBreaks).serialized().dropLast())
        case .array, .object:
            preconditionFailure("sweep rows hold scalars only")
        default:
            return String(value.serialized().dropLast())
        }
    }

    static func csvCell(_ value: JSONValue) -> String {
        switch value {
        case .null: ""
        case .string(let s): CSVText.escape(s.replacingLineBreaks)
        default: compact(value)
        }
    }
}

extension String {
    /// The text with every line break replaced by a space, so that one row stays one line.
    fileprivate var replacingLineBreaks: String {
        String(map { $0.isNewline ? " " : $0 })
    }
}
