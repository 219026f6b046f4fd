import XCTest
@testable import SimServeKit
import TestSupport

/// Latency percentiles without per-request records: exact up to the sample limit, then from a
/// log histogram within its stated error, with memory that stops growing.
final class LatencySamplesTests: XCTestCase {
    func testExactUpToTheLimitThenWithinTheStatedError() throws {
        var generator = SeededGenerator(seed: 9)
        var samples = LatencySamples(exactLimit: 5_000)
        var raw: [Double] = []
        for i in 0..<20_000 {
            let value = exp(Double.random(in: log(1e-3)...log(30), using: &generator))
            samples.append(value)
            raw.append(value)
            if i == 4_999 {  // at the limit: still exact, the very summary of the raw samples
                XCTAssertFalse(samples.isApproximate)
                XCTAssertEqual(samples.summary, SampleSummary(samples: raw))
            }
        }
        XCTAssertTrue(samples.isApproximate)
        XCTAssertTrue(samples.exact.isEmpty, "the exact samples are dropped once folded")
        let exact = try XCTUnwrap(SampleSummary(samples: raw))
        let approx = try XCTUnwrap(samples.summary)
        XCTAssertEqual(approx.count, exact.count)
        XCTAssertEqual(approx.min, exact.min)
        XCTAssertEqual(approx.max, exact.max)
        XCTAssertEqual(approx.mean, exact.mean, accuracy: 1e-12 * exact.mean)
        for (a, e) in [(approx.p50, exact.p50), (approx.p90, exact.p90), (approx.p95, exact.p95), (approx.p99, exact.p99)] {
            XCTAssertEqual(a, e, accuracy: e * LatencySamples.relativeError * 1.0001)
            XCTAssertNotEqual(a, e, "a histogram midpoint, not a sample (else the test proves nothing)")
        }
    }

    /// Through a scenario: a run without records reports the same counts and extremes as one
    /// with records, its percentiles within the stated error; below the limit, the same figures.
    func testRunWithoutRecordsAgreesWithRecordsKept() throws {
        let toml = TestSupport.queueingScenario(rate: 0.8, service: .exponential(meanSeconds: 1), requests: 6_000)
        let scenario = try ScenarioLoader.load(toml: toml, source: "mm1.toml")
        var withRecords = scenario.serving
        withRecords.keepRequestRecords = true
        var folded = scenario.serving
        folded.keepRequestRecords = false
        folded.exactLatencySamples = 1_000
        var unfolded = folded
        unfolded.exactLatencySamples = 10_000
        let reference = ServingSimulation(configuration: withRecords).run()
        let approximate = ServingSimulation(configuration: folded).run()
        let below = ServingSimulation(configuration: unfolded).run()
        XCTAssertTrue(approximate.records.isEmpty)
        XCTAssertEqual(reference.records.count, 6_000)
        let pairs: [(SampleSummary?, SampleSummary?, SampleSummary?)] = [
            (reference.summary.e2e, approximate.summary.e2e, below.summary.e2e),
            (reference.summary.queueDelay, approximate.summary.queueDelay, below.summary.queueDelay),
            (reference.summary.ttft, approximate.summary.ttft, below.summary.ttft),
        ]
        for (exactSummary, approxSummary, belowSummary) in pairs {
            let e = try XCTUnwrap(exactSummary), a = try XCTUnwrap(approxSummary)
            XCTAssertEqual(belowSummary, e, "below the limit the figures are the exact ones")
            XCTAssertEqual(a.count, e.count)
            XCTAssertEqual(a.min, e.min)
            XCTAssertEqual(a.max, e.max)
            XCTAssertEqual(a.mean, e.mean, accuracy: 1e-12 * e.mean)
            for (x, y) in [(a.p50, e.p50), (a.p90, e.p90), (a.p95, e.p95), (a.p99, e.p99)] {
                // Values under 1 µs (zero queue delays) are reported as the minimum.
                XCTAssertEqual(x, y, accuracy: max(y * LatencySamples.relativeError * 1.0001, 1e-6))
            }
        }
    }

    /// The radix sort behind the exact summaries orders samples as `sorted()` does.
    func testRadixOrderIsTheSortedOrder() {
        var generator = SeededGenerator(seed: 5)
        for trial in 0..<20 {
            var samples: [Double] = (0..<(trial * 97 + 10)).map { _ in
                switch Int.random(in: 0..<6, using: &generator) {
                case 0: return 0
                case 1: return -Double.random(in: 0...1e3, using: &generator)
                case 2: return Double(Int.random(in: 0...5, using: &generator))  // ties
                case 3: return trial % 4 == 0 ? .infinity : 1e300
                default: return exp(Double.random(in: -20...10, using: &generator))
                }
            }
            XCTAssertEqual(SampleSummary.ascending(samples), samples.sorted(), "trial \(trial)")
            samples.append(trial % 2 == 0 ? -0.0 : .nan)  // the fallback
            XCTAssertEqual(SampleSummary.ascending(samples).map(\.bitPattern), samples.sorted().map(\.bitPattern))
        }
    }
}
