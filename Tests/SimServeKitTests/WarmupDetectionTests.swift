import Foundation
import XCTest
import SimServeKit
import TestSupport

/// `warmup = "auto"`: MSER-5 truncation of the start-up transient.
final class WarmupDetectionTests: XCTestCase {
    func testMSERCutsARampAndLittleOfAStationarySequence() {
        var generator = SeededGenerator(seed: 7)
        let noise = (0..<1000).map { _ in Double.random(in: -1...1, using: &generator) }
        // A transient of 200 values decaying from 50 to 0, then noise around 0.
        let ramp = (0..<200).map { 50 * Double(200 - $0) / 200 } + Array(repeating: 0.0, count: 800)
        let cut = WarmupDetector.truncation(of: zip(ramp, noise).map(+))
        XCTAssertNotNil(cut)
        XCTAssertTrue((150...260).contains(cut ?? -1), "cut \(cut ?? -1)")
        // Stationary: at most a few batches.
        XCTAssertLessThanOrEqual(WarmupDetector.truncation(of: noise) ?? .max, 50)
        // Too short to tell.
        XCTAssertNil(WarmupDetector.truncation(of: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]))
    }

    /// An M/M/1 at ρ = 0.9 (μ = 100/s) that starts with a burst (200/s for 1 s, then 90/s)
    /// builds a backlog that takes seconds to drain. Without truncation the mean wait is far
    /// above W_q = ρ/(μ − λ) = 90 ms; with MSER-5 it is close to it.
    func testDetectedWarmupRemovesAnInitialBacklog() throws {
        let burst = #"workload.arrival={ kind = "piecewise", segments = [{ start = "0s", rate = 200.0 }, { start = "1s", rate = 90.0 }] }"#
        let toml = TestSupport.queueingScenario(rate: 90, service: .exponential(meanSeconds: 0.01), requests: 8000)
        let theory = 0.09
        var fixed: [Double] = [], detected: [Double] = []
        for seed in UInt64(1)...8 {
            let none = try ScenarioTemplate(toml: toml, baseAssignments: [burst]).load(seed: seed)
            let auto = try ScenarioTemplate(toml: toml, baseAssignments: [burst, "warmup=auto"]).load(seed: seed)
            XCTAssertTrue(auto.detectsWarmup)
            fixed.append(try XCTUnwrap(ScenarioRunner.run(none).summary.queueDelay?.mean))
            let result = ScenarioRunner.run(auto)
            let cut = try XCTUnwrap(result.summary.warmupDetectedRequests, "seed \(seed)")
            XCTAssertGreaterThan(cut, 300, "seed \(seed): the backlog of ~100 requests and its drain are cut")
            XCTAssertGreaterThan(result.summary.warmupSeconds, 1, "seed \(seed)")
            detected.append(try XCTUnwrap(result.summary.queueDelay?.mean))
        }
        let meanFixed = fixed.reduce(0, +) / 8, meanDetected = detected.reduce(0, +) / 8
        print("mean wait: no warm-up \(meanFixed), MSER-5 \(meanDetected), theory \(theory)")
        XCTAssertLessThan(abs(meanDetected - theory), abs(meanFixed - theory) / 2)
        XCTAssertEqual(meanDetected, theory, accuracy: 0.2 * theory)
    }

    /// A stationary-looking run (ρ = 0.5, short relaxation) loses little.
    func testStationaryRunIsBarelyTruncated() throws {
        let toml = TestSupport.queueingScenario(rate: 50, service: .exponential(meanSeconds: 0.01), requests: 4000)
        var cuts: [Int] = []
        for seed in UInt64(1)...6 {
            let auto = try ScenarioTemplate(toml: toml, baseAssignments: ["warmup=auto"]).load(seed: seed)
            cuts.append(ScenarioRunner.run(auto).summary.warmupDetectedRequests ?? 0)
        }
        XCTAssertLessThan(Double(cuts.reduce(0, +)) / 6, 400, "cuts \(cuts)")
    }

    func testRunReportsTheDetectedWarmupAndRejectsOtherWords() throws {
        let url = try TestSupport.temporaryDirectory().appendingPathComponent("mm1.toml")
        try ("warmup = \"auto\"\n" + TestSupport.queueingScenario(rate: 50, service: .exponential(meanSeconds: 0.01), requests: 2000))
            .write(to: url, atomically: true, encoding: .utf8)
        let (status, stdout, stderr) = try TestSupport.runCLI(["run", url.path, "--json", "--no-files"])
        XCTAssertEqual(status, 0, stderr)
        XCTAssertTrue(stderr.contains("warm-up detected by MSER-5: first "), stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
        let time = try XCTUnwrap(json["time"] as? [String: Any])
        XCTAssertNotNil(time["warmup_detected_requests"] as? Int)

        XCTAssertEqual(TestSupport.loadError("warmup = \"soon\"\n" + TestSupport.queueingScenario(
            rate: 50, service: .exponential(meanSeconds: 0.01), requests: 20))?.contains("or \"auto\""), true)
    }
}
