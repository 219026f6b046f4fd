/// The attention kernels of one layer for a batch, on one GPU of the TP group: ordinary
/// (MHA/GQA), multi-head latent (MLA) and sliding-window forms.
///
/// Holds every scalar the per-iteration attention terms read — the shard's head counts and
/// widths, the attention kernels' figures (``AttentionKernelTimeModel``) — and nothing else.
/// ``RooflineCostModel`` builds it; ``TabulatedCostModel``'s hot path calls it directly. A
/// class, so that each call passes a reference: a large struct stored in a class and called
/// out of line with another large argument (the batch shape) is first copied to the stack —
/// how `RooflineCostModel`'s own attention methods, called from the tabulated cost, came to
/// memmove 2.4 kB per iteration (BENCHMARKS.md, "2026-12-03 (third stop)").
///
/// MLA decode is timed as the absorbed kernels run it (DeepSeek-V2, arXiv:2405.04434, §2.1
/// and App. C: W_UK folded into the query, W_UV into the output; FlashMLA and vLLM's MLA
/// decode backends): every head scores its (r + d_R)-wide absorbed query against the cached
/// latents and sums r-wide latent values, so per context token it reads r + d_R elements once
/// for all heads (an MQA-like kernel) and does 2·H·(r + d_R) + 2·H·r FLOPs. MLA prefill runs
/// unabsorbed (vLLM's MLA prefill path): per head, keys of d_nope + d_R and values of d_v, the
/// cached latents up-projected to them — the MHA kernel with H KV heads of (d_qk + d_v)/2.
///
/// A sliding-window layer attends to at most W keys per query. The batch shape keeps only
/// sums, so the window caps them: decode reads min(Σ Lⱼ, B·W) cached tokens, prefill scores
/// min(Σ pairs, Σ cᵢ · W) pairs and reads min(Σ oᵢ, #chunks · W) cached tokens — upper bounds
/// of the per-sequence sums Σ min(Lⱼ, W), exact when every sequence is on one side of W.
final class LayerAttentionModel: Sendable {
    /// The attention kernels' figures on this hardware.
    let kernels: AttentionKernelTimeModel
    /// Query heads H/t and KV heads ⌈H_kv/t⌉ on one GPU, and the head width D.
    let headsPerGPU: Double, kvHeadsPerGPU: Double, headDim: Double
    /// Bytes per activation element and per cached KV element.
    let activationBytes: Double, kvElementBytes: Double
    /// Layers in all, n, and with a sliding window, n_s; the window W in tokens.
    let layers: Double, slidingLayers: Double, window: Double
    /// MLA: the cached latent width r + d_R and the value width r of the absorbed decode
    /// kernel (0 without MLA), and the per-head width of its prefill, (d_qk + d_v)/2.
    let latentWidth: Double, latentValueWidth: Double, latentPrefillHeadDim: Double

    init(kernels: AttentionKernelTimeModel, headsPerGPU: Double, kvHeadsPerGPU: Double, headDim: Double,
         activationBytes: Double, kvElementBytes: Double, layers: Double, slidingLayers: Double, window: Double,
         latentWidth: Double, latentValueWidth: Double, latentPrefillHeadDim: Double) {
        self.kernels = kernels
        self.headsPerGPU = headsPerGPU
        self.kvHeadsPerGPU = kvHeadsPerGPU
        self.headDim = headDim
        self.activationBytes = activationBytes
        self.kvElementBytes = kvElementBytes
        self.layers = layers
        self.slidingLayers = slidingLayers
        self.window = window
        self.latentWidth = latentWidth
        self.latentValueWidth = latentValueWidth
        self.latentPrefillHeadDim = latentPrefillHeadDim
    }

    /// Prefill attention of one layer, global (`windowed` false) or sliding-window.
    @inline(__always)
    func prefill(_ shape: BatchShape, windowed: Bool) -> OpEstimate {
        // No prompt tokens, no prefill kernel (as `prefillAttention` says, without first
        // counting the work of a decode step's absent chunks).
        guard shape.prefillTokens > 0 else { return .zero }
        var cached = Double(shape.prefillCachedTokens)
        var pairs = shape.prefillAttentionTokenPairs
        var timed = kernels.prefillTimedTokenPairs(shape)
        var longest = kernels.prefillLongestTileTokenPairs(shape)
        if windowed {
            let newTokens = Double(shape.prefillTokens)
            cached = min(cached, Double(shape.prefillSequences) * window)
            pairs = min(pairs, newTokens * window)
            timed = min(timed, newTokens * window)
            longest = min(longest, Double(kernels.attentionQueryTile ?? 1) * window)
        }
        let mla = latentWidth > 0
        return kernels.prefillAttention(
            newTokens: Double(shape.prefillTokens), cachedTokens: cached, tokenPairs: pairs,
            timedTokenPairs: timed, heads: headsPerGPU, kvHeads: mla ? headsPerGPU : kvHeadsPerGPU,
            headDim: mla ? latentPrefillHeadDim : headDim, activationBytes: activationBytes,
            kvBytes: kvElementBytes, sequences: Double(shape.prefillSequences), queryTiles: kernels.prefillQueryTiles(shape),
            longestTileTokenPairs: longest)
    }

    /// Decode attention of one layer, global (`windowed` false) or sliding-window.
    @inline(__always)
    func decode(_ shape: BatchShape, windowed: Bool) -> OpEstimate {
        let sequences = Double(shape.decodeSequences)
        var context = Double(shape.decodeContextTokens)
        if windowed { context = min(context, sequences * window) }
        if latentWidth > 0 {
            return kernels.latentDecodeAttention(
                sequences: sequences, contextTokens: context, heads: headsPerGPU, latentWidth: latentWidth,
                valueWidth: latentValueWidth, activationBytes: activationBytes, kvBytes: kvElementBytes)
        }
        return kernels.decodeAttention(
            sequences: sequences, contextTokens: context, heads: headsPerGPU, kvHeads: kvHeadsPerGPU,
            headDim: headDim, activationBytes: activationBytes, kvBytes: kvElementBytes)
    }

    /// Both attention kernels summed over the layers — the global ones on n − n_s layers, the
    /// windowed ones on n_s — each kernel's fixed time less `saving` for the decode kernel
    /// (a CUDA-graph replay). Seconds, FLOPs and bytes on one GPU.
    @inline(__always)
    func overLayers(_ shape: BatchShape, decodeSaving saving: Double)
        -> (total: OpEstimate, decodeSeconds: Double, prefillSeconds: Double) {
        let prefill = self.prefill(shape, windowed: false)
        let decode = self.decode(shape, windowed: false).lessFixedTime(saving)
        var sum = OpEstimate(seconds: layers * (prefill.seconds + decode.seconds),
                             flops: layers * (prefill.flops + decode.flops),
                             bytes: layers * (prefill.bytes + decode.bytes), bound: .memory)
        var decodeSeconds = layers * decode.seconds
        var prefillSeconds = layers * prefill.seconds
        if slidingLayers > 0 {
            let localPrefill = self.prefill(shape, windowed: true)
            let localDecode = self.decode(shape, windowed: true).lessFixedTime(saving)
            sum.seconds += slidingLayers * (localPrefill.seconds + localDecode.seconds - prefill.seconds - decode.seconds)
            sum.flops += slidingLayers * (localPrefill.flops + localDecode.flops - prefill.flops - decode.flops)
            sum.bytes += slidingLayers * (localPrefill.bytes + localDecode.bytes - prefill.bytes - decode.bytes)
            decodeSeconds += slidingLayers * (localDecode.seconds - decode.seconds)
            prefillSeconds += slidingLayers * (localPrefill.seconds - prefill.seconds)
        }
        return (sum, decodeSeconds, prefillSeconds)
    }
}
