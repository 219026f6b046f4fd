import XCTest
import TestSupport
@testable import SimServeKit
@testable import CostModel

/// Prefill attention bounded by its heaviest query tile (`prefill_attention_concurrent_tiles`)
/// and the new tokens' Q, K, V, O moved in L2 (`prefill_attention_inputs_in_l2_mb`), with the
/// heaviest tile that ``BatchShape`` keeps. Each is absent (the old form) without its key.
final class PrefillAttentionCriticalPathTests: XCTestCase {
    /// The l40s preset without either key, then `edit`.
    private func l40s(_ edit: (inout KernelShapeParameters) -> Void = { _ in }) throws -> HardwareSpec {
        try TestSupport.hardware("l40s") {
            $0.prefillAttentionConcurrentTiles = 0
            $0.prefillAttentionInputsInL2MB = 0
            edit(&$0)
        }
    }

    /// One prefill-attention call of `chunks` on `cached` tokens each, as the cost model makes
    /// it: the batch shape counted at the GPU's query tile, every term from it.
    static func prefill(_ h: HardwareSpec, chunks: [Int], cached: Int = 0, heads: Double = 32,
                        kvHeads: Double = 8) -> OpEstimate {
        let k = AttentionKernelTimeModel(hardware: h)
        var shape = BatchShape(attentionQueryTile: k.attentionQueryTile ?? 0)
        for c in chunks { shape.addPrefillChunk(newTokens: c, cachedTokens: cached, completesPrompt: true) }
        return k.prefillAttention(
            newTokens: Double(shape.prefillTokens), cachedTokens: Double(shape.prefillCachedTokens),
            tokenPairs: shape.prefillAttentionTokenPairs, timedTokenPairs: k.prefillTimedTokenPairs(shape), heads: heads,
            kvHeads: kvHeads, headDim: 128, activationBytes: 2, kvBytes: 2, sequences: Double(shape.prefillSequences),
            queryTiles: k.prefillQueryTiles(shape), longestTileTokenPairs: k.prefillLongestTileTokenPairs(shape))
    }

    /// Hand counts: a chunk of 300 queries on 100 cached keys in tiles of 64 has four full
    /// tiles, the last scoring 64 · (100 + 256) pairs, and a partial tile of 44 rows scoring
    /// 44 · 400; the batch keeps the most over its chunks.
    private func prefill(_ h: HardwareSpec, chunks: [Int], cached: Int = 0, heads: Double = 32,
                         kvHeads: Double = 8) -> OpEstimate {
        Self.prefill(h, chunks: chunks, cached: cached, heads: heads, kvHeads: kvHeads)
    }

    func testBatchShapeKeepsTheHeaviestTileOfItsChunks() {
        XCTAssertEqual(BatchShape.longestTileTokenPairs(newTokens: 300, cachedTokens: 100, tile: 64), max(64 * 356, 44 * 400))
        XCTAssertEqual(BatchShape.longestTileTokenPairs(newTokens: 256, cachedTokens: 0, tile: 64), 64 * 256)
        XCTAssertEqual(BatchShape.longestTileTokenPairs(newTokens: 10, cachedTokens: 5, tile: 64), 10 * 15)
        var shape = BatchShape(attentionQueryTile: 64)
        for (c, o) in [(10, 5), (300, 100), (64, 0)] { shape.addPrefillChunk(newTokens: c, cachedTokens: o, completesPrompt: true) }
        XCTAssertEqual(shape.prefillLongestTileTokenPairs, 64 * 356)
        XCTAssertEqual(shape.prefillLongestTileTokenPairsOrEstimate(tile: 64), 64 * 356)
        // Not counted (no tile, or another): the mean chunk's, min(B, c̄)·(ō + c̄).
        var uncounted = BatchShape()
        for _ in 0..<4 { uncounted.addPrefillChunk(newTokens: 32, cachedTokens: 96, completesPrompt: true) }
        XCTAssertEqual(uncounted.prefillLongestTileTokenPairs, 0)
        XCTAssertEqual(uncounted.prefillLongestTileTokenPairsOrEstimate(tile: 64), 32 * 128)
        XCTAssertEqual(BatchShape().prefillLongestTileTokenPairsOrEstimate(tile: 64), 0)
    }

    /// One long prompt on few heads is a few tiles, each the length of its row of the causal
    /// square: with 142 blocks at once the call lasts as long as its last tile, 64 · 4,096 pairs
    /// per head-tile against 2,080 · 64² in all (about 8× the mean tile's work over 142 blocks);
    /// many prompts fill the GPU and run at the tiled rate as before.
    func testAFewLongTilesBoundTheCallAndAFullGridDoesNot() throws {
        let plain = try l40s()
        let bounded = try l40s { $0.prefillAttentionConcurrentTiles = 142 }
        let long = prefill(bounded, chunks: [4096], heads: 1, kvHeads: 1)
        let plainLong = prefill(plain, chunks: [4096], heads: 1, kvHeads: 1)
        let k = AttentionKernelTimeModel(hardware: bounded)
        let computePerPair = 4 * 128 / k.prefillFlopsPerSecond
        let tiled = BatchShape.tiledTokenPairs(newTokens: 4096, cachedTokens: 0, tile: 64)
        XCTAssertEqual(long.seconds - plainLong.seconds, computePerPair * (142 * 64 * 4096 - tiled), accuracy: 1e-12)
        XCTAssertEqual(long.flops, plainLong.flops)
        // 64 heads × 64 tiles of 4,096 tokens: 4,096 blocks, the grid full; nothing changes.
        XCTAssertEqual(prefill(bounded, chunks: [4096], heads: 64, kvHeads: 8).seconds,
                       prefill(plain, chunks: [4096], heads: 64, kvHeads: 8).seconds)
    }

    /// Inputs that fit the L2 take nothing from the DRAM stream; past it, only the excess does
    /// (at `prefill_attention_beyond_l2_efficiency` of the bandwidth where set, else at the
    /// GPU's memory efficiency), and the cached prefix's K and V always do, at the latter.
    func testNewTokensBytesUpToTheL2SizeLeaveTheDRAMStream() throws {
        var plain = try l40s()
        plain.shape.prefillAttentionBeyondL2Efficiency = nil
        plain.shape.prefillAttentionPerTokenHeadNs = 0
        plain.shape.prefillAttentionPerTileHeadNs = 0
        plain.shape.prefillAttentionEfficiency = 1.2   // compute small: the memory term binds
        var inL2 = plain
        inL2.shape.prefillAttentionInputsInL2MB = 96
        let k = AttentionKernelTimeModel(hardware: plain)
        let fixed = k.prefillOverheadSeconds
        // 512 prompts of 16 tokens, 32 + 8 heads: Q, K, V, O are 8,192 · 80 · 128 · 2 = 168 MB.
        let chunks = Array(repeating: 16, count: 512)
        let bytes = 8192.0 * 80 * 128 * 2
        let memory = prefill(plain, chunks: chunks)
        XCTAssertEqual(memory.bound, .memory)
        XCTAssertEqual(memory.seconds - fixed, bytes / k.memoryBytesPerSecond, accuracy: 1e-12)
        let lighter = prefill(inL2, chunks: chunks)
        XCTAssertEqual(lighter.bytes, memory.bytes, "the bytes reported are the kernel's, wherever they are read")
        XCTAssertEqual(lighter.bound, .memory)
        XCTAssertEqual(lighter.seconds - fixed, (bytes - 96e6) / k.memoryBytesPerSecond, accuracy: 1e-12)
        XCTAssertLessThan(lighter.seconds, memory.seconds)
        // Past the L2 at its own rate: 0.3 of the bandwidth, slower than the GPU's streaming.
        var slowBeyond = inL2
        slowBeyond.shape.prefillAttentionBeyondL2Efficiency = 0.3
        XCTAssertEqual(prefill(slowBeyond, chunks: chunks).seconds - fixed,
                       (bytes - 96e6) / (plain.hbmBandwidthGBs * 1e9 * 0.3), accuracy: 1e-12)
        // Without the L2 key the rate is not read: every byte at the GPU's memory efficiency.
        var unread = plain
        unread.shape.prefillAttentionBeyondL2Efficiency = 0.3
        XCTAssertEqual(prefill(unread, chunks: chunks).seconds, memory.seconds)
        // 32 prompts of 16 tokens (10.5 MB) fit in L2: compute bound.
        XCTAssertEqual(prefill(inL2, chunks: Array(repeating: 16, count: 32)).bound, .compute)
        // A cached prefix of 4,096 tokens per prompt is read from DRAM either way.
        let cachedPlain = prefill(plain, chunks: [16, 16], cached: 4096)
        let cachedInL2 = prefill(inL2, chunks: [16, 16], cached: 4096)
        XCTAssertEqual(cachedPlain.seconds - cachedInL2.seconds, 32 * 80 * 128 * 2 / k.memoryBytesPerSecond, accuracy: 1e-12)
    }

    /// The L40S preset sets both (its 142 SMs, its 96 MB L2); every other preset leaves them
    /// off, and a scenario's bad value names the key and what is allowed.
    func testKeysLoadAndBadValuesNameTheKey() throws {
        let l40s = try Presets.hardware(named: "l40s")
        XCTAssertEqual(l40s.shape.prefillAttentionConcurrentTiles, 142)
        XCTAssertEqual(l40s.shape.prefillAttentionInputsInL2MB, 96)
        XCTAssertEqual(l40s.shape.prefillAttentionBeyondL2Efficiency ?? 0, 0.30, accuracy: 0.01)
        for name in ["a100-80gb", "h100-sxm", "h200", "b200"] {
            let h = try Presets.hardware(named: name)
            XCTAssertEqual(h.shape.prefillAttentionConcurrentTiles, 0, name)
            XCTAssertEqual(h.shape.prefillAttentionInputsInL2MB, 0, name)
            XCTAssertNil(h.shape.prefillAttentionBeyondL2Efficiency, name)
        }
        let rate = TestSupport.hardwareKeyError("prefill_attention_beyond_l2_efficiency = 1.5")
        XCTAssertTrue(rate?.contains("hardware.prefill_attention_beyond_l2_efficiency: must be in (0, 1.2]") == true, rate ?? "loaded")
        let tiles = TestSupport.hardwareKeyError("prefill_attention_concurrent_tiles = -5")
        XCTAssertTrue(tiles?.contains("hardware.prefill_attention_concurrent_tiles: must be a count of thread blocks in [0, 1e6]") == true,
                      tiles ?? "loaded")
        let l2 = TestSupport.hardwareKeyError("prefill_attention_inputs_in_l2_mb = -1")
        XCTAssertTrue(l2?.contains("hardware.prefill_attention_inputs_in_l2_mb: must be in [0, 1e5] MB") == true, l2 ?? "loaded")
        XCTAssertNil(TestSupport.hardwareKeyError("prefill_attention_concurrent_tiles = 142\nprefill_attention_inputs_in_l2_mb = 96"))
    }
}
