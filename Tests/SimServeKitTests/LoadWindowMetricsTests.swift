import XCTest
import Foundation
import SimServeKit
import TestSupport

/// Throughput as load generators report it — over the load window, from the warm-up to the
/// last arrival, the drain apart — and per load stage.
final class LoadWindowMetricsTests: XCTestCase {
    static let fourReplicas = """
        seed = 2
        duration = "30s"
        warmup = "5s"
        model = "llama-2-7b"
        hardware = "h100-sxm"
        [cluster]
        replicas = 4
        [workload]
        arrival = { kind = "constant", rate = 20.0 }
        prompt_tokens = { kind = "fixed", value = 200 }
        output_tokens = { kind = "fixed", value = 100 }
        """

    /// Far from saturation the served rate is the offered one: every request that completed
    /// between the warm-up and the last arrival, over that span. The completions after the
    /// last arrival are the drain's.
    func testThroughputIsOverTheLoadWindowWithTheDrainApart() throws {
        let (_, result) = try TestSupport.run(Self.fourReplicas)
        let s = result.summary
        let lastArrival = try XCTUnwrap(result.records.map(\.arrival).max())
        XCTAssertEqual(s.lastArrivalSeconds!, lastArrival, accuracy: 1e-9)
        XCTAssertEqual(s.measurementWindowSeconds!, lastArrival - 5, accuracy: 1e-9)
        let inWindow = result.records.filter { $0.lastToken.map { $0 >= 5 && $0 <= lastArrival } ?? false }
        XCTAssertEqual(s.requestsPerSecond!, Double(inWindow.count) / (lastArrival - 5), accuracy: 1e-9)
        XCTAssertEqual(s.outputTokensPerSecond!, Double(inWindow.count * 100) / (lastArrival - 5), accuracy: 1e-9)
        XCTAssertEqual(s.requestsPerSecond!, 20, accuracy: 20 * 0.01)
        let drained = result.records.filter { $0.lastToken.map { $0 > lastArrival } ?? false }
        XCTAssertGreaterThan(drained.count, 0)
        XCTAssertEqual(s.requestsCompletedInDrain, drained.count)
        XCTAssertEqual(s.drainSeconds!, result.records.compactMap(\.lastToken).max()! - lastArrival, accuracy: 1e-9)
    }

    /// An empty load window (one request: it arrives at the warm-up's end) leaves the rates
    /// null with the reason, and every field present.
    func testEmptyLoadWindowIsNullWithItsReason() throws {
        let toml = Self.fourReplicas.replacingOccurrences(of: "duration = \"30s\"", with: "requests = 1")
            .replacingOccurrences(of: "warmup = \"5s\"", with: "")
        let (single, one) = try TestSupport.run(toml)
        XCTAssertNil(one.summary.requestsPerSecond)
        XCTAssertEqual(one.summary.drainSeconds, one.records[0].lastToken)
        XCTAssertEqual(one.summary.requestsCompletedInDrain, 1)
        let json = SummaryJSON.make(summary: one.summary, run: single.description(streamSeeds: one.streamSeeds)).serialized()
        XCTAssertTrue(json.contains("\"requests_per_second\": null"), json)
        XCTAssertTrue(json.contains("\"requests_per_second\": \"the load window (warm-up to last arrival) is empty: every request arrived by the end of the warm-up\""), json)
        XCTAssertTrue(json.contains("\"stages\": []"), json)
    }

    /// Each stage reports its own latencies and rates: a request belongs to the stage in which
    /// it arrived; rates are over the stage's span.
    func testStagesAreReportedApart() throws {
        let (scenario, result) = try TestSupport.run(LoadGeneratorWorkloadTests.staged)
        let stages = result.summary.stages
        XCTAssertEqual(stages.count, 2)
        XCTAssertEqual(stages.map(\.arrived), [20, 20])
        XCTAssertEqual(stages.map(\.offeredRequestsPerSecond), [2, 4])
        XCTAssertEqual(stages.map(\.startSeconds), [0, 10])
        XCTAssertEqual(stages[0].requestsPerSecond!, 2, accuracy: 1e-12)
        XCTAssertEqual(stages[1].requestsPerSecond!, 4, accuracy: 1e-12)
        XCTAssertEqual(stages[1].outputTokensPerSecond!, 4 * 8, accuracy: 1e-12)
        for (i, stage) in stages.enumerated() {
            let mine = result.records.filter { (i == 0) == ($0.arrival < 10) }
            XCTAssertEqual(stage.ttft!.count, 20)
            XCTAssertEqual(stage.ttft!.mean, mine.map { $0.ttft! }.reduce(0, +) / 20, accuracy: 1e-12)
            XCTAssertEqual(stage.e2e!.max, mine.map { $0.e2e! }.max()!, accuracy: 1e-12)
            XCTAssertEqual(stage.itl!.count, 20 * 7, "stage \(i)")
        }
        let run = scenario.description(streamSeeds: result.streamSeeds)
        let json = SummaryJSON.make(summary: result.summary, run: run).serialized()
        XCTAssertTrue(json.contains("\"offered_requests_per_second\": 4"), json)
        let table = SummaryTable.render(result.summary, run: run)
        XCTAssertTrue(table.contains("load stages"), table)
        XCTAssertTrue(table.contains("1 (10–15 s)"), table)
    }
}
