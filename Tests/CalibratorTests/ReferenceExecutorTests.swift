import Foundation
import XCTest
@testable import Calibrator
import SimServeKit

/// The reference executor: its transformer against a naive Double-precision forward pass on a
/// tiny shape, its batches rebuilt from the scheduler's shapes, and the closed-loop path,
/// which with the cost model as its "measured" source must reproduce the pure prediction.
final class ReferenceExecutorTests: XCTestCase {
    private let tiny = ModelSpec(name: "tiny", layers: 2, hiddenSize: 32, heads: 4, kvHeads: 2, headDim: 16,
                                 intermediateSize: 40, vocabSize: 50, gatedMLP: true, maxContext: 16,
                                 weightDtype: .fp32, kvDtype: .fp32)

    private func matrix(_ m: FloatMatrix) -> [[Double]] {
        (0..<m.rows).map { i in (0..<m.columns).map { Double(m[i, $0]) } }
    }

    private func product(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
        a.map { row in (0..<b[0].count).map { j in row.indices.reduce(0) { $0 + row[$1] * b[$1][j] } } }
    }

    private func rms(_ row: [Double]) -> [Double] {
        let scale = 1 / (row.reduce(0) { $0 + $1 * $1 } / Double(row.count) + 1e-5).squareRoot()
        return row.map { $0 * scale }
    }

    /// The forward pass written out naively from the model's definition, on copies of the
    /// caches taken before the run.
    private func naiveLogits(_ t: ReferenceTransformer, _ w: ReferenceTransformer.Workspace,
                             keys: inout [[[[Double]]]], values: inout [[[[Double]]]]) -> [[Double]] {
        let m = t.model, d = m.headDim, hd = m.attentionWidth, kvw = m.kvHeads * d, f = m.intermediateSize
        var x = w.tokenIDs.map { token in (0..<m.hiddenSize).map { Double(t.embedding[token, $0]) } }
        for (l, layer) in t.layers.enumerated() {
            var qkv = product(x.map(rms), matrix(layer.qkv))
            for r in qkv.indices {
                let p = Double(w.rowPosition[r])
                for h in 0..<(m.heads + m.kvHeads) {
                    for i in 0..<(d / 2) {
                        let angle = p * pow(10_000, -2 * Double(i) / Double(d))
                        let a = qkv[r][h * d + 2 * i], b = qkv[r][h * d + 2 * i + 1]
                        qkv[r][h * d + 2 * i] = a * cos(angle) - b * sin(angle)
                        qkv[r][h * d + 2 * i + 1] = a * sin(angle) + b * cos(angle)
                    }
                }
                keys[w.rowSlot[r]][l][w.rowPosition[r]] = Array(qkv[r][hd..<(hd + kvw)])
                values[w.rowSlot[r]][l][w.rowPosition[r]] = Array(qkv[r][(hd + kvw)...])
            }
            var attention = [[Double]](repeating: [Double](repeating: 0, count: hd), count: x.count)
            for r in x.indices {
                let slot = w.rowSlot[r], visible = w.rowPosition[r] + 1
                for h in 0..<m.heads {
                    let g = h / (m.heads / m.kvHeads)
                    let scores = (0..<visible).map { j in
                        (0..<d).reduce(0.0) { $0 + qkv[r][h * d + $1] * keys[slot][l][j][g * d + $1] } / Double(d).squareRoot()
                    }
                    let top = scores.max()!, weights = scores.map { exp($0 - top) }, total = weights.reduce(0, +)
                    for c in 0..<d {
                        attention[r][h * d + c] = (0..<visible).reduce(0.0) { $0 + weights[$1] / total * values[slot][l][$1][g * d + c] }
                    }
                }
            }
            let projected = product(attention, matrix(layer.out))
            x = zip(x, projected).map { zip($0, $1).map(+) }
            let up = product(x.map(rms), matrix(layer.up))
            let activated = up.map { row in (0..<f).map { row[$0] / (1 + exp(-row[$0])) * row[f + $0] } }
            let down = product(activated, matrix(layer.down))
            x = zip(x, down).map { zip($0, $1).map(+) }
        }
        return product(w.logitSourceRows.map { rms(x[$0]) }, matrix(t.lmHead))
    }

    func testTransformerMatchesNaiveForwardPass() {
        for threads in [1, 2] {
            let t = ReferenceTransformer(model: tiny, slots: 4, threads: threads, seed: 3)
            let batch = ReferenceBatch(chunks: [.init(newTokens: 5, cachedTokens: 3, emitsLogits: true),
                                                .init(newTokens: 2, cachedTokens: 0, emitsLogits: false)],
                                       decodeContexts: [4, 9])
            var keys = t.keys.map { $0.map { m in (0..<m.rows).map { i in (0..<m.columns).map { Double(m[i, $0]) } } } }
            var values = t.values.map { $0.map { m in (0..<m.rows).map { i in (0..<m.columns).map { Double(m[i, $0]) } } } }
            let w = t.prepare(batch)
            t.run(w)
            let expected = naiveLogits(t, w, keys: &keys, values: &values)
            XCTAssertEqual(w.logits.rows, 3)
            let scale = expected.flatMap { $0 }.map(abs).max()!
            for i in expected.indices {
                for j in expected[i].indices {
                    XCTAssertEqual(Double(w.logits[i, j]), expected[i][j], accuracy: 1e-4 * scale, "threads \(threads), logit (\(i), \(j))")
                }
            }
        }
    }

    func testBatchRebuiltFromShapeKeepsTokensAndContexts() {
        var shape = BatchShape()
        shape.addPrefillChunk(newTokens: 100, cachedTokens: 60, completesPrompt: true)
        shape.addDecodes(count: 3, contextTokens: 301)
        let batch = ReferenceBatch(shape: shape)
        XCTAssertEqual(batch.chunks, [.init(newTokens: 100, cachedTokens: 60, emitsLogits: true)])
        XCTAssertEqual(batch.decodeContexts, [101, 100, 100])
        XCTAssertEqual(batch.tokens, shape.totalTokens)
        XCTAssertEqual(batch.logitRows, shape.logitTokens)

        var two = BatchShape()
        two.addPrefillChunk(newTokens: 30, cachedTokens: 0, completesPrompt: true)
        two.addPrefillChunk(newTokens: 31, cachedTokens: 0, completesPrompt: false)
        let rebuilt = ReferenceBatch(shape: two)
        XCTAssertEqual(rebuilt.chunks.map(\.newTokens), [31, 30])
        XCTAssertEqual(rebuilt.logitRows, 1)
    }

    private let scenarioText = """
        seed = 5
        requests = 40
        [model]
        name = "tiny"
        layers = 2
        hidden_size = 32
        heads = 4
        kv_heads = 2
        head_dim = 16
        intermediate_size = 48
        vocab_size = 64
        gated_mlp = true
        max_context = 64
        weight_dtype = "fp32"
        kv_dtype = "fp32"
        tie_embeddings = false
        [hardware]
        preset = "a100-80gb"
        [scheduler]
        max_batch_size = 4
        max_tokens_per_iteration = 24
        block_size = 4
        [workload]
        arrival = { kind = "poisson", rate = 2000.0 }
        prompt_tokens = { kind = "uniform", min = 4, max = 30 }
        output_tokens = { kind = "uniform", min = 1, max = 12 }
        """

    func testClosedLoopWithTheCostModelAsSourceReproducesThePrediction() throws {
        let scenario = try ScenarioLoader.load(toml: scenarioText, source: "tiny.toml")
        let source = CostModelTimeSource(model: scenario.serving.costModel)
        let check = ReferenceCheck.run(configuration: scenario.serving, source: source)
        XCTAssertGreaterThan(source.iterations, 10)
        XCTAssertEqual(check.requests, 40)
        XCTAssertEqual(check.closedLoop.records, check.predicted.records)
        XCTAssertEqual(check.ttft.meanError, 0)
        XCTAssertEqual(check.e2e.p90Error, 0)
        XCTAssertEqual(check.e2ePerRequestMAPE, 0)
    }

    func testExecutorRunsTheSchedulersBatchesAndRecordsPredictions() throws {
        let scenario = try ScenarioLoader.load(toml: scenarioText, source: "tiny.toml")
        let model = try XCTUnwrap(scenario.model)
        let executor = ReferenceExecutor(transformer: ReferenceTransformer(model: model, slots: 4, threads: 1),
                                         predictor: scenario.serving.costModel, repetitions: 1)
        let check = ReferenceCheck.run(configuration: scenario.serving, source: executor) {
            executor.iterations.map { ($0.measuredSeconds, $0.predictedSeconds, $0.shape.prefillTokens > 0) }
        }
        XCTAssertEqual(check.requests, 40)
        XCTAssertEqual(check.iterations.count, executor.iterations.count)
        XCTAssertTrue(executor.iterations.allSatisfy { $0.measuredSeconds > 0 && $0.predictedSeconds > 0 })
        let predictor = scenario.serving.costModel
        for it in executor.iterations { XCTAssertEqual(it.predictedSeconds, predictor.cost(it.shape).seconds) }
        XCTAssertTrue(executor.iterationsCSV().hasPrefix("iteration,prefill_tokens"))
        XCTAssertTrue(check.markdown(setup: []).contains("| TTFT p90 (ms) |"))
    }
}
