import CostModel
import Foundation
import SimScenario
import TestSupport
import XCTest
@testable import SimServeKit

/// An engine's own decode-attention kernel (`decode_attention_kernel`) and a GPU's figures for
/// it over an fp8 KV cache (`trtllm_xqa_decode_attention`): where they apply in the cost model,
/// and how they load and refuse bad values.
final class DecodeAttentionKernelTests: XCTestCase {
    private static func decode(_ h: HardwareSpec, _ engine: EngineSpec, batch: Double, context: Double,
                               heads: Double, kvHeads: Double, kvBytes: Double) -> Double {
        KernelTimeModel(hardware: h, weightDtype: .fp8, engine: engine).attention
            .decodeAttention(sequences: batch, contextTokens: batch * context, heads: heads, kvHeads: kvHeads,
                             headDim: 128, activationBytes: 2, kvBytes: kvBytes).seconds
    }

    /// TensorRT-LLM's preset names XQA; over an fp8 KV cache of grouped-query heads its time is
    /// the form of the GPU's XQA figures (by hand here), and faster than vLLM's at large KV on
    /// H100 and H200; a 16-bit KV cache, one query head per KV head, the `flash` kernel and a GPU
    /// without XQA figures keep the GPU's own.
    func testXQAFiguresTimeFP8GroupedQueryDecodeOnly() throws {
        for gpu in ["h100-sxm", "h200", "b200"] {
            let h = try Presets.hardware(named: gpu)
            let xqa = try XCTUnwrap(h.trtllmXQADecodeAttention, gpu)
            let trtllm = try Presets.engine(named: "tensorrt-llm", on: h)
            XCTAssertEqual(trtllm.decodeAttentionKernel, .trtllmXQA)
            let vllm = try Presets.engine(named: "vllm", on: h)
            XCTAssertEqual(vllm.decodeAttentionKernel, .flash)
            for (batch, context) in [(1.0, 128.0), (64, 1024), (512, 4096)] {
                let heads = 32.0, kvHeads = 8.0
                // The form by hand: fixed + (work ⊕ streaming), the streaming stretched by the
                // half-rate units, the work per GQA-packed unit.
                let tile = h.shape.decodeAttentionQueryTileRows.map(Double.init) ?? heads / kvHeads
                let units = kvHeads * ((heads / kvHeads) / tile).rounded(.up)
                let bytes = batch * context * 2 * kvHeads * 128 * 1 + batch * 2 * heads * 128 * 2
                var memory = bytes / (h.hbmBandwidthGBs * 1e9 * xqa.fp8KVEfficiency)
                memory *= 1 + (xqa.fp8KVHalfRateUnits ?? 0) / (batch * units)
                let compute = 4 * heads * 128 * batch * context / (h.peakTflops * 1e12 * h.computeEfficiency)
                let work = (xqa.fp8KVPerSequenceKVHeadUs ?? 0) * 1e-6 * units * batch
                let p = try XCTUnwrap(xqa.fp8KVOverlapSharpness)
                let stream = max(memory, compute)
                let both = p > 1 ? pow(pow(work, p) + pow(stream, p), 1 / p) : work + stream
                let expected = max((xqa.fp8KVFloorUs ?? 0) * 1e-6, xqa.fp8KVOverheadUs * 1e-6 + both)
                let got = Self.decode(h, trtllm, batch: batch, context: context, heads: heads, kvHeads: kvHeads, kvBytes: 1)
                XCTAssertEqual(got, expected, accuracy: expected * 1e-9, "\(gpu) \(batch)x\(context)")
                // 16-bit KV and MHA: the GPU's own kernel for both engines.
                XCTAssertEqual(Self.decode(h, trtllm, batch: batch, context: context, heads: heads, kvHeads: kvHeads, kvBytes: 2),
                               Self.decode(h, vllm, batch: batch, context: context, heads: heads, kvHeads: kvHeads, kvBytes: 2))
                XCTAssertEqual(Self.decode(h, trtllm, batch: batch, context: context, heads: 32, kvHeads: 32, kvBytes: 1),
                               Self.decode(h, vllm, batch: batch, context: context, heads: 32, kvHeads: 32, kvBytes: 1))
            }
            // At large KV the measured XQA streams faster than vLLM's kernels: much on H200 (0.81–0.84
            // of peak against 0.60–0.61), a little on H100.
            if let factor = ["h200": 0.9, "h100-sxm": 1.0][gpu] {
                XCTAssertLessThan(Self.decode(h, trtllm, batch: 512, context: 4096, heads: 32, kvHeads: 8, kvBytes: 1),
                                  factor * Self.decode(h, vllm, batch: 512, context: 4096, heads: 32, kvHeads: 8, kvBytes: 1), gpu)
            }
        }
        // A GPU without XQA figures: TensorRT-LLM's kernel is timed by the GPU's own.
        let a100 = try Presets.hardware(named: "a100-80gb")
        XCTAssertNil(a100.trtllmXQADecodeAttention)
        XCTAssertEqual(Self.decode(a100, try Presets.engine(named: "tensorrt-llm", on: a100), batch: 64, context: 1024,
                                   heads: 32, kvHeads: 8, kvBytes: 1),
                       Self.decode(a100, try Presets.engine(named: "vllm", on: a100), batch: 64, context: 1024,
                                   heads: 32, kvHeads: 8, kvBytes: 1))
    }

    /// The engine key and the hardware table load from a scenario, round-trip, and refuse bad
    /// values by key, value and what is allowed.
    func testKeysLoadEncodeAndRefuseBadValues() throws {
        let base = EngineTests.base
        let vllmWithXQA = try ScenarioLoader.load(
            toml: base + "\n[engine]\npreset = \"vllm\"\ndecode_attention_kernel = \"trtllm-xqa\"\n", source: "t.toml")
        XCTAssertEqual(vllmWithXQA.serving.costModel.roofline?.engine.decodeAttentionKernel, .trtllmXQA)
        let unknown = TestSupport.loadError(base + "\n[engine]\npreset = \"vllm\"\ndecode_attention_kernel = \"xqa\"\n")
        XCTAssertTrue(unknown?.contains("engine.decode_attention_kernel") ?? false, unknown ?? "")
        XCTAssertTrue(unknown?.contains("'xqa'") ?? false, unknown ?? "")
        XCTAssertTrue(unknown?.contains("trtllm-xqa") ?? false, unknown ?? "")

        let withoutHardware = base.replacingOccurrences(of: "hardware = \"h100-sxm\"\n", with: "")
        let table = "trtllm_xqa_decode_attention = { fp8_kv_efficiency = 0.8, fp8_kv_overhead_us = 6 }"
        let own = try ScenarioLoader.load(toml: withoutHardware + "\n[hardware]\npreset = \"a100-80gb\"\n\(table)\n",
                                          source: "t.toml")
        XCTAssertEqual(own.serving.costModel.roofline?.hardware.trtllmXQADecodeAttention,
                       DecodeAttentionFigures(fp8KVEfficiency: 0.8, fp8KVOverheadUs: 6))
        let tooHigh = TestSupport.loadError(withoutHardware + "\n[hardware]\npreset = \"a100-80gb\"\n"
                                            + table.replacingOccurrences(of: "0.8", with: "1.5") + "\n")
        XCTAssertTrue(tooHigh?.contains("trtllm_xqa_decode_attention.fp8_kv_efficiency") ?? false, tooHigh ?? "")
        XCTAssertTrue(tooHigh?.contains("1.5") ?? false, tooHigh ?? "")
        let sharp = TestSupport.loadError(withoutHardware + "\n[hardware]\npreset = \"a100-80gb\"\n"
                                          + "trtllm_xqa_decode_attention = { fp8_kv_efficiency = 0.8, fp8_kv_overhead_us = 6, fp8_kv_overlap_sharpness = 0.5 }\n")
        XCTAssertTrue(sharp?.contains("fp8_kv_overlap_sharpness") ?? false, sharp ?? "")
        let missing = TestSupport.loadError(withoutHardware + "\n[hardware]\npreset = \"a100-80gb\"\n"
                                            + "trtllm_xqa_decode_attention = { fp8_kv_efficiency = 0.8 }\n")
        XCTAssertTrue(missing?.contains("trtllm_xqa_decode_attention.fp8_kv_overhead_us: missing required key") ?? false,
                      missing ?? "")

        for gpu in ["h100-sxm", "h200", "b200"] {
            let h = try Presets.hardware(named: gpu)
            XCTAssertEqual(try JSONDecoder().decode(HardwareSpec.self, from: try JSONEncoder().encode(h)).trtllmXQADecodeAttention,
                           h.trtllmXQADecodeAttention)
            // The inline table the fit prints reads back as the figures (to its 4 significant digits).
            let figures = try XCTUnwrap(h.trtllmXQADecodeAttention)
            let loaded = try ScenarioLoader.load(toml: withoutHardware + "\n[hardware]\npreset = \"a100-80gb\"\n"
                                                 + "trtllm_xqa_decode_attention = \(figures.tomlInlineTable)\n", source: "t.toml")
            XCTAssertEqual(loaded.serving.costModel.roofline?.hardware.trtllmXQADecodeAttention, figures, gpu)
        }
        let h100 = try Presets.hardware(named: "h100-sxm")
        let trtllm = try Presets.engine(named: "tensorrt-llm", on: h100)
        XCTAssertEqual(try JSONDecoder().decode(EngineSpec.self, from: try JSONEncoder().encode(trtllm)), trtllm)
        XCTAssertFalse(String(decoding: try JSONEncoder().encode(try Presets.engine(named: "vllm", on: h100)), as: UTF8.self)
            .contains("decode_attention_kernel"))
    }

    /// `simserve cost` names the engine's decode-attention kernel and whether the GPU has figures
    /// for it; `calibrate --decode-attention-kernel` prints the fit's key and refuses what it
    /// cannot fit, with exit status 2.
    func testCommandsNameTheKernelAndRefuseWhatTheyCannotFit() throws {
        let h200 = try TestSupport.runCLI(["cost", "--model", "llama-3.1-8b", "--hardware", "h200", "--engine", "tensorrt-llm",
                                           "--kv-dtype", "fp8", "--decode", "64x1024"])
        XCTAssertEqual(h200.status, 0, h200.stderr)
        XCTAssertTrue(h200.stdout.contains("decode attention: trtllm-xqa — the GPU's figures for it"), h200.stdout)
        let a100 = try TestSupport.runCLI(["cost", "--model", "llama-3.1-8b", "--hardware", "a100-80gb", "--engine", "tensorrt-llm",
                                           "--decode", "64x1024"])
        XCTAssertTrue(a100.stdout.contains("no figures for it on this GPU"), a100.stdout)
        let vllm = try TestSupport.runCLI(["cost", "--model", "llama-3.1-8b", "--hardware", "h200", "--decode", "64x1024"])
        XCTAssertFalse(vllm.stdout.contains("decode attention:"), vllm.stdout)

        let kernels = TestSupport.packageRoot.appendingPathComponent("data/kernels").path
        let fit = try TestSupport.runCLI(["calibrate", "--from-kernels", kernels, "--gpu", "b200",
                                          "--decode-attention-kernel", "trtllm-xqa"])
        XCTAssertEqual(fit.status, 0, fit.stderr)
        XCTAssertTrue(fit.stdout.contains("trtllm_xqa_decode_attention = { fp8_kv_efficiency = "), fit.stdout)
        let own = try TestSupport.runCLI(["calibrate", "--from-kernels", kernels, "--gpu", "b200", "--decode-attention-kernel", "flash"])
        XCTAssertEqual(own.status, 2)
        XCTAssertTrue(own.stderr.contains("'flash'") && own.stderr.contains("trtllm-xqa"), own.stderr)
        let withOut = try TestSupport.runCLI(["calibrate", "--from-kernels", kernels, "--gpu", "b200",
                                              "--decode-attention-kernel", "trtllm-xqa", "--out", "/tmp/never-written.toml"])
        XCTAssertEqual(withOut.status, 2)
        XCTAssertTrue(withOut.stderr.contains("--out"), withOut.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/tmp/never-written.toml"))
        let noRows = try TestSupport.runCLI(["calibrate", "--from-kernels", kernels, "--gpu", "a100-80gb",
                                             "--decode-attention-kernel", "trtllm-xqa"])
        XCTAssertEqual(noRows.status, 2)
        XCTAssertTrue(noRows.stderr.contains("A100-SXM trtllm fp8-KV"), noRows.stderr)
        let held = try TestSupport.runCLI(["calibrate", "--from-kernels", kernels, "--gpu", "b200", "--decode-attention-kernel", "trtllm-xqa",
                                           "--hold", "fp8_kv_efficiency=0.7709"])
        XCTAssertEqual(held.status, 0, held.stderr)
        XCTAssertTrue(held.stdout.contains("fp8_kv_efficiency = 0.7709 (held)"), held.stdout)
        XCTAssertTrue(held.stdout.contains("ran at 0.7709 of HBM peak"), held.stdout)
        let badHold = try TestSupport.runCLI(["calibrate", "--from-kernels", kernels, "--gpu", "b200",
                                              "--decode-attention-kernel", "trtllm-xqa", "--hold", "fp8_efficiency=0.8"])
        XCTAssertEqual(badHold.status, 2)
        XCTAssertTrue(badHold.stderr.contains("'fp8_efficiency'") && badHold.stderr.contains("fp8_kv_efficiency"), badHold.stderr)
        let noTables = try TestSupport.runCLI(["calibrate", "--decode-attention-kernel", "trtllm-xqa"])
        XCTAssertEqual(noTables.status, 2)
        XCTAssertTrue(noTables.stderr.contains("--from-kernels"), noTables.stderr)
        let unknownGPU = try TestSupport.runCLI(["calibrate", "--from-kernels", kernels, "--gpu", "mi300x",
                                                 "--decode-attention-kernel", "trtllm-xqa"])
        XCTAssertEqual(unknownGPU.status, 2)
        XCTAssertTrue(unknownGPU.stderr.contains("mi300x"), unknownGPU.stderr)
    }
}
