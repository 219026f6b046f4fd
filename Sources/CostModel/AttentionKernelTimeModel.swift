/// The time of the attention kernels on one GPU: prefill (FlashAttention over new tokens
/// and their cached prefix) and decode (PagedAttention / FlashDecoding, GQA-packed; MLA's
/// absorbed decode), with the hardware's attention figures precomputed.
///
/// Kept apart from ``KernelTimeModel`` (which holds one of these as `attention`) because
/// these are the only kernels an iteration evaluates per batch — everything else depends on
/// the token count alone and is tabulated (``TabulatedCostModel``) — so that the hot path
/// (``LayerAttentionModel``) holds just these figures, scalars only, and not the whole
/// ``RooflineCostModel``. The figures are the hardware's ``KernelShapeParameters``.
package struct AttentionKernelTimeModel: Sendable {
    /// FLOP/s reached by attention (fp16/bf16 FlashAttention): fp16 peak · η_c.
    let attentionFlopsPerSecond: Double
    /// HBM bytes/s reached by streaming kernels: bw · η_m.
    let memoryBytesPerSecond: Double
    /// Prefill attention FLOP/s on the work its time follows, and its fixed time.
    let prefillFlopsPerSecond: Double, prefillOverheadSeconds: Double
    /// Query-tile height of prefill attention; nil: its time follows the unmasked work.
    package let attentionQueryTile: Int?
    /// The decode kernels' figures (the GPU's own: FlashAttention / FlashInfer decode).
    let decode: DecodeKernelForm
    /// Decode attention over an fp8 KV cache: its extra fixed time, seconds, and the bytes/s
    /// at which it streams the fp8 KV (the GPU's own kernel).
    let decodeFP8KVOverheadSeconds: Double, decodeFP8KVBytesPerSecond: Double
    /// The engine's own decode kernel over an fp8 KV cache of grouped-query heads (more query
    /// heads than KV heads), where the GPU has figures for it
    /// (``HardwareSpec/decodeAttentionFigures(for:)``): its whole form; nil: the GPU's own
    /// kernel with the two fp8 figures above (and for one query head per KV head: TensorRT-LLM
    /// runs its XQA kernels for GQA and MQA only, multi-head attention on another).
    let fp8KVKernelDecode: DecodeKernelForm?
    /// Prefill attention's time per sequence and per token and head, seconds.
    let prefillPerSequenceSeconds: Double, prefillPerTokenHeadSeconds: Double
    /// Prefill attention's time per query tile and head, seconds, and whether all-one-token
    /// calls run the decode kernel (``prefillAttention(newTokens:cachedTokens:tokenPairs:timedTokenPairs:heads:kvHeads:headDim:activationBytes:kvBytes:sequences:queryTiles:)``).
    let prefillPerTileHeadSeconds: Double, prefillOneTokenAsDecode: Bool
    /// Thread blocks at which prefill attention computes at half its rate (0: none).
    let prefillHalfRateUnits: Double
    /// Thread blocks prefill attention runs at once, whose heaviest tile bounds the call (0: no
    /// such bound), and the bytes of the new tokens' Q, K, V, O it moves in L2, not DRAM.
    let prefillConcurrentTiles: Double, prefillInputsInL2Bytes: Double
    /// Bytes/s at which prefill attention streams the new tokens' bytes past the L2's share.
    let prefillBeyondL2BytesPerSecond: Double

    /// The figures of `hardware` for `engine`'s decode-attention kernel (its fp8-KV figures where
    /// the GPU has them for that kernel, ``HardwareSpec/decodeAttentionFigures(for:)``); without
    /// an engine, the GPU's own.
    package init(hardware: HardwareSpec, engine: EngineSpec? = nil) {
        let shape = hardware.attentionShape(for: engine)
        let kernelFigures = engine.flatMap { hardware.decodeAttentionFigures(for: $0) }
        let bandwidth = hardware.hbmBandwidthGBs * 1e9
        attentionFlopsPerSecond = hardware.peakTflops * 1e12 * hardware.computeEfficiency
        memoryBytesPerSecond = hardware.hbmBandwidthGBs * 1e9 * hardware.memoryEfficiency
        prefillFlopsPerSecond = hardware.peakTflops * 1e12 * shape.prefillAttentionEfficiency
        prefillOverheadSeconds = shape.prefillAttentionOverheadUs * 1e-6
        attentionQueryTile = shape.attentionQueryTile.flatMap { $0 > 0 ? $0 : nil }
        let own = DecodeKernelForm(
            bytesPerSecond: hardware.hbmBandwidthGBs * 1e9 * shape.decodeAttentionEfficiency,
            perSequenceSeconds: shape.decodeAttentionPerSequenceUs * 1e-6,
            overheadSeconds: (shape.decodeAttentionOverheadUs ?? hardware.kernelLaunchUs) * 1e-6,
            floorSeconds: shape.decodeAttentionFloorUs * 1e-6,
            perSequenceHeadSeconds: shape.decodeAttentionPerSequenceHeadUs * 1e-6,
            perSequenceUnitSeconds: shape.decodeAttentionPerSequenceKVHeadUs * 1e-6,
            queryTileRows: shape.decodeAttentionQueryTileRows.flatMap { $0 > 0 ? Double($0) : nil },
            halfRateUnits: shape.decodeAttentionHalfRateUnits,
            overlapSharpness: shape.decodeAttentionOverlapSharpness > 1 ? shape.decodeAttentionOverlapSharpness : nil)
        decode = own
        decodeFP8KVOverheadSeconds = shape.decodeAttentionFP8KVOverheadUs * 1e-6
        decodeFP8KVBytesPerSecond = bandwidth * (shape.decodeAttentionFP8KVEfficiency ?? shape.decodeAttentionEfficiency)
        fp8KVKernelDecode = kernelFigures.map { figures in
            var form = own
            form.bytesPerSecond = bandwidth * figures.fp8KVEfficiency
            form.overheadSeconds = figures.fp8KVOverheadUs * 1e-6
            if let floor = figures.fp8KVFloorUs { form.floorSeconds = floor * 1e-6 }
            if let unit = figures.fp8KVPerSequenceKVHeadUs { form.perSequenceUnitSeconds = unit * 1e-6 }
            if let half = figures.fp8KVHalfRateUnits { form.halfRateUnits = half }
            if let p = figures.fp8KVOverlapSharpness { form.overlapSharpness = p > 1 ? p : nil }
            return form
        }
        prefillPerSequenceSeconds = shape.prefillAttentionPerSequenceUs * 1e-6
        prefillPerTokenHeadSeconds = shape.prefillAttentionPerTokenHeadNs * 1e-9
        prefillPerTileHeadSeconds = shape.prefillAttentionPerTileHeadNs * 1e-9
        prefillOneTokenAsDecode = shape.prefillOneTokenAsDecode
        prefillHalfRateUnits = shape.prefillAttentionHalfRateUnits
        prefillConcurrentTiles = shape.prefillAttentionConcurrentTiles
        prefillInputsInL2Bytes = shape.prefillAttentionInputsInL2MB * 1e6
        prefillBeyondL2BytesPerSecond = shape.prefillAttentionBeyondL2Efficiency.map { bandwidth * $0 } ?? memoryBytesPerSecond
    }

    /// The token pairs whose work prefill attention's time follows: the tiled work of
    /// `shape` when the hardware sets a query tile, else the unmasked Σ cᵢ(oᵢ + cᵢ).
    @inline(__always)
    package func prefillTimedTokenPairs(_ shape: BatchShape) -> Double {
        guard let tile = attentionQueryTile else { return shape.prefillSquareTokenPairsOrEstimate }
        return shape.prefillTiledTokenPairsOrEstimate(tile: tile)
    }

    /// The work of the heaviest query tile of `shape`'s prefill chunks, token pairs (0 without a
    /// query tile: then nothing bounds the call by its heaviest tile).
    package func prefillLongestTileTokenPairs(_ shape: BatchShape) -> Double {
        guard let tile = attentionQueryTile, prefillConcurrentTiles > 0 else { return 0 }
        return shape.prefillLongestTileTokenPairsOrEstimate(tile: tile)
    }

    /// The query tiles of `shape`'s prefill chunks, Σ ⌈cᵢ / tile⌉ for the hardware's query
    /// tile (one per chunk when it sets none).
    @inline(__always)
    package func prefillQueryTiles(_ shape: BatchShape) -> Double {
        guard let tile = attentionQueryTile else { return Double(shape.prefillSequences) }
        return shape.prefillQueryTilesOrEstimate(tile: tile)
    }

    /// Causal prefill attention (FlashAttention): FLOPs 4·H·D·Σ cᵢ(oᵢ + (cᵢ+1)/2) for QKᵀ and
    /// PV (DESIGN.md; Dao 2023, "FlashAttention-2", §4.1 counts 4·seqlen²·D·H, halved for
    /// causal masks). Bytes: Q, K, V, O of the new tokens and the cached K, V read once.
    /// Time: fixed overhead + per-sequence time · sequences + per-token-and-head time · new
    /// tokens · H + max(4·H·D·W / (peak · η_prefill), bytes / (bw · η_m)), W the
    /// work the kernel really does (``prefillTimedTokenPairs(_:)``): the unmasked
    /// Σ cᵢ(oᵢ + cᵢ) by default — the measured A100 kernel's time does not shrink with the
    /// causal mask (see ``KernelShapeParameters``) — or the tiled work when a query tile is set.
    /// Where the hardware sets them: + per-tile-and-head time · query tiles · H (one thread
    /// block per query tile and head), the compute stretched by 1 + u₀ / (query tiles · H) for a
    /// grid of few blocks (`prefill_attention_half_rate_units`), and a call whose chunks are all one token
    /// (`newTokens` = `sequences`) timed as decode attention over its cached and new tokens
    /// (the kernel's decode path; ``KernelShapeParameters``). Where the hardware sets
    /// `prefill_attention_concurrent_tiles` P, the compute follows max(H · W, P · w_max) for
    /// the heaviest tile's work w_max (a causal call lasts at least as long as its longest
    /// tile), and `prefill_attention_inputs_in_l2_mb` takes that many of the new tokens' bytes
    /// off the DRAM stream, the rest streaming at `prefill_attention_beyond_l2_efficiency`.
    /// - Parameters: `heads` and `kvHeads` of this GPU; `tokenPairs` = Σ cᵢ(oᵢ + (cᵢ+1)/2)
    ///   (the causal work, reported as FLOPs); `timedTokenPairs` = W; `queryTiles` =
    ///   Σ ⌈cᵢ / tile⌉ (``prefillQueryTiles(_:)``); `longestTileTokenPairs` = w_max
    ///   (``prefillLongestTileTokenPairs(_:)``).
    package func prefillAttention(newTokens: Double, cachedTokens: Double, tokenPairs: Double,
                          timedTokenPairs: Double, heads: Double, kvHeads: Double,
                          headDim: Double, activationBytes: Double, kvBytes: Double,
                          sequences: Double = 1, queryTiles: Double = 0,
                          longestTileTokenPairs: Double = 0) -> OpEstimate {
        guard newTokens > 0 else { return .zero }
        if prefillOneTokenAsDecode && newTokens == sequences {
            return decodeAttention(sequences: sequences, contextTokens: cachedTokens + newTokens, heads: heads,
                                   kvHeads: kvHeads, headDim: headDim, activationBytes: activationBytes, kvBytes: kvBytes)
        }
        let flops = 4 * heads * headDim * tokenPairs
        let newTokenBytes = newTokens * (2 * heads + 2 * kvHeads) * headDim * activationBytes
        let cachedBytes = cachedTokens * 2 * kvHeads * headDim * kvBytes
        let bytes = newTokenBytes + cachedBytes
        var compute = 4 * heads * headDim * timedTokenPairs / prefillFlopsPerSecond
        if prefillConcurrentTiles > 0 {
            compute = max(compute, 4 * headDim * prefillConcurrentTiles * longestTileTokenPairs / prefillFlopsPerSecond)
        }
        if prefillHalfRateUnits > 0 { compute *= 1 + prefillHalfRateUnits / (max(queryTiles, sequences) * heads) }
        let memory = prefillInputsInL2Bytes > 0
            ? max(0, newTokenBytes - prefillInputsInL2Bytes) / prefillBeyondL2BytesPerSecond + cachedBytes / memoryBytesPerSecond
            : bytes / memoryBytesPerSecond
        let fixed = prefillOverheadSeconds + prefillPerSequenceSeconds * sequences
            + prefillPerTokenHeadSeconds * newTokens * heads + prefillPerTileHeadSeconds * queryTiles * heads
        return OpEstimate(seconds: fixed + max(compute, memory), flops: flops,
                          bytes: bytes, bound: compute >= memory ? .compute : .memory)
    }

    /// Decode attention (PagedAttention / FlashDecoding): each sequence reads its whole KV
    /// cache, 2·L·H_kv·D·k bytes per layer (the seeds' Bytes/token formula), and does
    /// 4·H·D·L FLOPs; bandwidth-bound at every batch size (arithmetic intensity ≈ H/H_kv).
    /// Time: max(floor, fixed + per-sequence cost · B + max(KV bytes / rate, FLOPs /
    /// (peak · η_c))) — see ``decodeTime(sequences:heads:kvHeads:flops:bytes:form:memorySeconds:extraFixedSeconds:)``
    /// for the per-sequence cost and the rate (the GQA-packed work units): the measured H100
    /// kernels take ≥ 12 µs however little KV they read, ~10 µs of fixed time above that, and
    /// stream the KV at ~95 % of HBM peak.
    /// An fp8 KV cache (`kvBytes` < 2) adds its own fixed time (the query's cast to fp8) and
    /// streams its KV at its own rate (`decode_attention_fp8_kv_overhead_us`,
    /// `decode_attention_fp8_kv_efficiency`): the measured fp8-KV kernels take longer than
    /// their bytes at the bf16 rate (H100 fit rows: −9 % bias, −20 % at 128 k tokens).
    package func decodeAttention(sequences: Double, contextTokens: Double, heads: Double,
                         kvHeads: Double, headDim: Double,
                         activationBytes: Double, kvBytes: Double) -> OpEstimate {
        guard sequences > 0 else { return .zero }
        let flops = 4 * heads * headDim * contextTokens
        let kv = contextTokens * 2 * kvHeads * headDim * kvBytes
        let queries = sequences * 2 * heads * headDim * activationBytes
        guard kvBytes < 2 else {
            return decodeTime(sequences: sequences, heads: heads, kvHeads: kvHeads, flops: flops, bytes: kv + queries,
                              form: decode)
        }
        if let kernel = fp8KVKernelDecode, heads > kvHeads {
            return decodeTime(sequences: sequences, heads: heads, kvHeads: kvHeads, flops: flops, bytes: kv + queries,
                              form: kernel)
        }
        return decodeTime(sequences: sequences, heads: heads, kvHeads: kvHeads, flops: flops, bytes: kv + queries,
                          form: decode, memorySeconds: kv / decodeFP8KVBytesPerSecond + queries / decode.bytesPerSecond,
                          extraFixedSeconds: decodeFP8KVOverheadSeconds)
    }

    /// Work units of one sequence in the GQA-packed decode kernels: the query heads of one KV
    /// head run as rows of one tile (FlashAttention-2's decode path swaps them into the query
    /// length, FlashAttention-3 and FlashInfer pack them), so H_kv · ⌈(H / H_kv) / tile rows⌉;
    /// H_kv when the hardware sets no tile height (every tile holds all of a KV head's queries).
    @inline(__always)
    func decodeWorkUnits(heads: Double, kvHeads: Double) -> Double {
        let kv = max(1, kvHeads)
        guard let rows = decode.queryTileRows else { return kv }
        return kv * (max(1, heads / kv) / rows).rounded(.up)
    }

    /// The decode kernels' time form for given work: max(floor, fixed + per-sequence cost · B
    /// ⊕ max(memory, FLOPs / (peak · η_c))), ⊕ the sum or, with
    /// `decode_attention_overlap_sharpness` p > 1, the soft maximum (aᵖ + bᵖ)^(1/p). The per-sequence cost is
    /// `decode_attention_per_sequence_us` + `decode_attention_per_sequence_head_us` · H +
    /// `decode_attention_per_sequence_kv_head_us` · u, u the GQA-packed work units of one
    /// sequence (``decodeWorkUnits(heads:kvHeads:)``); memory is bytes / (bw · η_decode)
    /// (`memorySeconds` where given) stretched by (1 + u₀ / (B · u)), u₀
    /// `decode_attention_half_rate_units`: few work units keep too few bytes in flight to
    /// stream at the full rate. `extraFixedSeconds` adds to the fixed time.
    /// `form`: the kernel's figures (``decode``, the GPU's own, or an engine kernel's).
    @inline(__always)
    func decodeTime(sequences: Double, heads: Double, kvHeads: Double, flops: Double, bytes: Double,
                    form: DecodeKernelForm, memorySeconds: Double? = nil, extraFixedSeconds: Double = 0) -> OpEstimate {
        let units = decodeWorkUnits(heads: heads, kvHeads: kvHeads)
        var memory = memorySeconds ?? bytes / form.bytesPerSecond
        if form.halfRateUnits > 0 { memory *= 1 + form.halfRateUnits / (sequences * units) }
        let compute = flops / attentionFlopsPerSecond
        let perSequence = form.perSequenceSeconds + form.perSequenceHeadSeconds * heads
            + form.perSequenceUnitSeconds * units
        let work = perSequence * sequences, stream = max(memory, compute)
        let both = form.overlapSharpness.map { softMaximum(work, stream, p: $0) } ?? work + stream
        let seconds = max(form.floorSeconds, form.overheadSeconds + extraFixedSeconds + both)
        return OpEstimate(seconds: seconds, flops: flops, bytes: bytes, bound: compute > memory ? .compute : .memory)
    }

    /// Absorbed multi-head latent attention at decode (see ``LayerAttentionModel``'s attention
    /// forms): each of `heads` heads scores a (r + d_R)-wide query against the `contextTokens`
    /// cached latents of `latentWidth` r + d_R and sums their first `valueWidth` r elements.
    /// FLOPs 2·H·L·(r + d_R) + 2·H·L·r; bytes: the latents read once for all heads,
    /// L·(r + d_R)·k, plus each sequence's queries in and outputs out, B·H·(2r + d_R)·a.
    /// Timed by the decode kernels' form (``decodeTime(sequences:heads:kvHeads:flops:bytes:form:memorySeconds:extraFixedSeconds:)``)
    /// with one KV head: the latents are shared by all query heads, which pack into tiles.
    func latentDecodeAttention(sequences: Double, contextTokens: Double, heads: Double, latentWidth: Double,
                               valueWidth: Double, activationBytes: Double, kvBytes: Double) -> OpEstimate {
        guard sequences > 0 else { return .zero }
        let flops = 2 * heads * contextTokens * (latentWidth + valueWidth)
        let bytes = contextTokens * latentWidth * kvBytes + sequences * heads * (latentWidth + valueWidth) * activationBytes
        return decodeTime(sequences: sequences, heads: heads, kvHeads: 1, flops: flops, bytes: bytes, form: decode)
    }
}
