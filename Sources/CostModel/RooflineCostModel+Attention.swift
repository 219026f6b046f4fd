/// The attention kernels of a layer for a batch: ordinary (MHA/GQA), multi-head latent
/// (MLA) and sliding-window forms.
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
extension RooflineCostModel {
    /// Prefill attention of one layer, global (`windowed` false) or sliding-window.
    @inline(__always)
    func prefillAttention(_ shape: BatchShape, windowed: Bool) -> OpEstimate {
        var cached = Double(shape.prefillCachedTokens)
        var pairs = shape.prefillAttentionTokenPairs
        var timed = kernels.prefillTimedTokenPairs(shape)
        if windowed {
            let newTokens = Double(shape.prefillTokens)
            cached = min(cached, Double(shape.prefillSequences) * window)
            pairs = min(pairs, newTokens * window)
            timed = min(timed, newTokens * window)
        }
        let mla = latentWidth > 0
        return kernels.prefillAttention(
            newTokens: Double(shape.prefillTokens), cachedTokens: cached, tokenPairs: pairs,
            timedTokenPairs: timed, heads: headsPerGPU, kvHeads: mla ? headsPerGPU : kvHeadsPerGPU,
            headDim: mla ? latentPrefillHeadDim : headDim, activationBytes: activationBytes,
            kvBytes: kvElementBytes, sequences: Double(shape.prefillSequences), queryTiles: kernels.prefillQueryTiles(shape))
    }

    /// Decode attention of one layer, global (`windowed` false) or sliding-window.
    @inline(__always)
    func decodeAttention(_ shape: BatchShape, windowed: Bool) -> OpEstimate {
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
    func attentionOverLayers(_ shape: BatchShape, decodeSaving saving: Double) -> OpEstimate {
        let prefill = prefillAttention(shape, windowed: false)
        let decode = decodeAttention(shape, windowed: false).lessFixedTime(saving)
        var sum = OpEstimate(seconds: layers * (prefill.seconds + decode.seconds),
                             flops: layers * (prefill.flops + decode.flops),
                             bytes: layers * (prefill.bytes + decode.bytes), bound: .memory)
        if slidingLayers > 0 {
            let localPrefill = prefillAttention(shape, windowed: true)
            let localDecode = decodeAttention(shape, windowed: true).lessFixedTime(saving)
            sum.seconds += slidingLayers * (localPrefill.seconds + localDecode.seconds - prefill.seconds - decode.seconds)
            sum.flops += slidingLayers * (localPrefill.flops + localDecode.flops - prefill.flops - decode.flops)
            sum.bytes += slidingLayers * (localPrefill.bytes + localDecode.bytes - prefill.bytes - decode.bytes)
        }
        return sum
    }
}
