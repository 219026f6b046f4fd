/// The shape of one iteration (one forward pass) of a replica, reduced to the sums that the
/// cost model needs.
///
/// A scheduler fills this in while it composes a batch, in O(1) per sequence, so that the cost
/// of an iteration never needs the list of sequences. A batch of prompts is kept apart from one
/// long prompt by `prefillAttentionTokenPairs`, which sums each prompt's own causal square.
public struct BatchShape: Equatable, Sendable {
    /// New prompt tokens computed in this iteration, over all prefill chunks (Σ cᵢ).
    public var prefillTokens: Int = 0
    /// Sequences with a prefill chunk in this iteration.
    public var prefillSequences: Int = 0
    /// Causal attention work of the prefill chunks: Σ cᵢ · (oᵢ + (cᵢ + 1) / 2), where cᵢ is
    /// the chunk's new tokens and oᵢ the tokens already cached for that sequence.
    public var prefillAttentionTokenPairs: Double = 0
    /// Unmasked attention work of the prefill chunks, Σ cᵢ · (oᵢ + cᵢ): what the measured
    /// prefill attention kernel's time follows (see `KernelShapeParameters`). Filled by
    /// `addPrefillChunk`; when left at 0 by a caller that sets the fields directly,
    /// `prefillSquareTokenPairsOrEstimate` estimates it.
    public var prefillSquareTokenPairs: Double = 0
    /// KV tokens already cached before the prefill chunks, Σ oᵢ (read by chunked prefill).
    public var prefillCachedTokens: Int = 0
    /// Sequences that decode one token in this iteration.
    public var decodeSequences: Int = 0
    /// Context lengths of the decoding sequences, Σ Lⱼ (tokens whose K and V are read).
    public var decodeContextTokens: Int = 0
    /// Tokens whose logits are computed: every decode sequence, and each prefill chunk that
    /// completes its prompt.
    public var logitTokens: Int = 0
    /// Sum of per-request service demands, used only by the degenerate service-time cost model
    /// (queueing-theory checks). Zero for LLM cost models.
    public var serviceDemandSeconds: Double = 0

    public init() {}

    /// Tokens processed by the linear layers: Σ cᵢ + #decode.
    public var totalTokens: Int { prefillTokens + decodeSequences }

    /// Sequences in the batch.
    public var sequences: Int { prefillSequences + decodeSequences }

    public var isEmpty: Bool { sequences == 0 }

    /// `prefillSquareTokenPairs`, or when it was not filled, 2·Σcᵢ(oᵢ + (cᵢ+1)/2) − Σcᵢ, which
    /// is exact for chunks without cached tokens and at most 2× too large otherwise.
    public var prefillSquareTokenPairsOrEstimate: Double {
        if prefillSquareTokenPairs > 0 || prefillTokens == 0 { return prefillSquareTokenPairs }
        return 2 * prefillAttentionTokenPairs - Double(prefillTokens)
    }

    /// Adds a prefill chunk of `newTokens` on top of `cachedTokens` already in the KV cache.
    public mutating func addPrefillChunk(newTokens: Int, cachedTokens: Int, completesPrompt: Bool) {
        prefillTokens += newTokens
        prefillSequences += 1
        prefillCachedTokens += cachedTokens
        let c = Double(newTokens)
        prefillAttentionTokenPairs += c * (Double(cachedTokens) + (c + 1) / 2)
        prefillSquareTokenPairs += c * (Double(cachedTokens) + c)
        if completesPrompt { logitTokens += 1 }
    }

    /// Adds one decoding sequence whose context (tokens in its KV cache) is `contextTokens`.
    public mutating func addDecode(contextTokens: Int) {
        addDecodes(count: 1, contextTokens: contextTokens)
    }

    /// Adds `count` decoding sequences whose contexts sum to `contextTokens` (the fast path of
    /// a scheduler that keeps its decoders' context sum): the same shape as `count` calls of
    /// ``addDecode(contextTokens:)``, in O(1). Decode cost depends on the sum only.
    public mutating func addDecodes(count: Int, contextTokens: Int) {
        precondition(count >= 0 && contextTokens >= 0,
                     "addDecodes needs count ≥ 0 and contextTokens ≥ 0, got \(count), \(contextTokens)")
        decodeSequences += count
        decodeContextTokens += contextTokens
        logitTokens += count
    }
}
