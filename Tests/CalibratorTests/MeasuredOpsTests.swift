import Foundation
import XCTest
@testable import Calibrator
import SimServeKit

/// `calibrate --from`: a tiny synthetic CSV in the Vidur layout, generated from the
/// simulator's own model with known parameters, is fitted back.
final class MeasuredOpsTests: XCTestCase {
    private func csv(model: (heads: Int, kv: Int, d: Int, f: Int), hardware: HardwareSpec, source: String) -> String {
        var lines = ["# synthetic",
                     "time_stats.attn_pre_proj.median,time_stats.attn_post_proj.median,time_stats.mlp_up_proj.median,time_stats.mlp_down_proj.median,n_head,n_kv_head,n_embd,n_expanded_embd,vocab_size,use_gated_mlp,num_tokens,num_tensor_parallel_workers"]
        for tp in [1, 2] {
            for tokens in [1, 8, 64, 256, 1024, 4096] {
                let spec = ModelSpec(name: source, layers: 1, hiddenSize: model.d, heads: model.heads, kvHeads: model.kv,
                                     headDim: model.d / model.heads, intermediateSize: model.f, vocabSize: 32000,
                                     gatedMLP: true, maxContext: 4096)
                let ms = MeasuredOpRow.linearOps.map { op in
                    MeasuredOpRow(source: source, op: op, model: spec, tokens: tokens, tensorParallel: tp, measuredSeconds: 0)
                        .predictedSeconds(on: hardware) * 1e3
                }
                lines.append(ms.map { "\($0)" }.joined(separator: ",")
                             + ",\(model.heads),\(model.kv),\(model.d),\(model.f),32000,True,\(tokens),\(tp)")
            }
        }
        return lines.joined(separator: "\n")
    }

    func testFromCSVRecoversParametersAndPredictsHeldOutModel() throws {
        var truth = try Presets.hardware(named: "a100-80gb")
        truth.cudaGraphs = false
        truth.computeEfficiency = 0.7
        truth.memoryEfficiency = 0.85
        truth.kernelLaunchUs = 6
        truth.shape.rooflineSharpness = 2.5
        let rows = try MeasuredOpRow.parse(csv: csv(model: (32, 8, 4096, 14336), hardware: truth, source: "a.csv"), source: "a.csv")
            + MeasuredOpRow.parse(csv: csv(model: (40, 40, 5120, 13824), hardware: truth, source: "b.csv"), source: "b.csv")
        XCTAssertEqual(rows.count, 2 * 12 * 4)
        let fit = try MeasuredOpsFit.fit(rows: rows, hardware: try Presets.hardware(named: "a100-80gb"), fitSource: "a.csv")
        XCTAssertEqual(fit.hardware.computeEfficiency, 0.7, accuracy: 1e-4)
        XCTAssertEqual(fit.hardware.memoryEfficiency, 0.85, accuracy: 1e-4)
        XCTAssertEqual(fit.hardware.kernelLaunchUs, 6, accuracy: 1e-3)
        XCTAssertLessThan(fit.heldOutMAPE, 0.01)
        XCTAssertEqual(fit.heldOutBySource.map(\.source), ["b.csv"])
    }

    /// The profile `--from` writes loads back as the fitted spec, runs a scenario, and its
    /// measurements CSV has one row per op with the fitted prediction and the split.
    func testFromProfileRoundTripsAndRunsAScenario() throws {
        var truth = try Presets.hardware(named: "a100-80gb")
        truth.cudaGraphs = false
        truth.computeEfficiency = 0.6
        let rows = try MeasuredOpRow.parse(csv: csv(model: (32, 8, 4096, 14336), hardware: truth, source: "a.csv"), source: "a.csv")
            + MeasuredOpRow.parse(csv: csv(model: (40, 40, 5120, 13824), hardware: truth, source: "b.csv"), source: "b.csv")
        var fit = try MeasuredOpsFit.fit(rows: rows, hardware: try Presets.hardware(named: "a100-80gb"), fitSource: "a.csv")
        fit.hardware.name = "a100-80gb-fitted"
        let profile = MeasuredOpsProfile(fit: fit, files: ["a.csv", "b.csv"], preset: "a100-80gb")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("from-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("a100-fitted.toml").path
        try profile.toml().write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertEqual(try HardwareProfile.load(path: path), fit.hardware)

        let scenario = try ScenarioLoader.load(toml: """
            requests = 20
            model = "llama-2-7b"
            [hardware]
            profile = "a100-fitted.toml"
            [workload]
            arrival = { kind = "poisson", rate = 5.0 }
            prompt_tokens = { kind = "fixed", value = 100 }
            output_tokens = { kind = "fixed", value = 10 }
            """, source: "t.toml", baseDirectory: directory.path)
        XCTAssertEqual(scenario.hardware, fit.hardware)
        let result = ServingSimulation(configuration: scenario.serving).run()
        XCTAssertEqual(result.summary.completed, 20)

        let lines = MeasurementsCSV.text(fit, rows: rows).split(separator: "\n")
        XCTAssertEqual(lines.first, "op,split,measured_s,predicted_s,error_percent,source,tokens,tensor_parallel,n_embd,n_head,n_kv_head,n_expanded_embd")
        XCTAssertEqual(lines.count, rows.count + 1)
        XCTAssertEqual(lines.filter { $0.contains(",train,") }.count, rows.filter { $0.source == "a.csv" }.count)
        XCTAssertEqual(lines.filter { $0.contains(",held_out,") }.count, rows.filter { $0.source == "b.csv" }.count)
        XCTAssertEqual(MeasurementsCSV.path(besideProfile: "hardware/x.toml"), "hardware/x.measurements.csv")
    }

    func testMissingColumnIsNamed() {
        XCTAssertThrowsError(try MeasuredOpRow.parse(csv: "num_tokens,time_stats.attn_pre_proj.median\n1,2\n", source: "x.csv")) { error in
            XCTAssertEqual("\(error)", "x.csv has no column 'n_head'")
        }
    }
}
