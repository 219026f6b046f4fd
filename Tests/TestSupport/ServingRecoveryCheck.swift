import Foundation
import Calibrator
import SimServeKit

/// `calibrate --from-serving` on results that simserve itself produced with known engine terms:
/// three stages simulated with the truth (another seed than the calibration's, so they carry
/// sampling noise), two fitted, one held out. Shared by the fast suite (one replication per
/// evaluation) and ValidationTests (the default three).
public enum ServingRecoveryCheck {
    public static let deployment = """
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

    /// The deployment with `requests` requests of `outputTokens` output tokens.
    static func deployment(outputTokens: Int, requests: Int = 100) -> String {
        deployment.replacingOccurrences(of: "value = 200", with: "value = \(outputTokens)")
            .replacingOccurrences(of: "requests = 100", with: "requests = \(requests)")
    }

    /// One stage in `vllm bench serve --save-result` layout, simulated with `engine` and `seed`.
    static func stage(rate: Double, engine: String, seed: UInt64, outputTokens: Int, requests: Int,
                      directory: URL) throws -> String {
        let path = directory.appendingPathComponent("truth.toml").path
        try deployment(outputTokens: outputTokens, requests: requests).write(toFile: path, atomically: true, encoding: .utf8)
        let scenario = try ScenarioLoader.load(path: path, overrides: .init(
            assignments: ["engine=" + engine, "workload.arrival.rate=\(rate)"], seed: seed))
        let s = ScenarioRunner.run(scenario).summary
        let object: [String: Any] = [
            "backend": "vllm", "request_rate": rate, "completed": s.completed, "duration": s.simulatedSeconds,
            "total_input_tokens": 100 * s.completed, "total_output_tokens": outputTokens * s.completed,
            "mean_ttft_ms": s.ttft!.mean * 1e3, "median_ttft_ms": s.ttft!.p50 * 1e3,
            "mean_itl_ms": s.itl!.mean * 1e3, "median_itl_ms": s.itl!.p50 * 1e3,
            "mean_tpot_ms": s.tpot!.mean * 1e3, "mean_e2el_ms": s.e2e!.mean * 1e3,
            "request_throughput": Double(s.completed) / s.simulatedSeconds,
        ]
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    /// The engine terms the calibration fits here.
    public static let allTerms: Set<String> = ["iteration_overhead_us", "per_sequence_overhead_us", "request_overhead_ms"]

    /// Runs the check with `replications` simulations per evaluation of the fit, `requests`
    /// requests of `outputTokens` output tokens per stage, stages at `rates` (the middle one held
    /// out) simulated with `seed` (7: not one of the calibration's seeds 1…replications, so the
    /// stages carry sampling noise; 1 with one replication: none), the terms in `recovered`
    /// checked against the truth; returns what
    /// failed (empty when the recovery holds): each term within 3 reported standard errors
    /// widened by 5 %, the held-out stage's means within 10 %, and the profile it writes
    /// loading as the scenario's engine.
    public static func failures(replications: Int, outputTokens: Int = 200, requests: Int = 100,
                                rates: [Double] = [2, 8, 14], seed: UInt64 = 7,
                                recovered: Set<String> = allTerms) throws -> [String] {
        var failures: [String] = []
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("serving-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let truth = "{ preset = \"vllm\", iteration_overhead_us = 900, per_sequence_overhead_us = 25, request_overhead_ms = 30 }"
        let lines = try rates.map { try stage(rate: $0, engine: truth, seed: seed, outputTokens: outputTokens, requests: requests,
                                           directory: directory) }
        let results = directory.appendingPathComponent("bench.jsonl").path
        try lines.joined(separator: "\n").write(toFile: results, atomically: true, encoding: .utf8)
        let stages = try ServingBenchmarkResult.read(path: results)
        guard stages.count == 3, stages[1].ratePerSecond == rates[1], stages[0].meanOutputTokens == Double(outputTokens) else {
            return ["the three stages were not read back: \(stages.count) stages"]
        }
        let base = directory.appendingPathComponent("deployment.toml").path
        try deployment(outputTokens: outputTokens, requests: requests).write(toFile: base, atomically: true, encoding: .utf8)
        var calibration = ServingCalibration(stages: stages, scenarioPath: base, fitStages: [0, 2])
        calibration.replications = replications
        let result = try calibration.run()
        let expected = ["iteration_overhead_us": 900.0, "per_sequence_overhead_us": 25, "request_overhead_ms": 30]
        if Set(result.terms.map(\.key)) != Set(expected.keys) { failures.append("terms fitted: \(result.terms.map(\.key))") }
        for term in result.terms {
            guard let want = expected[term.key], recovered.contains(term.key) else { continue }
            if !(term.standardError.isFinite && term.standardError > 0) {
                failures.append("\(term.key): standard error \(term.standardError)")
            }
            if !term.contains(want, standardErrors: 3, tolerance: 0.05) {
                failures.append("\(term.key) = \(term.value) ± \(term.standardError), true \(want)")
            }
        }
        // The held-out stage is predicted with the fitted terms.
        guard let held = result.stages.first(where: { !$0.fit }), held.index == 1 else {
            return failures + ["no held-out stage 1"]
        }
        for m in held.metrics where m.name.hasSuffix("_mean") {
            guard let predicted = m.predicted, abs(predicted - m.measured) <= 0.1 * m.measured else {
                failures.append("held-out \(m.name): predicted \(m.predicted.map { "\($0)" } ?? "nothing"), measured \(m.measured)")
                continue
            }
        }
        // The profile it writes loads as the scenario's engine.
        let profile = directory.appendingPathComponent("fitted.toml").path
        try EngineProfile.file(result.engine, source: results, notes: []).write(toFile: profile, atomically: true, encoding: .utf8)
        let loaded = try ScenarioLoader.load(toml: deployment(outputTokens: outputTokens, requests: requests).replacingOccurrences(of: "engine = \"vllm\"",
                                                                                     with: "engine = { profile = \"fitted.toml\" }"),
                                             source: "t.toml", baseDirectory: directory.path)
        if loaded.serving.costModel.roofline?.engine != result.engine { failures.append("the written profile loads another engine") }
        if abs(loaded.serving.requestOverheadSeconds - result.engine.requestOverheadMs * 1e-3) > 1e-12 {
            failures.append("request overhead \(loaded.serving.requestOverheadSeconds) s after loading")
        }
        return failures
    }
}
