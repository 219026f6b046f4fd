import CostModel
import Foundation
import SimScenario
import TestSupport
import XCTest
@testable import SimServeKit

/// An all-reduce launched eagerly (outside a CUDA graph) as the engine launches it: the
/// engine's `eager_all_reduce_us`, its place in the cost model, its fit on Vidur's all-reduce
/// profile, and what it does to the held-out H100 profile's layer steps by TP.
final class EagerAllReduceTests: XCTestCase {
    private static let vidurH100 = TestSupport.packageRoot.appendingPathComponent("data/kernels/vidur-h100").path
    private static let h100AllReduce = vidurH100 + "/network/h100_dgx.all_reduce.csv"

    /// Added to every all-reduce of an iteration outside a CUDA graph (a prefill, or any step
    /// of an engine without graphs), never to a decode step replayed from one, never at TP 1.
    func testAddedToEagerIterationsOnly() throws {
        let model = try Presets.model(named: "llama-2-70b")
        let gpu = try Presets.hardware(named: "h100-sxm")
        let base = try Presets.engine(named: "vllm", on: gpu)
        XCTAssertEqual(base.eagerAllReduceUs, 0)
        var eager = base
        eager.eagerAllReduceUs = 20
        func models(tp: Int) -> (RooflineCostModel, RooflineCostModel) {
            (RooflineCostModel(model: model, hardware: gpu, parallelism: Parallelism(tensor: tp), engine: base),
             RooflineCostModel(model: model, hardware: gpu, parallelism: Parallelism(tensor: tp), engine: eager))
        }
        var decode = BatchShape()
        decode.addDecodes(count: 32, contextTokens: 32 * 500)
        var prefill = BatchShape()
        prefill.addPrefillChunk(newTokens: 1024, cachedTokens: 0, completesPrompt: true)
        let (without, with) = models(tp: 4)
        XCTAssertTrue(with.usesCUDAGraph(decode))
        XCTAssertEqual(with.cost(decode).seconds, without.cost(decode).seconds)
        let added = Double(model.layers) * 2 * 20e-6
        XCTAssertEqual(with.allReduceSeconds(prefill) - without.allReduceSeconds(prefill), added, accuracy: 1e-12)
        XCTAssertEqual(with.cost(prefill).seconds - without.cost(prefill).seconds, added, accuracy: 1e-9)
        var noGraphs = eager
        noGraphs.cudaGraphs = false
        var graphless = base
        graphless.cudaGraphs = false
        let a = RooflineCostModel(model: model, hardware: gpu, parallelism: Parallelism(tensor: 4), engine: noGraphs)
        let b = RooflineCostModel(model: model, hardware: gpu, parallelism: Parallelism(tensor: 4), engine: graphless)
        XCTAssertEqual(a.allReduceSeconds(decode) - b.allReduceSeconds(decode), added, accuracy: 1e-12)
        let (single, singleEager) = models(tp: 1)
        XCTAssertEqual(singleEager.cost(prefill).seconds, single.cost(prefill).seconds)
    }

    /// The key loads from a scenario, is written back only where set, and refuses a negative
    /// value naming the key.
    func testEngineKeyLoadsEncodesAndRefusesBadValues() throws {
        let base = EngineTests.base
        let scenario = try ScenarioLoader.load(toml: base + "\n[engine]\npreset = \"vllm\"\neager_all_reduce_us = 15\n",
                                               source: "t.toml")
        XCTAssertEqual(scenario.serving.costModel.roofline?.engine.eagerAllReduceUs, 15)
        let gpu = try Presets.hardware(named: "h100-sxm")
        let pytorch = try Presets.engine(named: "pytorch", on: gpu)
        XCTAssertGreaterThan(pytorch.eagerAllReduceUs, 0)
        let encoder = JSONEncoder()
        XCTAssertTrue(String(decoding: try encoder.encode(pytorch), as: UTF8.self).contains("eager_all_reduce_us"))
        XCTAssertFalse(String(decoding: try encoder.encode(try Presets.engine(named: "vllm", on: gpu)), as: UTF8.self)
            .contains("eager_all_reduce_us"))
        XCTAssertEqual(try JSONDecoder().decode(EngineSpec.self, from: try encoder.encode(pytorch)), pytorch)
        let negative = TestSupport.loadError(base + "\n[engine]\npreset = \"pytorch\"\neager_all_reduce_us = -3\n")
        XCTAssertTrue(negative?.contains("engine.eager_all_reduce_us") ?? false, negative ?? "")
        XCTAssertTrue(negative?.contains("-3") ?? false, negative ?? "")
    }

    /// Rows made by the simulator with a known eager time (the a100-80gb preset's transfer plus
    /// 17 µs, ±15 % noise of a fixed pattern) give it back within its reported error; the large
    /// messages, which the fit leaves out, are reported but do not move it.
    func testFitRecoversAKnownConstant() throws {
        let gpu = try Presets.hardware(named: "a100-80gb")
        let kernels = KernelTimeModel(hardware: gpu, weightDtype: .fp16)
        var csv = "num_workers,size,devices_per_node,max_devices_per_node,time_stats.all_reduce.median\n"
        var i = 0
        for workers in [2, 4, 8] {
            var size = 2048.0
            while size <= 64 * 1_048_576 {
                let noise = 1 + 0.15 * sin(Double(i) * 2.3)
                // Large messages 30 % slower than the model: a bandwidth gap the constant must not absorb.
                let gap = size > 1_048_576 ? 1.3 : 1.0
                let ms = (kernels.allReduce(bytes: size, workers: workers).seconds * gap + 17e-6) * noise * 1e3
                csv += "\(workers),\(Int(size)),8,8,\(ms)\n"
                size *= 1.5
                i += 1
            }
        }
        let directory = try TestSupport.temporaryDirectory()
        let fitPath = directory.appendingPathComponent("made.all_reduce.csv").path
        let heldPath = directory.appendingPathComponent("other.all_reduce.csv").path
        try csv.write(toFile: fitPath, atomically: true, encoding: .utf8)
        try csv.write(toFile: heldPath, atomically: true, encoding: .utf8)
        let fit = try EagerAllReduceFit.fit(paths: [fitPath, heldPath], hardware: gpu, fitSources: ["made.all_reduce.csv"])
        XCTAssertGreaterThan(fit.standardErrorMicroseconds, 0)
        XCTAssertEqual(fit.microseconds, 17, accuracy: max(1.5, 3 * fit.standardErrorMicroseconds))
        XCTAssertLessThan(fit.fitRowCount, fit.rows.count / 2)
        XCTAssertTrue(fit.markdown(hardwareName: "a100-80gb").contains("held-out files"))
        XCTAssertThrowsError(try EagerAllReduceFit.fit(paths: [fitPath], hardware: gpu, fitSources: ["absent.csv"]))
    }

    /// Held out: the `pytorch` preset's figure, fitted on the DGX A100, agrees with what the
    /// DGX H100's own rows give (within two of their standard errors: the term is the
    /// software's, not the GPU's), and on the H100 profile's layer steps it brings TP 2 and 4
    /// closer to measured and keeps TP 4 and 8 within 10 %. At TP 8 the two are level since the
    /// H100's NCCL terms were refitted with NVLS (held-out files 4.2 % with the term, 4.0 %
    /// without; before, 4.2 against 11.7 %): the term is held to within half a point there.
    func testPyTorchFigureTransfersToTheH100Profile() throws {
        let gpu = try Presets.hardware(named: "h100-sxm")
        let pytorch = try Presets.engine(named: "pytorch", on: gpu)
        let own = try EagerAllReduceFit.fit(paths: [Self.h100AllReduce], hardware: gpu,
                                            fitSources: ["h100_dgx.all_reduce.csv"])
        XCTAssertEqual(own.microseconds, pytorch.eagerAllReduceUs, accuracy: 2 * own.standardErrorMicroseconds)

        var withoutTerm = pytorch
        withoutTerm.eagerAllReduceUs = 0
        let with = TPScalingValidation.summary(try TPScalingValidation.run(
            opsDirectory: Self.vidurH100, allReduceFile: Self.h100AllReduce, hardware: gpu, engine: pytorch))
        let without = TPScalingValidation.summary(try TPScalingValidation.run(
            opsDirectory: Self.vidurH100, allReduceFile: Self.h100AllReduce, hardware: gpu, engine: withoutTerm))
        for tp in [2, 4, 8] {
            let a = try XCTUnwrap(with.first { $0.tensorParallel == tp && !$0.fitted })
            let b = try XCTUnwrap(without.first { $0.tensorParallel == tp && !$0.fitted })
            if tp < 8 { XCTAssertLessThan(a.mape, b.mape, "TP \(tp)") } else { XCTAssertLessThan(a.mape, b.mape + 0.5, "TP \(tp)") }
            if tp >= 4 { XCTAssertLessThan(a.mape, TPScalingValidation.goalPercent, "TP \(tp)") }
        }
    }

    /// The commands refuse incomplete options with exit status 2 and say what goes with what.
    func testCommandsRefuseIncompleteOptions() throws {
        let lone = try TestSupport.runCLI(["validate", "tp-scaling", "--ops", Self.vidurH100, "--hardware", "h100-sxm"])
        XCTAssertEqual(lone.status, 2)
        XCTAssertTrue(lone.stderr.contains("--all-reduce"), lone.stderr)
        let noFiles = try TestSupport.runCLI(["calibrate", "--eager-all-reduce"])
        XCTAssertEqual(noFiles.status, 2)
        XCTAssertTrue(noFiles.stderr.contains("--eager-all-reduce needs --from"), noFiles.stderr)
        let notAFile = try TestSupport.runCLI(["calibrate", "--eager-all-reduce", "--from", Self.h100AllReduce,
                                               "--hardware", "h100-sxm", "--fit-on", "x.csv"])
        XCTAssertEqual(notAFile.status, 2)
        XCTAssertTrue(notAFile.stderr.contains("'x.csv'"), notAFile.stderr)
        let run = try TestSupport.runCLI(["calibrate", "--eager-all-reduce", "--from", Self.h100AllReduce,
                                          "--hardware", "h100-sxm"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("eager_all_reduce_us = "), run.stdout)
    }
}
