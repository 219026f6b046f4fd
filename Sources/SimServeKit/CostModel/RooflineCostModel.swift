/// The time and work of one iteration (one forward pass) of a replica: the simulator's cost
/// model.
///
/// An iteration runs every layer once over T = Σcᵢ + #decode tokens (DESIGN.md, "The cost
/// model"). Per layer and per GPU of the TP group (Megatron-LM column/row split: Shoeybi et
/// al. 2019, §3 — each GPU holds H/t query heads, ⌈H_kv/t⌉ KV heads and f/t MLP columns):
///
///     input_layernorm → attn_pre_proj (QKV GEMM) → attn_rope → attention (prefill and decode
///     kernels) → attn_post_proj (output GEMM) → all-reduce → post_attention_layernorm →
///     mlp_up_proj → mlp_act → mlp_down_proj → all-reduce → add
///
/// each timed by ``KernelTimeModel``; then the LM head over the tokens that emit logits, the
/// embedding gather, the sends between pipeline stages, and a fixed per-iteration overhead.
/// Ops run one after another (one CUDA stream), so their times add.
///
/// Mixture of experts (``ModelSpec/MoE``): the MLP GEMMs run over T·k token rows, split among
/// the E·(1 − (1 − k/E)^T) experts the batch is expected to touch, whose weights are read
/// once each; experts are sharded over the TP group like a dense MLP (vLLM's default).
///
/// CUDA graphs: a decode-only iteration of at most `cudaGraphMaxBatchSize` sequences is
/// replayed from a captured graph when `hardware.cudaGraphs` is set (vLLM's default), so
/// each kernel's fixed time is `cudaGraphLaunchUs` instead of `kernelLaunchUs`. The 2 µs
/// default: graph replay leaves ~0.5 µs between back-to-back kernels (NVIDIA, "Getting
/// Started with CUDA Graphs", 2019: 3.4 µs per 2.9 µs kernel, against 3.8 µs launched from a
/// stream) plus ~1.5 µs of first/last-wave ramp that graphs do not remove (an estimate). The
/// per-iteration CPU overhead and collectives are unchanged.
///
/// Pipeline parallelism: one iteration's batch passes all p stages in turn, so `seconds` is
/// its latency through the replica, n layers plus (p−1) activation sends of T·d·a bytes
/// (α + bytes/link_bw each). Overlap of micro-batches (and the bubbles when fewer than p are
/// in flight) is the scheduler's business; ``stageSeconds(_:)`` gives the time a stage is busy.
public struct RooflineCostModel: Sendable {
    public let model: ModelSpec
    public let hardware: HardwareSpec
    public let parallelism: Parallelism

    let kernels: KernelTimeModel
    // Shard shapes on one GPU of the TP group, as Doubles (precomputed, hot path).
    let hidden: Double, qkvOut: Double, attentionIn: Double, mlpUpOut: Double, mlpDownIn: Double
    let headsPerGPU: Double, kvHeadsPerGPU: Double, headDim: Double, vocabPerGPU: Double
    let weightElementBytes: Double, activationBytes: Double, kvElementBytes: Double
    let layers: Double, tensorDegree: Double
    let iterationOverheadSeconds: Double
    /// Expert shape (E = k = 1 when dense).
    let moe: ModelSpec.MoE
    /// Whether decode-only batches replay CUDA graphs, and up to which batch size.
    let cudaGraphs: Bool, cudaGraphMaxBatch: Int

    public init(model: ModelSpec, hardware: HardwareSpec, parallelism: Parallelism) {
        self.model = model
        self.hardware = hardware
        self.parallelism = parallelism
        kernels = KernelTimeModel(hardware: hardware, weightDtype: model.weightDtype)
        let t = Double(parallelism.tensor)
        tensorDegree = t
        hidden = Double(model.hiddenSize)
        headDim = Double(model.headDim)
        headsPerGPU = Double(model.heads) / t
        // vLLM replicates KV heads when t > H_kv, so every GPU keeps at least one.
        kvHeadsPerGPU = max(1, (Double(model.kvHeads) / t).rounded(.up))
        qkvOut = (headsPerGPU + 2 * kvHeadsPerGPU) * headDim
        attentionIn = headsPerGPU * headDim
        let mlpColumns = Double(model.intermediateSize) / t
        mlpUpOut = (model.gatedMLP ? 2 : 1) * mlpColumns
        mlpDownIn = mlpColumns
        vocabPerGPU = Double(model.vocabSize) / t
        weightElementBytes = model.weightDtype.bytes
        activationBytes = model.activationBytes
        kvElementBytes = model.kvDtype.bytes
        layers = Double(model.layers)
        iterationOverheadSeconds = hardware.iterationOverheadUs * 1e-6
        moe = ModelSpec.MoE(model)
        cudaGraphs = hardware.cudaGraphs
        cudaGraphMaxBatch = hardware.cudaGraphMaxBatchSize
    }

    /// Whether this batch runs from a CUDA graph: decode-only, small enough to be captured.
    @inline(__always)
    public func usesCUDAGraph(_ shape: BatchShape) -> Bool {
        cudaGraphs && shape.prefillSequences == 0 && shape.decodeSequences > 0
            && shape.decodeSequences <= cudaGraphMaxBatch
    }

    /// What each kernel of this batch saves of its fixed time (0 unless in a CUDA graph).
    @inline(__always)
    func launchSaving(_ shape: BatchShape) -> Double {
        usesCUDAGraph(shape) ? kernels.graphLaunchSavingSeconds : 0
    }

    /// Time and work of one iteration on one replica.
    ///
    /// Called millions of times per simulation: O(1), no allocation, no lookups.
    /// `flops` and `bytes` are summed over the replica's t·p GPUs; `commBytes` counts every
    /// byte sent over the interconnect. An empty batch costs nothing.
    public func cost(_ shape: BatchShape) -> IterationCost {
        if shape.isEmpty { return IterationCost(seconds: 0) }
        let saving = launchSaving(shape)
        let ops = layerOps(shape)
        let layer = ops.total
        let head = lmHead(tokens: Double(shape.logitTokens)).lessFixedTime(saving)
        let embed = embedding(tokens: Double(shape.totalTokens)).lessFixedTime(saving)
        let sends = pipelineSends(tokens: Double(shape.totalTokens))
        let seconds = iterationOverheadSeconds + layers * layer.seconds + head.seconds
            + embed.seconds + sends.seconds
        let flops = (layers * layer.flops + head.flops) * tensorDegree
        let bytes = (layers * layer.bytes + head.bytes + embed.bytes) * tensorDegree
        let commBytes = layers * 2 * ops.allReduce.bytes + sends.bytes
        return IterationCost(seconds: seconds, flops: flops, bytes: bytes, commBytes: commBytes)
    }

    /// Time one pipeline stage is busy with this batch (its n/p layers, its share of the
    /// embedding and LM head, and the per-iteration overhead), seconds.
    public func stageSeconds(_ shape: BatchShape) -> Double {
        if shape.isEmpty { return 0 }
        let p = Double(parallelism.pipeline)
        let saving = launchSaving(shape)
        let layer = layerOps(shape).total
        let head = lmHead(tokens: Double(shape.logitTokens)).lessFixedTime(saving)
        let embed = embedding(tokens: Double(shape.totalTokens)).lessFixedTime(saving)
        return iterationOverheadSeconds + layers / p * layer.seconds
            + max(head.seconds, embed.seconds)
    }
}
