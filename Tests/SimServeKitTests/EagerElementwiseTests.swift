import CostModel
import Foundation
import SimScenario
import TestSupport
import XCTest
@testable import SimServeKit

/// Elementwise ops as the engine runs them: an engine with `eager_elementwise` (the `pytorch`
/// preset) times them by the GPU's `eager_elementwise` figures where it has them; the serving
/// engines keep the GPU's own (fused) figures.
final class EagerElementwiseTests: XCTestCase {
    private static let vidurH100 = TestSupport.packageRoot.appendingPathComponent("data/kernels/vidur-h100").path

    /// Held out (Vidur's H100 profile: CodeLlama-34B, InternLM-20B, Qwen-72B; the figures were
    /// fitted on its two Llama-2 files): every elementwise op class within 11 % under the
    /// `pytorch` engine (measured at this commit: 3.6–10.7 %), where the preset's fused figures
    /// are 16–79 % off; the GEMMs are the same under both engines when both run one GEMM
    /// library (the `pytorch` preset's cuBLAS 12.1: ``GemmLibraryTests``).
    func testPyTorchEngineOnH100MatchesVidursHeldOutEagerOps() throws {
        let h100 = try Presets.hardware(named: "h100-sxm")
        XCTAssertNotNil(h100.eagerElementwise)
        let eager = try Presets.engine(named: "pytorch", on: h100)
        var fused = try Presets.engine(named: "vllm", on: h100)
        fused.gemmLibrary = eager.gemmLibrary
        for file in ["CodeLlama-34b-Instruct-hf.mlp.csv", "internlm-20b.mlp.csv", "Qwen-72B.mlp.csv"] {
            let path = Self.vidurH100 + "/" + file
            let eagerRows = try OpValidation.validate(file: path, kind: .layerOps, hardware: h100, engine: eager).rows
            let fusedRows = try OpValidation.validate(file: path, kind: .layerOps, hardware: h100, engine: fused).rows
            for op in OpValidation.elementwiseOps {
                let e = try XCTUnwrap(ValidationReport.summarize(eagerRows.filter { $0.op == op }, source: file, op: op))
                let f = try XCTUnwrap(ValidationReport.summarize(fusedRows.filter { $0.op == op }, source: file, op: op))
                XCTAssertLessThan(e.mapePercent, 11, "\(file) \(op)")
                XCTAssertLessThan(e.mapePercent, f.mapePercent, "\(file) \(op)")
            }
            for op in OpValidation.linearOps {
                let e = try XCTUnwrap(ValidationReport.summarize(eagerRows.filter { $0.op == op }, source: file, op: op))
                let f = try XCTUnwrap(ValidationReport.summarize(fusedRows.filter { $0.op == op }, source: file, op: op))
                XCTAssertEqual(e.mapePercent, f.mapePercent, accuracy: 1e-12, "\(file) \(op)")
            }
        }
    }

    /// Held out (the project's own H200 eager ops, Llama-2-7B and Qwen2.5-32B; the h200 set was
    /// fitted on its Llama-3 files): norms, rotary, SiLU·gate and the add within 10 % under the
    /// `pytorch` engine (measured at this commit: 6.4–7.6 %), where the fused set is 18–91 % off;
    /// the embedding gather is the same eager op in both sets.
    func testPyTorchEngineOnH200MatchesTheOwnHeldOutEagerOps() throws {
        let h200 = try Presets.hardware(named: "h200")
        XCTAssertNotNil(h200.eagerElementwise)
        let eager = try Presets.engine(named: "pytorch", on: h200)
        var fused = eager
        fused.eagerElementwise = false
        let folder = TestSupport.packageRoot.appendingPathComponent("data/kernels/h200-own/layer-ops-eager").path
        for file in ["Llama-2-7b-hf.mlp.csv", "Qwen2.5-32B.mlp.csv"] {
            let eagerRows = try OpValidation.validate(file: folder + "/" + file, kind: .layerOps, hardware: h200, engine: eager).rows
            let fusedRows = try OpValidation.validate(file: folder + "/" + file, kind: .layerOps, hardware: h200, engine: fused).rows
            for op in OpValidation.elementwiseOps where op != "emb" {
                let e = try XCTUnwrap(ValidationReport.summarize(eagerRows.filter { $0.op == op }, source: file, op: op))
                let f = try XCTUnwrap(ValidationReport.summarize(fusedRows.filter { $0.op == op }, source: file, op: op))
                XCTAssertLessThan(e.mapePercent, 10, "\(file) \(op)")
                XCTAssertLessThan(e.mapePercent, f.mapePercent, "\(file) \(op)")
            }
        }
    }

    /// Through the simulator's own cost: a prefill on h100-sxm costs more under the `pytorch`
    /// engine's eager norms than under its fused set with everything else equal; on a GPU
    /// without an eager set (a100-80gb) the `pytorch` engine keeps the GPU's own figures.
    func testTheEngineChoosesTheSetInTheCostModel() throws {
        let model = try Presets.model(named: "llama-2-7b")
        let h100 = try Presets.hardware(named: "h100-sxm")
        var noGraphs = try Presets.engine(named: "pytorch", on: h100)
        noGraphs.eagerElementwise = false
        let eager = RooflineCostModel(model: model, hardware: h100, parallelism: Parallelism(),
                                      engine: try Presets.engine(named: "pytorch", on: h100))
        let fused = RooflineCostModel(model: model, hardware: h100, parallelism: Parallelism(), engine: noGraphs)
        XCTAssertGreaterThan(eager.norm(tokens: 2048).seconds, 1.5 * fused.norm(tokens: 2048).seconds)
        XCTAssertGreaterThan(eager.layerOp("emb", tokens: 2048).seconds, 2 * fused.layerOp("emb", tokens: 2048).seconds)
        XCTAssertEqual(eager.layerOp("mlp_up_proj", tokens: 2048).seconds, fused.layerOp("mlp_up_proj", tokens: 2048).seconds)
        var shape = BatchShape()
        shape.addPrefillChunk(newTokens: 2048, cachedTokens: 0, completesPrompt: true)
        XCTAssertGreaterThan(eager.cost(shape).seconds, fused.cost(shape).seconds)

        let a100 = try Presets.hardware(named: "a100-80gb")
        XCTAssertNil(a100.eagerElementwise)
        var a100Fused = try Presets.engine(named: "pytorch", on: a100)
        a100Fused.eagerElementwise = false
        let a100Eager = RooflineCostModel(model: model, hardware: a100, parallelism: Parallelism(),
                                          engine: try Presets.engine(named: "pytorch", on: a100))
        let a100Own = RooflineCostModel(model: model, hardware: a100, parallelism: Parallelism(), engine: a100Fused)
        XCTAssertEqual(a100Eager.cost(shape).seconds, a100Own.cost(shape).seconds)
    }

    /// A scenario may give a GPU its own eager set (`[hardware.eager_elementwise]`) and turn the
    /// engine's eager ops on or off; bad values and unknown keys in the set are named.
    func testScenarioKeysAndTheirErrors() throws {
        let base = """
            requests = 4
            model = "llama-2-7b"
            [engine]
            preset = "ENGINE"
            [hardware]
            preset = "a100-80gb"
            eager_elementwise = { SET }
            [workload]
            arrival = { kind = "poisson", rate = 1.0 }
            prompt_tokens = { kind = "fixed", value = 512 }
            output_tokens = { kind = "fixed", value = 4 }
            """
        func toml(_ engine: String, _ set: String) -> String {
            base.replacingOccurrences(of: "ENGINE", with: engine).replacingOccurrences(of: "SET", with: set)
        }
        let slowNorm = "norm_efficiency = 0.05, elementwise_launch_us = 20"
        let eager = try ScenarioLoader.load(toml: toml("pytorch", slowNorm), source: "eager.toml")
        XCTAssertEqual(eager.hardware?.eagerElementwise?.normEfficiency, 0.05)
        XCTAssertEqual(eager.hardware?.eagerElementwise?.launchUs, 20)
        let fused = try ScenarioLoader.load(toml: toml("vllm", slowNorm), source: "fused.toml")
        var shape = BatchShape()
        shape.addPrefillChunk(newTokens: 512, cachedTokens: 0, completesPrompt: true)
        // The pytorch engine also drops CUDA graphs; a prefill never replays one, so the gap is the norms'.
        XCTAssertGreaterThan(eager.serving.costModel.cost(shape).seconds, fused.serving.costModel.cost(shape).seconds)

        let cases = [("norm_efficiency = 0", "hardware.eager_elementwise.norm_efficiency: must be in (0, 1.2]"),
                     ("elementwise_launch_us = -2", "hardware.eager_elementwise.elementwise_launch_us: must be a finite time ≥ 0 µs, got -2.0"),
                     ("norm_row_gbs = 0", "hardware.eager_elementwise.norm_row_gbs: must be a finite rate > 0 GB/s"),
                     ("norm_eficiency = 0.3", "hardware.eager_elementwise.norm_eficiency: unknown key; did you mean 'norm_efficiency'?")]
        for (set, message) in cases {
            let error = TestSupport.loadError(toml("pytorch", set))
            XCTAssertTrue(error?.contains(message) == true, error ?? "loaded")
        }
        let engineError = TestSupport.loadError(toml("vllm", slowNorm).replacingOccurrences(
            of: "preset = \"vllm\"", with: "preset = \"vllm\"\neager_elementwise = 1"))
        XCTAssertTrue(engineError?.contains("engine.eager_elementwise") == true, engineError ?? "loaded")
    }
}
