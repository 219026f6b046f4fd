/// One sequence's KV cache for one layer: `keys` and `values` are `capacity × (H_kv·D)`, of
/// which the first `length` rows are filled.
public struct KVSequence: @unchecked Sendable {
    public var keys: FloatMatrix
    public var values: FloatMatrix
    public var length: Int

    public init(keys: FloatMatrix, values: FloatMatrix, length: Int) {
        precondition(length >= 1 && length <= keys.rows && length <= values.rows && keys.columns == values.columns,
                     "a KV sequence needs 1 ≤ length ≤ rows and equal key/value widths")
        self.keys = keys
        self.values = values
        self.length = length
    }
}

/// Decode attention: each sequence's one new query per head attends to its whole KV cache
/// (PagedAttention's job, Kwon et al., SOSP 2023, without the paging) — bandwidth-bound on a
/// GPU, as the cost model assumes: every cached key and value is read once per step,
/// 2·L·H_kv·D·4 bytes per sequence, for 4·H·D·L FLOPs.
///
/// A work item is one sequence and a range of its KV heads (the whole row when there are at
/// least as many sequences as threads), so keys and values stream through memory row by
/// row, each row read once for all the query heads that share it (grouped-query attention).
/// Dot products and the value sum run on `SIMD16<Float>` over D (D must be a multiple of 16);
/// each score costs one horizontal sum, so with many query heads per KV head the kernel is
/// limited by those sums rather than by memory — the fit absorbs it into its efficiency.
public final class DecodeAttention: @unchecked Sendable {
    public let heads: Int, kvHeads: Int, headDim: Int, threads: Int, maxContextTokens: Int
    /// Per thread: H rows of scores.
    private let scores: [FloatMatrix]

    public init(heads: Int, kvHeads: Int, headDim: Int, maxContextTokens: Int, threads: Int = 1) {
        precondition(heads >= 1 && kvHeads >= 1 && heads % kvHeads == 0 && headDim % 16 == 0 && headDim > 0,
                     "decode attention needs H a multiple of H_kv and D a multiple of 16, got H \(heads), H_kv \(kvHeads), D \(headDim)")
        self.heads = heads
        self.kvHeads = kvHeads
        self.headDim = headDim
        self.threads = threads
        self.maxContextTokens = maxContextTokens
        let stride = (maxContextTokens + 15) / 16 * 16
        scores = (0..<threads).map { _ in FloatMatrix(rows: heads, columns: stride) }
    }

    /// out[b] = attention(queries[b], sequences[b]) for every sequence b.
    /// - Parameters: `queries` and `out` are B × (H·D).
    /// - Complexity: O(Σ L_b · H · D).
    public func run(queries: FloatMatrix, sequences: [KVSequence], into out: FloatMatrix) {
        precondition(queries.rows == sequences.count && out.rows == sequences.count
                     && queries.columns == heads * headDim && out.columns == heads * headDim,
                     "queries and output must be B × H·D = \(sequences.count) × \(heads * headDim)")
        let split = min(kvHeads, max(1, (threads + sequences.count - 1) / max(1, sequences.count)))
        let items = sequences.count * split
        let workers = min(threads, items)
        Parallel.run(workers: workers) { t in
            for item in (t * items / workers)..<((t + 1) * items / workers) {
                let b = item / split, part = item % split
                let groups = (part * self.kvHeads / split)..<((part + 1) * self.kvHeads / split)
                self.attend(sequences[b], groups: groups, query: queries.baseAddress + b * queries.columns,
                            out: out.baseAddress + b * out.columns, thread: t)
            }
        }
    }

    /// Attention of the query heads of KV heads `groups` of one sequence.
    private func attend(_ sequence: KVSequence, groups: Range<Int>, query: UnsafePointer<Float>,
                        out: UnsafeMutablePointer<Float>, thread t: Int) {
        let d = headDim, chunks = headDim / 16, size = heads / kvHeads, length = sequence.length
        precondition(length <= maxContextTokens, "context \(length) exceeds \(maxContextTokens)")
        let stride = scores[t].columns, s = scores[t].baseAddress
        let kvStride = kvHeads * d
        let headRange = (groups.lowerBound * size)..<(groups.upperBound * size)
        let scale = 1 / Float(d).squareRoot()
        let q = UnsafeRawPointer(query), o = UnsafeMutableRawPointer(out)
        for j in 0..<length {
            let key = UnsafeRawPointer(sequence.keys.baseAddress + j * kvStride)
            for h in headRange {
                let keyOffset = (h / size) * d * 4, queryOffset = h * d * 4
                var acc = SIMD16<Float>()
                for c in 0..<chunks {
                    acc.addProduct(q.loadUnaligned(fromByteOffset: queryOffset + c * 64, as: SIMD16<Float>.self),
                                   key.loadUnaligned(fromByteOffset: keyOffset + c * 64, as: SIMD16<Float>.self))
                }
                s[h * stride + j] = acc.sum()
            }
        }
        for h in headRange {
            Softmax.normalize(s + h * stride, count: length, zeroUpTo: length, scale: scale)
            (out + h * d).update(repeating: 0, count: d)
        }
        for j in 0..<length {
            let value = UnsafeRawPointer(sequence.values.baseAddress + j * kvStride)
            for h in headRange {
                let p = SIMD16<Float>(repeating: s[h * stride + j])
                let valueOffset = (h / size) * d * 4, outOffset = h * d * 4
                for c in 0..<chunks {
                    let sum = o.loadUnaligned(fromByteOffset: outOffset + c * 64, as: SIMD16<Float>.self)
                        .addingProduct(p, value.loadUnaligned(fromByteOffset: valueOffset + c * 64, as: SIMD16<Float>.self))
                    o.storeBytes(of: sum, toByteOffset: outOffset + c * 64, as: SIMD16<Float>.self)
                }
            }
        }
    }
}
