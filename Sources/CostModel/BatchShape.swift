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
    /// Query-tile height that `prefillTiledTokenPairs` is counted for (0: not counted). Set it
    /// to the hardware's ``KernelShapeParameters/attentionQueryTile`` with
    /// ``init(attentionQueryTile:)`` so that the cost model reads the exact tiled work.
    public var attentionQueryTile: Int = 0
    /// Block-causal attention work of the prefill chunks for query tiles of
    /// `attentionQueryTile` rows: Σᵢ ``tiledTokenPairs(newTokens:cachedTokens:tile:)``. Filled
    /// by `addPrefillChunk` when the tile is set; otherwise
    /// ``prefillTiledTokenPairsOrEstimate(tile:)`` estimates it.
    public var prefillTiledTokenPairs: Double = 0
    /// Query tiles of the prefill chunks, Σᵢ ⌈cᵢ / `attentionQueryTile`⌉: filled by
    /// `addPrefillChunk` when the tile is set; otherwise ``prefillQueryTilesOrEstimate(tile:)``
    /// estimates it.
    public var prefillQueryTiles: Int = 0
    /// The work of the heaviest query tile among the prefill chunks, in token pairs: over the
    /// chunks, the most of ``longestTileTokenPairs(newTokens:cachedTokens:tile:)``. A causal
    /// kernel's last tile of a chunk scores every key before it, so with fewer tiles than the GPU
    /// runs at once the call lasts as long as that tile, not the mean. Filled by
    /// `addPrefillChunk` when the tile is set; otherwise
    /// ``prefillLongestTileTokenPairsOrEstimate(tile:)`` estimates it.
    public var prefillLongestTileTokenPairs: Double = 0
    /// KV tokens already cached before the prefill chunks, Σ oᵢ (read by chunked prefill).
    public var prefillCachedTokens: Int = 0
    /// Sequences that decode one token in this iteration.
    public var decodeSequences: Int = 0
    /// Context lengths of the decoding sequences, Σ Lⱼ (tokens whose K and V are read).
    public var decodeContextTokens: Int = 0
    /// Tokens whose logits are computed: every decode sequence, and each prefill chunk that
    /// completes its prompt.
    public var logitTokens: Int = 0
    /// Tokens in the batch that belong to no request — static batching's padding: prompts padded
    /// to the longest of the batch, and the slots of finished sequences that run on until the
    /// batch ends. Already counted in the fields above (the cost model pays for them); this
    /// only reports them.
    public var paddingTokens: Int = 0
    /// Sum of per-request service demands, used only by the degenerate service-time cost model
    /// (queueing-theory checks). Zero for LLM cost models.
    public var serviceDemandSeconds: Double = 0

    public init() {}

    /// An empty shape that counts the tiled prefill attention work for query tiles of
    /// `attentionQueryTile` rows (0: not counted).
    public init(attentionQueryTile: Int) {
        precondition(attentionQueryTile >= 0, "attentionQueryTile must be ≥ 0, got \(attentionQueryTile)")
        self.attentionQueryTile = attentionQueryTile
    }

    /// Tokens processed by the linear layers: Σ cᵢ + #decode.
    public var totalTokens: Int { prefillTokens + decodeSequences }

    /// Sequences in the batch.
    public var sequences: Int { prefillSequences + decodeSequences }

    public var isEmpty: Bool { sequences == 0 }

    /// Whether an engine that captures CUDA graphs for decode batches of up to `largestCaptured`
    /// sequences replays this batch from one: decode-only, and no larger than that.
    @inline(__always)
    public func runsFromCUDAGraph(largestCaptured: Int) -> Bool {
        prefillSequences == 0 && decodeSequences > 0 && decodeSequences <= largestCaptured
    }

    /// `prefillSquareTokenPairs`, or when it was not filled, 2·Σcᵢ(oᵢ + (cᵢ+1)/2) − Σcᵢ, which
    /// is exact for chunks without cached tokens and at most 2× too large otherwise.
    public var prefillSquareTokenPairsOrEstimate: Double {
        if prefillSquareTokenPairs > 0 || prefillTokens == 0 { return prefillSquareTokenPairs }
        return 2 * prefillAttentionTokenPairs - Double(prefillTokens)
    }

    /// Block-causal attention work of one chunk whose c queries go in tiles of B rows, each
    /// tile scored against the keys up to its last row: Σ over the ⌈c/B⌉ tiles of
    /// rows_in_tile · (o + end_of_tile). With q = ⌊c/B⌋ full tiles and r = c − qB rows in the
    /// last: c·o + B²·q(q+1)/2 + r·c — between the causal c(o + (c+1)/2) and the unmasked
    /// c(o + c), equal to the latter for c ≤ B. This is the work of tiled attention kernels
    /// (FlashAttention's query blocks, Dao 2023, "FlashAttention-2", Algorithm 1; the
    /// calibrator's `PrefillAttention`), which compute a tile's masked corner and discard it.
    @inline(__always)
    public static func tiledTokenPairs(newTokens c: Int, cachedTokens o: Int, tile b: Int) -> Double {
        tiledTokenPairs(newTokens: c, cachedTokens: o, tile: b, cut: cut(c, b))
    }

    /// A chunk of c queries cut into tiles of B rows: q = ⌊c/B⌋ full tiles, r = c − qB rows left.
    @inline(__always)
    static func cut(_ c: Int, _ b: Int) -> (full: Int, rest: Int) {
        let q = c / b
        return (q, c - q * b)
    }

    @inline(__always)
    static func tiledTokenPairs(newTokens c: Int, cachedTokens o: Int, tile b: Int, cut: (full: Int, rest: Int)) -> Double {
        let (q, r) = cut
        return Double(c) * Double(o) + Double(b) * Double(b) * Double(q) * Double(q + 1) / 2 + Double(r) * Double(c)
    }

    /// `prefillTiledTokenPairs` when it was counted for `tile`; otherwise the least of the
    /// unmasked work and Σ cᵢ(oᵢ + (cᵢ+1)/2) + (B−1)/2 · Σ cᵢ, both upper bounds of the tiled
    /// work (the second is exact when every chunk is a multiple of B, and over by
    /// r(B − r)/2 ≤ B²/8 for a chunk with r rows in its last tile; the first is exact for a
    /// single chunk of c ≤ B).
    public func prefillTiledTokenPairsOrEstimate(tile: Int) -> Double {
        if tile == attentionQueryTile, prefillTiledTokenPairs > 0 || prefillTokens == 0 { return prefillTiledTokenPairs }
        let blockCausal = prefillAttentionTokenPairs + Double(tile - 1) / 2 * Double(prefillTokens)
        return min(prefillSquareTokenPairsOrEstimate, blockCausal)
    }

    /// The heaviest query tile of one chunk of c queries on top of o cached keys, tiles of B
    /// rows: its last full tile, B·(o + qB) with q = ⌊c/B⌋ ≥ 1, or its partial last tile of
    /// r = c − qB rows, r·(o + c) — whichever is more.
    @inline(__always)
    public static func longestTileTokenPairs(newTokens c: Int, cachedTokens o: Int, tile b: Int) -> Double {
        longestTileTokenPairs(newTokens: c, cachedTokens: o, tile: b, cut: cut(c, b))
    }

    @inline(__always)
    static func longestTileTokenPairs(newTokens c: Int, cachedTokens o: Int, tile b: Int, cut: (full: Int, rest: Int)) -> Double {
        let (q, r) = cut
        let full = q > 0 ? Double(b) * Double(o + q * b) : 0
        return max(full, Double(r) * Double(o + c))
    }

    /// `prefillLongestTileTokenPairs` when it was counted for `tile`; otherwise that of the
    /// mean chunk, min(B, c̄)·(ō + c̄) (exact for one chunk of c ≤ B or a multiple of B).
    public func prefillLongestTileTokenPairsOrEstimate(tile: Int) -> Double {
        if tile == attentionQueryTile, prefillLongestTileTokenPairs > 0 || prefillTokens == 0 { return prefillLongestTileTokenPairs }
        guard prefillSequences > 0, tile > 0 else { return 0 }
        let c = Double(prefillTokens) / Double(prefillSequences), o = Double(prefillCachedTokens) / Double(prefillSequences)
        return min(Double(tile), c) * (o + c)
    }

    /// `prefillQueryTiles` when it was counted for `tile`; otherwise max(chunks, ⌈Σ cᵢ / tile⌉),
    /// a lower bound of Σ ⌈cᵢ / tile⌉, exact when every chunk fits one tile or there is one chunk.
    public func prefillQueryTilesOrEstimate(tile: Int) -> Double {
        if tile == attentionQueryTile, prefillQueryTiles > 0 || prefillTokens == 0 { return Double(prefillQueryTiles) }
        guard tile > 0 else { return Double(prefillSequences) }
        return Double(max(prefillSequences, (prefillTokens + tile - 1) / tile))
    }

    /// Adds a prefill chunk of `newTokens` on top of `cachedTokens` already in the KV cache.
    public mutating func addPrefillChunk(newTokens: Int, cachedTokens: Int, completesPrompt: Bool) {
        prefillTokens += newTokens
        prefillSequences += 1
        prefillCachedTokens += cachedTokens
        let c = Double(newTokens)
        prefillAttentionTokenPairs += c * (Double(cachedTokens) + (c + 1) / 2)
        prefillSquareTokenPairs += c * (Double(cachedTokens) + c)
        if attentionQueryTile > 0 {
            // One division for the three tile counts of the chunk.
            let tile = attentionQueryTile, cut = Self.cut(newTokens, tile)
            prefillTiledTokenPairs += Self.tiledTokenPairs(newTokens: newTokens, cachedTokens: cachedTokens, tile: tile, cut: cut)
            prefillQueryTiles += cut.full + (cut.rest > 0 ? 1 : 0)
            prefillLongestTileTokenPairs = max(prefillLongestTileTokenPairs,
                                               Self.longestTileTokenPairs(newTokens: newTokens, cachedTokens: cachedTokens,
                                                                          tile: tile, cut: cut))
        }
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
