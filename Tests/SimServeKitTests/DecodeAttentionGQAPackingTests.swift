import XCTest
import TestSupport
@testable import SimServeKit

/// The GQA-packed decode attention terms of ``KernelTimeModel``: the time per sequence and
/// work unit (one KV head's tile of query heads), the query rows per tile, and the work units
/// at which the KV streams at half rate. Each is absent (the old form) without its key, each
/// moves the time by exactly its term, and bad values are rejected with the key.
final class DecodeAttentionGQAPackingTests: XCTestCase {
    /// h100-sxm with every per-sequence and occupancy term off, then `edit`.
    private func bare(_ edit: (inout KernelShapeParameters) -> Void = { _ in }) throws -> HardwareSpec {
        var h = try Presets.hardware(named: "h100-sxm")
        h.shape.decodeAttentionFloorUs = 0
        h.shape.decodeAttentionPerSequenceUs = 0
        h.shape.decodeAttentionPerSequenceHeadUs = 0
        h.shape.decodeAttentionPerSequenceKVHeadUs = 0
        h.shape.decodeAttentionHalfRateUnits = 0
        h.shape.decodeAttentionOverlapSharpness = 1
        h.shape.decodeAttentionQueryTileRows = nil
        edit(&h.shape)
        return h
    }

    private func decode(_ h: HardwareSpec, sequences: Double = 16, context: Double = 16 * 4096,
                        heads: Double, kvHeads: Double) -> Double {
        AttentionKernelTimeModel(hardware: h).decodeAttention(
            sequences: sequences, contextTokens: context, heads: heads, kvHeads: kvHeads, headDim: 128,
            activationBytes: 2, kvBytes: 2).seconds
    }

    func testPerUnitCostFollowsKVHeadsNotQueryHeads() throws {
        let plain = try bare()
        let packed = try bare { $0.decodeAttentionPerSequenceKVHeadUs = 0.05 }
        // 16 sequences · 8 KV heads · 0.05 µs, whether 4 or 8 query heads share each KV head.
        for heads in [32.0, 64] {
            XCTAssertEqual(decode(packed, heads: heads, kvHeads: 8) - decode(plain, heads: heads, kvHeads: 8),
                           16 * 8 * 0.05e-6, accuracy: 1e-12, "heads \(heads)")
        }
        XCTAssertEqual(decode(packed, heads: 8, kvHeads: 1) - decode(plain, heads: 8, kvHeads: 1), 16 * 0.05e-6, accuracy: 1e-12)
        // The per-query-head term it replaces would have doubled from 32 to 64 heads.
        let perHead = try bare { $0.decodeAttentionPerSequenceHeadUs = 0.05 / 8 }
        XCTAssertEqual(decode(perHead, heads: 32, kvHeads: 8) - decode(plain, heads: 32, kvHeads: 8), 16 * 32 * 0.05e-6 / 8,
                       accuracy: 1e-12)
    }

    func testQueryTileRowsSplitAKVHeadsQueriesIntoTiles() throws {
        let plain = try bare()
        let tiled = try bare { $0.decodeAttentionPerSequenceKVHeadUs = 0.05; $0.decodeAttentionQueryTileRows = 16 }
        // 64 query heads on 2 KV heads: 32 per KV head, two 16-row tiles each → 4 units.
        XCTAssertEqual(decode(tiled, heads: 64, kvHeads: 2) - decode(plain, heads: 64, kvHeads: 2), 16 * 4 * 0.05e-6,
                       accuracy: 1e-12)
        // 20 per KV head still takes two tiles (the second one part empty).
        XCTAssertEqual(decode(tiled, heads: 40, kvHeads: 2) - decode(plain, heads: 40, kvHeads: 2), 16 * 4 * 0.05e-6,
                       accuracy: 1e-12)
        // MHA: one query head per KV head, one unit per head.
        XCTAssertEqual(decode(tiled, heads: 32, kvHeads: 32) - decode(plain, heads: 32, kvHeads: 32), 16 * 32 * 0.05e-6,
                       accuracy: 1e-12)
    }

    func testFewWorkUnitsStreamTheKVBelowTheFullRate() throws {
        let plain = try bare()
        let limited = try bare { $0.decodeAttentionHalfRateUnits = 2 }
        let rate = plain.hbmBandwidthGBs * 1e9 * plain.shape.decodeAttentionEfficiency
        func bytes(_ b: Double, _ context: Double, heads: Double, kvHeads: Double) -> Double {
            context * 2 * kvHeads * 128 * 2 + b * 2 * heads * 128 * 2
        }
        // One sequence on one KV head is 1 unit: (1 + 2/1) × the memory time.
        XCTAssertEqual(decode(limited, sequences: 1, context: 65536, heads: 8, kvHeads: 1)
                       - decode(plain, sequences: 1, context: 65536, heads: 8, kvHeads: 1),
                       2 * bytes(1, 65536, heads: 8, kvHeads: 1) / rate, accuracy: 1e-12)
        // 16 sequences × 8 KV heads = 128 units: 2/128 more.
        XCTAssertEqual(decode(limited, heads: 64, kvHeads: 8) - decode(plain, heads: 64, kvHeads: 8),
                       2.0 / 128 * bytes(16, 16 * 4096, heads: 64, kvHeads: 8) / rate, accuracy: 1e-12)
    }

    /// With `decode_attention_overlap_sharpness` p the per-sequence work w and the KV streaming
    /// m meet as (wᵖ + mᵖ)^(1/p): between their sum (p = 1, the default) and the larger alone.
    func testPerSequenceWorkAndStreamingOverlapByTheSharpness() throws {
        let fixed = 5.0
        func parts(_ p: Double) throws -> (total: Double, work: Double, stream: Double) {
            let h = try bare {
                $0.decodeAttentionPerSequenceKVHeadUs = 0.05
                $0.decodeAttentionOverheadUs = fixed
                $0.decodeAttentionOverlapSharpness = p
            }
            let work = 16 * 8 * 0.05e-6
            let stream = (16 * 4096 * 2 * 8 * 128 * 2 + 16 * 2 * 64 * 128 * 2) / (h.hbmBandwidthGBs * 1e9 * h.shape.decodeAttentionEfficiency)
            return (decode(h, heads: 64, kvHeads: 8), work, stream)
        }
        let additive = try parts(1)
        XCTAssertEqual(additive.total, fixed * 1e-6 + additive.work + additive.stream, accuracy: 1e-12)
        let two = try parts(2)
        XCTAssertEqual(two.total, fixed * 1e-6 + (two.work * two.work + two.stream * two.stream).squareRoot(), accuracy: 1e-12)
        XCTAssertLessThan(two.total, additive.total)
        let sharp = try parts(30)
        XCTAssertEqual(sharp.total, fixed * 1e-6 + max(sharp.work, sharp.stream), accuracy: 0.03 * sharp.total)
        XCTAssertEqual(KernelShapeParameters().decodeAttentionOverlapSharpness, 1)
    }

    func testWithoutTheKeysTheOldFormIsKept() throws {
        let text = """
            requests = 4
            model = "llama-2-7b"
            [hardware]
            preset = "h100-sxm"
            decode_attention_per_sequence_kv_head_us = 0.02
            [workload]
            arrival = { kind = "poisson", rate = 1.0 }
            prompt_tokens = { kind = "fixed", value = 16 }
            output_tokens = { kind = "fixed", value = 4 }
            """
        XCTAssertNil(TestSupport.loadError(text))
        let d = KernelShapeParameters()
        XCTAssertEqual(d.decodeAttentionPerSequenceKVHeadUs, 0)
        XCTAssertEqual(d.decodeAttentionHalfRateUnits, 0)
        XCTAssertNil(d.decodeAttentionQueryTileRows)
        // The preset's old per-query-head figure still counts when set.
        let old = try bare { $0.decodeAttentionPerSequenceHeadUs = 0.003 }
        XCTAssertEqual(decode(old, heads: 64, kvHeads: 8) - decode(try bare(), heads: 64, kvHeads: 8), 16 * 64 * 0.003e-6,
                       accuracy: 1e-12)
    }

    func testBadValuesNameTheKey() {
        let cases = [
            ("decode_attention_per_sequence_kv_head_us = -1",
             "hardware.decode_attention_per_sequence_kv_head_us: must be a finite time ≥ 0 µs"),
            ("decode_attention_half_rate_units = -2", "hardware.decode_attention_half_rate_units: must be a finite count ≥ 0"),
            ("decode_attention_query_tile_rows = 0", "hardware.decode_attention_query_tile_rows: must be ≥ 1 query rows"),
            ("decode_attention_overlap_sharpness = 0.5", "hardware.decode_attention_overlap_sharpness: must be a finite number ≥ 1"),
        ]
        for (line, message) in cases {
            let error = TestSupport.hardwareKeyError(line)
            XCTAssertTrue(error?.contains(message) == true, error ?? "loaded")
        }
        XCTAssertNil(TestSupport.hardwareKeyError("""
            decode_attention_per_sequence_kv_head_us = 0.02
            decode_attention_half_rate_units = 1.5
            decode_attention_query_tile_rows = 64
            decode_attention_overlap_sharpness = 2.5
            """))
    }
}
