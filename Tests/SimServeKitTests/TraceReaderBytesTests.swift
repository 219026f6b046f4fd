import XCTest
@testable import SimServeKit
import TestSupport

/// The byte-level CSV trace reader gives exactly the rows and the errors of the general one.
final class TraceReaderBytesTests: XCTestCase {
    /// Reads `text` from a file (the fast path first) and parses it as text (the general
    /// reader); both must give the same rows, or the same error.
    private func assertSameAsGeneral(_ text: String, _ label: String, name: String = "trace.csv",
                                     file: StaticString = #filePath, line: UInt = #line) throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let read = Result { () throws(TraceReader.Failure) in try TraceReader.read(path: path) }
        let parsed = Result { () throws(TraceReader.Failure) in try TraceReader.parse(text, path: path) }
        switch (read, parsed) {
        case (.success(let a), .success(let b)):
            XCTAssertEqual(a, b, label, file: file, line: line)
        case (.failure(let a), .failure(let b)):
            XCTAssertEqual(a, b, label, file: file, line: line)
        default:
            XCTFail("\(label): read \(read), parse \(parsed)", file: file, line: line)
        }
    }

    func testRandomTracesGiveTheGeneralReadersRows() throws {
        var generator = SeededGenerator(seed: 4)
        for trial in 0..<40 {
            let withID = trial % 2 == 0
            let terminator = ["\n", "\r\n", "\r"][trial % 3]
            var text = "arrived_at, num_prefill_tokens ,num_decode_tokens" + (withID ? ",request_id" : "") + terminator
            var time = Double(Int.random(in: 0...5, using: &generator))
            for i in 0..<200 {
                time += Double.random(in: 0...2, using: &generator)
                let digits = Int.random(in: 0...17, using: &generator)
                let timeText = digits == 0 ? String(Int(time)) : String(format: "%.\(digits)f", time)
                let pad = i % 7 == 0 ? " \t" : ""
                text += pad + timeText + pad + "," + String(Int.random(in: 1...4096, using: &generator)) + ","
                    + pad + String(Int.random(in: 1...1024, using: &generator))
                if withID { text += ",r-\(i)" }
                text += terminator
                if i % 50 == 0 { text += "  " + terminator }  // blank lines are skipped
            }
            try assertSameAsGeneral(text, "trial \(trial)")
        }
    }

    /// What the fast path does not read itself — other number forms, non-ASCII text, bad rows —
    /// the general reader reads, errors included.
    func testUnusualInputGivesTheGeneralReadersAnswer() throws {
        let header = "arrived_at,num_prefill_tokens,num_decode_tokens\n"
        let bodies = [
            "1e3,10,10\n", "+5,10,10\n", ".5,10,10\n", "5.,10,10\n", "0x10,10,10\n", "1.5,+10,10\n",
            "1.5,10\n", "1.5,10,10,9\n", "2,10,10\n1,10,10\n", "1,0,10\n", "-1,10,10\n", "nan,10,10\n",
            "1,10,10 é\n", "", "\n\n", "1,99999999999999999999,10\n",
            "12345678901234567890.5,1,1\n", "0.12345678901234567890123,1,1\n",
            "1,10,10\u{2028}2,10,10\n", "1,10,10\n\u{0B}\n",
        ]
        for body in bodies { try assertSameAsGeneral(header + body, body.debugDescription) }
        // A NUL byte: the file is refused as binary before any parsing, as before.
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("nul.csv").path
        try Data((header + "1,10,10\0\n").utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try TraceReader.read(path: path)) { error in
            XCTAssertTrue("\(error)".contains("not UTF-8 text"), "\(error)")
        }
        try assertSameAsGeneral("TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.6805900,4808,10\n2023-11-16 18:15:50.9951690,3180,8\n",
                                "Azure layout")
        try assertSameAsGeneral("a,b,c\n1,2,3\n", "unknown header")
    }

    /// JSON lines (the Mooncake layout): the same rows, prefixes and errors as through
    /// `JSONSerialization`.
    func testJSONLinesGiveTheGeneralReadersRows() throws {
        var generator = SeededGenerator(seed: 8)
        var text = ""
        var time = 0
        for i in 0..<300 {
            time += Int.random(in: 0...900, using: &generator)
            let ids = (0..<Int.random(in: 0...6, using: &generator)).map { _ in String(Int.random(in: 0...5_000, using: &generator)) }
            let extra = i % 5 == 0 ? #", "note": "x y", "flag": true, "other": null, "n": -3"# : ""
            text += #"{"timestamp": \#(time), "input_length": \#(Int.random(in: 1...9_000, using: &generator)), "#
                + #""output_length": \#(Int.random(in: 1...900, using: &generator)), "hash_ids": [\#(ids.joined(separator: ", "))]\#(extra)}"#
                + (i % 3 == 0 ? "\r\n" : "\n")
        }
        try assertSameAsGeneral(text, "generated", name: "trace.jsonl")
        let unusual = [
            #"{"timestamp": 1.5, "input_length": 10, "output_length": 10}"#,
            #"{"timestamp": 007, "input_length": 10, "output_length": 10}"#,
            #"{"timestamp": 7, "input_length": 10}"#,
            #"{"timestamp": 7, "input_length": 10, "output_length": 10, "hash_ids": null}"#,
            #"{"timestamp": 7, "input_length": 10, "output_length": 10, "meta": {"a": 1}}"#,
            #"{"timestamp": -7, "input_length": 10, "output_length": 10}"#,
            #"{"timestamp": 7, "input_length": 0, "output_length": 10}"#,
            #"{"timestamp": 7, "input_length": 10, "output_length": 10, "x": "\u00e9"}"#,
            "{\"timestamp\": 9, \"input_length\": 10, \"output_length\": 10}\n{\"timestamp\": 7, \"input_length\": 10, \"output_length\": 10}",
            "not json", "   ", "",
        ]
        for body in unusual { try assertSameAsGeneral(body + "\n", body, name: "trace.jsonl") }
    }
}
