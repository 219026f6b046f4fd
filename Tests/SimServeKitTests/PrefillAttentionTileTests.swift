import XCTest
import TestSupport
@testable import SimServeKit

/// Prefill attention's per-thread-block term (time per query tile and query head) and the
/// decode path of all-one-token calls in ``AttentionKernelTimeModel``, with the query tiles that
/// ``BatchShape`` counts. Each is absent (the old form) without its key.
final class PrefillAttentionTileTests: XCTestCase {
    private func h100(_ edit: (inout KernelShapeParameters) -> Void = { _ in }) throws -> HardwareSpec {
        var h = try Presets.hardware(named: "h100-sxm")
        h.shape.prefillAttentionPerTileHeadNs = 0
        h.shape.prefillOneTokenAsDecode = false
        edit(&h.shape)
        return h
    }

    private func prefill(_ h: HardwareSpec, chunks: [Int], cached: Int = 0, heads: Double = 64, kvHeads: Double = 8) -> Double {
        PrefillAttentionCriticalPathTests.prefill(h, chunks: chunks, cached: cached, heads: heads, kvHeads: kvHeads).seconds
    }

    func testBatchShapeCountsQueryTilesPerChunk() {
        var shape = BatchShape(attentionQueryTile: 128)
        for c in [1, 128, 129, 300] { shape.addPrefillChunk(newTokens: c, cachedTokens: 0, completesPrompt: true) }
        XCTAssertEqual(shape.prefillQueryTiles, 1 + 1 + 2 + 3)
        XCTAssertEqual(shape.prefillQueryTilesOrEstimate(tile: 128), 7)
        // Another tile, or a shape that did not count: max(chunks, ⌈Σc / tile⌉).
        XCTAssertEqual(shape.prefillQueryTilesOrEstimate(tile: 64), Double((558 + 63) / 64))
        var uncounted = BatchShape()
        for _ in 0..<8 { uncounted.addPrefillChunk(newTokens: 16, cachedTokens: 0, completesPrompt: true) }
        XCTAssertEqual(uncounted.prefillQueryTilesOrEstimate(tile: 128), 8)
    }

    func testPerTileTermCountsThreadBlocksNotTokens() throws {
        let plain = try h100()
        XCTAssertEqual(plain.shape.attentionQueryTile, 128)
        let tiled = try h100 { $0.prefillAttentionPerTileHeadNs = 20 }
        // 8 prompts of 16 tokens: 8 tiles; one of 300: 3 tiles; 64 heads each.
        XCTAssertEqual(prefill(tiled, chunks: Array(repeating: 16, count: 8)) - prefill(plain, chunks: Array(repeating: 16, count: 8)),
                       8 * 64 * 20e-9, accuracy: 1e-12)
        XCTAssertEqual(prefill(tiled, chunks: [300]) - prefill(plain, chunks: [300]), 3 * 64 * 20e-9, accuracy: 1e-12)
        // 16 and 128 tokens per prompt pay the same per-tile time.
        XCTAssertEqual(prefill(tiled, chunks: [128]) - prefill(plain, chunks: [128]),
                       prefill(tiled, chunks: [16]) - prefill(plain, chunks: [16]), accuracy: 1e-12)
    }

    func testOneTokenChunksRunTheDecodeKernel() throws {
        let decodePath = try h100 { $0.prefillOneTokenAsDecode = true }
        let k = AttentionKernelTimeModel(hardware: decodePath)
        let decode = k.decodeAttention(sequences: 32, contextTokens: 32 * 101, heads: 64, kvHeads: 8, headDim: 128,
                                       activationBytes: 2, kvBytes: 2).seconds
        XCTAssertEqual(prefill(decodePath, chunks: Array(repeating: 1, count: 32), cached: 100), decode, accuracy: 1e-15)
        // Without the key, or with a longer chunk in the call, the prefill form.
        let plain = try h100()
        XCTAssertNotEqual(prefill(plain, chunks: Array(repeating: 1, count: 32), cached: 100), decode)
        XCTAssertEqual(prefill(decodePath, chunks: [1, 2]), prefill(plain, chunks: [1, 2]))
    }

    func testKeysLoadAndBadValuesNameTheKey() {
        let base = """
            requests = 4
            model = "llama-2-7b"
            [hardware]
            preset = "h100-sxm"
            KEY
            [workload]
            arrival = { kind = "poisson", rate = 1.0 }
            prompt_tokens = { kind = "fixed", value = 16 }
            output_tokens = { kind = "fixed", value = 4 }
            """
        let error = TestSupport.loadError(base.replacingOccurrences(of: "KEY", with: "prefill_attention_per_tile_head_ns = -1"))
        XCTAssertTrue(error?.contains("hardware.prefill_attention_per_tile_head_ns: must be a finite time ≥ 0 ns") == true,
                      error ?? "loaded")
        XCTAssertNil(TestSupport.loadError(base.replacingOccurrences(of: "KEY", with: """
            prefill_attention_per_tile_head_ns = 20
            prefill_one_token_as_decode = true
            """)))
        XCTAssertEqual(KernelShapeParameters().prefillAttentionPerTileHeadNs, 0)
        XCTAssertFalse(KernelShapeParameters().prefillOneTokenAsDecode)
    }
}
