/// How each GPU of a replica splits its memory: weights, activation workspace, KV blocks.
///
/// Follows vLLM's accounting (Kwon et al. 2023, "Efficient Memory Management for Large
/// Language Model Serving with PagedAttention", §4; vLLM's `gpu_memory_utilization`): of each
/// GPU's capacity × utilisation, take the weight shard (weights / (t·p)) and the peak
/// activation workspace of a forward pass of `maxBatchTokens` tokens; the rest becomes KV
/// blocks of `blockSizeTokens` tokens. One block holds the K and V of its tokens for the
/// GPU's layers and KV heads, so every GPU of the replica holds the same number of blocks and
/// a replica's block count is one GPU's.
///
/// The KV bytes of a token on one GPU are 2 · (n/p) · ⌈H_kv/t⌉ · D · k, or (n/p) · (r + d_R) ·
/// k for multi-head latent attention (the latent is cached whole on every GPU of the group).
/// Sliding-window layers (``ModelSpec/slidingLayerCount``) hold at most W tokens of a
/// sequence; the block pool counts tokens of all layers alike, so the plan takes the larger
/// of two capacities that both bound what the cache really holds: (a) every layer charged per
/// token (exact while sequences are at most W long), or (b) the pool charged per token for the
/// global layers only, with min(W, max_context) tokens of every sliding layer set aside for
/// each of the `maxSequences` sequences that can run at once (exact when they all run at
/// W or more). With only sliding layers, (b) holds any number of tokens; the pool is then
/// sized to `maxSequences` sequences of max_context.
///
/// The activation workspace per token is one layer's live tensors on one GPU, a·(2d + QKV
/// width/t + (up width + f)/t), plus fp32 logits V/t for up to 256 sequences (vLLM's default
/// `max_num_seqs`) — the shape of vLLM's profiling run. CUDA context and allocator slack
/// (~0.5–1 GB) are taken to be inside the (1 − utilisation) headroom.
///
/// An engine that sizes its KV cache from the memory left free once the model is in
/// (``KVCacheSizing/fractionOfFree``, TensorRT-LLM's `kv_cache_free_gpu_memory_fraction`) gives
/// the KV cache f·(M − W − A) of a GPU of M bytes instead of f·M − W − A: the weights and the
/// workspace need only fit in M.
public struct MemoryPlan: Sendable, Equatable {
    /// Weight shard held by each GPU, bytes.
    public var weightBytesPerGPU: Double
    /// Peak activation workspace reserved on each GPU, bytes.
    public var activationBytesPerGPU: Double
    /// Memory given to KV blocks on each GPU (whole blocks only), bytes.
    public var kvBytesPerGPU: Double
    /// KV blocks of the replica (one block = `blockSizeTokens` tokens of all layers).
    public var kvBlocks: Int
    /// Tokens the replica's KV cache holds, kvBlocks · blockSizeTokens.
    public var kvTokenCapacity: Int
    /// KV bytes the block pool charges one token on one GPU: 2 · (n/p) · ⌈H_kv/t⌉ · D · k
    /// ((n/p) · (r + d_R) · k for MLA); the global layers' share only under capacity (b) of a
    /// sliding-window model.
    public var kvBytesPerTokenPerGPU: Double
    /// KV bytes of one token of every layer of a stage on one GPU, windows not applied (what
    /// swapping a token moves).
    public var kvBytesPerTokenAllLayersPerGPU: Double = 0
    /// Each GPU's memory, bytes.
    public var capacityBytesPerGPU: Double = 0
    /// What is left of each GPU after weights, activations and KV blocks: the
    /// (1 − gpu_memory_utilization) headroom and the part of a block that does not fit, bytes.
    public var freeBytesPerGPU: Double { capacityBytesPerGPU - weightBytesPerGPU - activationBytesPerGPU - kvBytesPerGPU }

    /// - Parameter otherWeightBytesPerGPU: weights of another model on the same GPUs (a
    ///   speculative draft), taken from the memory before the KV cache is sized.
    /// - Throws: ``MemoryFitError`` when the weight shard exceeds capacity × utilisation, or
    ///   when what is left holds less than one sequence of `model.maxContext` tokens.
    public init(model: ModelSpec, hardware: HardwareSpec, parallelism: Parallelism,
                gpuMemoryUtilization: Double, blockSizeTokens: Int,
                maxBatchTokens: Int, maxSequences: Int = 256,
                kvCacheSizing: KVCacheSizing = .fractionOfTotal, otherWeightBytesPerGPU: Double = 0) throws(MemoryFitError) {
        precondition(gpuMemoryUtilization > 0 && gpuMemoryUtilization <= 1,
                     "gpuMemoryUtilization must be in (0, 1], got \(gpuMemoryUtilization)")
        precondition(blockSizeTokens > 0 && maxBatchTokens > 0,
                     "blockSizeTokens and maxBatchTokens must be > 0")
        let t = Double(parallelism.tensor), p = Double(parallelism.pipeline)
        let ofFree = kvCacheSizing == .fractionOfFree
        let usable = ofFree ? hardware.memoryBytes : hardware.memoryBytes * gpuMemoryUtilization
        let weights = model.weightBytes / (t * p)
        let a = model.activationBytes
        let d = Double(model.hiddenSize)
        let kvHeadsPerGPU = max(1, (Double(model.kvHeads) / t).rounded(.up))
        let qkv = (Double(model.heads) / t + 2 * kvHeadsPerGPU) * Double(model.headDim)
        let f = Double(model.intermediateSize) / t
        let up = (model.gatedMLP ? 2 : 1) * f
        let tokens = Double(maxBatchTokens)
        let activations = tokens * a * (2 * d + qkv + up + f)
            + min(tokens, 256) * Double(model.vocabSize) / t * 4
        let layersPerStage = (Double(model.layers) / p).rounded(.up)
        let allLayers = model.mlaLatentWidth == nil
            ? 2 * layersPerStage * kvHeadsPerGPU * Double(model.headDim) * model.kvDtype.bytes
            : layersPerStage * model.kvElementsPerTokenPerLayer(tensor: parallelism.tensor) * model.kvDtype.bytes
        var perToken = allLayers

        let setup = "\(parallelism.gpus)×\(hardware.name) (tp=\(parallelism.tensor), pp=\(parallelism.pipeline))"
        let budget = ofFree
            ? "\(MemoryFitError.gigabytes(usable)), of which gpu_memory_utilization \(MemoryFitError.fraction(gpuMemoryUtilization)) of what weights and activations leave free goes to the KV cache (engine.kv_cache_sizing = \"fraction_of_free\")"
            : "\(MemoryFitError.gigabytes(usable)) (\(MemoryFitError.gigabytes(hardware.memoryBytes)) × gpu_memory_utilization \(MemoryFitError.fraction(gpuMemoryUtilization)))"
        if weights > usable {
            let needed = Self.smallestTensorDegree(weights: model.weightBytes, pipeline: p, usable: usable)
            throw MemoryFitError(kind: .weights, message:
                "\(model.name) in \(model.weightDtype.rawValue) needs \(MemoryFitError.gigabytes(model.weightBytes)) of weights, "
                + "\(MemoryFitError.gigabytes(weights)) per GPU on \(setup); each GPU holds \(budget): "
                + (needed <= hardware.gpusPerNode
                    ? "use cluster.tp ≥ \(needed) (or more pipeline stages, or a smaller weight_dtype)."
                    : "no tensor-parallel group of one node (≤ \(hardware.gpusPerNode) GPUs) holds it; raise scheduler.gpu_memory_utilization, add pipeline stages (cluster.pp) or use a smaller weight_dtype."))
        }
        let unclaimed = usable - weights - otherWeightBytesPerGPU - activations
        let left = ofFree ? gpuMemoryUtilization * unclaimed : unclaimed
        var blockBytes = perToken * Double(blockSizeTokens)
        var blocks = left > 0 ? Int((left / blockBytes).rounded(.down)) : 0
        var reserved = 0.0
        if let windowed = Self.windowedPool(model: model, tensor: parallelism.tensor, layersPerStage: layersPerStage,
                                            left: left, blockSizeTokens: blockSizeTokens, maxSequences: maxSequences),
           windowed.blocks > blocks {
            (perToken, blocks, reserved) = (windowed.perToken, windowed.blocks, windowed.reserved)
            blockBytes = perToken * Double(blockSizeTokens)
        }
        let capacity = blocks * blockSizeTokens
        if blocks < 1 || capacity < model.maxContext {
            throw MemoryFitError(kind: .kvCache, message:
                "\(model.name) on \(setup): of each GPU's \(budget), weights take \(MemoryFitError.gigabytes(weights)) and "
                + "activations for \(maxBatchTokens) batch tokens \(MemoryFitError.gigabytes(activations)), leaving "
                + "\(MemoryFitError.gigabytes(max(left, 0))) for the KV cache: \(capacity) tokens, fewer than one "
                + "sequence of max_context \(model.maxContext) (\(MemoryFitError.gigabytes(perToken * Double(model.maxContext))) per GPU): "
                + "raise cluster.tp or gpu_memory_utilization, or lower max_context or the batch token budget.")
        }
        weightBytesPerGPU = weights
        activationBytesPerGPU = activations
        kvBytesPerGPU = Double(blocks) * blockBytes + reserved
        kvBlocks = blocks
        kvTokenCapacity = capacity
        kvBytesPerTokenPerGPU = perToken
        kvBytesPerTokenAllLayersPerGPU = allLayers
        capacityBytesPerGPU = hardware.memoryBytes
    }

    /// One line for people: `weights 13.5 GB · activations 1.2 GB · KV 57.3 GB (3,493 blocks,
    /// 55,888 tokens) · free 8.0 GB of 80.0 GB per GPU`.
    public var summaryLine: String {
        func gb(_ bytes: Double) -> String { String(format: "%.2f GB", bytes / 1e9) }
        return "weights \(gb(weightBytesPerGPU)) · activations \(gb(activationBytesPerGPU)) · KV \(gb(kvBytesPerGPU)) "
            + "(\(kvBlocks) blocks, \(kvTokenCapacity) tokens) · free \(gb(freeBytesPerGPU)) of \(gb(capacityBytesPerGPU)) per GPU"
    }

    /// Capacity (b) of a model with sliding-window layers (see the type's notes): per-token
    /// bytes of the global layers, the windows set aside, the blocks that fit; nil without
    /// sliding layers or when the windows do not fit.
    static func windowedPool(model: ModelSpec, tensor: Int, layersPerStage: Double, left: Double,
                             blockSizeTokens: Int, maxSequences: Int) -> (perToken: Double, blocks: Int, reserved: Double)? {
        guard model.slidingLayerCount > 0, let window = model.slidingWindow, left > 0 else { return nil }
        let share = layersPerStage / Double(model.layers)
        let perLayerToken = model.kvElementsPerTokenPerLayer(tensor: tensor) * model.kvDtype.bytes
        let slidingPerStage = Double(model.slidingLayerCount) * share
        let globalPerStage = Double(model.globalLayerCount) * share
        let reserved = Double(maxSequences) * slidingPerStage * Double(min(window, model.maxContext)) * perLayerToken
        guard reserved < left else { return nil }
        let perToken = globalPerStage * perLayerToken
        let blocks: Int
        if perToken > 0 {
            blocks = Int(((left - reserved) / (perToken * Double(blockSizeTokens))).rounded(.down))
        } else {
            let tokens = Double(maxSequences) * Double(model.maxContext)
            blocks = Int((tokens / Double(blockSizeTokens)).rounded(.up))
        }
        return (perToken, blocks, reserved)
    }

    /// Smallest power-of-two TP degree whose weight shard fits in `usable` bytes.
    static func smallestTensorDegree(weights: Double, pipeline: Double, usable: Double) -> Int {
        var t = 1
        while weights / (Double(t) * pipeline) > usable && t < 1024 { t *= 2 }
        return t
    }
}
