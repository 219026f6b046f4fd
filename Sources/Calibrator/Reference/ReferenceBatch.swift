import SimServeKit

/// One iteration's sequences as the reference executor runs them: prefill chunks (new
/// tokens on top of cached ones) and decoding sequences (one new token each, attending to
/// their whole context).
///
/// The simulator's ``SimServeKit/BatchShape`` keeps sums, not sequences, so a batch is
/// rebuilt from them (``init(shape:)``): the decode contexts split Σ Lⱼ evenly over the
/// sequences (decode attention reads Σ Lⱼ keys and values whatever the split, so its bytes
/// and FLOPs are exact), and the prefill chunks split Σ cᵢ and Σ oᵢ evenly (exact for one
/// chunk — the common case under a token budget — and for equal chunks; with unequal chunks
/// the causal attention work Σ cᵢ² is smaller than the scheduler's). The linear layers see
/// exactly the scheduler's token count either way.
public struct ReferenceBatch: Equatable, Sendable {
    public struct Chunk: Equatable, Sendable {
        public var newTokens: Int
        public var cachedTokens: Int
        /// Whether the chunk completes its prompt, so its last token's logits are computed.
        public var emitsLogits: Bool

        public init(newTokens: Int, cachedTokens: Int, emitsLogits: Bool) {
            self.newTokens = newTokens
            self.cachedTokens = cachedTokens
            self.emitsLogits = emitsLogits
        }
    }

    public var chunks: [Chunk]
    /// Context of each decoding sequence: tokens whose keys and values are read, the new
    /// token's included.
    public var decodeContexts: [Int]

    public init(chunks: [Chunk], decodeContexts: [Int]) {
        precondition(chunks.allSatisfy { $0.newTokens >= 1 && $0.cachedTokens >= 0 } && decodeContexts.allSatisfy { $0 >= 1 },
                     "a reference batch needs chunks of ≥ 1 new token and decode contexts ≥ 1")
        self.chunks = chunks
        self.decodeContexts = decodeContexts
    }

    /// The batch rebuilt from a scheduler's shape (see the type's discussion).
    public init(shape: BatchShape) {
        func split(_ total: Int, _ parts: Int) -> [Int] {
            (0..<parts).map { total / parts + ($0 < total % parts ? 1 : 0) }
        }
        let n = shape.prefillSequences, b = shape.decodeSequences
        let emitting = max(0, min(n, shape.logitTokens - b))
        let newTokens = split(shape.prefillTokens, n), cached = split(shape.prefillCachedTokens, n)
        let chunks = (0..<n).map { Chunk(newTokens: max(1, newTokens[$0]), cachedTokens: cached[$0], emitsLogits: $0 < emitting) }
        self.init(chunks: chunks, decodeContexts: split(shape.decodeContextTokens, b).map { max(1, $0) })
    }

    /// Tokens through the linear layers: Σ cᵢ + #decode.
    public var tokens: Int { chunks.reduce(0) { $0 + $1.newTokens } + decodeContexts.count }

    /// Sequences (KV-cache slots) the batch uses.
    public var sequences: Int { chunks.count + decodeContexts.count }

    /// Rows whose logits are computed.
    public var logitRows: Int { chunks.filter(\.emitsLogits).count + decodeContexts.count }
}
