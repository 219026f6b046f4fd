import Foundation
import SimSupport

/// Checks that a sweep directory's three files agree row by row before anything is merged:
/// the CSV ends with a line break (not cut mid-line), every CSV row has the header's field
/// count, and every CSV row is exactly the JSONL row rendered as CSV (same columns, same
/// values) — so a truncated, edited or foreign file is refused with what is wrong.
extension SweepFiles {
    /// Refuses text that does not end with a line break: the writer was cut mid-line.
    static func checkComplete(_ data: Data, path: String) throws(SweepFilesError) {
        guard data.isEmpty || data.last == UInt8(ascii: "\n") else {
            throw .unreadable(path: path, reason: "the file ends mid-line (no line break after its last row): it was cut while being written")
        }
    }

    /// Checks the header and one row of `sweep.csv` (line `line`) against `sweep.jsonl`'s.
    static func checkRow(csvHeader: String, csvLine: String, jsonLine: String, line: Int,
                         directory: String) throws(SweepFilesError) {
        let headerFields = fieldCount(csvHeader), rowFields = fieldCount(csvLine)
        guard rowFields == headerFields else {
            throw .unreadable(path: directory + "/" + csvName,
                              reason: "line \(line) has \(rowFields) fields; the header has \(headerFields)")
        }
        guard let columns = flatJSONObject(jsonLine) else {
            throw .unreadable(path: directory + "/" + jsonlName, reason: "line \(line - 1) is not a JSON object of scalars")
        }
        let expectedHeader = columns.map { CSVText.escape($0.key) }.joined(separator: ",")
        guard expectedHeader == csvHeader else {
            throw .unreadable(path: directory, reason: "\(jsonlName) line \(line - 1) has other columns (\(columns.count)) than the header of \(csvName) (\(headerFields))")
        }
        let expected = columns.map(\.csvCell).joined(separator: ",")
        guard expected == csvLine else {
            let cells = splitFields(csvLine)
            let differing = zip(columns, cells).first { $0.0.csvCell != $0.1 }
            let detail = differing.map { "column '\($0.0.key)': \(csvName) has '\($0.1)', \(jsonlName) '\($0.0.csvCell)'" } ?? "the rows differ"
            throw .unreadable(path: directory, reason: "\(csvName) line \(line) does not match \(jsonlName) line \(line - 1) (\(detail)); was one of them edited or copied from another sweep?")
        }
    }

    /// Fields of a CSV line, quotes honoured (RFC 4180).
    static func fieldCount(_ line: String) -> Int { splitFields(line).count }

    static func splitFields(_ line: String) -> [String] {
        var fields: [String] = [], current = "", quoted = false
        for character in line {
            if character == "\"" { quoted.toggle() }
            if character == ",", !quoted {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }

    /// One column of a JSONL row: its key and its value as written.
    struct JSONCell {
        var key: String
        var raw: String
        var string: String?

        /// The CSV cell ``SweepRow`` writes for this value.
        var csvCell: String {
            if let string { return CSVText.escape(string) }
            return raw == "null" ? "" : raw
        }
    }

    /// The columns of a flat JSON object `{"k":v,…}` whose values are scalars, in order; nil
    /// when the line is anything else.
    static func flatJSONObject(_ line: String) -> [JSONCell]? {
        let chars = Array(line.utf8)
        var i = 0
        func skipBlanks() { while i < chars.count, chars[i] == 32 || chars[i] == 9 { i += 1 } }
        func stringToken() -> String? {
            guard i < chars.count, chars[i] == UInt8(ascii: "\"") else { return nil }
            let start = i
            i += 1
            while i < chars.count, chars[i] != UInt8(ascii: "\"") { i += chars[i] == UInt8(ascii: "\\") ? 2 : 1 }
            guard i < chars.count else { return nil }
            i += 1
            let raw = String(decoding: chars[start..<i], as: UTF8.self)
            return (try? JSONSerialization.jsonObject(with: Data(raw.utf8), options: .fragmentsAllowed)) as? String
        }
        skipBlanks()
        guard i < chars.count, chars[i] == UInt8(ascii: "{") else { return nil }
        i += 1
        var cells: [JSONCell] = []
        while true {
            skipBlanks()
            if i < chars.count, chars[i] == UInt8(ascii: "}"), cells.isEmpty { i += 1; break }
            guard let key = stringToken() else { return nil }
            skipBlanks()
            guard i < chars.count, chars[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            skipBlanks()
            if i < chars.count, chars[i] == UInt8(ascii: "\"") {
                let start = i
                guard let value = stringToken() else { return nil }
                cells.append(JSONCell(key: key, raw: String(decoding: chars[start..<i], as: UTF8.self), string: value))
            } else {
                let start = i
                while i < chars.count, chars[i] != UInt8(ascii: ","), chars[i] != UInt8(ascii: "}") { i += 1 }
                let raw = String(decoding: chars[start..<i], as: UTF8.self).trimmingCharacters(in: .whitespaces)
                guard raw == "null" || raw == "true" || raw == "false" || Double(raw) != nil else { return nil }
                cells.append(JSONCell(key: key, raw: raw, string: nil))
            }
            skipBlanks()
            guard i < chars.count else { return nil }
            if chars[i] == UInt8(ascii: ",") { i += 1; continue }
            guard chars[i] == UInt8(ascii: "}") else { return nil }
            i += 1
            break
        }
        skipBlanks()
        return i == chars.count ? cells : nil
    }
}

extension SweepMerge {
    /// Refuses an output directory that is one of the inputs (the merge would overwrite it).
    public static func checkOutput(_ output: String, isNotAmong directories: [String]) throws(SweepFilesError) {
        func canonical(_ path: String) -> String {
            URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        }
        let out = canonical(output)
        if let input = directories.first(where: { canonical($0) == out }) {
            throw .mismatch("--out '\(output)' is the input '\(input)'; the merge would overwrite it: write to another directory")
        }
    }
}
