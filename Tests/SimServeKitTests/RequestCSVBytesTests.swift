import XCTest
@testable import SimServeKit
import TestSupport

/// requests.csv is written byte by byte as the text formatting would write it.
final class RequestCSVBytesTests: XCTestCase {
    func testNumbersAsTheTextFormattingWritesThem() {
        var generator = SeededGenerator(seed: 11)
        var values: [Double] = [0, 1, -1, 0.5, 1e-9, 4e-10, 6e-10, -2.5e-7, 123_456.000_000_001, 1e9, -1e9, 0.1 + 0.2, 1e12]
        for _ in 0..<5_000 { values.append(Double.random(in: -1e5...1e5, using: &generator)) }
        for _ in 0..<5_000 { values.append(exp(Double.random(in: log(1e-10)...log(1e6), using: &generator))) }
        for value in values {
            var out = CSVBytes(capacity: 32)
            out.append(seconds: value)
            XCTAssertEqual(String(decoding: out.bytes, as: UTF8.self), seconds(value), "\(value)")
        }
        for value in [0, 7, -7, 10, 1_000_000, Int.max, Int.min] + (0..<1_000).map({ _ in Int.random(in: -1_000_000...1_000_000, using: &generator) }) {
            var out = CSVBytes(capacity: 32)
            out.append(integer: value)
            XCTAssertEqual(String(decoding: out.bytes, as: UTF8.self), String(value))
        }
    }

    /// The requests.csv of a run, read back: one line per request in index order, its times as
    /// the records give them.
    func testRunWritesEveryRecordInIndexOrder() throws {
        let (scenario, result) = try TestSupport.run(ServingTests.chat)
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("requests.csv").path
        try RequestCSV.write(result.records, classNames: ["default"], tenantNames: [], to: path)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.first.map(String.init), RequestCSV.header)
        XCTAssertEqual(lines.count - 1, scenario.serving.keepRequestRecords ? result.summary.arrived : 0)
        for (line, record) in zip(lines.dropFirst(), result.records) {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            XCTAssertEqual(fields.count, 18)
            XCTAssertEqual(fields[0], String(record.index))
            XCTAssertEqual(fields[2], record.outcome.rawValue)
            XCTAssertEqual(fields[4], seconds(record.arrival))
            XCTAssertEqual(fields[12], record.queueDelay.map(seconds) ?? "")
            XCTAssertEqual(fields[15], record.e2e.map(seconds) ?? "")
            XCTAssertEqual(fields[16], "default")
        }
    }
}
