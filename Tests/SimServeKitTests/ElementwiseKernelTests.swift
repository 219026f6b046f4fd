import Foundation
import XCTest
@testable import SimServeKit
import TestSupport

/// The elementwise kernels' own figures (fixed time, one row's rate), their fit
/// (`simserve calibrate --elementwise`) and the TP-scaling check (`simserve validate tp-scaling`).
final class ElementwiseKernelTests: XCTestCase {
    /// Truth for the synthetic profile: (efficiency, fixed µs, row GB/s) per kernel.
    static let truth: [String: (Double, Double, Double)] = [
        "norm": (0.35, 1.0, 4.5), "rope": (0.45, 2.0, 8), "activation": (0.5, 1.5, 10),
        "add": (0.9, 0.5, 15), "embedding": (0.16, 2.4, 13),
    ]

    /// A Vidur-layout file of one model's elementwise ops, timed by an independent writing of
    /// the model: fixed + max(row bytes / row rate, bytes / (efficiency · 2039 GB/s)).
    static func profile(heads: Int, kvHeads: Int, hidden: Int, ffn: Int) -> String {
        let ops = [("emb", "embedding"), ("input_layernorm", "norm"), ("attn_rope", "rope"),
                   ("post_attention_layernorm", "norm"), ("mlp_act", "activation"), ("add", "add")]
        var text = ops.map { "time_stats.\($0.0).median" }.joined(separator: ",")
            + ",n_head,n_kv_head,n_embd,n_expanded_embd,vocab_size,use_gated_mlp,num_tokens,num_tensor_parallel_workers\n"
        let headDim = Double(hidden / heads)
        for tp in [1, 2, 4, 8] {
            for tokens in [1, 8, 32, 64, 128, 256, 512, 1024, 2048, 4096] {
                let t = Double(tokens), d = Double(hidden), f = Double(ffn) / Double(tp)
                let rowBytes: [String: Double] = [
                    "embedding": 4 * d, "norm": 4 * d, "add": 6 * d, "activation": 2 * 3 * f,
                    "rope": 4 * (Double(heads / tp) + Double(max(1, kvHeads / tp))) * headDim,
                ]
                let times = ops.map { op, kernel -> String in
                    let (efficiency, fixedUs, rowGBs) = truth[kernel]!
                    let row = rowBytes[kernel]!
                    let seconds = fixedUs * 1e-6 + max(row / (rowGBs * 1e9), t * row / (efficiency * 2039e9))
                    return String(seconds * 1e3)
                }
                text += times.joined(separator: ",") + ",\(heads),\(kvHeads),\(hidden),\(ffn),32000,True,\(tokens),\(tp)\n"
            }
        }
        return text
    }

    /// `calibrate --elementwise` recovers the figures a synthetic profile was made with, fitted
    /// on one file and held out on the other, and prints them as `[hardware]` keys.
    func testCalibrateRecoversTheFiguresOfASyntheticProfile() throws {
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try Self.profile(heads: 32, kvHeads: 32, hidden: 4096, ffn: 11008)
            .write(to: directory.appendingPathComponent("small.mlp.csv"), atomically: true, encoding: .utf8)
        try Self.profile(heads: 64, kvHeads: 8, hidden: 8192, ffn: 28672)
            .write(to: directory.appendingPathComponent("large.mlp.csv"), atomically: true, encoding: .utf8)
        let run = try TestSupport.runCLI(["calibrate", "--from", directory.path, "--hardware", "a100-80gb",
                                          "--elementwise", "--fit-on", "small.mlp.csv"])
        XCTAssertEqual(run.status, 0, run.stderr)
        var keys: [String: Double] = [:]
        for line in run.stdout.split(separator: "\n") {
            let parts = line.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, let value = Double(parts[1]) { keys[parts[0]] = value }
        }
        XCTAssertEqual(keys["elementwise_floor_us"], 0)
        for (kernel, (efficiency, fixedUs, rowGBs)) in Self.truth {
            XCTAssertEqual(try XCTUnwrap(keys["\(kernel)_efficiency"], kernel), efficiency, accuracy: 0.01 * efficiency, kernel)
            XCTAssertEqual(try XCTUnwrap(keys["\(kernel)_launch_us"]), fixedUs, accuracy: 0.02 * fixedUs, kernel)
            XCTAssertEqual(try XCTUnwrap(keys["\(kernel)_row_gbs"]), rowGBs, accuracy: 0.02 * rowGBs, kernel)
        }
        XCTAssertTrue(run.stdout.contains("All held-out elementwise rows: MAPE 0.0 %"), run.stdout)
        // Fitting on every file leaves nothing held out: an error, not a fit.
        let all = try TestSupport.runCLI(["calibrate", "--from", directory.path, "--hardware", "a100-80gb",
                                          "--elementwise", "--fit-on", "small.mlp.csv,large.mlp.csv"])
        XCTAssertEqual(all.status, 2)
        XCTAssertTrue(all.stderr.contains("no held-out"), all.stderr)
        let bare = try TestSupport.runCLI(["calibrate", "--elementwise"])
        XCTAssertEqual(bare.status, 2)
        XCTAssertTrue(bare.stderr.contains("--elementwise needs --from"), bare.stderr)
    }

    /// Without the new keys a kernel is timed as before; with them, a small batch takes its
    /// row's time and a large one streams at its efficiency.
    func testRowTermAndOwnFixedTime() throws {
        var hardware = try Presets.hardware(named: "a100-80gb")
        hardware.cudaGraphs = false
        hardware.shape.elementwiseFloorUs = 0
        hardware.shape.elementwise = ElementwiseKernelFigures()
        let spec = try Presets.model(named: "llama-2-7b")
        let before = RooflineCostModel(model: spec, hardware: hardware, parallelism: Parallelism())
        let launch = (hardware.shape.elementwiseLaunchUs ?? hardware.kernelLaunchUs) * 1e-6
        let bandwidth = hardware.hbmBandwidthGBs * 1e9 * hardware.shape.normEfficiency!
        XCTAssertEqual(before.norm(tokens: 4).seconds, launch + 4 * 4 * 4096 / bandwidth, accuracy: 1e-15)
        hardware.shape.elementwise.normLaunchUs = 1
        hardware.shape.elementwise.normRowGBs = 4
        let after = RooflineCostModel(model: spec, hardware: hardware, parallelism: Parallelism())
        XCTAssertEqual(after.norm(tokens: 4).seconds, 1e-6 + 4 * 4096 / 4e9, accuracy: 1e-15)
        XCTAssertEqual(after.norm(tokens: 4096).seconds, 1e-6 + 4096 * 4 * 4096 / bandwidth, accuracy: 1e-15)
        XCTAssertEqual(after.rope(tokens: 4).seconds, before.rope(tokens: 4).seconds)
    }

    func testBadElementwiseValuesNameTheKeyAndTheRange() {
        let base = """
            requests = 4
            model = "llama-2-7b"
            [hardware]
            preset = "a100-80gb"
            KEY
            [workload]
            arrival = { kind = "poisson", rate = 1.0 }
            prompt_tokens = { kind = "fixed", value = 16 }
            output_tokens = { kind = "fixed", value = 4 }
            """
        let cases = [("norm_row_gbs = 0", "hardware.norm_row_gbs: must be a finite rate > 0 GB/s, got 0.0"),
                     ("add_launch_us = -1", "hardware.add_launch_us: must be a finite time ≥ 0 µs, got -1.0"),
                     ("rope_row_gb = 3", "hardware.rope_row_gb: unknown key; did you mean 'rope_row_gbs'?")]
        for (line, message) in cases {
            let error = TestSupport.loadError(base.replacingOccurrences(of: "KEY", with: line))
            XCTAssertTrue(error?.contains(message) == true, error ?? "loaded")
        }
        XCTAssertNil(TestSupport.loadError(base.replacingOccurrences(of: "KEY", with: "activation_row_gbs = 9")))
        // With an L2 size (a100-80gb sets one), an efficiency is the in-L2 rate: up to 3× HBM.
        XCTAssertNil(TestSupport.loadError(base.replacingOccurrences(of: "KEY", with: "add_efficiency = 1.84")))
        let tooFast = TestSupport.loadError(base.replacingOccurrences(of: "KEY", with: "add_efficiency = 3.5"))
        XCTAssertTrue(tooFast?.contains("hardware.add_efficiency: must be in (0, 3.0] (a fraction of HBM bandwidth, within the L2 cache), got 3.5") == true,
                      tooFast ?? "loaded")
        // Without one, the HBM limit.
        let noL2 = TestSupport.loadError(base.replacingOccurrences(of: "preset = \"a100-80gb\"", with: "preset = \"a10g\"")
            .replacingOccurrences(of: "KEY", with: "add_efficiency = 1.5"))
        XCTAssertTrue(noL2?.contains("hardware.add_efficiency: must be in (0, 1.2] (a fraction of HBM bandwidth), got 1.5") == true,
                      noL2 ?? "loaded")
    }

    /// The shipped h200 figures on the held-out files of the project's own H200 measurements
    /// (data/kernels/h200-own/layer-ops-compiled: Llama-2-7B and Qwen2.5-32B; fitted on the two
    /// Llama-3 files). Measured at this commit: emb 19.3, norms 10.5, rope 18.3, activation
    /// 4.5, add 7.8 % plain MAPE; before, the A100 figures carried over gave 234, 64, 34, 48, 73 %.
    func testShippedH200FiguresOnTheHeldOutOwnFiles() throws {
        let directory = TestSupport.packageRoot.appendingPathComponent("data/kernels/h200-own/layer-ops-compiled").path
        let samples = try LayerOpSample.readAll(directory: directory)
            .filter { !["Meta-Llama-3-8B.mlp.csv", "Meta-Llama-3-70B.mlp.csv"].contains($0.source) }
        XCTAssertEqual(Set(samples.map(\.source)), ["Llama-2-7b-hf.mlp.csv", "Qwen2.5-32B.mlp.csv"])
        let report = ElementwiseFit.predict(samples, on: try Presets.hardware(named: "h200"))
        for op in OpValidation.elementwiseOps {
            let s = try XCTUnwrap(ValidationReport.summarize(report.rows.filter { $0.op == op }, source: "", op: op))
            XCTAssertLessThan(s.mapePercent, 20, op)
            XCTAssertEqual(s.count, 45, op)
        }
    }

    static let dataDirectory = CostModelValidationTests.dataDirectory

    /// The shipped a100-80gb figures on the held-out files of the Vidur profile (Llama-3 8B/70B,
    /// phi-2): every elementwise op class within the 10 % (measured at this commit:
    /// emb 5.7, norms 9.9 and 9.5, rope 9.6, activation 7.7, add 8.1 %).
    func testShippedA100FiguresOnTheHeldOutFiles() throws {
        guard FileManager.default.fileExists(atPath: Self.dataDirectory) else {
            throw XCTSkip("no validation data at \(Self.dataDirectory)")
        }
        let samples = try LayerOpSample.readAll(directory: Self.dataDirectory + "/a100")
            .filter { !ElementwiseFit.fitFiles.contains($0.source) }
        XCTAssertEqual(Set(samples.map(\.source)), ["Meta-Llama-3-8B.mlp.csv", "Meta-Llama-3-70B.mlp.csv", "phi-2.mlp.csv"])
        let report = ElementwiseFit.predict(samples, on: try Presets.hardware(named: "a100-80gb"))
        for op in OpValidation.elementwiseOps {
            let s = try XCTUnwrap(ValidationReport.summarize(report.rows.filter { $0.op == op }, source: "", op: op))
            XCTAssertLessThan(s.mapePercent, 10, op)
            XCTAssertGreaterThan(s.count, 3500, op)
        }
    }

    /// The shipped a40 figures on the held-out files of the Vidur profile of the A40
    /// (data/kernels/vidur-a40: CodeLlama-34B, InternLM-20B, Qwen-72B; phi-2 left out, outside the
    /// model for three ops): every elementwise op class within 10 % (measured at this commit:
    /// emb 4.0, norms 4.9 and 4.9, rope 8.6, activation 5.1, add 3.7 %), and the GEMMs too
    /// (QKV 8.3, output 6.7, up 7.1, down 7.9 %). With the A100's elementwise figures carried
    /// over and datasheet GEMM terms the same ops were 20–222 % and 9–16 %.
    func testShippedA40FiguresOnTheHeldOutFiles() throws {
        let directory = TestSupport.packageRoot.appendingPathComponent("data/kernels/vidur-a40").path
        let heldOut: Set = ["CodeLlama-34b-Instruct-hf.mlp.csv", "internlm-20b.mlp.csv", "Qwen-72B.mlp.csv"]
        let a40 = try Presets.hardware(named: "a40")
        XCTAssertEqual(a40.kernelDataDescription.hasPrefix("measured: Vidur profile A40"), true)
        let samples = try LayerOpSample.readAll(directory: directory).filter { heldOut.contains($0.source) }
        XCTAssertEqual(Set(samples.map(\.source)), heldOut)
        let report = ElementwiseFit.predict(samples, on: a40)
        for op in OpValidation.elementwiseOps {
            let s = try XCTUnwrap(ValidationReport.summarize(report.rows.filter { $0.op == op }, source: "", op: op))
            XCTAssertLessThan(s.mapePercent, 10, op)
            XCTAssertGreaterThan(s.count, 3000, op)
        }
        for file in heldOut.sorted() {
            let rows = try OpValidation.layerOpRows(CSVTable(text: String(contentsOfFile: directory + "/" + file, encoding: .utf8)),
                                                    source: file, hardware: a40)
            for op in ["attn_pre_proj", "attn_post_proj", "mlp_up_proj", "mlp_down_proj"] {
                let s = try XCTUnwrap(ValidationReport.summarize(rows.filter { $0.op == op }, source: file, op: op))
                XCTAssertLessThan(s.mapePercent, 10, "\(file) \(op)")
            }
        }
    }

    /// `validate tp-scaling --json`: every TP, fit and held-out; the calibrated A100 within the
    /// goal at each TP; the preset within it up to TP 4 on the held-out files. Bad input exits 2.
    func testTPScalingThroughTheCLI() throws {
        guard FileManager.default.fileExists(atPath: Self.dataDirectory) else {
            throw XCTSkip("no validation data at \(Self.dataDirectory)")
        }
        for (hardware, limits) in [("a100-80gb-calibrated", [1: 10.0, 2: 10, 4: 10, 8: 10]),
                                   ("a100-80gb", [1: 5.0, 2: 8, 4: 9, 8: 13])] {
            let run = try TestSupport.runCLI(["validate", "tp-scaling", "--data", Self.dataDirectory,
                                              "--hardware", hardware, "--json"])
            XCTAssertEqual(run.status, 0, run.stderr)
            let items = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
            XCTAssertEqual(items.count, 8, run.stdout)
            for item in items {
                let tp = try XCTUnwrap(item["tp"] as? Int), mape = try XCTUnwrap(item["mape"] as? Double)
                XCTAssertGreaterThan(try XCTUnwrap(item["rows"] as? Int), 400)
                if item["split"] as? String == "held_out" {
                    XCTAssertLessThan(mape, try XCTUnwrap(limits[tp]), "\(hardware) TP \(tp)")
                }
            }
        }
        let missing = try TestSupport.runCLI(["validate", "tp-scaling", "--data", "/nonexistent"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("/nonexistent"), missing.stderr)
        let unknown = try TestSupport.runCLI(["validate", "tp-scaling", "--data", Self.dataDirectory, "--hardware", "a100-80"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("a100-80"), unknown.stderr)
    }
}
