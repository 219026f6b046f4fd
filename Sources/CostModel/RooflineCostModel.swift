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
/// CUDA graphs: a decode-only iteration of at most the engine's `cuda_graph_max_batch_size`
/// sequences is replayed from a captured graph when the engine captures them (vLLM's
/// default), so each kernel's fixed time is `cuda_graph_launch_us` instead of the hardware's
/// `kernel_launch_us` (see ``EnginePresets`` for the figure). The engine's CPU time per
/// iteration and per sequence, and the collectives, are unchanged.
///
/// Pipeline parallelism: one iteration's batch passes all p stages in turn, so `seconds` is
/// its latency through the replica, n layers plus (p−1) activation sends of T·d·a bytes
/// (α + bytes/link_bw each). Overlap of micro-batches (and the bubbles when fewer than p are
/// in flight) is the scheduler's business; ``stageSeconds(_:)`` gives the time a stage is busy.
public struct RooflineCostModel: Sendable {
    public let model: ModelSpec
    public let hardware: HardwareSpec
    public let parallelism: Parallelism
    /// The serving engine's software terms (CPU overheads, CUDA graphs, all-reduce algorithm).
    public let engine: EngineSpec

    package let kernels: KernelTimeModel
    // Shard shapes on one GPU of the TP group, as Doubles (precomputed, hot path).
    let hidden: Double, qkvOut: Double, attentionIn: Double, mlpUpOut: Double, mlpDownIn: Double
    let headsPerGPU: Double, kvHeadsPerGPU: Double, headDim: Double, vocabPerGPU: Double
    let weightElementBytes: Double, activationBytes: Double
    let layers: Double, tensorDegree: Double
    let iterationOverheadSeconds: Double
    /// The engine's CPU time per sequence in the batch, seconds.
    let perSequenceOverheadSeconds: Double
    /// Whether that host time overlaps the kernels (``EngineSpec/asyncScheduling``).
    let hostOverlapsKernels: Bool
    /// Expert shape (E = k = 1 when dense).
    package let moe: ModelSpec.MoE
    /// Whether decode-only batches replay CUDA graphs, and up to which batch size.
    let cudaGraphs: Bool, cudaGraphMaxBatch: Int
    /// The engine's time per layer of an iteration that computes prompt tokens, seconds.
    let prefillLayerOverheadSeconds: Double
    let prefillIterationOverheadSeconds: Double
    let eagerDecodeOverheadSeconds: Double
    /// Host time to issue one layer eagerly (``EngineSpec/eagerLayerHostUs``), seconds.
    let eagerLayerHostSeconds: Double
    /// Layers of each kind: with a sliding window, with a dense MLP in an MoE model.
    let slidingLayers: Double, denseLayers: Double
    /// The attention kernels of one layer on one GPU, with every scalar they read.
    let attention: LayerAttentionModel
    /// Dense-MLP widths on one GPU (leading dense layers of an MoE model) and the shared
    /// experts' widths (0 when none).
    let denseUpOut: Double, denseDownIn: Double, sharedUpOut: Double, sharedDownIn: Double
    /// Expert-parallel degree e and the busiest rank's load over the mean, ρ.
    let expertRanks: Double, expertImbalance: Double

    /// - Parameter engine: the serving engine; nil: the hardware description's own software
    ///   terms (``EngineSpec/bare(_:)``).
    public init(model: ModelSpec, hardware: HardwareSpec, parallelism: Parallelism, engine: EngineSpec? = nil) {
        self.model = model
        self.hardware = hardware
        self.parallelism = parallelism
        let engine = engine ?? EngineSpec.bare(hardware)
        self.engine = engine
        kernels = KernelTimeModel(hardware: hardware, weightDtype: model.weightDtype, engine: engine)
        let t = Double(parallelism.tensor)
        tensorDegree = t
        hidden = Double(model.hiddenSize)
        headDim = Double(model.headDim)
        headsPerGPU = Double(model.heads) / t
        // vLLM replicates KV heads when t > H_kv, so every GPU keeps at least one.
        kvHeadsPerGPU = max(1, (Double(model.kvHeads) / t).rounded(.up))
        let ep = Double(parallelism.expert)
        expertRanks = ep
        expertImbalance = parallelism.expertImbalance
        let latentWidth: Double, latentValueWidth: Double, latentPrefillHeadDim: Double
        if let latent = model.mlaLatentWidth, let rank = model.kvLoraRank {
            // MLA: the query and KV down-projections are replicated, the up-projections split
            // by heads; one GEMM of the same weights stands for the chain.
            let d = hidden, qk = Double(model.mlaQueryKeyHeadDim), v = Double(model.mlaValueHeadDim)
            let nope = qk - Double(model.qkRopeHeadDim ?? 0)
            let heads = Double(model.heads) / t
            let query = model.qLoraRank.map { d * Double($0) + Double($0) * heads * qk } ?? d * heads * qk
            qkvOut = (query + d * Double(latent) + Double(rank) * heads * (nope + v)) / d
            attentionIn = headsPerGPU * v
            latentWidth = Double(latent)
            latentValueWidth = Double(rank)
            latentPrefillHeadDim = (qk + v) / 2
        } else {
            qkvOut = (headsPerGPU + 2 * kvHeadsPerGPU) * headDim
            attentionIn = headsPerGPU * headDim
            latentWidth = 0
            latentValueWidth = 0
            latentPrefillHeadDim = 0
        }
        // Experts split t/e ways on each of e ranks: f·e/t columns each (f/t without EP).
        let mlpColumns = Double(model.expertIntermediateSize) / t * ep
        mlpUpOut = (model.gatedMLP ? 2 : 1) * mlpColumns
        mlpDownIn = mlpColumns
        let denseColumns = Double(model.intermediateSize) / t
        denseUpOut = (model.gatedMLP ? 2 : 1) * denseColumns
        denseDownIn = denseColumns
        let sharedColumns = Double(model.expertIntermediateSize) * ModelSpec.MoE(model).shared / t
        sharedUpOut = (model.gatedMLP ? 2 : 1) * sharedColumns
        sharedDownIn = sharedColumns
        slidingLayers = Double(model.slidingLayerCount)
        denseLayers = Double(model.denseLayerCount)
        vocabPerGPU = Double(model.vocabSize) / t
        weightElementBytes = model.weightDtype.bytes
        activationBytes = model.activationBytes
        layers = Double(model.layers)
        iterationOverheadSeconds = (hardware.iterationOverheadUs + engine.iterationOverheadUs
                                    + engine.tpStepOverheadUsPerPeer * (t - 1)) * 1e-6
        perSequenceOverheadSeconds = engine.perSequenceOverheadUs * 1e-6
        hostOverlapsKernels = engine.asyncScheduling
        moe = ModelSpec.MoE(model)
        cudaGraphs = engine.cudaGraphs
        cudaGraphMaxBatch = engine.cudaGraphMaxBatchSize
        prefillLayerOverheadSeconds = engine.prefillLayerOverheadUs * 1e-6
        prefillIterationOverheadSeconds = engine.prefillIterationOverheadUs * 1e-6
        eagerDecodeOverheadSeconds = engine.eagerDecodeOverheadUs * 1e-6
        eagerLayerHostSeconds = engine.eagerLayerHostUs * 1e-6
        attention = LayerAttentionModel(
            kernels: kernels.attention, headsPerGPU: headsPerGPU, kvHeadsPerGPU: kvHeadsPerGPU, headDim: headDim,
            activationBytes: activationBytes, kvElementBytes: model.kvDtype.bytes, layers: layers,
            slidingLayers: slidingLayers, window: Double(model.slidingWindow ?? model.maxContext),
            latentWidth: latentWidth, latentValueWidth: latentValueWidth, latentPrefillHeadDim: latentPrefillHeadDim)
    }

    /// Whether this batch runs from a CUDA graph: decode-only, small enough to be captured.
    @inline(__always)
    public func usesCUDAGraph(_ shape: BatchShape) -> Bool {
        cudaGraphs && shape.runsFromCUDAGraph(largestCaptured: cudaGraphMaxBatch)
    }

    /// The engine's CPU time for this batch outside the kernels: per iteration and per
    /// sequence, seconds.
    @inline(__always)
    func hostOverhead(_ shape: BatchShape) -> Double {
        iterationOverheadSeconds + perSequenceOverheadSeconds * Double(shape.prefillSequences + shape.decodeSequences)
    }

    /// What an iteration issued outside a CUDA graph adds for the engine's host work, seconds:
    /// ``EngineSpec/prefillLayerOverheadUs`` for each of `layerCount` layers of a batch with
    /// prompt tokens and ``EngineSpec/prefillIterationOverheadUs`` once,
    /// ``EngineSpec/eagerDecodeOverheadUs`` once for a decode-only batch that does not run from
    /// a graph; 0 for a decode step replayed from one.
    @inline(__always)
    func eagerHostOverhead(_ shape: BatchShape, layerCount: Double) -> Double {
        if shape.prefillSequences > 0 { return prefillLayerOverheadSeconds * layerCount + prefillIterationOverheadSeconds }
        return eagerDecodeOverheadSeconds > 0 && shape.decodeSequences > 0 && !usesCUDAGraph(shape)
            ? eagerDecodeOverheadSeconds : 0
    }

    /// The host's time to issue `layerCount` layers of this batch outside a CUDA graph
    /// (``EngineSpec/eagerLayerHostUs``): the least its kernels can take; 0 for a batch
    /// replayed from a graph or an engine without the term.
    @inline(__always)
    func eagerIssueSeconds(_ shape: BatchShape, layerCount: Double) -> Double {
        eagerLayerHostSeconds > 0 && !usesCUDAGraph(shape) ? eagerLayerHostSeconds * layerCount : 0
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
        let gather = logitsGather(tokens: Double(shape.logitTokens))
        let embed = embedding(tokens: Double(shape.totalTokens)).lessFixedTime(kernels.embeddingKernel.graphSaving(saving))
        let sends = pipelineSends(tokens: Double(shape.totalTokens))
        var seconds = hostOverlapsKernels ? 0 : hostOverhead(shape)
        seconds = seconds + eagerHostOverhead(shape, layerCount: layers) + layers * layer.seconds + head.seconds
            + gather.seconds + embed.seconds + sends.seconds
        var flops = (layers * layer.flops + head.flops) * tensorDegree
        var bytes = (layers * layer.bytes + head.bytes + embed.bytes) * tensorDegree
        var commBytes = layers * 2 * ops.allReduce.bytes + sends.bytes + gather.bytes
        var mixSeconds = 0.0
        if isLayerMixed {
            let extra = layerMixCorrection(shape, main: ops)
            seconds += extra.seconds
            mixSeconds = extra.seconds
            flops += extra.flops * tensorDegree
            bytes += extra.bytes * tensorDegree
        }
        if ops.allToAll.bytes > 0 { commBytes += moeLayers * ops.allToAll.bytes }
        let issue = eagerIssueSeconds(shape, layerCount: layers)
        var idle = 0.0
        if issue > 0 {
            // The kernels wait for the host issuing them: the longer of the two.
            let kernels = layers * layer.seconds + head.seconds + gather.seconds + embed.seconds + sends.seconds + mixSeconds
            seconds = (hostOverlapsKernels ? 0 : hostOverhead(shape)) + eagerHostOverhead(shape, layerCount: layers)
                + max(kernels, issue)
            idle = max(0, issue - kernels)
        }
        if hostOverlapsKernels { seconds = max(hostOverhead(shape), seconds) }
        // Decode attention's time over the layers, windowed in sliding-window layers (as
        // `LayerAttentionModel.overLayers`, which the tabulated model uses).
        var attentionSeconds = layers * ops.decodeAttention.seconds
        var prefillAttentionSeconds = layers * ops.prefillAttention.seconds
        if slidingLayers > 0 {
            let local = attention.decode(shape, windowed: true).lessFixedTime(saving)
            attentionSeconds += slidingLayers * (local.seconds - ops.decodeAttention.seconds)
            if prefillAttentionSeconds > 0 {
                prefillAttentionSeconds += slidingLayers
                    * (attention.prefill(shape, windowed: true).seconds - ops.prefillAttention.seconds)
            }
        }
        return IterationCost(seconds: seconds, flops: flops, bytes: bytes, commBytes: commBytes,
                             attentionSeconds: attentionSeconds, prefillAttentionSeconds: prefillAttentionSeconds,
                             gpuIdleSeconds: idle)
    }

    /// Time one pipeline stage is busy with this batch (its n/p layers, its share of the
    /// embedding and LM head with the logits' gather, and the per-iteration overhead), seconds.
    public func stageSeconds(_ shape: BatchShape) -> Double {
        if shape.isEmpty { return 0 }
        let p = Double(parallelism.pipeline)
        let saving = launchSaving(shape)
        let ops = layerOps(shape)
        let layer = ops.total
        var head = lmHead(tokens: Double(shape.logitTokens)).lessFixedTime(saving)
        head.seconds += logitsGather(tokens: Double(shape.logitTokens)).seconds
        let embed = embedding(tokens: Double(shape.totalTokens)).lessFixedTime(kernels.embeddingKernel.graphSaving(saving))
        let mixed = isLayerMixed ? layerMixCorrection(shape, main: ops).seconds / p : 0
        let issue = eagerIssueSeconds(shape, layerCount: layers / p)
        if issue > 0 {
            let kernels = max(layers / p * layer.seconds + max(head.seconds, embed.seconds) + mixed, issue)
            let eager = eagerHostOverhead(shape, layerCount: layers / p)
            return hostOverlapsKernels ? max(hostOverhead(shape), eager + kernels) : hostOverhead(shape) + eager + kernels
        }
        if hostOverlapsKernels {
            return max(hostOverhead(shape), eagerHostOverhead(shape, layerCount: layers / p) + layers / p * layer.seconds
                       + max(head.seconds, embed.seconds) + mixed)
        }
        return hostOverhead(shape) + eagerHostOverhead(shape, layerCount: layers / p) + layers / p * layer.seconds
            + max(head.seconds, embed.seconds) + mixed
    }
}
