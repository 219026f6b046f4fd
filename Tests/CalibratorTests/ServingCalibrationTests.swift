import Foundation
import XCTest
import Calibrator
import SimServeKit
import TestSupport

/// `calibrate --from-serving` on results that simserve itself produced with known engine
/// terms recovers them within the uncertainty it reports, and reads the layouts of the load
/// generators.
final class ServingCalibrationTests: XCTestCase {
    static let deployment = """
        name = "truth"
        seed = 1
        requests = 100
        warmup = "0s"
        model = "llama-2-7b"
        hardware = "h100-sxm"
        engine = "vllm"
        [scheduler]
        max_batch_size = 64
        [workload]
        arrival = { kind = "poisson", rate = 4.0 }
        prompt_tokens = { kind = "fixed", value = 100 }
        output_tokens = { kind = "fixed", value = 200 }
        """

    /// One stage in `vllm bench serve --save-result` layout, simulated with `engine` and `seed`.
    static func stage(rate: Double, engine: String, seed: UInt64, directory: URL) throws -> String {
        let path = directory.appendingPathComponent("truth.toml").path
        try deployment.write(toFile: path, atomically: true, encoding: .utf8)
        let scenario = try ScenarioLoader.load(path: path, overrides: .init(
            assignments: ["engine=" + engine, "workload.arrival.rate=\(rate)"], seed: seed))
        let s = scenario.simulate().summary
        let object: [String: Any] = [
            "backend": "vllm", "request_rate": rate, "completed": s.completed, "duration": s.simulatedSeconds,
            "total_input_tokens": 100 * s.completed, "total_output_tokens": 200 * s.completed,
            "mean_ttft_ms": s.ttft!.mean * 1e3, "median_ttft_ms": s.ttft!.p50 * 1e3,
            "mean_itl_ms": s.itl!.mean * 1e3, "median_itl_ms": s.itl!.p50 * 1e3,
            "mean_tpot_ms": s.tpot!.mean * 1e3, "mean_e2el_ms": s.e2e!.mean * 1e3,
            "request_throughput": Double(s.completed) / s.simulatedSeconds,
        ]
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    func testRecoversKnownEngineTermsWithinTheReportedUncertainty() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("serving-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let truth = "{ preset = \"vllm\", iteration_overhead_us = 900, per_sequence_overhead_us = 25, request_overhead_ms = 30 }"
        // The "measurements": another seed than the calibration's, so the stages carry sampling noise.
        let lines = try [2.0, 8.0, 14.0].map { try Self.stage(rate: $0, engine: truth, seed: 7, directory: directory) }
        let results = directory.appendingPathComponent("bench.jsonl").path
        try lines.joined(separator: "\n").write(toFile: results, atomically: true, encoding: .utf8)
        let stages = try ServingBenchmarkResult.read(path: results)
        XCTAssertEqual(stages.count, 3)
        XCTAssertEqual(stages[1].ratePerSecond, 8)
        XCTAssertEqual(stages[0].meanOutputTokens, 200)

        let base = directory.appendingPathComponent("deployment.toml").path
        try Self.deployment.write(toFile: base, atomically: true, encoding: .utf8)
        let result = try ServingCalibration(stages: stages, scenarioPath: base, fitStages: [0, 2]).run()
        let expected = ["iteration_overhead_us": 900.0, "per_sequence_overhead_us": 25, "request_overhead_ms": 30]
        for term in result.terms {
            let want = try XCTUnwrap(expected[term.key], term.key)
            XCTAssertTrue(term.standardError.isFinite && term.standardError > 0, "\(term.key): \(term.standardError)")
            XCTAssertLessThanOrEqual(abs(term.value - want), 3 * term.standardError + 0.05 * want,
                                     "\(term.key) = \(term.value) ± \(term.standardError), true \(want)")
        }
        // The held-out stage is predicted with the fitted terms.
        let held = try XCTUnwrap(result.stages.first { !$0.fit })
        XCTAssertEqual(held.index, 1)
        for m in held.metrics where m.name.hasSuffix("_mean") {
            XCTAssertEqual(try XCTUnwrap(m.predicted), m.measured, accuracy: 0.1 * m.measured, m.name)
        }

        // The profile it writes loads as the scenario's engine.
        let profile = directory.appendingPathComponent("fitted.toml").path
        try EngineProfile.file(result.engine, source: results, notes: []).write(toFile: profile, atomically: true, encoding: .utf8)
        let loaded = try ScenarioLoader.load(toml: Self.deployment.replacingOccurrences(of: "engine = \"vllm\"",
                                                                                          with: "engine = { profile = \"fitted.toml\" }"),
                                             source: "t.toml", baseDirectory: directory.path)
        XCTAssertEqual(loaded.serving.costModel.roofline?.engine, result.engine)
        XCTAssertEqual(loaded.serving.requestOverheadSeconds, result.engine.requestOverheadMs * 1e-3, accuracy: 1e-12)
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
}
