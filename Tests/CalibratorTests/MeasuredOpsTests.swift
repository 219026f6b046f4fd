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

    func testMissingColumnIsNamed() {
        XCTAssertThrowsError(try MeasuredOpRow.parse(csv: "num_tokens,time_stats.attn_pre_proj.median\n1,2\n", source: "x.csv")) { error in
            XCTAssertEqual("\(error)", "x.csv has no column 'n_head'")
        }
    }
}
