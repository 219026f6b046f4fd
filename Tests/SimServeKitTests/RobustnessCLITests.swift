import Foundation
import TestSupport
import XCTest

/// Issue 13 through the real executable: bad flags, traces and output paths exit 2 with a
/// message naming the option (or file:line), the value and what is allowed; merge refuses
/// slices that are truncated, edited, reordered or foreign, and never writes into an input.
final class RobustnessCLITests: XCTestCase {
    static let scenario = """
        name = "robust"
        seed = 5
        requests = 40
        model = "llama-2-7b"
        hardware = "a100-80gb"
        [workload]
        arrival = { kind = "poisson", rate = 5.0 }
        prompt_tokens = { kind = "fixed", value = 100 }
        output_tokens = { kind = "fixed", value = 20 }
        [assert]
        ttft_p99 = "2s"
        """

    private var directory: URL!

    override func setUpWithError() throws {
        directory = try TestSupport.temporaryDirectory()
        try Self.scenario.write(to: directory.appendingPathComponent("s.toml"), atomically: true, encoding: .utf8)
    }

    private func expectExit2(_ arguments: [String], _ expected: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let result = try TestSupport.runCLI(arguments, in: directory)
        XCTAssertEqual(result.status, 2, "\(arguments): \(result.stderr)", file: file, line: line)
        XCTAssertTrue(result.stderr.contains(expected), "\(arguments): \(result.stderr)", file: file, line: line)
    }

    func testNegativeNumbersReachTheirChecks() throws {
        try expectExit2(["plan", "s.toml", "--search", "cluster.tp=1,2", "--rate", "-5", "--no-headroom"],
                        "--rate: must be a number of requests per second in 1e-6...1e7, got -5.0")
        try expectExit2(["plan", "s.toml", "--search", "cluster.tp=1,2", "--rate", "1e-12"],
                        "--rate: must be a number of requests per second in 1e-6...1e7, got 1e-12")
        try expectExit2(["plan", "s.toml", "--search", "cluster.tp=1,2", "--memory-cap", "-1GB"],
                        "--memory-cap: '-1GB' is not a memory size")
        try expectExit2(["plan", "s.toml", "--search", "cluster.tp=1,2", "--top", "-1"], "--top: must be ≥ 1, got -1")
    }

    func testSizesOfSweepsAndSearchesAreBounded() throws {
        try expectExit2(["sweep", "s.toml", "--replications", "1000000000"], "--replications: must be in 1...10000, got 1000000000")
        try expectExit2(["plan", "s.toml", "--search", "cluster.tp=1:100000:1"],
                        "--search: 100000 points × 3 replications is more than 100000 simulations")
        try Self.scenario.replacingOccurrences(of: "requests = 40", with: "duration = \"900s\"")
            .write(to: directory.appendingPathComponent("big.toml"), atomically: true, encoding: .utf8)
        try expectExit2(["run", "big.toml", "--set", "workload.arrival.rate=1e7"],
                        "run size: the run would simulate about 9e+09 requests, more than the limit of 1e+08")
    }

    func testRepeatedKeysAreRefused() throws {
        try expectExit2(["run", "s.toml", "--set", "seed=1", "--set", "seed=2"], "--set: 'seed' is given twice ('seed=1' and 'seed=2')")
        try expectExit2(["plan", "s.toml", "--search", "cluster.tp=1", "--search", "cluster.tp=2"], "--search: 'cluster.tp' is given twice")
    }

    func testOutputDirectoriesAreCheckedBeforeTheRunWithTheSystemsReason() throws {
        try "x".write(to: directory.appendingPathComponent("afile"), atomically: true, encoding: .utf8)
        try expectExit2(["run", "s.toml", "--out", "afile/x"], "--out: cannot create the directory 'afile/x': 'afile' is not a directory")
        try expectExit2(["sweep", "s.toml", "--set", "seed=1,2", "--out", "afile/x"], "'afile' is not a directory")
    }

    private func trace(_ name: String, _ text: String) throws -> String {
        try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        return name
    }

    func testTraceRowsAreRangeChecked() throws {
        let header = "arrived_at,num_prefill_tokens,num_decode_tokens\n"
        try expectExit2(["run", "s.toml", "--trace", try trace("neg.csv", header + "0,10,10\n-1,10,10\n")],
                        "Trace 'neg.csv', line 3: arrived_at must be ≥ 0 s, found '-1'")
        try expectExit2(["run", "s.toml", "--trace", try trace("long.csv", header + "0,10,10,7,8\n")],
                        "line 2: expected 3 fields, found 5")
        try expectExit2(["run", "s.toml", "--trace", try trace("max.csv", header + "0,9223372036854775807,10\n")],
                        "line 2: num_prefill_tokens must be an integer in 1...10000000, found '9223372036854775807'")
        try expectExit2(["run", "s.toml", "--trace", try trace("late.csv", header + "0,10,10\n9300000000,10,10\n")],
                        "line 3: arrival 9300000000.0 s after the first row; a trace may span at most 1e9 s")
        try expectExit2(["run", "s.toml", "--trace", try trace("azure.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.68,10,10\n2090-11-16 18:15:46.68,10,10\n")],
                        "line 3: arrival")
        try Data([0x00, 0xff, 0xfe, 0x10, 0x80]).write(to: directory.appendingPathComponent("bin.csv"))
        try expectExit2(["run", "s.toml", "--trace", "bin.csv"], "Trace 'bin.csv': not UTF-8 text (a binary file?)")
    }

    /// A truncated, edited, reordered or foreign slice is refused with what is wrong; the
    /// output may not be one of the inputs.
    func testMergeValidatesEveryRowAndNeverOverwritesAnInput() throws {
        for shard in 0..<2 {
            let result = try TestSupport.runCLI(["sweep", "s.toml", "--set", "workload.arrival.rate=1,2,3", "--shard", "\(shard)/2",
                                                 "--out", "s\(shard)"], in: directory)
            XCTAssertEqual(result.status, 0, result.stderr)
        }
        try expectExit2(["merge", "s0", "s1", "--out", "s0"], "--out 's0' is the input 's0'; the merge would overwrite it")
        try expectExit2(["merge", "s0", "s1", "--out", "./s1/"], "is the input 's1'")
        let fm = FileManager.default
        func damaged(_ change: (inout [String]) -> Void, keepNewline: Bool = true) throws -> String {
            let copy = directory.appendingPathComponent("d\(UUID().uuidString.prefix(6))")
            try fm.copyItem(at: directory.appendingPathComponent("s0"), to: copy)
            let csv = copy.appendingPathComponent("sweep.csv")
            var lines = try String(contentsOf: csv, encoding: .utf8).split(separator: "\n").map(String.init)
            change(&lines)
            try (lines.joined(separator: "\n") + (keepNewline ? "\n" : "")).write(to: csv, atomically: true, encoding: .utf8)
            return copy.lastPathComponent
        }
        let cut = try damaged({ $0[$0.count - 1] = String($0[$0.count - 1].prefix(200)) }, keepNewline: false)
        try expectExit2(["merge", cut, "s1", "--out", "m"], "sweep.csv': the file ends mid-line")
        let short = try damaged { $0[1] = $0[1].split(separator: ",", omittingEmptySubsequences: false).prefix(71).joined(separator: ",") }
        try expectExit2(["merge", short, "s1", "--out", "m"], "line 2 has 71 fields; the header has")
        let reordered = try damaged { $0.swapAt(1, 2) }
        try expectExit2(["merge", reordered, "s1", "--out", "m"], "sweep.csv line 2 does not match sweep.jsonl line 1 (column 'point': sweep.csv has '2', sweep.jsonl '0')")
        let edited = try damaged { $0[1] = $0[1].replacingOccurrences(of: ",ok,", with: ",oops,") }
        try expectExit2(["merge", edited, "s1", "--out", "m"], "sweep.csv line 2 does not match sweep.jsonl line 1 (column 'status'")
        XCTAssertFalse(fm.fileExists(atPath: directory.appendingPathComponent("m").path))
        let good = try TestSupport.runCLI(["merge", "s1", "s0", "--out", "m"], in: directory)
        XCTAssertEqual(good.status, 0, good.stderr)
    }
}
