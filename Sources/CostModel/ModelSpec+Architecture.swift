/// The parts of a model's shape that vary by layer or depart from LLaMA-style attention:
/// multi-head latent attention, sliding-window layers, the leading dense layers of an MoE
/// model.
///
/// Multi-head latent attention (MLA; DeepSeek-AI 2024, "DeepSeek-V2", arXiv:2405.04434,
/// §2.1.2–2.1.3): keys and values are up-projected from one shared latent c_KV of rank r
/// (`kv_lora_rank`) plus one decoupled RoPE key of d_R (`qk_rope_head_dim`) per token, and
/// only those r + d_R elements per token and layer are cached — for every head at once, so
/// the cache is the same on every GPU of a TP group. Weights per layer: the query d·H·(d_nope
/// + d_R), or d·r_q + r_q·H·(d_nope + d_R) with a query compression of rank r_q
/// (`q_lora_rank`); the KV down-projection d·(r + d_R); the KV up-projection r·H·(d_nope +
/// d_v); the output H·d_v·d.
///
/// Sliding-window attention (Mistral-7B v0.1: Jiang et al. 2023, "Mistral 7B", §2; Gemma 2
/// and 3; gpt-oss): a local layer attends to the last W tokens only and keeps only those in
/// its cache, so a sequence of L tokens holds Σ over layers of min(L, W_layer) tokens of KV.
/// Only the count of local layers matters to the cost (every op is summed over layers), so
/// the spec keeps W and that count, not the order of the layers.
extension ModelSpec {
    /// MLA: the cached width per token and layer, r + d_R elements; nil without MLA.
    public var mlaLatentWidth: Int? {
        guard let rank = kvLoraRank else { return nil }
        return rank &+ (qkRopeHeadDim ?? 0)   // (wrapping: out-of-range values are rejected by the scenario checks)
    }

    /// MLA: per-head query/key dimension d_nope + d_R (the `head_dim` when not given).
    public var mlaQueryKeyHeadDim: Int {
        guard let nope = qkNopeHeadDim else { return headDim }
        return nope &+ (qkRopeHeadDim ?? 0)
    }

    /// MLA: per-head value dimension d_v (the `head_dim` when not given).
    public var mlaValueHeadDim: Int { vHeadDim ?? headDim }

    /// Weights of one layer's attention: d·(H+2H_kv)·D + H·D·d, or MLA's projections.
    public var attentionParameters: Double {
        let d = Double(hiddenSize)
        guard let rank = kvLoraRank else {
            return d * Double(qkvWidth) + Double(attentionWidth) * d
        }
        let h = Double(heads), qk = Double(mlaQueryKeyHeadDim), v = Double(mlaValueHeadDim)
        let rope = Double(qkRopeHeadDim ?? 0), r = Double(rank)
        let query = qLoraRank.map { d * Double($0) + Double($0) * h * qk } ?? d * h * qk
        return query + d * (r + rope) + r * h * (qk - rope + v) + h * v * d
    }

    /// Layers that attend over the window only: `sliding_layers`, every layer when only a
    /// window is given, 0 without a window.
    public var slidingLayerCount: Int {
        guard slidingWindow != nil else { return 0 }
        return min(layers, max(0, slidingLayers ?? layers))
    }

    /// Layers that attend over the whole context.
    public var globalLayerCount: Int { layers - slidingLayerCount }

    /// KV elements of one token in one layer on one GPU of a TP group of `tensor`:
    /// 2 · ⌈H_kv/t⌉ · D (KV heads replicated when t > H_kv), or r + d_R for MLA (the latent
    /// is replicated on every GPU).
    public func kvElementsPerTokenPerLayer(tensor: Int) -> Double {
        if let latent = mlaLatentWidth { return Double(latent) }
        return 2 * max(1, (Double(kvHeads) / Double(tensor)).rounded(.up)) * Double(headDim)
    }

    /// KV-cache bytes one sequence of `context` tokens holds over all layers:
    /// Σ over layers of min(context, W_layer) · elements · bytes(kv_dtype).
    public func kvBytesPerSequence(context: Int) -> Double {
        let perLayer = kvElementsPerTokenPerLayer(tensor: 1) * kvDtype.bytes
        let window = slidingWindow ?? context
        return (Double(globalLayerCount) * Double(context)
                + Double(slidingLayerCount) * Double(min(context, window))) * perLayer
    }

    /// MoE layers: all but the leading dense ones (all layers of a dense model count as its
    /// one kind of MLP layer).
    public var denseLayerCount: Int {
        MoE(self).isSparse ? min(layers, max(0, denseLayers ?? 0)) : 0
    }

    /// What the leading dense layers change in the parameter counts: each holds a dense MLP
    /// of (2 or 3)·d·`intermediate_size` in place of the MoE MLP. Zero when there are none.
    public var denseLayerCorrection: (total: Double, active: Double) {
        let count = Double(denseLayerCount)
        guard count > 0 else { return (0, 0) }
        let d = Double(hiddenSize)
        let moe = MoE(self)
        let dense = Double(mlpMatrices) * d * Double(intermediateSize)
        let router = d * moe.experts
        let moeTotal = (moe.experts + moe.shared) * mlpParametersPerExpert + router
        let moeActive = (moe.active + moe.shared) * mlpParametersPerExpert + router
        return (count * (dense - moeTotal), count * (dense - moeActive))
    }
}
