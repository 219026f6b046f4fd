import Foundation

/// A comma-separated file read into a header and rows of fields: the small reader that the
/// validation data needs (no quoting; lines starting with `#` are comments).
struct CSVTable: Sendable {
    let header: [String]
    let rows: [[Substring]]
    private let index: [String: Int]

    /// Reads `path`.
    /// - Throws: ``OpValidationError/unreadable(path:reason:)`` when the file cannot be read or has
    ///   no header.
    /// - Complexity: O(size of the file).
    init(path: String) throws(OpValidationError) {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw .unreadable(path: path, reason: "\(error.localizedDescription)")
        }
        try self.init(text: text, path: path)
    }

    /// Parses CSV `text`; `path` only names it in errors.
    init(text: String, path: String = "<text>") throws(OpValidationError) {
        var lines = text.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("#") && !$0.isEmpty }
        guard !lines.isEmpty else { throw .unreadable(path: path, reason: "no header line") }
        let head = lines.removeFirst()
        header = head.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        rows = lines.map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        var index: [String: Int] = [:]
        for (i, name) in header.enumerated() where index[name] == nil { index[name] = i }
        self.index = index
    }

    func has(_ column: String) -> Bool { index[column] != nil }

    /// The field of `column` in `row` as a number, nil when missing or empty.
    func number(_ row: [Substring], _ column: String) -> Double? {
        guard let i = index[column], i < row.count else { return nil }
        return Double(row[i])
    }

    func string(_ row: [Substring], _ column: String) -> String? {
        guard let i = index[column], i < row.count else { return nil }
        return String(row[i])
    }
}

/// Why validation data could not be used.
public enum OpValidationError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case missingColumn(path: String, column: String)
    case noData(directory: String)
    /// The file has none of the rows a check needs (`what`).
    case noRows(path: String, what: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason): return "cannot read \(path): \(reason)"
        case let .missingColumn(path, column): return "\(path) has no column '\(column)'"
        case let .noData(directory):
            return "no validation files (a100/*.mlp.csv, a100/*.attention.samples.csv, network/*.all_reduce.csv) under \(directory)"
        case let .noRows(path, what): return "\(path) has no \(what)"
        }
    }
}
