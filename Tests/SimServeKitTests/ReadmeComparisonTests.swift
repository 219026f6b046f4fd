import Foundation
import XCTest
import TestSupport

/// Every comparison the README's table of bundled scenarios suggests (`compare `--set …``)
/// runs as written, through the CLI; a knob the override makes irrelevant is a warning.
final class ReadmeComparisonTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// (scenario, arguments) for each README row with a `compare `--set …`` suggestion.
    static func comparisons() throws -> [(scenario: String, arguments: [String])] {
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        var found: [(String, [String])] = []
        for line in readme.split(separator: "\n") where line.hasPrefix("| `Scenarios/") {
            let scenario = String(line.dropFirst(3).prefix { $0 != "`" })
            guard let start = line.range(of: "compare `--set ") else { continue }
            let command = line[line.index(start.lowerBound, offsetBy: 9)...].prefix { $0 != "`" }
            found.append((scenario, words(String(command))))
        }
        return found
    }

    /// Splits a shell command line on spaces outside single quotes.
    static func words(_ text: String) -> [String] {
        var words: [String] = [], current = "", quoted = false
        for c in text {
            if c == "'" { quoted.toggle() } else if c == " " && !quoted {
                if !current.isEmpty { words.append(current); current = "" }
            } else { current.append(c) }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    func testEveryReadmeComparisonRuns() throws {
        let comparisons = try Self.comparisons()
        XCTAssertGreaterThanOrEqual(comparisons.count, 7, "\(comparisons)")
        for (scenario, arguments) in comparisons {
            let r = try TestSupport.runCLI(["run", scenario] + arguments + ["--json", "--no-files"], in: Self.root)
            XCTAssertTrue(r.status == 0 || r.status == 3, "\(scenario) \(arguments): exit \(r.status)\n\(r.stderr)")
            guard r.status != 2 else { continue }
            let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], scenario)
            let requests = try XCTUnwrap(json["requests"] as? [String: Any])
            let reasons = try XCTUnwrap(requests["rejected_by_reason"] as? [String: Any])
            XCTAssertEqual(reasons["exceeds_token_budget"] as? Int, 0, "\(scenario) \(arguments) rejects prompts over the token budget")
            print("\(scenario) \(arguments.joined(separator: " ")): exit \(r.status)\(r.stderr.isEmpty ? "" : ", " + r.stderr)")
        }
    }

    /// A knob the override made irrelevant is named in a warning; one the file contradicts
    /// itself, or an unknown key, stays an error.
    func testIrrelevantKnobIsAWarningOnlyWhenAnOverrideMadeItSo() throws {
        let r = try TestSupport.runCLI(["run", "Scenarios/mixed-priority.toml", "--set", "scheduler.queue_policy=fcfs",
                                        "--set", "requests=50", "--no-files"], in: Self.root)
        XCTAssertTrue(r.status == 0 || r.status == 3, r.stderr)
        XCTAssertTrue(r.stderr.contains("warning: scheduler.aging: ignored: only used with queue_policy \"priority\" or \"shortest_remaining\" (scheduler.queue_policy set by --set)"), r.stderr)
        let swap = try TestSupport.runCLI(["run", "Scenarios/memory-pressure.toml", "--set", "scheduler.preemption=recompute",
                                           "--set", "requests=50", "--no-files"], in: Self.root)
        XCTAssertTrue(swap.status == 0 || swap.status == 3, swap.stderr)
        XCTAssertTrue(swap.stderr.contains("warning: scheduler.swap_space_gb: ignored: only used with scheduler.preemption = \"swap\""), swap.stderr)

        let typo = try TestSupport.runCLI(["run", "Scenarios/mixed-priority.toml", "--set", "scheduler.queue_policy=fcfs",
                                           "--set", "scheduler.agin=1s", "--no-files"], in: Self.root)
        XCTAssertEqual(typo.status, 2)
        XCTAssertTrue(typo.stderr.contains("scheduler.agin: unknown key"), typo.stderr)

        let dir = try TestSupport.temporaryDirectory()
        let file = dir.appendingPathComponent("both.toml")
        try TestSupport.queueingScenario(rate: 10, service: .fixed(seconds: 0.01), requests: 20)
            .replacingOccurrences(of: "max_batch_size = 1", with: "max_batch_size = 1\nqueue_policy = \"fcfs\"\naging = \"1s\"")
            .write(to: file, atomically: true, encoding: .utf8)
        let contradiction = try TestSupport.runCLI(["run", file.path, "--no-files"])
        XCTAssertEqual(contradiction.status, 2)
        XCTAssertTrue(contradiction.stderr.contains("scheduler.aging: only used with queue_policy"), contradiction.stderr)
    }
}
