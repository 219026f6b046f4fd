import Foundation
import XCTest
import TestSupport
import SimServeKit

/// `simserve validate kernels`: the fit/held-out rule, and no error on tables generated from
/// the preset itself.
final class KernelValidationTests: XCTestCase {
    func testSplitRuleHoldsOutTwoWidthsTwoHeadShapesAndEveryOtherSize() {
        XCTAssertEqual(KernelSplitRule.gemm(n: 6144), .heldOut)
        XCTAssertEqual(KernelSplitRule.gemm(n: 12288), .heldOut)
        XCTAssertEqual(KernelSplitRule.gemm(n: 4096), .fit)
        XCTAssertEqual(KernelSplitRule.attention(heads: 32, kvHeads: 8), .heldOut)
        XCTAssertEqual(KernelSplitRule.attention(heads: 8, kvHeads: 1), .heldOut)
        XCTAssertEqual(KernelSplitRule.attention(heads: 64, kvHeads: 8), .fit)
        XCTAssertEqual(KernelSplitRule.attention(heads: 32, kvHeads: 32), .fit)
        XCTAssertEqual(KernelSplitRule.allReduce(sizes: [2048, 256, 1024, 512, 256]),
                       [256: .fit, 512: .heldOut, 1024: .fit, 2048: .heldOut])
    }

    func testSyntheticTablesFromThePresetGiveNoError() throws {
        let directory = try TestSupport.temporaryDirectory().appendingPathComponent("kernels")
        let gpu = try XCTUnwrap(KernelGPU.named("h100-sxm"))
        try SyntheticKernelTables.write(to: directory, gpu: gpu, hardware: Presets.hardware(named: "h100-sxm"))
        let report = try KernelValidation.run(directory: directory.path, gpus: [gpu])
        XCTAssertEqual(Set(report.summaries.map(\.kind)), Set(KernelKind.allCases).subtracting([.prefillAttentionFP8]))
        for s in report.summaries { XCTAssertLessThan(s.mapePercent, 1e-6, "\(s.kind) \(s.split)") }
        XCTAssertTrue(report.goalMisses.isEmpty)
        // The rule as stated, row by row.
        for row in report.rows {
            let m = row.measurement
            switch m.op {
            case let .gemm(_, n, _, _): XCTAssertEqual(m.split, [6144, 12288].contains(n) ? .heldOut : .fit)
            case let .decodeAttention(_, _, h, kv, _, _), let .prefillAttention(_, _, h, kv, _, _):
                XCTAssertEqual(m.split, (h, kv) == (32, 8) || (h, kv) == (8, 1) ? .heldOut : .fit)
            case let .allReduce(_, bytes, _):
                let index = Int(log2(bytes)) - 8 // sizes 2^8 … 2^28, index 0 … 20
                XCTAssertEqual(m.split, index % 2 == 1 ? .heldOut : .fit, "\(bytes) bytes")
            case let .ncclCollective(_, _, bytes):
                let index = Int(log2(bytes)) - 9 // sizes 2^9 … 2^29, index 0 … 20
                XCTAssertEqual(m.split, index % 2 == 1 ? .heldOut : .fit, "\(bytes) bytes")
            case let .moe(_, h, f, _, _, _, _, _):
                // Balanced rows by expert shape; the skewed (power-law) rows are excluded.
                let shapeSplit: MeasuredKernel.Split = (h, f) == (6144, 16384) || (h, f) == (2048, 768) ? .heldOut : .fit
                XCTAssertTrue(m.split == shapeSplit || m.split == .excluded, m.shape)
            }
        }

        let rowsPath = directory.appendingPathComponent("rows.csv").path
        let result = try TestSupport.runCLI(["validate", "kernels", "--data", directory.path, "--gpu", "h100-sxm",
                                             "--blis", "none", "--json", "--rows", rowsPath])
        XCTAssertEqual(result.status, 0, result.stderr)
        // --rows: one line per row, in the report's order, with its split and error.
        let lines = try String(contentsOfFile: rowsPath, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.first, "gpu,preset,kind,split,shape,measured_us,predicted_us,error")
        XCTAssertEqual(lines.count, report.rows.count + 1)
        let first = lines[1].split(separator: ",")
        XCTAssertEqual(first.count, 8)
        XCTAssertEqual(first[0], "H100-SXM")
        XCTAssertEqual(String(first[3]), report.rows[0].measurement.split.rawValue)
        XCTAssertEqual(try XCTUnwrap(Double(first[7])), 0, accuracy: 1e-4)
        let unwritable = try TestSupport.runCLI(["validate", "kernels", "--data", directory.path, "--gpu", "h100-sxm",
                                                 "--blis", "none", "--rows", "/nonexistent-dir/rows.csv"])
        XCTAssertEqual(unwritable.status, 1)
        XCTAssertTrue(unwritable.stderr.contains("cannot write /nonexistent-dir/rows.csv"), unwritable.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["goal_misses"] as? Int, 0)
        let groups = try XCTUnwrap(json["groups"] as? [[String: Any]])
        XCTAssertEqual(groups.count, 26) // 10 kinds × fit, held out; 2 MoE kinds × fit, held out, excluded
        for g in groups { XCTAssertLessThan(try XCTUnwrap(g["mape"] as? Double), 1e-8) }
    }

    /// `--all-held-out`: a folder of tables named without the aic_ prefix (a project's own
    /// measurements, as data/kernels/h200-own), rows of other backends picked by `--backend` and
    /// `--gemm-backend`, every row held out (cuDNN's attention has no library figures of its own:
    /// the GPU's own time it; FlashAttention-2's rows, which the library's time and whose fit
    /// rows stay fit rows, are `AttentionLibraryTests`').
    func testOwnTablesOfAnotherBackendAreWhollyHeldOut() throws {
        let source = try TestSupport.temporaryDirectory().appendingPathComponent("aic")
        let gpu = try XCTUnwrap(KernelGPU.named("h100-sxm"))
        try SyntheticKernelTables.write(to: source, gpu: gpu, hardware: Presets.hardware(named: "h100-sxm"))
        let own = try TestSupport.temporaryDirectory().appendingPathComponent("own")
        try FileManager.default.createDirectory(at: own, withIntermediateDirectories: true)
        for (file, backend) in [("gemm.csv", "torch"), ("decode_attention.csv", "torch-cudnn")] {
            let text = try String(contentsOf: source.appendingPathComponent("aic_" + file), encoding: .utf8)
            try text.replacingOccurrences(of: ",vllm,", with: ",\(backend),")
                .write(to: own.appendingPathComponent(file), atomically: true, encoding: .utf8)
        }
        let args = ["validate", "kernels", "--data", own.path, "--gpu", "h100-sxm", "--all-held-out", "--json"]
        let result = try TestSupport.runCLI(args + ["--backend", "torch-cudnn", "--gemm-backend", "torch"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let groups = try XCTUnwrap(json["groups"] as? [[String: Any]])
        XCTAssertEqual(Set(groups.compactMap { $0["kind"] as? String }),
                       ["gemm_bf16", "gemm_fp8", "decode_attention", "decode_attention_fp8kv"])
        for g in groups {
            XCTAssertEqual(g["split"] as? String, "held_out")
            XCTAssertLessThan(try XCTUnwrap(g["mape"] as? Double), 1e-8)
        }
        // Without the backend options, the preset's own backend (vLLM) has no rows there.
        let other = try TestSupport.runCLI(args)
        XCTAssertEqual(other.status, 0, other.stderr)
        let none = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(other.stdout.utf8)) as? [String: Any])
        XCTAssertEqual((none["groups"] as? [Any])?.count, 0)
        // A folder with none of the three tables is an error that names them.
        let empty = try TestSupport.temporaryDirectory().appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let missing = try TestSupport.runCLI(["validate", "kernels", "--data", empty.path, "--gpu", "h200", "--all-held-out"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("none of gemm.csv, decode_attention.csv, prefill_attention.csv"), missing.stderr)
    }

    /// The tables replay one kernel over and over: on L40S (96 MB of L2 before its GDDR6) the
    /// GEMM rows whose weights and the decode rows whose KV fit in twice its L2 are left out of
    /// fit and held-out rows alike; on an HBM GPU none are.
    func testWarmL2RowsAreExcludedOnL40SOnly() throws {
        let gpus = [try XCTUnwrap(KernelGPU.named("l40s")), try XCTUnwrap(KernelGPU.named("h100-sxm"))]
        let rows = try AIConfiguratorTables.read(directory: TestSupport.packageRoot.appendingPathComponent("data/kernels").path,
                                                 gpus: gpus)
        var seen = (warm: 0, cold: 0)
        for row in rows {
            let operandBytes: Double
            switch row.op {
            case let .gemm(_, n, k, fp8): operandBytes = Double(n * k) * (fp8 ? 1 : 2)
            case let .decodeAttention(batch, kv, _, kvHeads, headDim, kvBytes):
                operandBytes = 2 * Double(batch * (kv + 1) * kvHeads * headDim) * kvBytes
            default: continue
            }
            if row.gpu == "L40S" {
                if operandBytes <= 192e6 {
                    XCTAssertEqual(row.split, .excluded, row.shape)
                    seen.warm += 1
                } else if case .gemm = row.op {
                    XCTAssertNotEqual(row.split, .excluded, row.shape)
                    seen.cold += 1
                }
            } else if case .gemm = row.op {
                XCTAssertNotEqual(row.split, .excluded, row.shape)
            }
        }
        XCTAssertGreaterThan(seen.warm, 1000)
        XCTAssertGreaterThan(seen.cold, 100)
    }

    func testUnknownGPUIsAUsageError() throws {
        let result = try TestSupport.runCLI(["validate", "kernels", "--gpu", "mi300x"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("--gpu: 'mi300x' has no measured kernel tables; one of 'h100-sxm'"), result.stderr)
    }
}
