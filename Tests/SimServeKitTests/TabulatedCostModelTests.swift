import XCTest
@testable import SimServeKit
import TestSupport

/// The tabulated cost model is the roofline model, faster: same numbers for any batch.
final class TabulatedCostModelTests: XCTestCase {
    func testTabulatedCostEqualsTheRooflineModel() throws {
        let cases: [(String, String, Int, Int)] = [
            ("llama-2-7b", "a100-80gb", 1, 1), ("llama-2-70b", "h100-sxm", 4, 1),
            ("llama-3-8b", "h100-sxm", 2, 2), ("mixtral-8x7b", "h200", 2, 1),
        ]
        for (seed, (modelName, hardwareName, tp, pp)) in cases.enumerated() {
            var generator = SeededGenerator(seed: UInt64(seed))
            let roofline = RooflineCostModel(model: try Presets.model(named: modelName),
                                             hardware: try Presets.hardware(named: hardwareName),
                                             parallelism: Parallelism(tensor: tp, pipeline: pp))
            let table = TabulatedCostModel(roofline, maxTokens: 4096)
            for trial in 0..<300 {
                var shape = BatchShape()
                let decodes = Int.random(in: 0...300, using: &generator)
                if decodes > 0 { shape.addDecodes(count: decodes, contextTokens: decodes * Int.random(in: 1...4000, using: &generator)) }
                if trial % 2 == 0 {
                    for _ in 0..<Int.random(in: 1...3, using: &generator) {
                        shape.addPrefillChunk(newTokens: Int.random(in: 1...1200, using: &generator),
                                              cachedTokens: Int.random(in: 0...2000, using: &generator),
                                              completesPrompt: Bool.random(using: &generator))
                    }
                }
                guard !shape.isEmpty else { continue }
                let expected = roofline.cost(shape), actual = table.cost(shape)
                let label = "seed \(seed), \(modelName) tp\(tp) pp\(pp): \(shape)"
                XCTAssertEqual(actual.seconds, expected.seconds, accuracy: 1e-12 + 1e-9 * expected.seconds, label)
                XCTAssertEqual(actual.flops, expected.flops, accuracy: 1e-9 * expected.flops, label)
                XCTAssertEqual(actual.bytes, expected.bytes, accuracy: 1e-9 * expected.bytes, label)
                XCTAssertEqual(actual.commBytes, expected.commBytes, accuracy: 1e-9 * max(1, expected.commBytes), label)
            }
        }
    }
}
