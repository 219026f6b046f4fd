import CostModel
import Foundation
import SimScenario
import TestSupport
import XCTest
@testable import SimServeKit

/// An engine's attention library (`attention_library`) and a GPU's figures for it
/// (`flash_attention_2`): where they apply in the cost model, how they load and refuse bad
/// values, and the commands that name and fit them.
final class AttentionLibraryTests: XCTestCase {
    private static func attention(_ h: HardwareSpec, _ engine: EngineSpec) -> (decode: Double, prefill: Double) {
        let model = KernelTimeModel(hardware: h, weightDtype: .bf16, engine: engine).attention
        let decode = model.decodeAttention(sequences: 32, contextTokens: 32 * 2048, heads: 32, kvHeads: 8, headDim: 128,
                                           activationBytes: 2, kvBytes: 2).seconds
        var shape = BatchShape(attentionQueryTile: model.attentionQueryTile ?? 0)
        shape.addPrefillChunk(newTokens: 4096, cachedTokens: 0, completesPrompt: true)
        let prefill = model.prefillAttention(newTokens: 4096, cachedTokens: 0, tokenPairs: shape.prefillAttentionTokenPairs,
                                             timedTokenPairs: model.prefillTimedTokenPairs(shape), heads: 32, kvHeads: 8,
                                             headDim: 128, activationBytes: 2, kvBytes: 2, sequences: 1,
                                             queryTiles: model.prefillQueryTiles(shape)).seconds
        return (decode, prefill)
    }

    /// The `pytorch` preset runs FlashAttention-2: on h200, whose preset carries figures for it,
    /// prefill attention takes about twice the GPU's own (FA3-class) time, as the measured rows
    /// do, and the figures are exactly the GPU's own with the library's laid over them; on a GPU
    /// without figures the library changes nothing.
    func testLibraryFiguresTimeAttentionWhereTheGPUHasThem() throws {
        let h200 = try Presets.hardware(named: "h200")
        let figures = try XCTUnwrap(h200.flashAttention2)
        let pytorch = try Presets.engine(named: "pytorch", on: h200)
        XCTAssertEqual(pytorch.attentionLibrary, .flashAttention2)
        var current = pytorch
        current.attentionLibrary = .current
        let fa2 = Self.attention(h200, pytorch), own = Self.attention(h200, current)
        XCTAssertGreaterThan(fa2.prefill / own.prefill, 1.6)
        XCTAssertLessThan(fa2.prefill / own.prefill, 2.4)
        XCTAssertNotEqual(fa2.decode, own.decode)
        // The library's figures are the GPU's own shape with its keys replaced.
        var laid = h200
        laid.shape = figures.laid(over: h200.shape)
        XCTAssertEqual(Self.attention(laid, current).decode, fa2.decode)
        XCTAssertEqual(Self.attention(laid, current).prefill, fa2.prefill)
        XCTAssertEqual(laid.shape.prefillAttentionEfficiency, try XCTUnwrap(figures.prefillAttentionEfficiency))
        // h100-sxm carries the same figures over (the same die).
        XCTAssertEqual(try Presets.hardware(named: "h100-sxm").flashAttention2, figures)
        // No figures: the GPU's own.
        let a100 = try Presets.hardware(named: "a100-80gb")
        XCTAssertNil(a100.flashAttention2)
        var a100Current = try Presets.engine(named: "pytorch", on: a100)
        let a100FA2 = Self.attention(a100, a100Current)
        a100Current.attentionLibrary = .current
        XCTAssertEqual(a100FA2.decode, Self.attention(a100, a100Current).decode)
        XCTAssertEqual(a100FA2.prefill, Self.attention(a100, a100Current).prefill)
        // The serving engines keep the GPU's own.
        XCTAssertEqual(try Presets.engine(named: "vllm", on: h200).attentionLibrary, .current)
    }

    /// `prefill_attention_half_rate_units` u₀ stretches prefill attention's compute time by
    /// 1 + u₀ / (query tiles × heads): by hand on a compute-bound prompt, much on few heads, little
    /// on many; 0 leaves the time as it was; a negative value is refused by key.
    func testFewThreadBlocksStretchPrefillCompute() throws {
        var h = try Presets.hardware(named: "h200")
        h.shape.prefillAttentionOverheadUs = 0
        h.shape.prefillAttentionPerTokenHeadNs = 0
        h.shape.prefillAttentionPerSequenceUs = 0
        h.shape.prefillAttentionPerTileHeadNs = 0
        func prefill(_ hardware: HardwareSpec, heads: Double, tokens: Int) -> (seconds: Double, tiles: Double, pairs: Double) {
            let model = KernelTimeModel(hardware: hardware, weightDtype: .bf16).attention
            var shape = BatchShape(attentionQueryTile: model.attentionQueryTile ?? 0)
            shape.addPrefillChunk(newTokens: tokens, cachedTokens: 0, completesPrompt: true)
            let tiles = model.prefillQueryTiles(shape), pairs = model.prefillTimedTokenPairs(shape)
            let seconds = model.prefillAttention(newTokens: Double(tokens), cachedTokens: 0, tokenPairs: shape.prefillAttentionTokenPairs,
                                                 timedTokenPairs: pairs, heads: heads, kvHeads: 1, headDim: 128, activationBytes: 2,
                                                 kvBytes: 2, sequences: 1, queryTiles: tiles).seconds
            return (seconds, tiles, pairs)
        }
        var stretched = h
        stretched.shape.prefillAttentionHalfRateUnits = 200
        for heads in [8.0, 64.0] {
            let plain = prefill(h, heads: heads, tokens: 4096), slow = prefill(stretched, heads: heads, tokens: 4096)
            let compute = 4 * heads * 128 * plain.pairs / (h.peakTflops * 1e12 * h.shape.prefillAttentionEfficiency)
            XCTAssertEqual(plain.seconds, compute, accuracy: compute * 1e-9, "compute-bound at \(heads) heads")
            XCTAssertEqual(slow.seconds, compute * (1 + 200 / (plain.tiles * heads)), accuracy: compute * 1e-9)
        }
        XCTAssertGreaterThan(prefill(stretched, heads: 8, tokens: 4096).seconds / prefill(h, heads: 8, tokens: 4096).seconds, 1.7)
        XCTAssertLessThan(prefill(stretched, heads: 64, tokens: 4096).seconds / prefill(h, heads: 64, tokens: 4096).seconds, 1.1)
        let withoutHardware = EngineTests.base.replacingOccurrences(of: "hardware = \"h100-sxm\"\n", with: "")
        let negative = TestSupport.loadError(withoutHardware + "\n[hardware]\npreset = \"h200\"\nprefill_attention_half_rate_units = -1\n")
        XCTAssertTrue(negative?.contains("prefill_attention_half_rate_units") ?? false, negative ?? "")
        let inTable = TestSupport.loadError(withoutHardware + "\n[hardware]\npreset = \"h200\"\n"
                                            + "flash_attention_2 = { prefill_attention_half_rate_units = -3 }\n")
        XCTAssertTrue(inTable?.contains("flash_attention_2.prefill_attention_half_rate_units") ?? false, inTable ?? "")
    }

    /// The engine key and the hardware table load from a scenario, round-trip, and refuse bad
    /// values by key, value and what is allowed.
    func testKeysLoadEncodeAndRefuseBadValues() throws {
        let base = EngineTests.base
        let loaded = try ScenarioLoader.load(
            toml: base + "\n[engine]\npreset = \"vllm\"\nattention_library = \"flash-attention-2\"\n", source: "t.toml")
        XCTAssertEqual(loaded.serving.costModel.roofline?.engine.attentionLibrary, .flashAttention2)
        let unknown = TestSupport.loadError(base + "\n[engine]\npreset = \"vllm\"\nattention_library = \"fa2\"\n")
        XCTAssertTrue(unknown?.contains("engine.attention_library") ?? false, unknown ?? "")
        XCTAssertTrue(unknown?.contains("'fa2'") ?? false, unknown ?? "")
        XCTAssertTrue(unknown?.contains("flash-attention-2") ?? false, unknown ?? "")

        let withoutHardware = base.replacingOccurrences(of: "hardware = \"h100-sxm\"\n", with: "")
        let table = "flash_attention_2 = { prefill_attention_efficiency = 0.3, decode_attention_overhead_us = 6 }"
        let own = try ScenarioLoader.load(toml: withoutHardware + "\n[hardware]\npreset = \"a100-80gb\"\n\(table)\n",
                                          source: "t.toml")
        var expected = AttentionLibraryFigures()
        expected.prefillAttentionEfficiency = 0.3
        expected.decodeAttentionOverheadUs = 6
        XCTAssertEqual(own.serving.costModel.roofline?.hardware.flashAttention2, expected)
        let tooHigh = TestSupport.loadError(withoutHardware + "\n[hardware]\npreset = \"a100-80gb\"\n"
                                            + table.replacingOccurrences(of: "0.3", with: "1.5") + "\n")
        XCTAssertTrue(tooHigh?.contains("flash_attention_2.prefill_attention_efficiency") ?? false, tooHigh ?? "")
        XCTAssertTrue(tooHigh?.contains("1.5") ?? false, tooHigh ?? "")
        let unknownKey = TestSupport.loadError(withoutHardware + "\n[hardware]\npreset = \"a100-80gb\"\n"
                                               + "flash_attention_2 = { prefill_efficiency = 0.3 }\n")
        XCTAssertTrue(unknownKey?.contains("flash_attention_2.prefill_efficiency") ?? false, unknownKey ?? "")

        let h200 = try Presets.hardware(named: "h200")
        let figures = try XCTUnwrap(h200.flashAttention2)
        XCTAssertEqual(try JSONDecoder().decode(HardwareSpec.self, from: try JSONEncoder().encode(h200)).flashAttention2, figures)
        let reloaded = try ScenarioLoader.load(toml: withoutHardware + "\n[hardware]\npreset = \"a100-80gb\"\n"
                                               + "flash_attention_2 = \(figures.tomlInlineTable)\n", source: "t.toml")
        XCTAssertEqual(reloaded.serving.costModel.roofline?.hardware.flashAttention2, figures)
        let pytorch = try Presets.engine(named: "pytorch", on: h200)
        XCTAssertEqual(try JSONDecoder().decode(EngineSpec.self, from: try JSONEncoder().encode(pytorch)), pytorch)
        XCTAssertFalse(String(decoding: try JSONEncoder().encode(try Presets.engine(named: "vllm", on: h200)), as: UTF8.self)
            .contains("attention_library"))
    }

    /// `simserve cost` names the library and whether the GPU has figures for it; `calibrate
    /// --attention-library` fits them on the project's own H200 rows, holds out the other head
    /// shapes better than the GPU's own figures, and refuses what it cannot fit with exit status 2.
    func testCommandsNameTheLibraryAndFitIt() throws {
        let h200 = try TestSupport.runCLI(["cost", "--model", "llama-3.1-8b", "--hardware", "h200", "--engine", "pytorch",
                                           "--prefill", "2048@0"])
        XCTAssertEqual(h200.status, 0, h200.stderr)
        XCTAssertTrue(h200.stdout.contains("attention library: flash-attention-2 — the GPU's figures for it"), h200.stdout)
        let a100 = try TestSupport.runCLI(["cost", "--model", "llama-3.1-8b", "--hardware", "a100-80gb", "--engine", "pytorch",
                                           "--prefill", "2048@0"])
        XCTAssertTrue(a100.stdout.contains("attention library: flash-attention-2 — no figures for it on this GPU"), a100.stdout)

        let own = TestSupport.packageRoot.appendingPathComponent("data/kernels/h200-own").path
        let fit = try TestSupport.runCLI(["calibrate", "--from-kernels", own, "--gpu", "h200", "--attention-library",
                                          "flash-attention-2", "--hold", "prefill_attention_per_sequence_us=0",
                                          "--hold", "prefill_attention_per_tile_head_ns=0"])
        XCTAssertEqual(fit.status, 0, fit.stderr)
        XCTAssertTrue(fit.stdout.contains("flash_attention_2 = { decode_attention_efficiency = "), fit.stdout)
        // Held out: better than the GPU's own figures on both kinds.
        for kind in ["decode_attention", "prefill_attention"] {
            let line = try XCTUnwrap(fit.stdout.split(separator: "\n").first { $0.contains(kind) && $0.contains("held_out") },
                                     fit.stdout)
            func percent(after label: String) -> Double? {
                guard let start = line.range(of: label)?.upperBound else { return nil }
                return Double(line[start...].prefix { $0 != "%" })
            }
            let fitted = try XCTUnwrap(percent(after: "MAPE "), String(line))
            let preset = try XCTUnwrap(percent(after: "(preset "), String(line))
            XCTAssertLessThan(fitted, preset, String(line))
        }
        // `validate kernels` times the own tables' FlashAttention-2 rows by the library's figures and
        // keeps the split they were fitted on; cuDNN's rows (no library of theirs) stay all held out.
        for (backend, splits) in [("torch-flash", ["fit", "held_out"]), ("torch-cudnn", ["held_out"])] {
            let run = try TestSupport.runCLI(["validate", "kernels", "--data", own, "--gpu", "h200", "--backend", backend,
                                              "--gemm-backend", "torch", "--all-held-out", "--json"])
            XCTAssertEqual(run.status, 0, run.stderr)
            let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            let groups = try XCTUnwrap(json["groups"] as? [[String: Any]])
            let decode = groups.filter { $0["kind"] as? String == "decode_attention" }
            XCTAssertEqual(decode.compactMap { $0["split"] as? String }, splits, backend)
            XCTAssertEqual(groups.filter { ($0["kind"] as? String)?.hasPrefix("gemm") ?? false }.compactMap { $0["split"] as? String },
                           ["held_out", "held_out"], backend)
            if backend == "torch-flash" {
                let heldOut = try XCTUnwrap(decode.first { $0["split"] as? String == "held_out" }?["mape"] as? Double)
                XCTAssertLessThan(heldOut, 0.2, "FlashAttention-2 decode held out (16 % at this commit)")
            }
        }
        let current = try TestSupport.runCLI(["calibrate", "--from-kernels", own, "--gpu", "h200", "--attention-library", "current"])
        XCTAssertEqual(current.status, 2)
        XCTAssertTrue(current.stderr.contains("'current'") && current.stderr.contains("flash-attention-2"), current.stderr)
        let withOut = try TestSupport.runCLI(["calibrate", "--from-kernels", own, "--gpu", "h200",
                                              "--attention-library", "flash-attention-2", "--out", "/tmp/never-written.toml"])
        XCTAssertEqual(withOut.status, 2)
        XCTAssertTrue(withOut.stderr.contains("--out"), withOut.stderr)
        let otherGPU = try TestSupport.runCLI(["calibrate", "--from-kernels", own, "--gpu", "b200", "--attention-library", "flash-attention-2"])
        XCTAssertEqual(otherGPU.status, 2)
        XCTAssertTrue(otherGPU.stderr.contains("B200-SXM") && otherGPU.stderr.contains("torch-flash"), otherGPU.stderr)
        let noTables = try TestSupport.runCLI(["calibrate", "--attention-library", "flash-attention-2"])
        XCTAssertEqual(noTables.status, 2)
        XCTAssertTrue(noTables.stderr.contains("--from-kernels"), noTables.stderr)
    }
}
