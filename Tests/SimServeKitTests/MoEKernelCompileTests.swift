import XCTest
import SimServeKit
import TestSupport

/// A fresh server's JIT compile of the fused-MoE kernel (`moe_kernel_compile_ms`,
/// ``FusedMoEKernelVariants``): which variant a batch needs, which ones the engine compiled
/// before serving, and the stall of the first batch that needs each of the others.
final class MoEKernelCompileTests: XCTestCase {
    /// Mixtral's 8 experts, 2 per token; graphs up to 256; a 2,048-token profiling batch.
    let mixtral = FusedMoEKernelVariants(compileSeconds: 1.5, experts: 8, expertsPerToken: 2,
                                         graphMaxBatch: 256, profilingTokens: 2048)

    /// The nearest tuned row (the smaller on a tie), then the divisibility by 16 of 2M
    /// (bit 0) and of 2M − 8 (bit 1), worked by hand.
    func testVariantIsTheNearestRowAndTheDivisibilities() {
        // 1,585 tokens: row 1536 (index 14); 3170 and 3162 are not multiples of 16.
        XCTAssertEqual(mixtral.variant(tokens: 1585), 14 * 4)
        // 1,584: 3168 = 16 × 198 → bit 0.
        XCTAssertEqual(mixtral.variant(tokens: 1584), 14 * 4 + 1)
        // 1,588: 3176 − 8 = 3168 → bit 1.
        XCTAssertEqual(mixtral.variant(tokens: 1588), 14 * 4 + 2)
        // 1,792 is as far from 1536 as from 2048: the smaller row.
        XCTAssertEqual(mixtral.variant(tokens: 1792) / 4, 14)
        XCTAssertEqual(mixtral.variant(tokens: 1793) / 4, 15)
        // Past the last row, the last row; an empty batch counts as one token.
        XCTAssertEqual(mixtral.variant(tokens: 100_000) / 4, 17)
        XCTAssertEqual(mixtral.variant(tokens: 0), mixtral.variant(tokens: 1))
        // With 16 experts, EM and num_valid_tokens are multiples of 16 together.
        let sixteen = FusedMoEKernelVariants(compileSeconds: 1, experts: 16, expertsPerToken: 2, graphMaxBatch: 0, profilingTokens: 8)
        XCTAssertEqual(sixteen.variant(tokens: 8) % 4, 3)
        XCTAssertEqual(sixteen.variant(tokens: 12) % 4, 0)
    }

    /// Compiled before serving: the profiling batch's variant and those of the captured decode
    /// batches (1, 2, 4, multiples of 8 up to 256); a decode step replayed from a graph never
    /// needs one, a larger decode batch or any prefill does.
    func testPrecompiledVariantsAndGraphReplay() {
        let compiled = mixtral.precompiled
        XCTAssertTrue(compiled.contains(mixtral.variant(tokens: 2048)))
        for batch in [1, 2, 4, 8, 16, 24, 200, 256] { XCTAssertTrue(compiled.contains(mixtral.variant(tokens: batch)), "\(batch)") }
        XCTAssertFalse(compiled.contains(mixtral.variant(tokens: 1585)))
        XCTAssertFalse(compiled.contains(mixtral.variant(tokens: 260)))  // row 256, 2M − 8 a multiple of 16
        var decode = BatchShape()
        decode.addDecodes(count: 200, contextTokens: 200 * 500)
        XCTAssertNil(mixtral.variant(of: decode))
        var large = BatchShape()
        large.addDecodes(count: 300, contextTokens: 300 * 500)
        XCTAssertEqual(mixtral.variant(of: large), mixtral.variant(tokens: 300))
        var prefill = BatchShape()
        prefill.addPrefillChunk(newTokens: 12, cachedTokens: 0, completesPrompt: true)
        XCTAssertEqual(mixtral.variant(of: prefill), mixtral.variant(tokens: 12))
        let noGraphs = FusedMoEKernelVariants(compileSeconds: 1, experts: 8, expertsPerToken: 2, graphMaxBatch: 0, profilingTokens: 2048)
        XCTAssertNotNil(noGraphs.variant(of: decode))
    }

    static func scenario(model: String, compileMs: Double?, requests: Int = 10) -> String {
        """
        requests = \(requests)
        seed = 5
        model = "\(model)"
        hardware = "h100-sxm"
        [engine]
        preset = "vllm-v0"
        \(compileMs.map { "moe_kernel_compile_ms = \($0)" } ?? "")
        [cluster]
        tp = 2
        [scheduler]
        max_tokens_per_iteration = 2048
        chunked_prefill = false
        batching_window = "1ms"
        [workload]
        arrival = { kind = "constant", rate = 1000000.0 }
        prompt_tokens = { kind = "fixed", value = 150 }
        output_tokens = { kind = "fixed", value = 40 }
        """
    }

    private func run(_ toml: String) throws -> (iterations: [IterationRecord], summary: RunSummary) {
        let (log, summary) = try IterationLog.run(toml, source: "compile.toml")
        return (log.records, summary)
    }

    /// Ten prompts gathered into one 1,500-token prefill: that batch waits exactly one compile
    /// (row 1536, neither multiple); its decode steps run from graphs and wait none; every TTFT
    /// and E2E grows by the compile, nothing else changes.
    func testTheFirstBatchOfANewVariantWaitsForItsCompile() throws {
        let (cold, coldSummary) = try run(Self.scenario(model: "mixtral-8x7b", compileMs: 1500))
        let (warm, warmSummary) = try run(Self.scenario(model: "mixtral-8x7b", compileMs: nil))
        XCTAssertEqual(cold.count, warm.count)
        XCTAssertEqual(cold.first?.shape.prefillTokens, 1500)
        let stalls = zip(cold, warm).map { ($0.duration.nanoseconds - $1.duration.nanoseconds) }
        XCTAssertEqual(stalls.first, 1_500_000_000)
        XCTAssertTrue(stalls.dropFirst().allSatisfy { $0 == 0 })
        let ttft = try XCTUnwrap(coldSummary.ttft?.p50), warmTTFT = try XCTUnwrap(warmSummary.ttft?.p50)
        XCTAssertEqual(ttft - warmTTFT, 1.5, accuracy: 1e-6)
    }

    /// A variant compiled once is not compiled again: two bursts of the same size wait once.
    func testACompiledVariantIsNotCompiledAgain() throws {
        let toml = Self.scenario(model: "mixtral-8x7b", compileMs: 800, requests: 20)
            .replacingOccurrences(of: "arrival = { kind = \"constant\", rate = 1000000.0 }",
                                  with: "arrival = { kind = \"constant\", rate = 0.5 }")
        let (iterations, _) = try run(toml)
        let (warm, _) = try run(toml.replacingOccurrences(of: "moe_kernel_compile_ms = 800.0", with: ""))
        let stalled = zip(iterations, warm).filter { $0.duration != $1.duration }
        // One prompt of 150 tokens at a time: one prefill variant, compiled by the first.
        XCTAssertEqual(stalled.count, 1)
        XCTAssertEqual(stalled.first?.0.start, iterations.first?.start)
    }

    /// A dense model has no fused-MoE kernel: the key changes nothing, byte for byte.
    func testDenseModelsAreUnaffected() throws {
        let (cold, _) = try run(Self.scenario(model: "llama-3.1-8b", compileMs: 1500))
        let (warm, _) = try run(Self.scenario(model: "llama-3.1-8b", compileMs: nil))
        XCTAssertEqual(cold.map(\.duration), warm.map(\.duration))
    }

    /// A negative or non-finite compile time is refused, naming the key.
    func testBadValuesAreRefused() {
        for bad in ["-1", "nan", "inf"] {
            let toml = Self.scenario(model: "mixtral-8x7b", compileMs: nil)
                .replacingOccurrences(of: "preset = \"vllm-v0\"", with: "preset = \"vllm-v0\"\nmoe_kernel_compile_ms = \(bad)")
            XCTAssertThrowsError(try ScenarioLoader.load(toml: toml, source: "bad.toml"), bad) { error in
                XCTAssertTrue("\(error)".contains("moe_kernel_compile_ms"), "\(error)")
            }
        }
    }
}
