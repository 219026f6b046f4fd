/// Causal self-attention of a prefill chunk: c new tokens attend to the o cached tokens and
/// to themselves up to their own position, head by head — scores S = Q·Kᵀ/√D, row softmax
/// under the causal mask, O = P·V (Vaswani et al., "Attention is all you need", 2017, eq. 1).
///
/// Layout: queries and output are `c × (H·D)` (head h in columns h·D..<(h+1)·D); keys and
/// values are `(o + c) × (H_kv·D)` — the cache followed by the chunk's own keys — and query
/// head h reads KV head h / (H/H_kv) (grouped-query attention, Ainslie et al. 2023).
///
/// Both products run on ``Matmul``'s microkernel: Kᵀ and V of one head are packed into
/// panels, queries go in blocks of ``queryBlock`` rows, and a block computes scores only up
/// to its last row's position, so the work is the causal half plus half a block per row
/// (the masked upper triangle inside a block is computed and zeroed). Threads split heads.
public final class PrefillAttention: @unchecked Sendable {
    public let heads: Int, kvHeads: Int, headDim: Int, threads: Int
    /// Largest o + c this instance handles.
    public let maxContextTokens: Int
    /// Query rows per score block.
    public static let queryBlock = 96
    private let matmul: Matmul
    private let packedKeys: [PackedPanels], packedValues: [PackedPanels], scores: [FloatMatrix]
    private let scoreStride: Int

    public init(heads: Int, kvHeads: Int, headDim: Int, maxContextTokens: Int, threads: Int = 1) {
        precondition(heads >= 1 && kvHeads >= 1 && heads % kvHeads == 0 && headDim >= 1 && maxContextTokens >= 1,
                     "attention needs H a multiple of H_kv and positive sizes, got H \(heads), H_kv \(kvHeads), D \(headDim)")
        self.heads = heads
        self.kvHeads = kvHeads
        self.headDim = headDim
        self.threads = threads
        self.maxContextTokens = maxContextTokens
        matmul = Matmul(threads: threads)
        scoreStride = (maxContextTokens + 15) / 16 * 16
        packedKeys = (0..<threads).map { _ in PackedPanels(capacityDepth: headDim, capacityWidth: maxContextTokens) }
        packedValues = (0..<threads).map { _ in PackedPanels(capacityDepth: maxContextTokens, capacityWidth: headDim) }
        scores = (0..<threads).map { [scoreStride] _ in FloatMatrix(rows: PrefillAttention.queryBlock, columns: scoreStride) }
    }

    /// out = attention(queries, keys, values) for a chunk whose first `cachedTokens` keys
    /// and values come from the cache.
    /// - Complexity: ≈ 4·H·D·c·(o + c/2) FLOPs.
    public func run(queries: FloatMatrix, keys: FloatMatrix, values: FloatMatrix, cachedTokens: Int,
                    into out: FloatMatrix) {
        let c = queries.rows, total = cachedTokens + c
        precondition(queries.columns == heads * headDim && out.rows == c && out.columns == heads * headDim,
                     "queries and output must be c × H·D = \(c) × \(heads * headDim)")
        precondition(keys.columns == kvHeads * headDim && values.columns == kvHeads * headDim
                     && keys.rows >= total && values.rows >= total && total <= maxContextTokens,
                     "keys and values must hold o + c = \(total) ≤ \(maxContextTokens) rows of H_kv·D = \(kvHeads * headDim)")
        let workers = min(threads, heads)
        let body = { (t: Int) in
            var h = t
            while h < self.heads {
                self.head(h, thread: t, queries: queries, keys: keys, values: values, cached: cachedTokens, out: out)
                h += workers
            }
        }
        Parallel.run(workers: workers, body)
    }

    private func head(_ h: Int, thread t: Int, queries: FloatMatrix, keys: FloatMatrix, values: FloatMatrix,
                      cached: Int, out: FloatMatrix) {
        let d = headDim, c = queries.rows, total = cached + c
        let g = h / (heads / kvHeads)
        let kvStride = kvHeads * d, qStride = heads * d
        let kT = packedKeys[t], v = packedValues[t], s = scores[t].baseAddress
        kT.pack(keys.baseAddress + g * d, depth: d, width: total, depthStride: 1, widthStride: kvStride)
        v.pack(values.baseAddress + g * d, depth: total, width: d, depthStride: kvStride, widthStride: 1)
        let scale = 1 / Float(d).squareRoot()
        var i0 = 0
        while i0 < c {
            let rows = min(PrefillAttention.queryBlock, c - i0)
            let visible = cached + i0 + rows
            matmul.serial(rows: rows, depth: d, width: visible, a: queries.baseAddress + i0 * qStride + h * d,
                          lda: qStride, b: kT, panels: 0..<((visible + 15) / 16), c: s, ldc: scoreStride, thread: t)
            for r in 0..<rows {
                Softmax.normalize(s + r * scoreStride, count: cached + i0 + r + 1, zeroUpTo: visible, scale: scale)
            }
            matmul.serial(rows: rows, depth: visible, width: d, a: s, lda: scoreStride, b: v,
                          panels: 0..<v.panelCount, c: out.baseAddress + i0 * qStride + h * d, ldc: qStride, thread: t)
            i0 += rows
        }
    }
}
