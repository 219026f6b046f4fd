import XCTest
@testable import SimServeKit
import TestSupport

/// Percentiles as the published benchmark clients read them (NumPy's linear interpolation),
/// and a validation point's simulated figures read that way from the requests the summary counts.
final class ClientRunTests: XCTestCase {
    func testLinearPercentilesInterpolateBetweenNeighbouringRanks() throws {
        let samples: [Double] = [4, 1, 3, 2]
        let linear = try XCTUnwrap(SampleSummary(samples: samples, percentiles: .linear))
        let nearest = try XCTUnwrap(SampleSummary(samples: samples))
        // np.percentile([1, 2, 3, 4], [50, 90, 95, 99]) = 2.5, 3.7, 3.85, 3.97
        XCTAssertEqual(linear.p50, 2.5, accuracy: 1e-12)
        XCTAssertEqual(linear.p90, 3.7, accuracy: 1e-12)
        XCTAssertEqual(linear.p95, 3.85, accuracy: 1e-12)
        XCTAssertEqual(linear.p99, 3.97, accuracy: 1e-12)
        XCTAssertEqual([nearest.p50, nearest.p90, nearest.p99], [2, 4, 4])
        XCTAssertEqual(linear.count, 4)
        XCTAssertEqual([linear.min, linear.max], [1, 4])
        XCTAssertEqual(linear.mean, nearest.mean)
        let one = try XCTUnwrap(SampleSummary(samples: [7], percentiles: .linear))
        XCTAssertEqual([one.p50, one.p99], [7, 7])
        // An odd count's median is its middle sample under both definitions.
        XCTAssertEqual(SampleSummary(samples: [5, 1, 9], percentiles: .linear)?.p50, 5)
        XCTAssertNil(SampleSummary(samples: [], percentiles: .linear))
    }

    /// Lambda's ten Mistral-7B prompts on one A100 (outputs of 0–928 tokens): the median E2E the
    /// client publishes is the mean of the 5th and 6th requests' (26 and 129 tokens: 483 and
    /// 1,573 ms measured, published 1,030 ms); the report compares the same from the simulation,
    /// over the same requests as the summary (whose nearest-rank median is the 5th alone).
    func testTenRequestsMedianIsTheMeanOfTheMiddleTwo() throws {
        let points = try ServingPoint.read(path: TestSupport.packageRoot.appendingPathComponent("data/serving/points.csv").path)
        var scenario = try XCTUnwrap(ServingPointScenario(try XCTUnwrap(points.first { $0.id == "lambda_p10_a100_tp1_mistral-7b_len2000" })))
        scenario.dataDirectory = TestSupport.packageRoot.appendingPathComponent("data/serving").path
        let run = try XCTUnwrap(ServingValidation.simulate(scenario, overrides: [:]))
        var loaded = try ServingValidation.load(scenario)
        loaded.serving.keepRequestRecords = true
        let e2e = ScenarioRunner.run(loaded).records.compactMap(\.e2e).sorted()
        XCTAssertEqual(e2e.count, 10)
        let summary = try XCTUnwrap(run.summary.e2e), client = try XCTUnwrap(run.e2e)
        XCTAssertEqual(client.count, summary.count)
        XCTAssertEqual(summary.p50, e2e[4])
        XCTAssertEqual(client.p50, (e2e[4] + e2e[5]) / 2, accuracy: 1e-12)
        XCTAssertGreaterThan(e2e[5], 2 * e2e[4], "the two middle requests far apart, else the test proves nothing")
        // The nearest-rank TTFT and TPOT of the same requests are the summary's own.
        XCTAssertEqual(SampleSummary(samples: ScenarioRunner.run(loaded).records.compactMap(\.ttft)), run.summary.ttft)
        let compared = try XCTUnwrap(ServingValidation.compare(scenario, run).first { $0.metric == "e2e_p50_ms" })
        XCTAssertEqual(try XCTUnwrap(compared.predicted), client.p50 * 1e3, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(compared.relativeError), 0, accuracy: 0.15, "published 1,030 ms")
    }
}
