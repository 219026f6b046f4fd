/// Layers that differ from the model's main layer (``RooflineCostModel/layerOps(_:)``, a
/// global-attention layer with the model's main MLP — the MoE one for an MoE model): the
/// sliding-window layers' attention and the leading dense layers' MLP of an MoE model
/// (DeepSeek-V3's `first_k_dense_replace`). Every op of a layer adds to the iteration in
/// sequence, so the iteration is n main layers plus, per layer of another kind, the
/// difference of its ops: n_s · (windowed − global attention) + n_d · (dense − MoE MLP).
/// Models of one kind of layer skip this (their cost is exactly n main layers).
///
/// Expert parallelism (``Parallelism/expert``, e ranks among the t GPUs): each rank holds E/e
/// whole experts, split t/e ways, so its grouped GEMMs run the busiest rank's
/// min(T·k, ρ·T·k/e) routed rows over f·e/t columns and E_touched/e experts (the weight bytes
/// per GPU equal those without EP). The tokens reach their experts by an all-to-all dispatch
/// and return by an all-to-all combine: each rank owns T/e of the tokens after attention and
/// sends each of their k routed copies whose expert lives elsewhere — (e−1)/e of them under
/// uniform routing — so per token and direction d · a · k · (e−1)/e bytes leave the rank
/// (DeepEP's normal-mode dispatch/combine; DeepSeek-AI 2024, "DeepSeek-V3 Technical
/// Report", §3.4). Each direction takes the collective's fixed time + α + (T/e) · that /
/// (link_bw · η_link) on the NVLink of the TP group (e ≤ t ≤ gpus per node). The layer's
/// two all-reduces stay (the combine's outputs are reduced and re-assembled over the TP
/// group, as vLLM's TP+EP MoE does). Imbalance stretches only the expert GEMMs and their
/// activation, not the all-to-all.
extension RooflineCostModel {
    /// Whether any layer differs from the main layer.
    var isLayerMixed: Bool { slidingLayers > 0 || denseLayers > 0 }

    /// MoE layers, n − n_d (all layers for a dense model, whose all-to-all is zero).
    var moeLayers: Double { layers - denseLayers }

    /// Routed rows of the busiest expert-parallel rank: T·k without EP, else
    /// min(T·k, ρ · T·k / e).
    @inline(__always)
    func expertRows(tokens: Double) -> Double {
        let rows = tokens * moe.active
        guard expertRanks > 1 else { return rows }
        return min(rows, rows * expertImbalance / expertRanks)
    }

    /// Bytes of one token that leave its rank in one direction of the all-to-all:
    /// d · a · k · (e−1)/e (0 without EP, for a dense model, or where the engine keeps the
    /// tokens replicated over the TP group: ``MoEDispatch/replicated``).
    public var allToAllBytesPerToken: Double {
        guard moe.isSparse, expertRanks > 1, engine.moeDispatch == .allToAll else { return 0 }
        return hidden * activationBytes * moe.active * (expertRanks - 1) / expertRanks
    }

    /// Dispatch and combine of one MoE layer (zero without EP): `bytes` are the interconnect
    /// bytes of all ranks, both directions, 2 · T · d · a · k · (e−1)/e.
    func expertAllToAll(tokens: Double) -> OpEstimate {
        let perToken = allToAllBytesPerToken
        guard perToken > 0, tokens > 0 else { return .zero }
        let direction = kernels.allToAll(bytesPerRank: tokens / expertRanks * perToken, peers: expertRanks - 1)
        return OpEstimate(seconds: 2 * direction.seconds, flops: 0, bytes: 2 * tokens * perToken, bound: .communication)
    }

    /// The dense MLP of a leading dense layer: up, activation and down over `intermediate_size`.
    func denseMLP(tokens: Double) -> (up: OpEstimate, act: OpEstimate, down: OpEstimate) {
        let up = kernels.gemm(m: tokens, n: denseUpOut, k: hidden, weightBytes: weightElementBytes,
                              activationBytes: activationBytes)
        let act = kernels.streaming(bytes: tokens * (denseUpOut + denseDownIn) * activationBytes,
                                    bytesPerSecond: kernels.activationBytesPerSecond)
        let down = kernels.gemm(m: tokens, n: hidden, k: denseDownIn, weightBytes: weightElementBytes,
                                activationBytes: activationBytes)
        return (up, act, down)
    }

    /// The layers of other kinds: what they add to (or take from) n main layers `main`, on
    /// one GPU (seconds, FLOPs, HBM bytes); without the attention terms when `attention` is
    /// false (the tabulated token-count terms, whose attention is computed apart).
    func layerMixCorrection(_ shape: BatchShape, main: LayerOps, attention: Bool = true) -> OpEstimate {
        var extra = OpEstimate.zero
        let variant = variantOps(shape)
        if slidingLayers > 0, attention {
            for (local, global) in [(variant.prefillAttention, main.prefillAttention),
                                    (variant.decodeAttention, main.decodeAttention)] {
                extra.add(local.repeated(slidingLayers))
                extra.add(OpEstimate(seconds: -global.seconds, flops: -global.flops, bytes: -global.bytes, bound: global.bound)
                    .repeated(slidingLayers))
            }
        }
        if denseLayers > 0 {
            for (dense, sparse) in [(variant.mlpUp, main.mlpUp), (variant.mlpAct, main.mlpAct),
                                    (variant.mlpDown, main.mlpDown)] {
                extra.add(dense.repeated(denseLayers))
                extra.add(OpEstimate(seconds: -sparse.seconds, flops: -sparse.flops, bytes: -sparse.bytes, bound: sparse.bound)
                    .repeated(denseLayers))
            }
            extra.seconds -= denseLayers * main.allToAll.seconds
        }
        return extra
    }

    /// The ops that differ in layers of the other kinds: windowed attention in
    /// `prefillAttention`/`decodeAttention`, the dense MLP in `mlpUp`/`mlpAct`/`mlpDown`
    /// (the rest zero), CUDA-graph savings applied like ``layerOps(_:)``.
    func variantOps(_ shape: BatchShape) -> LayerOps {
        var ops = LayerOps()
        let saving = launchSaving(shape)
        if slidingLayers > 0 {
            ops.prefillAttention = attention.prefill(shape, windowed: true)
            ops.decodeAttention = attention.decode(shape, windowed: true).lessFixedTime(saving)
        }
        if denseLayers > 0 {
            let mlp = denseMLP(tokens: Double(shape.totalTokens))
            ops.mlpUp = mlp.up.lessFixedTime(saving)
            ops.mlpAct = mlp.act.lessFixedTime(kernels.activationKernel.graphSaving(saving))
            ops.mlpDown = mlp.down.lessFixedTime(saving)
        }
        return ops
    }
}
