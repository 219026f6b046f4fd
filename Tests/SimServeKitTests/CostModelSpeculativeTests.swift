import Foundation
import XCTest
@testable import SimServeKit

/// Speculative decoding, CUDA graphs, the decode fast path, reports and the CLI.
final class CostModelSpeculativeTests: XCTestCase {
    func model(_ name: String = "llama-3.1-70b", _ gpu: String = "h100-sxm", tp: Int = 4) throws -> RooflineCostModel {
        RooflineCostModel(model: try Presets.model(named: name), hardware: try Presets.hardware(named: gpu),
                          parallelism: Parallelism(tensor: tp))
    }

    // MARK: Speculative decoding

    func testExpectedTokensPerStepFormula() throws {
        let draft = try Presets.model(named: "llama-3.1-8b")
        XCTAssertEqual(SpeculativeDecoding(draft: draft, proposalTokens: 4, acceptanceRate: 0.8).expectedTokensPerStep,
                       (1 - pow(0.8, 5)) / 0.2, accuracy: 1e-12)   // 3.3616
        XCTAssertEqual(SpeculativeDecoding.expectedTokens(proposalTokens: 4, acceptanceRate: 0), 1)
        XCTAssertEqual(SpeculativeDecoding.expectedTokens(proposalTokens: 4, acceptanceRate: 1), 5)
        XCTAssertEqual(SpeculativeDecoding.expectedTokens(proposalTokens: 1, acceptanceRate: 0.5), 1.5, accuracy: 1e-12)
        // Continuous at α → 1.
        XCTAssertEqual(SpeculativeDecoding.expectedTokens(proposalTokens: 4, acceptanceRate: 0.999999), 5, accuracy: 1e-4)
    }

    func testStepCostIsKDraftDecodesPlusOneVerifyPass() throws {
        let target = try model()
        let draftSpec = try Presets.model(named: "llama-3.1-8b")
        let spec = SpeculativeDecoding(draft: draftSpec, proposalTokens: 3, acceptanceRate: 0.7)
        let step = target.speculativeStep(sequences: 8, contextTokens: 8 * 1000, speculation: spec)
        let draft = RooflineCostModel(model: draftSpec, hardware: target.hardware, parallelism: target.parallelism)
        var expectedDraft = 0.0
        for j in 0..<3 {
            var shape = BatchShape()
            shape.addDecodes(count: 8, contextTokens: 8 * 1000 + 8 * j)
            expectedDraft += draft.cost(shape).seconds
        }
        var verify = BatchShape()
        for _ in 0..<8 { verify.addPrefillChunk(newTokens: 4, cachedTokens: 1000, completesPrompt: true) }
        verify.logitTokens = 32
        XCTAssertEqual(RooflineCostModel.verifyShape(sequences: 8, contextTokens: 8000, proposalTokens: 3), verify)
        XCTAssertEqual(step.draftSeconds, expectedDraft, accuracy: 1e-15)
        XCTAssertEqual(step.verifySeconds, target.cost(verify).seconds, accuracy: 1e-15)
        XCTAssertEqual(step.seconds, step.draftSeconds + step.verifySeconds)
        XCTAssertEqual(step.secondsPerToken, step.seconds / spec.expectedTokensPerStep)
    }

    func testSpeculationPaysOffAtHighAcceptanceAndCostsAtLow() throws {
        let target = try model()
        var plain = BatchShape()
        plain.addDecodes(count: 4, contextTokens: 4 * 2000)
        let plainPerToken = target.cost(plain).seconds
        let draft = try Presets.model(named: "llama-3.1-8b")
        let high = target.speculativeStep(sequences: 4, contextTokens: 8000,
                                          speculation: SpeculativeDecoding(draft: draft, proposalTokens: 4, acceptanceRate: 0.85))
        let low = target.speculativeStep(sequences: 4, contextTokens: 8000,
                                         speculation: SpeculativeDecoding(draft: draft, proposalTokens: 4, acceptanceRate: 0.1))
        XCTAssertLessThan(high.secondsPerToken, 0.7 * plainPerToken)
        XCTAssertGreaterThan(low.secondsPerToken, plainPerToken)
    }

    // MARK: CUDA graphs

    func testCUDAGraphsLowerTheFixedTimeOfDecodeOnlyIterations() throws {
        let spec = try Presets.model(named: "llama-2-7b")
        var hw = try Presets.hardware(named: "a100-80gb")
        let graphs = RooflineCostModel(model: spec, hardware: hw, parallelism: Parallelism())
        hw.cudaGraphs = false
        let eager = RooflineCostModel(model: spec, hardware: hw, parallelism: Parallelism())
        var decode = BatchShape()
        decode.addDecodes(count: 16, contextTokens: 16 * 512)
        // 10 kernels per layer (norm, QKV, RoPE, attention, output, norm, up, act, down, add),
        // plus embedding and LM head, each (kernel_launch_us − 2) µs shorter — an elementwise
        // kernel with its own fixed time at most by that time.
        let saved = eager.cost(decode).seconds - graphs.cost(decode).seconds
        let saving = (hw.kernelLaunchUs - 2) * 1e-6
        let own = hw.shape.elementwise
        func elementwise(_ launchUs: Double?) -> Double { min(saving, (launchUs ?? .infinity) * 1e-6) }
        let perLayer = 5 * saving + 2 * elementwise(own.normLaunchUs) + elementwise(own.ropeLaunchUs)
            + elementwise(own.activationLaunchUs) + elementwise(own.addLaunchUs)
        XCTAssertEqual(saved, 32 * perLayer + saving + elementwise(own.embeddingLaunchUs), accuracy: 1e-12)
        XCTAssertLessThan(elementwise(own.addLaunchUs), saving, "the A100's add has a fixed time below the saving")
        XCTAssertTrue(graphs.usesCUDAGraph(decode))
        XCTAssertEqual(graphs.breakdown(decode).map(\.seconds).reduce(0, +), graphs.cost(decode).seconds, accuracy: 1e-12)
        // Prefill, mixed and too-large batches run eagerly.
        var mixed = decode
        mixed.addPrefillChunk(newTokens: 128, cachedTokens: 0, completesPrompt: true)
        XCTAssertEqual(graphs.cost(mixed), eager.cost(mixed))
        var big = BatchShape()
        big.addDecodes(count: 257, contextTokens: 257 * 100)
        XCTAssertFalse(graphs.usesCUDAGraph(big))
        XCTAssertEqual(graphs.cost(big), eager.cost(big))
    }

    // MARK: Decode fast path

    func testAddDecodesEqualsRepeatedAddDecode() {
        var one = BatchShape(), many = BatchShape()
        for context in [100, 250, 4000] { one.addDecode(contextTokens: context) }
        many.addDecodes(count: 3, contextTokens: 4350)
        XCTAssertEqual(one, many)
        many.addDecodes(count: 0, contextTokens: 0)
        XCTAssertEqual(one, many)
    }

    // MARK: Reports

    func testParsesCommandLineBatches() throws {
        let shape = try BatchShape.parse(prefills: ["2048@0", "512@1536", "64"], decodes: ["64x1152"])
        XCTAssertEqual(shape.prefillSequences, 3)
        XCTAssertEqual(shape.prefillTokens, 2048 + 512 + 64)
        XCTAssertEqual(shape.prefillCachedTokens, 1536)
        XCTAssertEqual(shape.decodeSequences, 64)
        XCTAssertEqual(shape.decodeContextTokens, 64 * 1152)
        XCTAssertThrowsError(try BatchShape.parse(prefills: ["2048-0"], decodes: [])) {
            XCTAssertEqual("\($0)", "--prefill '2048-0' is not of the form C@O (C > 0 new tokens on O ≥ 0 cached, e.g. 2048@0)")
        }
        XCTAssertThrowsError(try BatchShape.parse(prefills: [], decodes: ["64*1152"])) {
            XCTAssertEqual($0 as? BatchSpecError, .malformed(option: "--decode", value: "64*1152",
                                                             expected: "BxL (B > 0 sequences at context L ≥ 0, e.g. 64x1152)"))
        }
        XCTAssertThrowsError(try BatchShape.parse(prefills: [], decodes: [])) { XCTAssertEqual($0 as? BatchSpecError, .empty) }
    }

    func testIterationReportBoundAndUtilisation() throws {
        let spec = try Presets.model(named: "llama-2-7b"), hw = try Presets.hardware(named: "a100-80gb")
        let prefill = IterationReport(model: spec, hardware: hw, parallelism: Parallelism(),
                                      shape: try BatchShape.parse(prefills: ["4096@0"], decodes: []))
        XCTAssertEqual(prefill.bound, .compute)
        XCTAssertEqual(prefill.modelFlopsUtilization,
                       prefill.total.flops / (prefill.total.seconds * 312e12), accuracy: 1e-12)
        XCTAssertGreaterThan(prefill.modelFlopsUtilization, 0.4)
        let decode = IterationReport(model: spec, hardware: hw, parallelism: Parallelism(),
                                     shape: try BatchShape.parse(prefills: [], decodes: ["8x1024"]))
        XCTAssertEqual(decode.bound, .memory)
        XCTAssertGreaterThan(decode.memoryBandwidthUtilization, 0.5)
        XCTAssertLessThan(decode.memoryBandwidthUtilization, 1)
        let text = decode.text()
        XCTAssertTrue(text.contains("attn_decode"), text)
        XCTAssertTrue(text.contains("bound: memory"), text)
        let json = try JSONSerialization.jsonObject(with: Data(decode.json().utf8)) as? [String: Any]
        XCTAssertEqual(json?["bound"] as? String, "memory")
        XCTAssertEqual((json?["ops"] as? [Any])?.count, decode.ops.count)
    }

    func testValidationJSONAndMarkdownReport() throws {
        let rows = [
            ValidationReport.Row(source: "m.mlp.csv", op: "mlp_up_proj", shape: "tp=1 tokens=8", measuredSeconds: 1,
                                 predictedSeconds: 1.1, parallelDegree: 1),
            ValidationReport.Row(source: "m.mlp.csv", op: "attn_pre_proj", shape: "tp=2 tokens=8", measuredSeconds: 2,
                                 predictedSeconds: 1.92, parallelDegree: 2),
            ValidationReport.Row(source: "n.all_reduce.csv", op: "all_reduce", shape: "workers=2", measuredSeconds: 1,
                                 predictedSeconds: 1.2, parallelDegree: 2, sizeBytes: 1e6),
        ]
        let report = ValidationReport(rows: rows)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any])
        let ops = try XCTUnwrap(json["ops"] as? [String: Double])
        XCTAssertEqual(ops["mlp_up_proj"] ?? 0, 0.1, accuracy: 1e-12)
        XCTAssertEqual(json["mape"] as? Double ?? 0, (0.1 + 0.04 + 0.2) / 3, accuracy: 1e-12)
        XCTAssertEqual(json["mape_time_weighted"] as? Double ?? 0, 0.38 / 4, accuracy: 1e-12)
        let markdown = CostModelReport.markdown(report: report, directory: "data", hardwareName: "gpu")
        for heading in ["### Linear ops", "### Attention", "### All-reduce by size and workers", "### Figures reached",
                        "### Where the goals are missed, and why", "| m | **10.0 %** (10.0 %) | 4.0 % (4.0 %) |"] {
            XCTAssertTrue(markdown.contains(heading), "missing \(heading) in\n\(markdown)")
        }
    }

    // MARK: The built binary

    func testCostCommandPrintsTheBreakdownAndRejectsBadInputWithStatus2() throws {
        // The build directory: the .xctest bundle's (macOS), or the test executable's (Linux).
        let testPath = Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") }?.bundlePath ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: testPath).deletingLastPathComponent()
        while directory.path.contains(".xctest") { directory = directory.deletingLastPathComponent() }
        let binary = directory.appendingPathComponent("simserve")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else { throw XCTSkip("no simserve binary at \(binary.path)") }
        func run(_ arguments: [String]) throws -> (Int32, String, String) {
            let process = Process()
            process.executableURL = binary
            process.arguments = arguments
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
        }
        let ok = try run(["cost", "--model", "llama-3-8b", "--hardware", "h100-sxm", "--prefill", "2048@0",
                          "--decode", "64x1152"])
        XCTAssertEqual(ok.0, 0, ok.2)
        XCTAssertTrue(ok.1.contains("mlp_up_proj") && ok.1.contains("MFU"), ok.1)
        let unknown = try run(["cost", "--model", "llama-3-8", "--hardware", "h100-sxm", "--decode", "1x10"])
        XCTAssertEqual(unknown.0, 2)
        XCTAssertTrue(unknown.2.hasPrefix("error: unknown model preset 'llama-3-8'; did you mean 'llama-3-8b'?"), unknown.2)
        let malformed = try run(["cost", "--model", "llama-3-8b", "--hardware", "h100-sxm", "--prefill", "20x0"])
        XCTAssertEqual(malformed.0, 2)
        XCTAssertTrue(malformed.2.hasPrefix("error: --prefill '20x0' is not of the form C@O"), malformed.2)
    }
}
