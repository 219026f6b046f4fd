/// Predicts measured kernel times (``MeasuredKernel``) through the functions of
/// ``KernelTimeModel`` that the simulator's cost model calls — `gemm`, `decodeAttention`,
/// `prefillAttention`, `allReduce` — so that what is validated and fitted is what is
/// simulated.
///
/// Inputs as the tables describe them: GEMM weights of 2 bytes (bf16) or 1 (fp8, at the fp8
/// peak and `fp8_compute_efficiency`), bf16 activations (an fp8 GEMM quantises its input
/// itself, see ``KernelTimeModel``); decode attention with one new token on
/// top of `kvLength` cached ones (context kvLength + 1), bf16 queries; prefill attention of
/// whole prompts, no cache, with the work its time follows given by the hardware's query tile
/// as in ``RooflineCostModel``; the custom all-reduce rows by the engine's algorithm (the
/// custom kernel where it applies, else NCCL's ring), the NCCL rows by the ring (all-gather
/// and reduce-scatter by half its passes, all-to-all as the expert-parallel dispatch the
/// simulator times, each GPU sending (t−1)/t of its buffer); a fused MoE
/// layer as ``RooflineCostModel``'s MLP of an MoE model — routing, the gated up projection,
/// SiLU·gate, the down projection — on the tables' round-robin routing (T·k/ep rows over
/// min(E/ep, T·k/ep) experts), bf16 activations.
public struct KernelPredictor: Sendable {
    let bf16: KernelTimeModel
    let fp8: KernelTimeModel
    let ring: KernelTimeModel

    /// - Parameters: `engine`, the serving stack of the custom all-reduce rows.
    public init(hardware: HardwareSpec, engine: EngineSpec) {
        // An isolated collective has no slowest GPU to wait for: the engine's skew is a term of
        // whole model passes, not of the kernel measured here.
        var engine = engine
        engine.allReduceSkewUsPerPeer = 0
        bf16 = KernelTimeModel(hardware: hardware, weightDtype: .bf16, engine: engine)
        fp8 = KernelTimeModel(hardware: hardware, weightDtype: .fp8, engine: engine)
        var nccl = EngineSpec.bare(hardware)
        nccl.allReduce = .ring
        ring = KernelTimeModel(hardware: hardware, weightDtype: .bf16, engine: nccl)
    }

    /// The predictor of `gpu`'s rows on `hardware` (its preset unless given) with its engine and
    /// the attention library of its attention rows (``KernelGPU/attentionLibrary``).
    /// - Throws: ``PresetError`` for an unknown preset.
    public init(gpu: KernelGPU, hardware: HardwareSpec? = nil) throws(PresetError) {
        let h: HardwareSpec
        if let hardware { h = hardware } else { h = try Presets.hardware(named: gpu.preset) }
        var engine = try Presets.engine(named: gpu.engine, on: h)
        engine.attentionLibrary = gpu.attentionLibrary
        self.init(hardware: h, engine: engine)
    }

    /// The predicted time of `m`, seconds.
    public func seconds(_ m: MeasuredKernel) -> Double {
        switch m.op {
        case let .gemm(rows, n, k, isFP8):
            // fp8 rows: fp8 weights, bf16 activations in and out (quantised inside the op), as the
            // simulator's fp8 models run them.
            return (isFP8 ? fp8 : bf16).gemm(m: Double(rows), n: Double(n), k: Double(k), weightBytes: isFP8 ? 1 : 2,
                                             activationBytes: 2).seconds
        case let .decodeAttention(batch, kvLength, heads, kvHeads, headDim, kvBytes):
            return bf16.attention.decodeAttention(sequences: Double(batch), contextTokens: Double(batch * (kvLength + 1)),
                                                  heads: Double(heads), kvHeads: Double(kvHeads), headDim: Double(headDim),
                                                  activationBytes: 2, kvBytes: kvBytes).seconds
        case let .prefillAttention(batch, length, heads, kvHeads, headDim, bytes):
            let attention = bf16.attention
            var shape = BatchShape(attentionQueryTile: attention.attentionQueryTile ?? 0)
            for _ in 0..<batch { shape.addPrefillChunk(newTokens: length, cachedTokens: 0, completesPrompt: true) }
            return attention.prefillAttention(
                newTokens: Double(shape.prefillTokens), cachedTokens: 0, tokenPairs: shape.prefillAttentionTokenPairs,
                timedTokenPairs: attention.prefillTimedTokenPairs(shape), heads: Double(heads), kvHeads: Double(kvHeads),
                headDim: Double(headDim), activationBytes: bytes, kvBytes: bytes, sequences: Double(batch),
                queryTiles: attention.prefillQueryTiles(shape),
                longestTileTokenPairs: attention.prefillLongestTileTokenPairs(shape)).seconds
        case let .allReduce(gpus, bytes, custom):
            return (custom ? bf16 : ring).allReduce(bytes: bytes, workers: gpus).seconds
        case let .ncclCollective(collective, gpus, bytes):
            switch collective {
            case .allGather, .reduceScatter:
                return ring.ringAllGather(bytes: bytes, workers: gpus).seconds
            case .allToAll:
                // Each GPU keeps its own 1/t of the send buffer and sends the rest.
                let t = Double(gpus)
                return ring.allToAll(bytesPerRank: (t - 1) / t * bytes, peers: t - 1).seconds
            }
        case let .moe(tokens, hidden, inter, topk, experts, tp, ep, isFP8):
            let model = isFP8 ? fp8 : bf16
            let rows = Double(tokens * topk) / Double(ep), d = Double(hidden), f = Double(inter) / Double(tp)
            let touched = min(Double(experts) / Double(ep), rows), w: Double = isFP8 ? 1 : 2
            let up = model.expertGemm(m: rows, n: 2 * f, k: d, weightBytes: w, activationBytes: 2, experts: touched)
            let act = model.streaming(bytes: rows * 3 * f * 2, bytesPerSecond: model.activationBytesPerSecond)
            let down = model.expertGemm(m: rows, n: d, k: f, weightBytes: w, activationBytes: 2, experts: touched)
            return model.moeRouting(pairs: rows).seconds + up.seconds + act.seconds + down.seconds
        }
    }
}
