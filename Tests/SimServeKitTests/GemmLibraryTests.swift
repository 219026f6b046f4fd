import CostModel
import Foundation
import SimScenario
import TestSupport
import XCTest
@testable import SimServeKit

/// The GEMM library generation an engine runs (`gemm_library`) and a GPU's figures for it
/// (`cublas_12_1_gemm`): where they apply in the cost model, how they load and refuse bad
/// values, their fit on a Vidur profile, and what they do to the held-out H100 files.
final class GemmLibraryTests: XCTestCase {
    private static let vidurH100 = TestSupport.packageRoot.appendingPathComponent("data/kernels/vidur-h100").path
    private static let h100AllReduce = vidurH100 + "/network/h100_dgx.all_reduce.csv"

    /// With `cublas-12.1` on a GPU that has figures for it, a 16-bit dense GEMM is the roofline
    /// of those figures; fp8 and int4 weights, expert GEMMs, the GPU without such figures and
    /// the `current` library keep the GPU's own.
    func testLibraryFiguresTimeSixteenBitDenseGemmsOnly() throws {
        let h100 = try Presets.hardware(named: "h100-sxm")
        let figures = try XCTUnwrap(h100.cublas121Gemm)
        var old = EngineSpec.bare(h100)
        old.gemmLibrary = .cublas121
        let current = EngineSpec.bare(h100)
        let (m, n, k) = (512.0, 8192.0, 8192.0)
        let legacy = KernelTimeModel(hardware: h100, weightDtype: .bf16, engine: old)
            .gemm(m: m, n: n, k: k, weightBytes: 2, activationBytes: 2)
        let own = KernelTimeModel(hardware: h100, weightDtype: .bf16, engine: current)
            .gemm(m: m, n: n, k: k, weightBytes: 2, activationBytes: 2)
        let tile = Double(h100.shape.gemmTileRows)
        let compute = 2 * (m / tile).rounded(.up) * tile * n * k / (h100.peakTflops * 1e12 * figures.computeEfficiency)
        let memory = (k * n * 2 + (m * k + m * n) * 2) / (h100.hbmBandwidthGBs * 1e9 * figures.memoryEfficiency)
        let p = figures.sharpness
        XCTAssertEqual(legacy.seconds, figures.launchUs * 1e-6 + pow(pow(compute, p) + pow(memory, p), 1 / p),
                       accuracy: 1e-12)
        XCTAssertGreaterThan(legacy.seconds, own.seconds * 1.1)
        // fp8 GEMMs take the generation's own fp8 figure, where it has one (below); int4 none.
        var withoutFP8 = h100
        withoutFP8.cublas121Gemm?.fp8MemoryEfficiency = nil
        for dtype in [DataType.fp8, .int4] {
            XCTAssertEqual(KernelTimeModel(hardware: withoutFP8, weightDtype: dtype, engine: old)
                            .gemm(m: m, n: n, k: k, weightBytes: dtype.bytes, activationBytes: 2).seconds,
                           KernelTimeModel(hardware: withoutFP8, weightDtype: dtype, engine: current)
                            .gemm(m: m, n: n, k: k, weightBytes: dtype.bytes, activationBytes: 2).seconds, "\(dtype)")
        }
        XCTAssertEqual(KernelTimeModel(hardware: h100, weightDtype: .bf16, engine: old)
                        .tiledGemm(m: m, n: n, k: k, weightBytes: 2, activationBytes: 2, groups: 8, flopsPerSecond: 5e14).seconds,
                       KernelTimeModel(hardware: h100, weightDtype: .bf16, engine: current)
                        .tiledGemm(m: m, n: n, k: k, weightBytes: 2, activationBytes: 2, groups: 8, flopsPerSecond: 5e14).seconds)
        let a100 = try Presets.hardware(named: "a100-80gb")
        XCTAssertNil(a100.cublas121Gemm)
        var oldOnA100 = EngineSpec.bare(a100)
        oldOnA100.gemmLibrary = .cublas121
        XCTAssertEqual(KernelTimeModel(hardware: a100, weightDtype: .fp16, engine: oldOnA100)
                        .gemm(m: m, n: n, k: k, weightBytes: 2, activationBytes: 2).seconds,
                       KernelTimeModel(hardware: a100, weightDtype: .fp16, engine: EngineSpec.bare(a100))
                        .gemm(m: m, n: n, k: k, weightBytes: 2, activationBytes: 2).seconds)
        // The presets of the cuBLAS 12.1 era name it; today's do not.
        for name in ["pytorch", "vllm-v0.2", "vllm-v0.5", "vllm-v0"] { XCTAssertEqual(try Presets.engine(named: name, on: h100).gemmLibrary, .cublas121, name) }
        for name in ["vllm", "sglang", "tensorrt-llm"] { XCTAssertEqual(try Presets.engine(named: name, on: h100).gemmLibrary, .current, name) }
    }

    /// The engine key and the hardware table load from a scenario, round-trip, and refuse bad
    /// values by key, value and what is allowed.
    func testKeysLoadEncodeAndRefuseBadValues() throws {
        try checkFP8MemoryEfficiencyKey()
        let base = EngineTests.base
        let scenario = try ScenarioLoader.load(toml: base + "\n[engine]\npreset = \"vllm\"\ngemm_library = \"cublas-12.1\"\n",
                                               source: "t.toml")
        XCTAssertEqual(scenario.serving.costModel.roofline?.engine.gemmLibrary, .cublas121)
        let unknown = TestSupport.loadError(base + "\n[engine]\npreset = \"vllm\"\ngemm_library = \"cublas-11\"\n")
        XCTAssertTrue(unknown?.contains("engine.gemm_library") ?? false, unknown ?? "")
        XCTAssertTrue(unknown?.contains("cublas-12.1") ?? false, unknown ?? "")

        let table = "cublas_12_1_gemm = { compute_efficiency = 0.7, memory_efficiency = 0.85, kernel_launch_us = 5, roofline_sharpness = 2 }"
        let own = try ScenarioLoader.load(toml: base.replacingOccurrences(of: "hardware = \"h100-sxm\"\n", with: "")
                                            + "\n[hardware]\npreset = \"h100-sxm\"\n\(table)\n", source: "t.toml")
        XCTAssertEqual(own.serving.costModel.roofline?.hardware.cublas121Gemm,
                       GemmLibraryFigures(computeEfficiency: 0.7, memoryEfficiency: 0.85, launchUs: 5, sharpness: 2,
                                          fp8MemoryEfficiency: try Presets.hardware(named: "h100-sxm").cublas121Gemm?.fp8MemoryEfficiency))
        let tooHigh = TestSupport.loadError(base.replacingOccurrences(of: "hardware = \"h100-sxm\"\n", with: "")
                                            + "\n[hardware]\npreset = \"h100-sxm\"\n"
                                            + table.replacingOccurrences(of: "0.7,", with: "1.5,") + "\n")
        XCTAssertTrue(tooHigh?.contains("compute_efficiency") ?? false, tooHigh ?? "")
        XCTAssertTrue(tooHigh?.contains("1.5") ?? false, tooHigh ?? "")
        // Over a preset that has the table, the keys given replace its own; over one without it,
        // every key is needed.
        let missing = TestSupport.loadError(base.replacingOccurrences(of: "hardware = \"h100-sxm\"\n", with: "")
                                            + "\n[hardware]\npreset = \"a100-80gb\"\n"
                                            + "cublas_12_1_gemm = { compute_efficiency = 0.7 }\n")
        XCTAssertTrue(missing?.contains("cublas_12_1_gemm.memory_efficiency: missing required key") ?? false, missing ?? "")
        let partial = try ScenarioLoader.load(toml: base.replacingOccurrences(of: "hardware = \"h100-sxm\"\n", with: "")
                                                + "\n[hardware]\npreset = \"h100-sxm\"\ncublas_12_1_gemm = { compute_efficiency = 0.7 }\n",
                                              source: "t.toml")
        let preset = try XCTUnwrap(try Presets.hardware(named: "h100-sxm").cublas121Gemm)
        XCTAssertEqual(partial.serving.costModel.roofline?.hardware.cublas121Gemm?.computeEfficiency, 0.7)
        XCTAssertEqual(partial.serving.costModel.roofline?.hardware.cublas121Gemm?.launchUs, preset.launchUs)

        let h100 = try Presets.hardware(named: "h100-sxm")
        XCTAssertEqual(try JSONDecoder().decode(HardwareSpec.self, from: try JSONEncoder().encode(h100)).cublas121Gemm,
                       h100.cublas121Gemm)
        let pytorch = try Presets.engine(named: "pytorch", on: h100)
        XCTAssertEqual(try JSONDecoder().decode(EngineSpec.self, from: try JSONEncoder().encode(pytorch)), pytorch)
        XCTAssertFalse(String(decoding: try JSONEncoder().encode(try Presets.engine(named: "vllm", on: h100)), as: UTF8.self)
            .contains("gemm_library"))
    }

    /// Linear-op times made by the simulator with known figures (the H100 profile's shapes,
    /// ±6 % noise of a fixed pattern) give the figures back; the memory efficiency is the GPU's.
    func testFitRecoversKnownFigures() throws {
        let gpu = try Presets.hardware(named: "h100-sxm")
        let known = GemmLibraryFigures(computeEfficiency: 0.62, memoryEfficiency: gpu.shape.gemmMemoryEfficiency ?? gpu.memoryEfficiency,
                                       launchUs: 7.5, sharpness: 2.4)
        let truth = GemmLibraryFit.setting(known, for: .cublas121, on: gpu)
        let engine = GemmLibraryFit.engine(.cublas121, on: gpu)
        let samples = try LayerOpSample.readAll(directory: Self.vidurH100).enumerated().map { i, s in
            let model = s.costModel(on: truth, engine: engine)
            var measured = s.measured
            for op in OpValidation.linearOps where measured[op] != nil {
                measured[op] = model.layerOp(op, tokens: s.tokens).seconds * (1 + 0.06 * sin(Double(i) * 1.7))
            }
            return LayerOpSample(source: s.source, model: s.model, tokens: s.tokens, tensorParallel: s.tensorParallel,
                                 measured: measured)
        }
        let fit = try GemmLibraryFit.fit(samples: samples, base: gpu, library: .cublas121)
        XCTAssertEqual(fit.figures.computeEfficiency, 0.62, accuracy: 0.01)
        XCTAssertEqual(fit.figures.launchUs, 7.5, accuracy: 0.5)
        XCTAssertEqual(fit.figures.sharpness, 2.4, accuracy: 0.15)
        XCTAssertEqual(fit.figures.memoryEfficiency, known.memoryEfficiency)
        XCTAssertEqual(fit.hardware.cublas121Gemm, fit.figures)
        XCTAssertTrue(fit.tomlLine.hasPrefix("cublas_12_1_gemm = { compute_efficiency = "), fit.tomlLine)
        XCTAssertThrowsError(try GemmLibraryFit.fit(samples: samples, base: gpu, library: .current))
        XCTAssertThrowsError(try GemmLibraryFit.fit(samples: samples, base: gpu, library: .cublas121, fitSources: ["absent.csv"]))
    }

    /// Held out (measured at this commit): fitted on the profile's two Llama-2 files, the preset's
    /// figures hold the other four files' linear ops to 9.1 % where the GPU's own (today's
    /// cuBLAS) give 17.3 %, and the `pytorch` engine's layer steps of the held-out files come
    /// within 10 % at every TP (6.4 / 4.5 / 4.5 / 4.2 % at TP 1/2/4/8; 14.6 / 12.8 / 9.6 / 7.6 %
    /// with today's GEMMs).
    func testPresetFiguresHoldOutOnTheH100Profile() throws {
        let gpu = try Presets.hardware(named: "h100-sxm")
        let fit = try GemmLibraryFit.fit(paths: [Self.vidurH100], base: gpu, library: .cublas121)
        XCTAssertEqual(fit.figures.computeEfficiency, try XCTUnwrap(gpu.cublas121Gemm).computeEfficiency, accuracy: 0.001)
        let held = fit.report.rows.filter { !fit.fitSources.contains($0.source) }
        let heldOwn = fit.baseReport.rows.filter { !fit.fitSources.contains($0.source) }
        let library = try XCTUnwrap(ValidationReport.summarize(held, source: "", op: "")).mapePercent
        let own = try XCTUnwrap(ValidationReport.summarize(heldOwn, source: "", op: "")).mapePercent
        XCTAssertLessThan(library, 10)
        XCTAssertLessThan(library, own - 5)
        XCTAssertTrue(fit.markdown(baseName: "h100-sxm").contains("Held-out files by TP degree"))

        let pytorch = try Presets.engine(named: "pytorch", on: gpu)
        let steps = TPScalingValidation.summary(try TPScalingValidation.run(
            opsDirectory: Self.vidurH100, allReduceFile: Self.h100AllReduce, hardware: gpu, engine: pytorch))
        for tp in [1, 2, 4, 8] {
            let row = try XCTUnwrap(steps.first { $0.tensorParallel == tp && !$0.fitted })
            XCTAssertLessThan(row.mape, TPScalingValidation.goalPercent, "TP \(tp)")
        }
    }

    /// Published points run the library their version's PyTorch build bundled: vLLM 0.6.0 and
    /// SGLang 0.3 (torch 2.4, CUDA 12.1) cuBLAS 12.1; vLLM 0.7.3 (torch 2.5, CUDA 12.4), though
    /// on the same V0 preset, today's; SGLang 0.4 and later today's.
    func testServingPointsRunTheirVersionsLibrary() throws {
        let points = try ServingPointScenarioTests.points
        func library(_ id: String) throws -> GemmLibrary? {
            var scenario = try XCTUnwrap(ServingPointScenario(try XCTUnwrap(points.first { $0.id == id }, id)), id)
            scenario.dataDirectory = TestSupport.packageRoot.appendingPathComponent("data/serving").path
            return try ServingValidation.load(scenario).serving.costModel.roofline?.engine.gemmLibrary
        }
        XCTAssertEqual(try library("sglang_vllm060-06"), .cublas121)       // vLLM 0.6.0
        XCTAssertEqual(try library("sglang_vllm060-05"), .cublas121)       // SGLang 0.3.0
        XCTAssertEqual(try library("accelmark_h100-sxmx1_A_vllm07-q5"), .current)   // vLLM 0.7.3
        XCTAssertEqual(try library("datacrunch_h200-01"), .current)        // SGLang 0.4
        XCTAssertEqual(try library("gpustack_qwen3_8b_h100-02"), .current)  // SGLang 0.5
    }

    /// `simserve cost` names the engine's GEMM library and whether the GPU has figures for it.
    func testCostNamesTheLibrary() throws {
        let h100 = try TestSupport.runCLI(["cost", "--model", "llama-2-7b", "--hardware", "h100-sxm", "--engine", "pytorch",
                                           "--prefill", "512@0"])
        XCTAssertEqual(h100.status, 0, h100.stderr)
        XCTAssertTrue(h100.stdout.contains("GEMM library: cublas-12.1 — the GPU's figures for it"), h100.stdout)
        let a100 = try TestSupport.runCLI(["cost", "--model", "llama-2-7b", "--hardware", "a100-80gb", "--engine", "pytorch",
                                           "--prefill", "512@0"])
        XCTAssertTrue(a100.stdout.contains("no figures for it on this GPU"), a100.stdout)
        let vllm = try TestSupport.runCLI(["cost", "--model", "llama-2-7b", "--hardware", "h100-sxm", "--prefill", "512@0"])
        XCTAssertFalse(vllm.stdout.contains("GEMM library"), vllm.stdout)
    }

    /// The command refuses a library it cannot fit and an unknown name, with exit status 2.
    func testCommandRefusesBadLibraries() throws {
        let current = try TestSupport.runCLI(["calibrate", "--from", Self.vidurH100, "--hardware", "h100-sxm",
                                              "--gemm-library", "current"])
        XCTAssertEqual(current.status, 2)
        XCTAssertTrue(current.stderr.contains("cublas-12.1"), current.stderr)
        let unknown = try TestSupport.runCLI(["calibrate", "--from", Self.vidurH100, "--hardware", "h100-sxm",
                                              "--gemm-library", "cublas-9"])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.stderr.contains("'cublas-9' is not one of"), unknown.stderr)
        let noFiles = try TestSupport.runCLI(["calibrate", "--gemm-library", "cublas-12.1"])
        XCTAssertEqual(noFiles.status, 2)
        XCTAssertTrue(noFiles.stderr.contains("--gemm-library needs --from"), noFiles.stderr)
    }
    /// The generation's fp8 figure (`cublas_12_1_gemm.fp8_memory_efficiency`, the H100's fitted
    /// on Lambda's vLLM 0.6 fp8 runs): with `cublas-12.1`, an fp8 GEMM on fp8 tensor cores is the
    /// roofline of the GPU's fp8 compute figures against its weight read at that fraction of HBM
    /// bandwidth — slower than today's kernels while the read dominates; 16-bit GEMMs and the
    /// `current` library ignore it.
    func testGenerationFP8GemmsStreamWeightsAtTheirOwnRate() throws {
        let h100 = try Presets.hardware(named: "h100-sxm")
        let rate = try XCTUnwrap(h100.cublas121Gemm?.fp8MemoryEfficiency)
        XCTAssertLessThan(rate, try XCTUnwrap(h100.shape.gemmMemoryEfficiency))
        var old = EngineSpec.bare(h100)
        old.gemmLibrary = .cublas121
        let current = EngineSpec.bare(h100)
        let (n, k) = (8192.0, 8192.0)
        func fp8(_ hardware: HardwareSpec, _ engine: EngineSpec, m: Double) -> Double {
            KernelTimeModel(hardware: hardware, weightDtype: .fp8, engine: engine)
                .gemmKernel(m: m, n: n, k: k, weightBytes: 1, activationBytes: 2).seconds
        }
        let shape = h100.shape
        let tile = Double(shape.gemmTileRows)
        for m in [1.0, 64, 1024] {
            let compute = 2 * (m / tile).rounded(.up) * tile * n * k
                / (try XCTUnwrap(h100.peakTflopsFP8) * 1e12 * (try XCTUnwrap(shape.fp8ComputeEfficiency)))
            let memory = (k * n + (m * k + m * n) * 2) / (h100.hbmBandwidthGBs * 1e9 * rate)
            let p = try XCTUnwrap(shape.fp8RooflineSharpness)
            XCTAssertEqual(fp8(h100, old, m: m), try XCTUnwrap(shape.fp8GemmLaunchUs) * 1e-6
                            + pow(pow(compute, p) + pow(memory, p), 1 / p), accuracy: 1e-12, "m \(m)")
        }
        XCTAssertGreaterThan(fp8(h100, old, m: 16), fp8(h100, current, m: 16) * 1.2)
        XCTAssertEqual(fp8(h100, current, m: 16), fp8(h100, EngineSpec.bare(h100), m: 16))
        var other = h100
        other.cublas121Gemm?.fp8MemoryEfficiency = 0.3
        XCTAssertEqual(KernelTimeModel(hardware: other, weightDtype: .bf16, engine: old)
                        .gemm(m: 16, n: n, k: k, weightBytes: 2, activationBytes: 2).seconds,
                       KernelTimeModel(hardware: h100, weightDtype: .bf16, engine: old)
                        .gemm(m: 16, n: n, k: k, weightBytes: 2, activationBytes: 2).seconds)
        XCTAssertGreaterThan(fp8(other, old, m: 16), fp8(h100, old, m: 16))
        XCTAssertEqual(fp8(other, current, m: 16), fp8(h100, current, m: 16))
    }

    /// `fp8_memory_efficiency` loads over a preset's table (its other keys kept), is written
    /// back by the inline table, and a value outside (0, 1] is refused by key and value.
    private func checkFP8MemoryEfficiencyKey() throws {
        let base = EngineTests.base.replacingOccurrences(of: "hardware = \"h100-sxm\"\n", with: "")
        let loaded = try ScenarioLoader.load(toml: base + "\n[hardware]\npreset = \"h100-sxm\"\n"
                                                + "cublas_12_1_gemm = { fp8_memory_efficiency = 0.6 }\n", source: "t.toml")
        let figures = try XCTUnwrap(loaded.serving.costModel.roofline?.hardware.cublas121Gemm)
        XCTAssertEqual(figures.fp8MemoryEfficiency, 0.6)
        XCTAssertEqual(figures.computeEfficiency, try XCTUnwrap(try Presets.hardware(named: "h100-sxm").cublas121Gemm).computeEfficiency)
        XCTAssertTrue(figures.tomlInlineTable.hasSuffix(", fp8_memory_efficiency = 0.6 }"), figures.tomlInlineTable)
        var plain = figures
        plain.fp8MemoryEfficiency = nil
        XCTAssertFalse(plain.tomlInlineTable.contains("fp8"))
        let bad = TestSupport.loadError(base + "\n[hardware]\npreset = \"h100-sxm\"\n"
                                        + "cublas_12_1_gemm = { fp8_memory_efficiency = 1.2 }\n")
        XCTAssertTrue(bad?.contains("fp8_memory_efficiency") ?? false, bad ?? "")
        XCTAssertTrue(bad?.contains("1.2") ?? false, bad ?? "")
    }
}
