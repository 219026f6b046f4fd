/// The per-op functions of one layer, on one GPU of the TP group. ``RooflineCostModel/cost(_:)``
/// sums them; ``OpValidation`` calls them one by one against measured op times.
extension RooflineCostModel {
    /// The ops of one layer for a batch, each on one GPU (a fixed set of scalars).
    package struct LayerOps {
        var inputNorm = OpEstimate.zero, qkv = OpEstimate.zero, rope = OpEstimate.zero
        package var prefillAttention = OpEstimate.zero, decodeAttention = OpEstimate.zero
        var outProj = OpEstimate.zero, postNorm = OpEstimate.zero, mlpUp = OpEstimate.zero
        var mlpAct = OpEstimate.zero, mlpDown = OpEstimate.zero, add = OpEstimate.zero
        /// One of the two all-reduces of the layer (after attention and after the MLP).
        var allReduce = OpEstimate.zero
        /// The expert-parallel dispatch and combine of an MoE layer (zero without EP).
        var allToAll = OpEstimate.zero

        /// The layer's ops in execution order, with their Vidur profiler names.
        var named: [(String, OpEstimate)] {
            [("input_layernorm", inputNorm), ("attn_pre_proj", qkv), ("attn_rope", rope),
             ("attn_prefill", prefillAttention), ("attn_decode", decodeAttention),
             ("attn_post_proj", outProj), ("all_reduce", allReduce.repeated(2)),
             ("post_attention_layernorm", postNorm), ("mlp_up_proj", mlpUp),
             ("mlp_act", mlpAct), ("mlp_down_proj", mlpDown), ("moe_all_to_all", allToAll), ("add", add)]
        }

        /// Sum of the layer's ops on one GPU: HBM bytes and FLOPs of the kernels, and the
        /// seconds of all ops, both all-reduces and the all-to-alls included (their
        /// interconnect bytes are counted apart, in `allReduce.bytes` and `allToAll.bytes`).
        /// Written out term by term so that the hot path builds no array.
        var total: OpEstimate {
            var sum = OpEstimate(seconds: 2 * allReduce.seconds + allToAll.seconds, flops: 0, bytes: 0, bound: .compute)
            sum.add(inputNorm); sum.add(qkv); sum.add(rope); sum.add(prefillAttention)
            sum.add(decodeAttention); sum.add(outProj); sum.add(postNorm); sum.add(mlpUp)
            sum.add(mlpAct); sum.add(mlpDown); sum.add(add)
            return sum
        }
    }

    /// The ops of one layer for `shape`, with CUDA-graph launch savings when the batch runs
    /// from a graph (see ``RooflineCostModel``).
    package func layerOps(_ shape: BatchShape) -> LayerOps {
        let tokens = Double(shape.totalTokens)
        let touched = moe.expertsTouched(tokens: tokens)
        var ops = LayerOps()
        ops.inputNorm = norm(tokens: tokens)
        ops.qkv = qkvProjection(tokens: tokens)
        ops.rope = rope(tokens: tokens)
        ops.prefillAttention = attention.prefill(shape, windowed: false)
        ops.decodeAttention = attention.decode(shape, windowed: false)
        ops.outProj = outputProjection(tokens: tokens)
        ops.postNorm = norm(tokens: tokens)
        ops.mlpUp = mlpUpProjection(tokens: tokens, expertsTouched: touched)
        ops.mlpAct = mlpActivation(tokens: tokens)
        ops.mlpDown = mlpDownProjection(tokens: tokens, expertsTouched: touched)
        ops.add = residualAdd(tokens: tokens)
        ops.allReduce = tensorAllReduce(tokens: tokens, eager: !usesCUDAGraph(shape))
        ops.allToAll = expertAllToAll(tokens: tokens)
        let saving = launchSaving(shape)
        if saving > 0 {
            ops.inputNorm = ops.inputNorm.lessFixedTime(kernels.normKernel.graphSaving(saving))
            ops.qkv = ops.qkv.lessFixedTime(saving)
            ops.rope = ops.rope.lessFixedTime(kernels.ropeKernel.graphSaving(saving))
            ops.decodeAttention = ops.decodeAttention.lessFixedTime(saving)
            ops.outProj = ops.outProj.lessFixedTime(saving)
            ops.postNorm = ops.postNorm.lessFixedTime(kernels.normKernel.graphSaving(saving))
            ops.mlpUp = ops.mlpUp.lessFixedTime(saving)
            ops.mlpAct = ops.mlpAct.lessFixedTime(kernels.activationKernel.graphSaving(saving))
            ops.mlpDown = ops.mlpDown.lessFixedTime(saving)
            ops.add = ops.add.lessFixedTime(kernels.addKernel.graphSaving(saving))
        }
        return ops
    }

    /// Fused QKV projection: [T × d] · [d × (H/t + 2⌈H_kv/t⌉)·D].
    package func qkvProjection(tokens: Double) -> OpEstimate {
        kernels.gemm(m: tokens, n: qkvOut, k: hidden, weightBytes: weightElementBytes,
                     activationBytes: activationBytes)
    }

    /// Attention output projection (row-parallel): [T × H·D/t] · [H·D/t × d].
    func outputProjection(tokens: Double) -> OpEstimate {
        kernels.gemm(m: tokens, n: hidden, k: attentionIn, weightBytes: weightElementBytes,
                     activationBytes: activationBytes)
    }

    /// MLP up projection, gate and up fused when gated: [T × d] · [d × (1 or 2)·f/t]; for
    /// MoE, a grouped GEMM of T·k rows over the experts touched, with the layer's routing
    /// (``KernelTimeModel/moeRouting(pairs:)``) counted here.
    package func mlpUpProjection(tokens: Double, expertsTouched: Double? = nil) -> OpEstimate {
        guard moe.isSparse else {
            return kernels.gemm(m: tokens, n: mlpUpOut, k: hidden, weightBytes: weightElementBytes,
                                activationBytes: activationBytes)
        }
        var op = routedExpertGemm(tokens: tokens, n: mlpUpOut, k: hidden, expertsTouched: expertsTouched)
        op.add(kernels.moeRouting(pairs: tokens * moe.active))
        if sharedUpOut > 0 {
            op.add(kernels.gemm(m: tokens, n: sharedUpOut, k: hidden, weightBytes: weightElementBytes,
                                activationBytes: activationBytes))
        }
        return op
    }

    /// MLP down projection (row-parallel): [T × f/t] · [f/t × d]; for MoE over T·k rows and
    /// the experts touched.
    package func mlpDownProjection(tokens: Double, expertsTouched: Double? = nil) -> OpEstimate {
        guard moe.isSparse else {
            return kernels.gemm(m: tokens, n: hidden, k: mlpDownIn, weightBytes: weightElementBytes,
                                activationBytes: activationBytes)
        }
        var op = routedExpertGemm(tokens: tokens, n: hidden, k: mlpDownIn, expertsTouched: expertsTouched)
        if sharedDownIn > 0 {
            op.add(kernels.gemm(m: tokens, n: hidden, k: sharedDownIn, weightBytes: weightElementBytes,
                                activationBytes: activationBytes))
        }
        return op
    }

    /// The routed experts' grouped GEMM [rows × k] · [k × n] on the busiest expert-parallel
    /// rank: its rows and its share of the experts touched; FLOPs are the mean rank's work,
    /// time the busiest rank's.
    private func routedExpertGemm(tokens: Double, n: Double, k: Double, expertsTouched: Double?) -> OpEstimate {
        var op = kernels.expertGemm(m: expertRows(tokens: tokens), n: n, k: k, weightBytes: weightElementBytes,
                                    activationBytes: activationBytes,
                                    experts: (expertsTouched ?? moe.expertsTouched(tokens: tokens)) / expertRanks)
        if expertImbalance != 1 { op.flops /= expertImbalance }
        return op
    }

    /// RMSNorm/LayerNorm: reads and writes T·d activations.
    package func norm(tokens: Double) -> OpEstimate {
        kernels.streaming(bytes: 2 * tokens * hidden * activationBytes, rows: tokens, kernel: kernels.normKernel)
    }

    /// Rotary embedding applied in place to this GPU's query and key heads.
    package func rope(tokens: Double) -> OpEstimate {
        kernels.streaming(bytes: 2 * tokens * (headsPerGPU + kvHeadsPerGPU) * headDim * activationBytes,
                          rows: tokens, kernel: kernels.ropeKernel)
    }

    /// SiLU·gate (reads 2f/t, writes f/t) or GELU (reads f/t, writes f/t), on T·k rows (the
    /// busiest expert-parallel rank's under EP), and on the shared experts' T rows.
    func mlpActivation(tokens: Double) -> OpEstimate {
        kernels.streaming(bytes: expertRows(tokens: tokens) * (mlpUpOut + mlpDownIn) * activationBytes
                            + tokens * (sharedUpOut + sharedDownIn) * activationBytes,
                          rows: expertRows(tokens: tokens) + (sharedUpOut > 0 ? tokens : 0), kernel: kernels.activationKernel)
    }

    /// Residual add: reads two T·d tensors, writes one. vLLM fuses the other residual add
    /// into the next norm, so one per layer is counted.
    func residualAdd(tokens: Double) -> OpEstimate {
        kernels.streaming(bytes: 3 * tokens * hidden * activationBytes, rows: tokens, kernel: kernels.addKernel)
    }

    /// One TP all-reduce of the layer's T·d·a output (zero when t = 1); `eager`: launched
    /// outside a CUDA graph.
    func tensorAllReduce(tokens: Double, eager: Bool) -> OpEstimate {
        kernels.allReduce(bytes: tokens * hidden * activationBytes, workers: parallelism.tensor, eager: eager)
    }

    /// Embedding gather of T rows of d (vocab-parallel; the all-reduce that joins the rows
    /// is folded into this estimate's memory term).
    func embedding(tokens: Double) -> OpEstimate {
        kernels.streaming(bytes: 2 * tokens * hidden * activationBytes, rows: tokens, kernel: kernels.embeddingKernel)
    }

    /// LM head over the tokens that emit logits: [L × d] · [d × V/t].
    func lmHead(tokens: Double) -> OpEstimate {
        kernels.gemm(m: tokens, n: vocabPerGPU, k: hidden, weightBytes: weightElementBytes,
                     activationBytes: activationBytes)
    }

    /// The gather of the vocabulary-parallel LM head's logits at TP > 1: each GPU computes
    /// `tokens` × vocab/t logits and the TP group gathers them, `tokens` · vocab activations,
    /// in one NCCL all-gather (``KernelTimeModel/ringAllGather(bytes:workers:)``). vLLM V1,
    /// SGLang and TensorRT-LLM all-gather them (`LogitsProcessor._gather_logits` with
    /// `use_all_gather`, `tensor_model_parallel_all_gather`, a column-parallel LM head with
    /// `gather_output`); vLLM V0 gathers them into the first GPU, the same bytes into one GPU.
    /// In a decode step every sequence's row is gathered: 128 sequences of a 128,256-token
    /// vocabulary in bf16 are 33 MB. Zero at TP 1. A group over several nodes is timed as on
    /// one node (its network is not modelled for this op).
    func logitsGather(tokens: Double) -> OpEstimate {
        guard parallelism.tensor > 1, tokens > 0 else { return .zero }
        return kernels.ringAllGather(bytes: tokens * vocabPerGPU * tensorDegree * activationBytes, workers: parallelism.tensor)
    }

    /// Activation sends between the p pipeline stages: (p−1) · (α + T·d·a / link_bw). Where
    /// the hardware describes the network between nodes, the stages fill nodes in order
    /// (⌊gpus_per_node / tp⌋ stages a node) and each boundary between two nodes sends over
    /// the network instead (``KernelTimeModel/sendAcrossNodes(bytes:)``).
    package func pipelineSends(tokens: Double) -> OpEstimate {
        let boundaries = parallelism.pipeline - 1
        guard boundaries > 0 else { return .zero }
        let bytes = tokens * hidden * activationBytes
        guard hardware.interNodeBandwidthGBs != nil else { return kernels.send(bytes: bytes).repeated(Double(boundaries)) }
        let stagesPerNode = max(1, hardware.gpusPerNode / max(1, parallelism.tensor))
        let crossings = boundaries / stagesPerNode
        var sends = kernels.send(bytes: bytes).repeated(Double(boundaries - crossings))
        sends.add(kernels.sendAcrossNodes(bytes: bytes).repeated(Double(crossings)))
        return sends
    }
}

extension RooflineCostModel {
    /// One token-level op of a layer by its Vidur profiler name, for `tokens` tokens, launched
    /// eagerly as the profiler ran it (the validation entry point; the cost path calls the same
    /// functions through `layerOps`).
    package func layerOp(_ name: String, tokens: Double) -> OpEstimate {
        switch name {
        case "emb": return embedding(tokens: tokens)
        case "input_layernorm", "post_attention_layernorm": return norm(tokens: tokens)
        case "attn_pre_proj": return qkvProjection(tokens: tokens)
        case "attn_rope": return rope(tokens: tokens)
        case "attn_post_proj": return outputProjection(tokens: tokens)
        case "mlp_up_proj": return mlpUpProjection(tokens: tokens)
        case "mlp_act": return mlpActivation(tokens: tokens)
        case "mlp_down_proj": return mlpDownProjection(tokens: tokens)
        case "add": return residualAdd(tokens: tokens)
        case "all_reduce": return tensorAllReduce(tokens: tokens, eager: true)
        default: preconditionFailure("unknown layer op '\(name)'")
        }
    }
}
