import CostModel
import Foundation
import SimScenario
import XCTest
import TestSupport
@testable import SimServeKit

/// `simserve validate throughput`: which cells run, the offline scenario they run, the same
/// output twice, and a missing column named with its file.
final class ThroughputValidationTests: XCTestCase {
    private let header = "id,engine,engine_version,gpu,model,tp,dtype,input_len,output_len,num_requests,max_batch,"
        + "output_tok_per_s,throughput_basis,batch_latency_s,source_id"

    private func write(_ lines: [String]) throws -> String {
        let url = try TestSupport.temporaryDirectory().appendingPathComponent("offline.csv")
        try ([header] + lines).joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func testSimulatesCellsWithPresetsAndSaysWhyTheOthersAreSkipped() throws {
        let path = try write([
            "a,tensorrt-llm,0.9.0,a100-80gb,meta-llama/Llama-2-7b-hf,1,fp16,128,128,,32,1000,per_gpu,,trtllm_perf_v090",
            "b,vllm,,h100-sxm,meta-llama/Llama-2-7b-hf,2,fp16,128,128,,8,500,total_all_gpus,1.0,argonne_lib",
            "c,tensorrt-llm,1.0,b200,meta-llama/Llama-3.1-8B-Instruct,1,fp4,128,128,30000,,9000,total_all_gpus,,trtllm_perf_overview",
            "d,vllm,,h100-sxm,facebook/opt-6.7b,1,fp16,128,128,,8,500,total_all_gpus,1.0,argonne_lib",
        ])
        let rows = try ThroughputValidation.validate(file: path)
        XCTAssertEqual(rows.map(\.id), ["a", "b", "c", "d"])
        XCTAssertNotNil(rows[0].predictedTokensPerSecond, rows[0].failure ?? "")
        XCTAssertEqual(rows[0].requests, 1000)     // v0.9.0 states no count: 4 × batch, at least 1000
        XCTAssertEqual(rows[1].requests, 8)        // one static batch
        XCTAssertNotNil(rows[1].predictedTokensPerSecond, rows[1].failure ?? "")
        XCTAssertEqual(rows[2].failure, "no fp4 weight type in simserve")
        XCTAssertEqual(rows[3].failure, "no model preset for facebook/opt-6.7b")
        let scenario = ThroughputValidation.scenario(rows[1], model: "llama-2-7b")
        XCTAssertTrue(scenario.contains("engine = \"vllm-v0.5\""), scenario)
        XCTAssertTrue(scenario.contains("prompt_tokens = { kind = \"fixed\", value = 128 }"), scenario)

        let first = try TestSupport.runCLI(["validate", "throughput", "--measured", path, "--cells"])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stdout.contains("| trtllm_perf_v090 | fp16 | 1 |"), first.stdout)
        XCTAssertTrue(first.stdout.contains("- 1: no fp4 weight type in simserve"), first.stdout)
        let second = try TestSupport.runCLI(["validate", "throughput", "--measured", path, "--cells"])
        XCTAssertEqual(first.stdout, second.stdout)
    }

    /// `validate throughput --fit` on cells that simserve itself produced with known vllm-v0.5
    /// host terms: the fit, started elsewhere, finds them again, and the held-out (non-Llama)
    /// cells are then predicted as made.
    func testFitRecoversKnownHostTerms() throws {
        var lines: [String] = []
        for (model, tps, batches) in [("meta-llama/Llama-2-7b-hf", [1, 4], [1, 32]), ("mistralai/Mistral-7B-v0.1", [2], [16])] {
            for tp in tps {
                for batch in batches {
                    lines.append("\(model.hasPrefix("meta") ? "l" : "m")\(tp)-\(batch),vllm,,h100-sxm,\(model),\(tp),fp16,32,24,,\(batch),1,total_all_gpus,1.0,argonne_lib")
                }
            }
        }
        let draft = try write(lines)
        let truth = [1500.0, 40, 250]
        let made = ThroughputValidation.predict(try ThroughputValidation.read(file: draft),
                                                engine: ThroughputValidation.argonneVLLMEngine(truth))
        let measured = try write(zip(lines, made).map { line, row in
            var cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            cells[11] = String(format: "%.6f", try XCTUnwrap(row.predictedTokensPerSecond))
            return cells.joined(separator: ",")
        })
        let fit = try ThroughputValidation.fitArgonneVLLM(file: measured, start: [1100, 28, 170], tolerance: 1e-2)
        XCTAssertEqual(fit.fitRows.count, 4)
        XCTAssertEqual(fit.heldOutRows.count, 1)
        XCTAssertGreaterThan(fit.startLoss, 0.05)
        for (term, want) in zip(fit.terms, truth) {
            XCTAssertEqual(term.value, want, accuracy: 0.05 * want, term.key)
        }
        for row in fit.heldOutRows { XCTAssertEqual(try XCTUnwrap(row.error), 0, accuracy: 0.02, row.id) }
    }

    /// `--fit` on a file without the rows it fits on says so and exits 2.
    func testFitWithoutItsRowsIsAnInputError() throws {
        let path = try write(["a,tensorrt-llm,0.9.0,a100-80gb,meta-llama/Llama-2-7b-hf,1,fp16,128,128,,32,1000,per_gpu,,trtllm_perf_v090"])
        let result = try TestSupport.runCLI(["validate", "throughput", "--fit", "--measured", path])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("has no Argonne vLLM rows of Llama models on h100-sxm or a100-40gb"), result.stderr)
        XCTAssertEqual(result.stdout, "")
    }

    func testMissingColumnIsNamedWithItsFile() throws {
        let url = try TestSupport.temporaryDirectory().appendingPathComponent("bad.csv")
        try "id,engine\nx,vllm\n".write(to: url, atomically: true, encoding: .utf8)
        let result = try TestSupport.runCLI(["validate", "throughput", "--measured", url.path])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("\(url.path) has no column 'gpu'"), result.stderr)
    }

    /// A row with a batch latency is one static batch, and a stated `kv_dtype` is the KV cache's
    /// type (the ROCm latency table ran with fp16 KV); rows without the column keep the rule.
    func testStaticBatchRowsAndStatedKVType() throws {
        let url = try TestSupport.temporaryDirectory().appendingPathComponent("kv.csv")
        try ([header + ",kv_dtype",
              "r,vllm,0.10.0,mi300x,amd/Llama-3.1-70B-Instruct-FP8-KV,8,fp8,128,64,4,4,100,total_all_gpus,5.0,rocm_vllm_dev,fp16",
              "t,tensorrt-llm,1.0,h100-sxm,meta-llama/Llama-3.1-8B-Instruct,1,fp8,128,128,30000,,9000,total_all_gpus,,trtllm_perf_overview"]
            .joined(separator: "\n")).write(to: url, atomically: true, encoding: .utf8)
        let rows = try ThroughputValidation.read(file: url.path)
        XCTAssertEqual(rows[0].requests, 4)
        XCTAssertEqual(rows[0].kvDtype, "fp16")
        XCTAssertNil(rows[0].failure)
        XCTAssertTrue(ThroughputValidation.scenario(rows[0], model: "llama-3.1-70b").contains("kv_dtype = \"fp16\""))
        XCTAssertNil(rows[1].kvDtype)
        XCTAssertEqual(rows[1].requests, ThroughputValidation.maxRequests)
        XCTAssertTrue(ThroughputValidation.scenario(rows[1], model: "llama-3.1-8b").contains("kv_dtype = \"fp8\""))
        let hardware = "{ preset = \"mi300x\", memory_efficiency = 0.6 }"
        XCTAssertTrue(ThroughputValidation.scenario(rows[0], model: "llama-3.1-70b", hardware: hardware)
            .contains("hardware = { preset = \"mi300x\", memory_efficiency = 0.6 }"))
        let predicted = ThroughputValidation.predict([rows[0]], hardware: hardware)
        XCTAssertNotNil(predicted[0].predictedTokensPerSecond, predicted[0].failure ?? "")
    }

    /// `--fit-gpu mi300x` on static batches that simserve itself produced with known MI300X
    /// figures (both models' 128-token prompts fitted, longer ones held out) finds them again.
    func testMI300XFitRecoversKnownFigures() throws {
        var lines: [String] = []
        for (tag, model) in [("70b", "amd/Llama-3.1-70B-Instruct-FP8-KV"), ("405b", "amd/Llama-3.1-405B-Instruct-FP8-KV")] {
            for input in [128, 1024] {
                for batch in [1, 16, 128] {
                    lines.append("\(tag)-\(input)-\(batch),vllm,0.10.0,mi300x,\(model),8,fp8,\(input),24,\(batch),\(batch),1,"
                                 + "total_all_gpus,1.0,rocm_vllm_dev,fp16")
                }
            }
        }
        let url = try TestSupport.temporaryDirectory().appendingPathComponent("mi300x.csv")
        try ([header + ",kv_dtype"] + lines).joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        let truth = [0.55, 0.4, 0.5]
        let made = ThroughputValidation.predict(try ThroughputValidation.read(file: url.path),
                                                hardware: ThroughputValidation.mi300xHardware(truth))
        let measured = try TestSupport.temporaryDirectory().appendingPathComponent("made.csv")
        try ([header + ",kv_dtype"] + zip(lines, made).map { line, row in
            var cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            cells[11] = String(format: "%.6f", try XCTUnwrap(row.predictedTokensPerSecond, row.failure ?? row.id))
            return cells.joined(separator: ",")
        }).joined(separator: "\n").write(to: measured, atomically: true, encoding: .utf8)
        let fit = try ThroughputValidation.fitMI300X(file: measured.path, tolerance: 1e-2)
        XCTAssertEqual(fit.fitRows.count, 6)
        XCTAssertEqual(fit.heldOutRows.count, 6)
        XCTAssertGreaterThan(fit.startLoss, 0.05)
        XCTAssertLessThan(fit.loss, 0.01)
        for (term, want) in zip(fit.terms, truth) {
            XCTAssertEqual(term.value, want, accuracy: 0.1 * want, term.key)
        }
        for row in fit.heldOutRows { XCTAssertEqual(try XCTUnwrap(row.error), 0, accuracy: 0.03, row.id) }
        let wrong = try TestSupport.runCLI(["validate", "throughput", "--fit-gpu", "h100-sxm", "--measured", measured.path])
        XCTAssertEqual(wrong.status, 2)
        XCTAssertTrue(wrong.stderr.contains("'h100-sxm' is not one of 'mi300x'"), wrong.stderr)
        let both = try TestSupport.runCLI(["validate", "throughput", "--fit", "--fit-gpu", "mi300x", "--measured", measured.path])
        XCTAssertNotEqual(both.status, 0)
        XCTAssertTrue(both.stderr.contains("give one"), both.stderr)
    }

    /// A machine's `all_reduce_skew_scale` multiplies the engine's wait per peer at each
    /// all-reduce (0: none, absent: 1); out of range it is refused by key and value; the mi300x
    /// preset carries its fitted scale and says where its figures come from.
    func testAllReduceSkewScale() throws {
        let h100 = try Presets.hardware(named: "h100-sxm")
        let engine = try Presets.engine(named: "vllm", on: h100)
        var scaled = h100
        scaled.shape.allReduceSkewScale = 0.5
        var none = h100
        none.shape.allReduceSkewScale = 0
        let bytes = 65536.0
        let full = KernelTimeModel(hardware: h100, weightDtype: .bf16, engine: engine).allReduce(bytes: bytes, workers: 8).seconds
        let half = KernelTimeModel(hardware: scaled, weightDtype: .bf16, engine: engine).allReduce(bytes: bytes, workers: 8).seconds
        let zero = KernelTimeModel(hardware: none, weightDtype: .bf16, engine: engine).allReduce(bytes: bytes, workers: 8).seconds
        XCTAssertEqual(full - zero, engine.allReduceSkewUsPerPeer * 1e-6 * 7, accuracy: 1e-12)
        XCTAssertEqual(half - zero, 0.5 * (full - zero), accuracy: 1e-12)
        let mi300x = try Presets.hardware(named: "mi300x")
        XCTAssertEqual(try XCTUnwrap(mi300x.shape.allReduceSkewScale), 0.317, accuracy: 1e-9)
        XCTAssertTrue(mi300x.kernelDataDescription.hasPrefix("fitted on whole runs"), mi300x.kernelDataDescription)
        let bad = TestSupport.loadError(EngineTests.base.replacingOccurrences(of: "hardware = \"h100-sxm\"\n", with: "")
                                        + "\n[hardware]\npreset = \"mi300x\"\nall_reduce_skew_scale = -1\n")
        XCTAssertTrue(bad?.contains("hardware.all_reduce_skew_scale") ?? false, bad ?? "")
        XCTAssertTrue(bad?.contains("-1") ?? false, bad ?? "")
    }
}
