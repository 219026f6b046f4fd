import Foundation
import XCTest
import Calibrator
import SimServeKit
import TestSupport

/// `calibrate --from-serving` on results that simserve itself produced with known engine
/// terms recovers them within the uncertainty it reports (``ServingRecoveryCheck``), and
/// reads the layouts of the load generators.
final class ServingCalibrationTests: XCTestCase {
    /// The recovery at a small scale: 40 requests per stage, one simulation per evaluation,
    /// the stages simulated with the calibration's own seed (no sampling noise): the three
    /// terms come back within the reported uncertainty, the held-out stage is predicted within
    /// 10 %, the profile loads. With three replications, 100 requests and sampling noise:
    /// ValidationTests (`make validation`).
    func testRecoversKnownEngineTermsAtSmallScale() throws {
        XCTAssertEqual(try ServingRecoveryCheck.failures(replications: 1, outputTokens: 80, requests: 40, seed: 1), [])
    }

    func testReadsGuideLLMAndInferencePerfLayouts() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("layouts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let guide = """
            {"benchmarks": [{"args": {"strategy": {"type_": "constant", "rate": 5.0}},
              "run_stats": {"requests_made": {"successful": 300}},
              "metrics": {"prompt_token_count": {"successful": {"mean": 512.0}},
                          "output_token_count": {"successful": {"mean": 128.0}},
                          "time_to_first_token_ms": {"successful": {"mean": 80.5, "median": 75.0}},
                          "inter_token_latency_ms": {"successful": {"mean": 12.5, "median": 12.0}},
                          "request_latency": {"successful": {"mean": 1.7, "median": 1.6}},
                          "requests_per_second": {"successful": {"mean": 4.9}}}}]}
            """
        let guidePath = directory.appendingPathComponent("guidellm.json").path
        try guide.write(toFile: guidePath, atomically: true, encoding: .utf8)
        let g = try XCTUnwrap(ServingBenchmarkResult.read(path: guidePath).first)
        XCTAssertEqual(g.ratePerSecond, 5)
        XCTAssertTrue(g.constantRate)
        XCTAssertEqual(g.completed, 300)
        XCTAssertEqual(g.metrics["e2e_mean"] ?? 0, 1700, accuracy: 1e-9)
        XCTAssertEqual(g.metrics["itl_median"], 12)

        let perf = """
            {"load_summary": {"count": 600, "requested_rate": 10.0, "achieved_rate": 9.8},
             "successes": {"count": 598, "prompt_len": {"mean": 1000.0}, "output_len": {"mean": 200.0},
               "latency": {"time_to_first_token": {"mean": 0.09, "median": 0.08},
                           "inter_token_latency": {"mean": 0.015, "median": 0.014},
                           "request_latency": {"mean": 3.1, "median": 3.0}}}}
            """
        let perfPath = directory.appendingPathComponent("stage_0_lifecycle_metrics.json").path
        try perf.write(toFile: perfPath, atomically: true, encoding: .utf8)
        let p = try XCTUnwrap(ServingBenchmarkResult.read(path: perfPath).first)
        XCTAssertEqual(p.ratePerSecond, 10)
        XCTAssertEqual(p.completed, 598)
        XCTAssertEqual(p.metrics["ttft_mean"] ?? 0, 90, accuracy: 1e-9)
        XCTAssertEqual(p.requestsPerSecond, 9.8)

        let bad = directory.appendingPathComponent("bad.json").path
        try "{\"hello\": 1}".write(toFile: bad, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ServingBenchmarkResult.read(path: bad)) { error in
            XCTAssertTrue("\(error)".contains("not a result file"), "\(error)")
        }
    }

    /// SGLang's `bench_serving` writes `random_input_len` and friends on every line, ShareGPT
    /// stages too: only a `random` stage is simulated with the random range, a `sharegpt` one
    /// with ShareGPT's spread around its own mean lengths.
    func testShareGPTStagesAreNotSimulatedWithTheRandomRange() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sharegpt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let common = "\"random_input_len\": 1024, \"random_output_len\": 1024, \"random_range_ratio\": 0.0, \"median_ttft_ms\": 80.0, \"median_itl_ms\": 14.0"
        let lines = [
            "{\"dataset_name\": \"random\", \"request_rate\": 1.0, \"completed\": 300, \"total_input_tokens\": 152612, \"total_output_tokens\": 160347, \(common)}",
            "{\"dataset_name\": \"sharegpt\", \"request_rate\": 4.0, \"completed\": 1200, \"total_input_tokens\": 269081, \"total_output_tokens\": 226901, \(common)}",
        ]
        let path = directory.appendingPathComponent("sglang.jsonl").path
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let stages = try ServingBenchmarkResult.read(path: path)
        XCTAssertEqual(stages.count, 2)
        XCTAssertEqual(ServingCalibration.lengths(of: stages[0], input: true), "{ kind = \"uniform\", min = 1, max = 1024 }")
        XCTAssertFalse(stages[0].shareGPTLengths)
        XCTAssertTrue(stages[1].shareGPTLengths)
        XCTAssertNil(stages[1].randomLengths)
        XCTAssertEqual(ServingCalibration.lengths(of: stages[1], input: true),
                       ServingPointScenario.shareGPTLengths(input: true, mean: 269081.0 / 1200))
        XCTAssertEqual(ServingCalibration.lengths(of: stages[1], input: false),
                       "{ kind = \"lognormal\", mean = 189.1, cv = \(ServingPointScenario.shareGPTOutputCV), min = 1, max = 2048 }")
    }

    /// A term's uncertainty is an interval in its own unit, widened by a tolerance of the truth.
    func testFittedTermUncertaintyIsAnInterval() {
        let term = ServingCalibration.Term(key: "per_sequence_overhead_us", value: 3, standardError: 10)
        XCTAssertTrue(term.contains(25, standardErrors: 2.2))
        XCTAssertFalse(term.contains(25, standardErrors: 2.1))
        XCTAssertTrue(term.contains(0, standardErrors: 0.3))
        XCTAssertFalse(term.contains(-8, standardErrors: 1))
        XCTAssertTrue(ServingCalibration.Term(key: "x", value: 3, standardError: 0).contains(3.14, standardErrors: 0, tolerance: 0.05))
        XCTAssertFalse(ServingCalibration.Term(key: "x", value: 3, standardError: .nan).contains(3, standardErrors: 3))
    }
}
