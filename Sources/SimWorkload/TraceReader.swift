import Foundation
import SimCore
import SimSupport

/// Reads a request trace from CSV, in either of the two layouts of the public traces:
///
/// - `arrived_at,num_prefill_tokens,num_decode_tokens[,request_id]` — arrival in seconds
///   (Vidur's processed Splitwise traces);
/// - `TIMESTAMP,ContextTokens,GeneratedTokens` — wall-clock timestamps such as
///   `2023-11-16 18:15:46.6805900` (the Azure LLM inference trace 2023, as published).
///
/// - JSON lines (`.jsonl`) with `timestamp` (ms), `input_length`, `output_length` and
///   `hash_ids` — the Mooncake traces (FAST 2025), whose hash ids name the prompt's 512-token
///   blocks, equal ids meaning a shared prefix.
///
/// Arrival times are made relative to the first row. Rows must be in time order.
public enum TraceReader {
    public struct Row: Equatable, Sendable {
        public var arrivalSeconds: Double
        public var promptTokens: Int
        public var outputTokens: Int
        public var requestID: String?
        /// Shared-prefix blocks given by the trace (Mooncake's `hash_ids`).
        public var prefix: PrefixKey = .none
    }

    public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        public var path: String
        public var line: Int?
        public var message: String
        public var description: String {
            if let line { return "Trace '\(path)', line \(line): \(message)" }
            return "Trace '\(path)': \(message)"
        }
    }

    /// Reads and validates the whole file.
    ///
    /// - Complexity: O(rows).
    public static func read(path: String) throws(Failure) -> [Row] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw Failure(path: path, line: nil, message: "cannot read the file (\(OutputFile.describe(error)))")
        }
        // The byte-level readers first; anything they do not read, the general ones below.
        let fast = data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            return path.hasSuffix(".jsonl") ? parseJSONLinesBytes(bytes) : parseCSVBytes(bytes)
        }
        if let fast { return fast }
        guard let text = String(data: data, encoding: .utf8), !text.contains("\0") else {
            throw Failure(path: path, line: nil, message: "not UTF-8 text (a binary file?); expected CSV or JSON lines")
        }
        return try parse(text, path: path)
    }

    /// Parses CSV text, or JSON lines when `path` ends in `.jsonl` (exposed for tests).
    public static func parse(_ text: String, path: String) throws(Failure) -> [Row] {
        if path.hasSuffix(".jsonl") { return try parseJSONLines(text, path: path) }
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
        guard let headerLine = lines.first else {
            throw Failure(path: path, line: nil, message: "the file is empty")
        }
        let header = headerLine.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let layout = try Layout(header: header, path: path)
        var rows: [Row] = []
        rows.reserveCapacity(lines.count - 1)
        var origin: Double?
        var previous = -Double.infinity
        for (offset, line) in lines.dropFirst().enumerated() {
            let lineNumber = offset + 2
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count >= layout.minimumFields, fields.count <= header.count else {
                throw Failure(path: path, line: lineNumber,
                              message: "expected \(header.count) fields, found \(fields.count)")
            }
            func field(_ i: Int) -> String { fields[i].trimmingCharacters(in: .whitespaces) }
            guard let absolute = layout.isTimestamp ? parseTimestamp(field(layout.time)) : Double(field(layout.time)),
                  absolute.isFinite
            else {
                throw Failure(path: path, line: lineNumber, message: "bad arrival time '\(field(layout.time))'")
            }
            guard layout.isTimestamp || absolute >= 0 else {
                throw Failure(path: path, line: lineNumber, message: "\(header[layout.time]) must be ≥ 0 s, found '\(field(layout.time))'")
            }
            guard let prompt = Int(field(layout.prompt)), Self.tokenRange.contains(prompt) else {
                throw Failure(path: path, line: lineNumber,
                              message: "\(header[layout.prompt]) must be an integer in \(Self.tokenRangeText), found '\(field(layout.prompt))'")
            }
            guard let output = Int(field(layout.output)), Self.tokenRange.contains(output) else {
                throw Failure(path: path, line: lineNumber,
                              message: "\(header[layout.output]) must be an integer in \(Self.tokenRangeText), found '\(field(layout.output))'")
            }
            let start = origin ?? absolute
            origin = start
            let arrival = absolute - start
            guard arrival <= SimTime.inputLimitSeconds else {
                throw Failure(path: path, line: lineNumber,
                              message: "arrival \(arrival) s after the first row; a trace may span at most 1e9 s (about 31.7 years: simulated time is integer nanoseconds)")
            }
            guard arrival >= previous else {
                throw Failure(path: path, line: lineNumber,
                              message: "arrival times must not decrease (\(arrival) s after \(previous) s)")
            }
            previous = arrival
            rows.append(Row(arrivalSeconds: arrival, promptTokens: prompt, outputTokens: output,
                            requestID: layout.id.map { field($0) }))
        }
        guard !rows.isEmpty else { throw Failure(path: path, line: nil, message: "the file has no requests") }
        return rows
    }

    /// Mooncake's layout: one JSON object per line.
    static func parseJSONLines(_ text: String, path: String) throws(Failure) -> [Row] {
        var rows: [Row] = []
        var origin: Double?
        var previous = -Double.infinity
        for (offset, line) in text.split(whereSeparator: \.isNewline).enumerated() {
            let lineNumber = offset + 1
            guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] else {
                throw Failure(path: path, line: lineNumber, message: "not a JSON object")
            }
            func integer(_ key: String) throws(Failure) -> Int {
                guard let value = object[key] as? Int else {
                    throw Failure(path: path, line: lineNumber, message: "'\(key)' must be an integer, found \(object[key].map { "\($0)" } ?? "nothing")")
                }
                return value
            }
            let timestamp = Double(try integer("timestamp")) / 1000
            let prompt = try integer("input_length"), output = try integer("output_length")
            guard tokenRange.contains(prompt), tokenRange.contains(output) else {
                throw Failure(path: path, line: lineNumber, message: "input_length and output_length must be in \(tokenRangeText), found \(prompt) and \(output)")
            }
            guard timestamp >= 0 else {
                throw Failure(path: path, line: lineNumber, message: "'timestamp' must be ≥ 0 ms, found \(timestamp * 1000)")
            }
            let ids = object["hash_ids"] as? [Int] ?? []
            guard ids.count <= tokenRange.upperBound / 512 else {
                throw Failure(path: path, line: lineNumber, message: "'hash_ids' names \(ids.count) blocks of 512 tokens; at most \(tokenRange.upperBound / 512)")
            }
            let start = origin ?? timestamp
            origin = start
            guard timestamp - start <= SimTime.inputLimitSeconds else {
                throw Failure(path: path, line: lineNumber,
                              message: "timestamp \(timestamp - start) s after the first row; a trace may span at most 1e9 s (about 31.7 years)")
            }
            guard timestamp - start >= previous else {
                throw Failure(path: path, line: lineNumber, message: "timestamps must not decrease")
            }
            previous = timestamp - start
            rows.append(Row(arrivalSeconds: timestamp - start, promptTokens: prompt, outputTokens: output,
                            requestID: nil, prefix: ids.isEmpty ? .none : .blocks(ids: ids, blockTokens: 512)))
        }
        guard !rows.isEmpty else { throw Failure(path: path, line: nil, message: "the file has no requests") }
        return rows
    }

    /// Token counts a row may give (``InputBounds/maxTokensPerRequest``).
    static let tokenRange = 1...InputBounds.maxTokensPerRequest
    static let tokenRangeText = "1...\(InputBounds.maxTokensPerRequest)"

    struct Layout {
        var time: Int, prompt: Int, output: Int, id: Int?
        var isTimestamp: Bool
        var minimumFields: Int { [time, prompt, output, id ?? 0].max()! + 1 }

        init(header: [String], path: String) throws(Failure) {
            func index(_ name: String) -> Int? { header.firstIndex(of: name) }
            if let t = index("arrived_at"), let p = index("num_prefill_tokens"), let o = index("num_decode_tokens") {
                (time, prompt, output, id, isTimestamp) = (t, p, o, index("request_id"), false)
            } else if let t = index("TIMESTAMP"), let p = index("ContextTokens"), let o = index("GeneratedTokens") {
                (time, prompt, output, id, isTimestamp) = (t, p, o, nil, true)
            } else {
                throw Failure(path: path, line: 1, message:
                    "unknown header '\(header.joined(separator: ","))'; expected 'arrived_at,num_prefill_tokens,num_decode_tokens[,request_id]' or 'TIMESTAMP,ContextTokens,GeneratedTokens'")
            }
        }
    }

    /// Seconds since 1970 of a `YYYY-MM-DD hh:mm:ss[.fraction]` timestamp (UTC, proleptic
    /// Gregorian), or nil when malformed.
    static func parseTimestamp(_ text: String) -> Double? {
        let parts = text.split(separator: " ")
        guard parts.count == 2 else { return nil }
        let date = parts[0].split(separator: "-").compactMap { Int($0) }
        let clock = parts[1].split(separator: ":")
        guard date.count == 3, clock.count == 3, let hour = Int(clock[0]), let minute = Int(clock[1]),
              let second = Double(clock[2]), (1...12).contains(date[1]), (1...31).contains(date[2])
        else { return nil }
        // Days from civil (Howard Hinnant's algorithm).
        let (y0, m, d) = (date[0], date[1], date[2])
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return Double(days * 86_400 + hour * 3_600 + minute * 60) + second
    }
}
