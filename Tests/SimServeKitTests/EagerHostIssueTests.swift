import CostModel
import Foundation
import SimScenario
import TestSupport
import XCTest
@testable import SimServeKit

/// The host's time to issue an eager batch (`eager_layer_host_us`): a floor under the kernels of
/// every iteration outside a CUDA graph, and its fit and held-out check on Splitwise's profile.
final class EagerHostIssueTests: XCTestCase {
    private static let splitwise = TestSupport.packageRoot.appendingPathComponent("data/kernels/splitwise/perf_model.csv").path

    /// A small eager batch lasts the host's issue time (plus the host terms); a large one, whose
    /// kernels take longer, is unchanged; a decode step replayed from a graph never waits; the
    /// breakdown still adds up to the cost and names the wait; the tabulated model agrees.
    func testIssueTimeFloorsEagerBatchesOnly() throws {
        let spec = try Presets.model(named: "llama-2-70b")
        let gpu = try Presets.hardware(named: "h100-sxm")
        let base = try Presets.engine(named: "vllm", on: gpu)
        var floored = base
        floored.eagerLayerHostUs = 400
        let without = RooflineCostModel(model: spec, hardware: gpu, parallelism: Parallelism(tensor: 8), engine: base)
        let with = RooflineCostModel(model: spec, hardware: gpu, parallelism: Parallelism(tensor: 8), engine: floored)
        var graphDecode = BatchShape()
        graphDecode.addDecodes(count: 4, contextTokens: 4 * 600)
        XCTAssertEqual(with.cost(graphDecode).seconds, without.cost(graphDecode).seconds)
        var smallPrefill = BatchShape()
        smallPrefill.addPrefillChunk(newTokens: 16, cachedTokens: 0, completesPrompt: true)
        let issue = Double(spec.layers) * 400e-6
        let kernels = without.breakdown(smallPrefill).filter { $0.bound != .overhead }.reduce(0) { $0 + $1.seconds }
        XCTAssertLessThan(kernels, issue)
        XCTAssertEqual(with.cost(smallPrefill).seconds - without.cost(smallPrefill).seconds, issue - kernels, accuracy: 1e-9)
        var bigPrefill = BatchShape()
        bigPrefill.addPrefillChunk(newTokens: 8192, cachedTokens: 0, completesPrompt: true)
        XCTAssertEqual(with.cost(bigPrefill).seconds, without.cost(bigPrefill).seconds, accuracy: 1e-12)
        let parts = with.breakdown(smallPrefill)
        XCTAssertEqual(parts.reduce(0) { $0 + $1.seconds }, with.cost(smallPrefill).seconds, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(parts.first { $0.op == "eager_issue_wait" }).seconds, issue - kernels, accuracy: 1e-9)
        // The wait is idle time for the power model; a batch that does not wait has none.
        XCTAssertEqual(with.cost(smallPrefill).gpuIdleSeconds, issue - kernels, accuracy: 1e-9)
        XCTAssertEqual(with.cost(bigPrefill).gpuIdleSeconds, 0)
        XCTAssertEqual(with.cost(smallPrefill).busySeconds(of: 1.0), 1.0 - (issue - kernels), accuracy: 1e-9)
        var eagerEngine = floored
        eagerEngine.cudaGraphs = false
        let eager = RooflineCostModel(model: spec, hardware: gpu, parallelism: Parallelism(tensor: 8), engine: eagerEngine)
        XCTAssertGreaterThanOrEqual(eager.cost(graphDecode).seconds, issue)
        let tabulated = TabulatedCostModel(eager, maxTokens: 16384)
        for shape in [graphDecode, smallPrefill, bigPrefill] {
            XCTAssertEqual(tabulated.cost(shape).seconds, eager.cost(shape).seconds, accuracy: 1e-9 * eager.cost(shape).seconds)
            XCTAssertEqual(tabulated.cost(shape).gpuIdleSeconds, eager.cost(shape).gpuIdleSeconds, accuracy: 1e-9)
        }
    }

    /// The key loads, is written back only where set, and refuses a negative value by name.
    func testEngineKey() throws {
        let scenario = try ScenarioLoader.load(toml: EngineTests.base + "\n[engine]\npreset = \"vllm\"\neager_layer_host_us = 250\n",
                                               source: "t.toml")
        XCTAssertEqual(scenario.serving.costModel.roofline?.engine.eagerLayerHostUs, 250)
        let gpu = try Presets.hardware(named: "a100-80gb")
        let old = try Presets.engine(named: "vllm-v0.2", on: gpu)
        XCTAssertGreaterThan(old.eagerLayerHostUs, 0)
        XCTAssertFalse(old.cudaGraphs)
        XCTAssertTrue(String(decoding: try JSONEncoder().encode(old), as: UTF8.self).contains("eager_layer_host_us"))
        XCTAssertFalse(String(decoding: try JSONEncoder().encode(try Presets.engine(named: "vllm", on: gpu)), as: UTF8.self)
            .contains("eager_layer_host_us"))
        let negative = TestSupport.loadError(EngineTests.base + "\n[engine]\npreset = \"vllm\"\neager_layer_host_us = -1\n")
        XCTAssertTrue(negative?.contains("engine.eager_layer_host_us") ?? false, negative ?? "")
    }

    /// Fitted per machine on Llama-2-70B's token times at TP 8 only, the issue time brings the
    /// held-out TP 4 token times within 5 % on both GPUs (measured at this commit: 2.5 and
    /// 2.8 %, from 16 and 24 % without it), and the DGX A100's host is the slower one.
    func testSplitwiseFitHoldsAtAnotherTP() throws {
        let fits = try SplitwiseValidation.fitEagerLayerHost(path: Self.splitwise)
        let a100 = try XCTUnwrap(fits["a100-80gb"]), h100 = try XCTUnwrap(fits["h100-80gb"])
        XCTAssertGreaterThan(a100.microseconds, h100.microseconds + 3 * (a100.standardErrorMicroseconds + h100.standardErrorMicroseconds))
        let with = try SplitwiseValidation.run(path: Self.splitwise) { gpu, e in e.eagerLayerHostUs = fits[gpu]!.microseconds }
        let without = try SplitwiseValidation.run(path: Self.splitwise) { _, e in e.eagerLayerHostUs = 0 }
        XCTAssertEqual(with.leftOut["GPU without a preset: h100-80gb-pcap"], 420)
        XCTAssertEqual(with.leftOut["batch 64 (not run as one batch)"], 40)
        for gpu in ["a100-80gb", "h100-80gb"] {
            func heldOut(_ r: SplitwiseValidation.Result) throws -> Double {
                try XCTUnwrap(SplitwiseValidation.errors(r.rows.filter {
                    $0.phase == .token && $0.configuration.hardware == gpu && $0.configuration.model == "llama2-70b"
                        && $0.configuration.tensorParallel == 4
                })).mape
            }
            XCTAssertLessThan(try heldOut(with), 5, gpu)
            XCTAssertGreaterThan(try heldOut(without), 10, gpu)
        }
        XCTAssertTrue(SplitwiseValidation.markdown(with, engineName: "vllm-v0.2", fitted: true).contains("*fit*"))
    }

    /// Splitwise's A100 power (held out: the A100 preset's power terms are the defaults carried
    /// from the H200/B200 fits): the simulated mean power per GPU falls with TP as the measured
    /// does — an eager TP 8 step waits on its host, idle — and is within 10 % over the rows
    /// (measured at this commit: 8.1 %; 18.2 % when the wait was charged as busy).
    func testSplitwiseA100PowerFallsWithTPAsMeasured() throws {
        let fits = try SplitwiseValidation.fitEagerLayerHost(path: Self.splitwise)
        let result = try SplitwiseValidation.run(path: Self.splitwise) { gpu, e in e.eagerLayerHostUs = fits[gpu]!.microseconds }
        XCTAssertEqual(result.power.count, 40)
        XCTAssertEqual(result.leftOut["power log missing the run (8,192-token prompts)"], 20)
        func mean(_ tp: Int, _ value: (SplitwiseValidation.PowerRow) -> Double) -> Double {
            let rows = result.power.filter { $0.configuration.model == "llama2-70b" && $0.configuration.tensorParallel == tp }
            return rows.map(value).reduce(0, +) / Double(rows.count)
        }
        for (a, b) in [(2, 4), (4, 8)] {
            XCTAssertGreaterThan(mean(a, \.measuredWatts), mean(b, \.measuredWatts))
            XCTAssertGreaterThan(mean(a, \.predictedWatts), mean(b, \.predictedWatts))
        }
        let mape = result.power.map { abs($0.relativeError) }.reduce(0, +) / Double(result.power.count)
        XCTAssertLessThan(mape, 0.10)
    }

    /// `validate splitwise --rows FILE` writes every row the tables summarise — one per
    /// configuration and phase, with its split and both times — so its errors can be read by
    /// prompt length, batch or TP.
    func testRowsFileHoldsEveryRowWithItsErrorAndSplit() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("splitwise-rows-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: out) }
        let cli = try TestSupport.runCLI(["validate", "splitwise", "--data", Self.splitwise, "--rows", out.path])
        XCTAssertEqual(cli.status, 0, cli.stderr)
        let lines = try String(contentsOf: out, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "model,gpu,tp,phase,prompt_tokens,batch,output_tokens,split,measured_ms,predicted_ms,error")
        let expected = try SplitwiseValidation.run(path: Self.splitwise)
        XCTAssertEqual(lines.count - 1, expected.rows.count)
        let row = try XCTUnwrap(expected.rows.first { $0.phase == .prompt && $0.configuration.tensorParallel == 8 })
        let c = row.configuration
        let line = try XCTUnwrap(lines.first { $0.hasPrefix("\(c.model),\(c.hardware),8,prompt,\(c.promptTokens),1,\(c.outputTokens),") })
        let fields = line.split(separator: ",")
        XCTAssertEqual(fields[7], "held_out")
        XCTAssertEqual(Double(fields[8])!, row.measuredSeconds * 1e3, accuracy: 1e-3)
        XCTAssertEqual(Double(fields[9])!, row.predictedSeconds * 1e3, accuracy: 1e-3)
        XCTAssertEqual(Double(fields[10])!, row.relativeError, accuracy: 1e-4)
        XCTAssertTrue(lines.contains { $0.contains(",token,") && $0.contains(",fit,") })
    }

    func testMissingFileIsAUsageError() throws {
        let result = try TestSupport.runCLI(["validate", "splitwise", "--data", "/nonexistent/perf_model.csv"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("/nonexistent/perf_model.csv"), result.stderr)
    }
}
