import SimCore
import Foundation
import SimServeKit

/// A small decoder-only transformer (Llama's layout: RMSNorm, fused QKV with grouped-query
/// heads, rotary positions, causal attention, gated SiLU MLP, residuals, LM head) with random
/// FP32 weights, run on the calibrator's SIMD kernels: the real computation whose time the
/// cost model predicts, at the shapes of ``SimServeKit/ModelSpec``.
///
/// Each of ``slots`` sequence slots owns a KV cache per layer (`maxContext × H_kv·D` keys and
/// values, filled with random values at start: a cached token's content does not change the
/// work). A batch puts its prefill chunks in slots 0, 1, … and its decoding sequences after
/// them; a chunk writes its new keys and values at positions o..<o+c, a decode its one at
/// L − 1, and attention reads the cache. What a layer runs, in order: norm, QKV GEMM, RoPE,
/// KV write, prefill attention per chunk, decode attention over the decoding sequences,
/// output GEMM, residual add, norm, gate/up GEMM, SiLU·gate, down GEMM, residual add; then the
/// LM head GEMM on the rows that emit logits — the ops the cost model charges.
///
/// Not reentrant (one scratch per kernel); `prepare` allocates, `run` only computes.
public final class ReferenceTransformer: @unchecked Sendable {
    public let model: ModelSpec
    public let threads: Int
    public let slots: Int
    struct Layer {
        var qkv: FloatMatrix, out: FloatMatrix, up: FloatMatrix, down: FloatMatrix
        var packedQKV: PackedPanels, packedOut: PackedPanels, packedUp: PackedPanels, packedDown: PackedPanels
    }
    let layers: [Layer]
    /// V × d token embeddings and the d × V LM head.
    let embedding: FloatMatrix, lmHead: FloatMatrix, packedLMHead: PackedPanels
    /// cos and sin of position p · θ^(−2i/D), `maxContext × D/2`.
    let ropeCos: FloatMatrix, ropeSin: FloatMatrix
    /// `keys[slot][layer]`, `values[slot][layer]`: `maxContext × H_kv·D`.
    let keys: [[FloatMatrix]], values: [[FloatMatrix]]
    let matmul: Matmul, prefill: PrefillAttention, decode: DecodeAttention
    static let normEpsilon: Float = 1e-5
    static let ropeBase = 10_000.0

    /// A transformer of `model`'s shapes (gated MLP, fp32, dense; D a multiple of 16) with
    /// `slots` KV-cache slots of `model.maxContext` tokens, weights drawn from `seed`.
    public init(model: ModelSpec, slots: Int, threads: Int, seed: UInt64 = 0x7E57) {
        precondition(model.gatedMLP && model.experts == nil && model.headDim % 16 == 0 && model.heads % model.kvHeads == 0
                     && model.headDim % 2 == 0 && slots >= 1 && model.maxContext >= 1,
                     "the reference transformer is dense with a gated MLP, D a multiple of 16, H a multiple of H_kv; got \(model)")
        self.model = model
        self.threads = threads
        self.slots = slots
        var generator = SplitMix64(seed: seed)
        func weights(_ rows: Int, _ columns: Int) -> FloatMatrix {
            let scale = Float(1 / Double(rows).squareRoot())
            return FloatMatrix(rows: rows, columns: columns) { Float(generator.nextUnit() * 2 - 1) * scale }
        }
        let d = model.hiddenSize, f = model.intermediateSize
        layers = (0..<model.layers).map { _ in
            let qkv = weights(d, model.qkvWidth), out = weights(model.attentionWidth, d)
            let up = weights(d, 2 * f), down = weights(f, d)
            return Layer(qkv: qkv, out: out, up: up, down: down, packedQKV: PackedPanels(qkv), packedOut: PackedPanels(out),
                         packedUp: PackedPanels(up), packedDown: PackedPanels(down))
        }
        embedding = FloatMatrix(rows: model.vocabSize, columns: d) { Float(generator.nextUnit() * 2 - 1) }
        lmHead = weights(d, model.vocabSize)
        packedLMHead = PackedPanels(lmHead)
        let half = model.headDim / 2
        ropeCos = FloatMatrix(rows: model.maxContext, columns: half)
        ropeSin = FloatMatrix(rows: model.maxContext, columns: half)
        for p in 0..<model.maxContext {
            for i in 0..<half {
                let angle = Double(p) * pow(Self.ropeBase, -2 * Double(i) / Double(model.headDim))
                ropeCos[p, i] = Float(cos(angle))
                ropeSin[p, i] = Float(sin(angle))
            }
        }
        let kvWidth = model.kvHeads * model.headDim
        func caches() -> [[FloatMatrix]] {
            (0..<slots).map { _ in
                (0..<model.layers).map { _ in FloatMatrix(rows: model.maxContext, columns: kvWidth) { Float(generator.nextUnit() * 2 - 1) } }
            }
        }
        keys = caches()
        values = caches()
        matmul = Matmul(threads: threads)
        prefill = PrefillAttention(heads: model.heads, kvHeads: model.kvHeads, headDim: model.headDim,
                                   maxContextTokens: model.maxContext, threads: threads)
        decode = DecodeAttention(heads: model.heads, kvHeads: model.kvHeads, headDim: model.headDim,
                                 maxContextTokens: model.maxContext, threads: threads)
    }

    /// Buffers for one batch: allocated and zeroed before the timed `run`.
    public final class Workspace: @unchecked Sendable {
        public let batch: ReferenceBatch
        let x: FloatMatrix, normed: FloatMatrix, qkv: FloatMatrix, attention: FloatMatrix
        let projected: FloatMatrix, up: FloatMatrix, activated: FloatMatrix
        let chunkQueries: [FloatMatrix], chunkOutputs: [FloatMatrix]
        let decodeQueries: FloatMatrix, decodeOutputs: FloatMatrix
        let logitInputs: FloatMatrix
        /// logit rows × V, after `run`.
        public let logits: FloatMatrix
        /// Per row: its slot and position; the rows of the logits.
        let rowSlot: [Int], rowPosition: [Int], logitSourceRows: [Int], tokenIDs: [Int]

        init(batch: ReferenceBatch, model: ModelSpec) {
            self.batch = batch
            let t = batch.tokens, d = model.hiddenSize, f = model.intermediateSize, hd = model.attentionWidth
            x = FloatMatrix(rows: t, columns: d)
            normed = FloatMatrix(rows: t, columns: d)
            qkv = FloatMatrix(rows: t, columns: model.qkvWidth)
            attention = FloatMatrix(rows: t, columns: hd)
            projected = FloatMatrix(rows: t, columns: d)
            up = FloatMatrix(rows: t, columns: 2 * f)
            activated = FloatMatrix(rows: t, columns: f)
            chunkQueries = batch.chunks.map { FloatMatrix(rows: $0.newTokens, columns: hd) }
            chunkOutputs = batch.chunks.map { FloatMatrix(rows: $0.newTokens, columns: hd) }
            decodeQueries = FloatMatrix(rows: batch.decodeContexts.count, columns: hd)
            decodeOutputs = FloatMatrix(rows: batch.decodeContexts.count, columns: hd)
            logitInputs = FloatMatrix(rows: batch.logitRows, columns: d)
            logits = FloatMatrix(rows: batch.logitRows, columns: model.vocabSize)
            var slot: [Int] = [], position: [Int] = [], logitRows: [Int] = []
            for (i, chunk) in batch.chunks.enumerated() {
                for j in 0..<chunk.newTokens {
                    slot.append(i)
                    position.append(chunk.cachedTokens + j)
                }
                if chunk.emitsLogits { logitRows.append(slot.count - 1) }
            }
            for (j, context) in batch.decodeContexts.enumerated() {
                slot.append(batch.chunks.count + j)
                position.append(context - 1)
                logitRows.append(slot.count - 1)
            }
            rowSlot = slot
            rowPosition = position
            logitSourceRows = logitRows
            tokenIDs = (0..<t).map { ($0 &* 7919 &+ position[$0] &* 104_729) % model.vocabSize }
        }
    }

    /// The buffers for `batch`.
    public func prepare(_ batch: ReferenceBatch) -> Workspace {
        precondition(batch.sequences <= slots, "the batch has \(batch.sequences) sequences; the transformer has \(slots) slots")
        precondition(batch.chunks.allSatisfy { $0.cachedTokens + $0.newTokens <= model.maxContext }
                     && batch.decodeContexts.allSatisfy { $0 <= model.maxContext },
                     "a sequence of the batch outgrows the \(model.maxContext)-token context")
        return Workspace(batch: batch, model: model)
    }

    /// One forward pass of the workspace's batch; its logits are in `workspace.logits`.
    /// - Complexity: ≈ 2·P·T FLOPs for the linear layers plus the attention of every chunk and
    ///   decoding sequence (P parameters per layer, T = ``ReferenceBatch/tokens``).
    public func run(_ w: Workspace) {
        gatherEmbeddings(w)
        for (l, layer) in layers.enumerated() {
            rmsNorm(w.x, into: w.normed)
            matmul.multiply(w.normed, layer.packedQKV, into: w.qkv)
            applyRotary(w)
            attend(w, layer: l)
            matmul.multiply(w.attention, layer.packedOut, into: w.projected)
            addResidual(w.projected, into: w.x)
            rmsNorm(w.x, into: w.normed)
            matmul.multiply(w.normed, layer.packedUp, into: w.up)
            gatedSiLU(w.up, into: w.activated)
            matmul.multiply(w.activated, layer.packedDown, into: w.projected)
            addResidual(w.projected, into: w.x)
        }
        guard w.logits.rows > 0 else { return }
        gatherLogitRows(w)
        matmul.multiply(w.logitInputs, packedLMHead, into: w.logits)
    }

    /// Writes the batch's new keys and values into the caches, then runs prefill attention
    /// chunk by chunk and decode attention over the decoding sequences into `w.attention`.
    private func attend(_ w: Workspace, layer l: Int) {
        let hd = model.attentionWidth, kvWidth = model.kvHeads * model.headDim
        let q = w.qkv.baseAddress, qkvWidth = model.qkvWidth
        for row in 0..<w.rowSlot.count {
            let slot = w.rowSlot[row], position = w.rowPosition[row]
            let source = q + row * qkvWidth
            (keys[slot][l].baseAddress + position * kvWidth).update(from: source + hd, count: kvWidth)
            (values[slot][l].baseAddress + position * kvWidth).update(from: source + hd + kvWidth, count: kvWidth)
        }
        var row = 0
        for (i, chunk) in w.batch.chunks.enumerated() {
            let queries = w.chunkQueries[i], out = w.chunkOutputs[i]
            for j in 0..<chunk.newTokens { (queries.baseAddress + j * hd).update(from: q + (row + j) * qkvWidth, count: hd) }
            prefill.run(queries: queries, keys: keys[i][l], values: values[i][l], cachedTokens: chunk.cachedTokens, into: out)
            for j in 0..<chunk.newTokens { (w.attention.baseAddress + (row + j) * hd).update(from: out.baseAddress + j * hd, count: hd) }
            row += chunk.newTokens
        }
        let decodes = w.batch.decodeContexts
        guard !decodes.isEmpty else { return }
        let first = w.batch.chunks.count
        for j in 0..<decodes.count { (w.decodeQueries.baseAddress + j * hd).update(from: q + (row + j) * qkvWidth, count: hd) }
        let sequences = decodes.enumerated().map { j, context in
            KVSequence(keys: keys[first + j][l], values: values[first + j][l], length: context)
        }
        decode.run(queries: w.decodeQueries, sequences: sequences, into: w.decodeOutputs)
        (w.attention.baseAddress + row * hd).update(from: w.decodeOutputs.baseAddress, count: decodes.count * hd)
    }
}
