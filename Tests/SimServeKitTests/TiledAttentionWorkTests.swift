import XCTest
import TestSupport
@testable import SimServeKit

/// The tiled (block-causal) prefill attention work: its closed form, its O(1) accumulation
/// in ``BatchShape``, its estimate, and its use by the cost model when the hardware sets a
/// query tile.
final class TiledAttentionWorkTests: XCTestCase {
    /// Σ over the query tiles of rows_in_tile · (o + end_of_tile), tile by tile.
    static func bruteForceTiledPairs(newTokens c: Int, cachedTokens o: Int, tile b: Int) -> Double {
        var pairs = 0.0, start = 0
        while start < c {
            let end = min(start + b, c)
            pairs += Double(end - start) * Double(o + end)
            start = end
        }
        return pairs
    }

    func testClosedFormEqualsTileByTileCountForRandomShapes() {
        for seed in UInt64(1)...20 {
            var random = SeededGenerator(seed: seed)
            for _ in 0..<200 {
                let c = Int.random(in: 1...3000, using: &random), o = Int.random(in: 0...4000, using: &random)
                let b = Int.random(in: 1...300, using: &random)
                let closed = BatchShape.tiledTokenPairs(newTokens: c, cachedTokens: o, tile: b)
                XCTAssertEqual(closed, Self.bruteForceTiledPairs(newTokens: c, cachedTokens: o, tile: b),
                               "seed \(seed): c \(c), o \(o), B \(b)")
            }
        }
    }

    func testTiledWorkLiesBetweenCausalAndUnmaskedAndMeetsThemAtTheEnds() {
        let c = 500, o = 300
        let causal = Double(c) * (Double(o) + Double(c + 1) / 2), square = Double(c * (o + c))
        XCTAssertEqual(BatchShape.tiledTokenPairs(newTokens: c, cachedTokens: o, tile: 1), causal)
        XCTAssertEqual(BatchShape.tiledTokenPairs(newTokens: c, cachedTokens: o, tile: c), square)
        let tiled = BatchShape.tiledTokenPairs(newTokens: c, cachedTokens: o, tile: 96)
        XCTAssertGreaterThan(tiled, causal)
        XCTAssertLessThan(tiled, square)
    }

    func testAddPrefillChunkAccumulatesTheTiledSumOnlyWhenATileIsSet() {
        var random = SeededGenerator(seed: 7)
        var tiled = BatchShape(attentionQueryTile: 96), plain = BatchShape()
        var expected = 0.0
        for _ in 0..<12 {
            let c = Int.random(in: 1...700, using: &random), o = Int.random(in: 0...900, using: &random)
            tiled.addPrefillChunk(newTokens: c, cachedTokens: o, completesPrompt: true)
            plain.addPrefillChunk(newTokens: c, cachedTokens: o, completesPrompt: true)
            expected += Self.bruteForceTiledPairs(newTokens: c, cachedTokens: o, tile: 96)
        }
        XCTAssertEqual(tiled.prefillTiledTokenPairs, expected, accuracy: 1e-9 * expected)
        XCTAssertEqual(tiled.prefillTiledTokenPairsOrEstimate(tile: 96), tiled.prefillTiledTokenPairs)
        XCTAssertEqual(plain.prefillTiledTokenPairs, 0)
        XCTAssertEqual(tiled.prefillSquareTokenPairs, plain.prefillSquareTokenPairs)
        XCTAssertEqual(tiled.prefillAttentionTokenPairs, plain.prefillAttentionTokenPairs)
    }

    func testEstimateIsAnUpperBoundExactForWholeTilesAndForOneShortChunk() {
        var random = SeededGenerator(seed: 3)
        for _ in 0..<200 {
            let b = Int.random(in: 2...200, using: &random)
            var shape = BatchShape(), exact = 0.0
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                let c = Int.random(in: 1...1000, using: &random), o = Int.random(in: 0...1000, using: &random)
                shape.addPrefillChunk(newTokens: c, cachedTokens: o, completesPrompt: false)
                exact += BatchShape.tiledTokenPairs(newTokens: c, cachedTokens: o, tile: b)
            }
            XCTAssertGreaterThanOrEqual(shape.prefillTiledTokenPairsOrEstimate(tile: b), exact * (1 - 1e-12), "B \(b)")
        }
        var whole = BatchShape()
        whole.addPrefillChunk(newTokens: 3 * 96, cachedTokens: 50, completesPrompt: true)
        whole.addPrefillChunk(newTokens: 96, cachedTokens: 0, completesPrompt: true)
        XCTAssertEqual(whole.prefillTiledTokenPairsOrEstimate(tile: 96),
                       BatchShape.tiledTokenPairs(newTokens: 288, cachedTokens: 50, tile: 96)
                       + BatchShape.tiledTokenPairs(newTokens: 96, cachedTokens: 0, tile: 96))
        var short = BatchShape()
        short.addPrefillChunk(newTokens: 40, cachedTokens: 200, completesPrompt: true)
        XCTAssertEqual(short.prefillTiledTokenPairsOrEstimate(tile: 96), 40 * 240)
    }

    func testCostModelTimesTheTiledWorkOnlyWhenTheHardwareSetsATile() throws {
        let model = try CostModelTests.model("llama-2-7b")
        let plain = try CostModelTests.hardware("h100-pcie")
        XCTAssertNil(plain.shape.attentionQueryTile, "unmeasured GPU presets keep the unmasked form")
        var tiledHardware = plain
        tiledHardware.shape.attentionQueryTile = 1
        let c = 4096
        let shape = CostModelTests.prefill(c)
        let overhead = plain.shape.prefillAttentionOverheadUs * 1e-6
        func attention(_ hardware: HardwareSpec, _ shape: BatchShape) throws -> Double {
            let m = RooflineCostModel(model: model, hardware: hardware, parallelism: Parallelism(tensor: 1, pipeline: 1))
            return try XCTUnwrap(m.breakdown(shape).first { $0.op == "attn_prefill" }).seconds / Double(model.layers)
        }
        // A 1-row tile is the causal form: half the unmasked work (plus half a row).
        let ratio = (try attention(tiledHardware, shape) - overhead) / (try attention(plain, shape) - overhead)
        XCTAssertEqual(ratio, Double(c + 1) / 2 / Double(c), accuracy: 1e-9)
        // A shape that counted the tile gives the same time as the estimate for whole tiles.
        var counted = BatchShape(attentionQueryTile: 1)
        counted.addPrefillChunk(newTokens: c, cachedTokens: 0, completesPrompt: true)
        XCTAssertEqual(try attention(tiledHardware, counted), try attention(tiledHardware, shape), accuracy: 1e-12)
    }

    /// A scenario whose hardware sets a tile: the scheduler counts the tiled work exactly as
    /// it composes batches (chunked prompts on cached tokens included), so the cost model never
    /// falls back to its estimate; a tile below 1 is rejected with its key path.
    func testSchedulerCountsTheTiledWorkOfTheHardwaresTile() throws {
        let toml = """
            requests = 60
            model = "llama-2-7b"
            [hardware]
            preset = "h100-pcie"
            attention_query_tile = 96
            [scheduler]
            max_tokens_per_iteration = 512
            [workload]
            arrival = { kind = "poisson", rate = 4.0 }
            prompt_tokens = { kind = "uniform", min = 100, max = 2000 }
            output_tokens = { kind = "fixed", value = 8 }
            """
        let shapes = try IterationLog.run(toml, source: "tile.toml").log
        let prefills = shapes.shapes.filter { $0.prefillTokens > 0 }
        XCTAssertFalse(prefills.isEmpty)
        XCTAssertTrue(prefills.contains { $0.prefillCachedTokens > 0 }, "some chunks continue a prompt")
        for shape in prefills {
            XCTAssertEqual(shape.attentionQueryTile, 96)
            XCTAssertGreaterThan(shape.prefillTiledTokenPairs, 0)
            XCTAssertLessThanOrEqual(shape.prefillTiledTokenPairs, shape.prefillSquareTokenPairs)
            XCTAssertGreaterThanOrEqual(shape.prefillTiledTokenPairs, shape.prefillAttentionTokenPairs)
        }
        let plain = try IterationLog.run(toml.replacingOccurrences(of: "attention_query_tile = 96\n", with: ""),
                                         source: "plain.toml").log
        XCTAssertTrue(plain.shapes.allSatisfy { $0.attentionQueryTile == 0 && $0.prefillTiledTokenPairs == 0 })

        let error = TestSupport.loadError(toml.replacingOccurrences(of: "= 96", with: "= 0"))
        XCTAssertTrue(error?.contains("hardware.attention_query_tile: must be ≥ 1") == true, error ?? "loaded")
    }
}
