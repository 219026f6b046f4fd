import Foundation

/// The time of one kernel on one GPU: the per-op functions that both the simulator's cost
/// model (``RooflineCostModel``) and the validation against measured op times
/// (``OpValidation``) call, so that what is validated is what is simulated.
///
/// Every function is the roofline of Williams, Waterman & Patterson, "Roofline: an insightful
/// visual performance model" (CACM 2009): time = max(FLOPs / (peak · η_c), bytes / (bw · η_m)),
/// plus a fixed per-kernel time (DESIGN.md, "The cost model"), bent to real kernels by the
/// few ``KernelShapeParameters``: GEMM rows padded to the tile height, a soft maximum near
/// the ridge point, attention and collective fixed costs. All constants are precomputed in
/// `init`; the functions are O(1) and allocate nothing.
///
/// Error against measured A100 op times is reported by ``OpValidation``.
package struct KernelTimeModel: Sendable {
    /// Tensor FLOP/s reached by GEMMs on weights of the model's weight type: peak · η_c.
    package let gemmFlopsPerSecond: Double
    /// FLOP/s reached by attention (fp16/bf16 FlashAttention): fp16 peak · η_c.
    let attentionFlopsPerSecond: Double
    /// HBM bytes/s reached by streaming kernels: bw · η_m.
    let memoryBytesPerSecond: Double
    /// Fixed GPU time of one kernel launched eagerly, seconds.
    let launchSeconds: Double
    /// What replaying a kernel from a CUDA graph saves of its fixed time, seconds (≥ 0).
    let graphLaunchSavingSeconds: Double
    /// Ring all-reduce bandwidth per direction reached by NCCL: link_bw · η_link, bytes/s.
    let linkBytesPerSecond: Double
    /// α of one ring step, seconds.
    let linkLatencySeconds: Double
    /// p of the soft maximum (Cᵖ + Mᵖ)^(1/p); nil for the plain max.
    let sharpness: Double?
    /// GEMM tile height in rows.
    let tileRows: Double
    /// Prefill attention FLOP/s on the work its time follows, and its fixed time.
    let prefillFlopsPerSecond: Double, prefillOverheadSeconds: Double
    /// Query-tile height of prefill attention; nil: its time follows the unmasked work.
    package let attentionQueryTile: Int?
    /// Decode attention KV-streaming bytes/s, and its time per sequence.
    let decodeBytesPerSecond: Double, decodePerSequenceSeconds: Double
    /// Fixed time of one collective.
    let collectiveOverheadSeconds: Double
    /// Bytes/s GEMMs reach while their weight read dominates.
    let gemmBytesPerSecond: Double
    /// Decode attention's fixed time and shortest call, seconds.
    let decodeOverheadSeconds: Double, decodeFloorSeconds: Double
    /// Decode attention's time per sequence and head; prefill attention's per sequence and
    /// per token and head, seconds.
    let decodePerSequenceHeadSeconds: Double
    let prefillPerSequenceSeconds: Double, prefillPerTokenHeadSeconds: Double
    /// Bytes/s of each elementwise kernel, and their fixed and shortest times.
    package let normBytesPerSecond: Double, ropeBytesPerSecond: Double, activationBytesPerSecond: Double
    let addBytesPerSecond: Double, embeddingBytesPerSecond: Double
    let elementwiseLaunchSeconds: Double, elementwiseFloorSeconds: Double
    /// The five elementwise kernels with their own fixed times and row rates.
    let normKernel: ElementwiseKernel, ropeKernel: ElementwiseKernel, activationKernel: ElementwiseKernel
    let addKernel: ElementwiseKernel, embeddingKernel: ElementwiseKernel
    /// The engine's all-reduce: algorithm, custom kernel's limits and latency.
    let allReduceAlgorithm: AllReduceAlgorithm
    let customAllReduceMaxBytes: Double, customAllReduceLatencySeconds: Double, oneShotMaxBytes: Double
    /// The engine's wait per peer GPU at each all-reduce of a model pass, seconds.
    let allReduceSkewSeconds: Double
    /// Whether the GPUs of a TP group share NVLink (the custom all-reduce needs peer memory
    /// over NVLink): true unless the link is PCIe-class (≤ 64 GB/s per direction).
    let hasNVLink: Bool
    /// Grouped expert GEMMs' tensor FLOP/s, and MoE routing's fixed time and time per routed
    /// pair (``expertGemm(m:n:k:weightBytes:activationBytes:experts:)``, ``moeRouting(pairs:)``).
    package let moeFlopsPerSecond: Double, moeOverheadSeconds: Double, moePerPairSeconds: Double

    package init(hardware: HardwareSpec, weightDtype: DataType, engine: EngineSpec? = nil) {
        let shape = hardware.shape
        let engine = engine ?? EngineSpec.bare(hardware)
        let gemmEfficiency = weightDtype == .fp8 && hardware.peakTflopsFP8 != nil
            ? shape.fp8ComputeEfficiency ?? hardware.computeEfficiency : hardware.computeEfficiency
        gemmFlopsPerSecond = hardware.peakFlopsPerSecond(for: weightDtype) * gemmEfficiency
        let fp8Peak = weightDtype == .fp8 && hardware.peakTflopsFP8 != nil
        moeFlopsPerSecond = (fp8Peak ? shape.moeFP8ComputeEfficiency : shape.moeComputeEfficiency)
            .map { hardware.peakFlopsPerSecond(for: weightDtype) * $0 } ?? gemmFlopsPerSecond
        moeOverheadSeconds = shape.moeOverheadUs * 1e-6
        moePerPairSeconds = shape.moePerPairNs * 1e-9
        attentionFlopsPerSecond = hardware.peakTflops * 1e12 * hardware.computeEfficiency
        memoryBytesPerSecond = hardware.hbmBandwidthGBs * 1e9 * hardware.memoryEfficiency
        gemmBytesPerSecond = hardware.hbmBandwidthGBs * 1e9 * (shape.gemmMemoryEfficiency ?? hardware.memoryEfficiency)
        launchSeconds = hardware.kernelLaunchUs * 1e-6
        graphLaunchSavingSeconds = engine.cudaGraphs ? max(0, hardware.kernelLaunchUs - engine.cudaGraphLaunchUs) * 1e-6 : 0
        linkBytesPerSecond = hardware.linkBandwidthGBs * 1e9 * hardware.linkEfficiency
        linkLatencySeconds = hardware.linkLatencyUs * 1e-6
        let bandwidth = hardware.hbmBandwidthGBs * 1e9
        decodeOverheadSeconds = (shape.decodeAttentionOverheadUs ?? hardware.kernelLaunchUs) * 1e-6
        decodeFloorSeconds = shape.decodeAttentionFloorUs * 1e-6
        decodePerSequenceHeadSeconds = shape.decodeAttentionPerSequenceHeadUs * 1e-6
        prefillPerSequenceSeconds = shape.prefillAttentionPerSequenceUs * 1e-6
        prefillPerTokenHeadSeconds = shape.prefillAttentionPerTokenHeadNs * 1e-9
        let streamingEfficiency = hardware.memoryEfficiency
        normBytesPerSecond = bandwidth * (shape.normEfficiency ?? streamingEfficiency)
        ropeBytesPerSecond = bandwidth * (shape.ropeEfficiency ?? streamingEfficiency)
        activationBytesPerSecond = bandwidth * (shape.activationEfficiency ?? streamingEfficiency)
        addBytesPerSecond = bandwidth * (shape.addEfficiency ?? streamingEfficiency)
        embeddingBytesPerSecond = bandwidth * (shape.embeddingEfficiency ?? streamingEfficiency)
        elementwiseLaunchSeconds = (shape.elementwiseLaunchUs ?? hardware.kernelLaunchUs) * 1e-6
        elementwiseFloorSeconds = shape.elementwiseFloorUs * 1e-6
        let launchUs = shape.elementwiseLaunchUs ?? hardware.kernelLaunchUs
        let own = shape.elementwise
        func kernel(_ efficiency: Double?, _ ownLaunchUs: Double?, _ rowGBs: Double?,
                    _ beyondL2: Double?) -> ElementwiseKernel {
            ElementwiseKernel(bytesPerSecond: bandwidth * (efficiency ?? streamingEfficiency),
                              launchUs: ownLaunchUs ?? launchUs, rowGBs: rowGBs, l2MB: own.l2CacheMB,
                              beyondL2BytesPerSecond: beyondL2.map { bandwidth * $0 }, ownLaunch: ownLaunchUs != nil)
        }
        normKernel = kernel(shape.normEfficiency, own.normLaunchUs, own.normRowGBs, own.normBeyondL2Efficiency)
        ropeKernel = kernel(shape.ropeEfficiency, own.ropeLaunchUs, own.ropeRowGBs, own.ropeBeyondL2Efficiency)
        activationKernel = kernel(shape.activationEfficiency, own.activationLaunchUs, own.activationRowGBs,
                                  own.activationBeyondL2Efficiency)
        addKernel = kernel(shape.addEfficiency, own.addLaunchUs, own.addRowGBs, own.addBeyondL2Efficiency)
        embeddingKernel = kernel(shape.embeddingEfficiency, own.embeddingLaunchUs, own.embeddingRowGBs,
                                 own.embeddingBeyondL2Efficiency)
        allReduceAlgorithm = engine.allReduce
        customAllReduceMaxBytes = engine.customAllReduceMaxBytes
        customAllReduceLatencySeconds = (shape.customAllReduceLatencyUs ?? engine.customAllReduceLatencyUs) * 1e-6
        oneShotMaxBytes = engine.oneShotMaxBytes
        allReduceSkewSeconds = engine.allReduceSkewUsPerPeer * 1e-6
        hasNVLink = hardware.linkBandwidthGBs > 64
        sharpness = shape.rooflineSharpness >= 32 ? nil : shape.rooflineSharpness
        tileRows = Double(max(1, shape.gemmTileRows))
        prefillFlopsPerSecond = hardware.peakTflops * 1e12 * shape.prefillAttentionEfficiency
        prefillOverheadSeconds = shape.prefillAttentionOverheadUs * 1e-6
        attentionQueryTile = shape.attentionQueryTile.flatMap { $0 > 0 ? $0 : nil }
        decodeBytesPerSecond = hardware.hbmBandwidthGBs * 1e9 * shape.decodeAttentionEfficiency
        decodePerSequenceSeconds = shape.decodeAttentionPerSequenceUs * 1e-6
        collectiveOverheadSeconds = shape.collectiveOverheadUs * 1e-6
    }

    /// Soft maximum (aᵖ + bᵖ)^(1/p) of two times (the plain max when p is nil).
    @inline(__always)
    func softMax(_ a: Double, _ b: Double) -> Double {
        guard let p = sharpness else { return max(a, b) }
        let hi = max(a, b)
        guard hi > 0 else { return 0 }
        let lo = min(a, b) / hi
        return hi * Foundation.pow(1 + Foundation.pow(lo, p), 1 / p)
    }

    /// Roofline of one kernel: launch + max(compute, memory); names the larger term.
    @inline(__always)
    func roofline(flops: Double, bytes: Double, flopsPerSecond: Double) -> OpEstimate {
        let compute = flops / flopsPerSecond
        let memory = bytes / memoryBytesPerSecond
        let bound: Bound = compute >= memory ? .compute : .memory
        return OpEstimate(seconds: launchSeconds + max(compute, memory), flops: flops,
                          bytes: bytes, bound: bound)
    }

    /// A linear layer Y[m×n] = X[m×k] · W[k×n] on one GPU.
    ///
    /// FLOPs 2·m·n·k (one multiply-add per weight per token, Kaplan et al. 2020, "Scaling
    /// Laws", §2.1); bytes: the weight read once (k·n·w) plus activations in and out
    /// ((m·k + m·n)·a). Time: launch + softmax(C, M) with C computed on m rounded up to the
    /// tile height (tile quantisation, NVIDIA "Matrix Multiplication Background User's
    /// Guide", §"Tile quantization") and M = bytes / (bw · η_m): flat in m while the weight
    /// read dominates (small-m bandwidth regime), then stepping with the tiles.
    /// - Parameters: m tokens, n output features, k input features of this GPU's shard;
    ///   `weightBytes` w and `activationBytes` a per element.
    package func gemm(m: Double, n: Double, k: Double, weightBytes: Double, activationBytes: Double) -> OpEstimate {
        tiledGemm(m: m, n: n, k: k, weightBytes: weightBytes, activationBytes: activationBytes, groups: 1,
                  flopsPerSecond: gemmFlopsPerSecond)
    }

    /// The roofline of `groups` GEMMs of k×n weights sharing m rows split evenly among them,
    /// each group's rows padded to the tile on its own; `groups` may be fractional.
    package func tiledGemm(m: Double, n: Double, k: Double, weightBytes: Double, activationBytes: Double,
                   groups: Double, flopsPerSecond: Double) -> OpEstimate {
        guard m > 0 else { return .zero }
        let flops = 2 * m * n * k
        let bytes = groups * k * n * weightBytes + (m * k + m * n) * activationBytes
        let paddedRows = groups == 1 ? (m / tileRows).rounded(.up) * tileRows
            : groups * (m / groups / tileRows).rounded(.up) * tileRows
        let compute = 2 * paddedRows * n * k / flopsPerSecond
        let memory = bytes / gemmBytesPerSecond
        return OpEstimate(seconds: launchSeconds + softMax(compute, memory), flops: flops,
                          bytes: bytes, bound: compute >= memory ? .compute : .memory)
    }

    /// The token pairs whose work prefill attention's time follows: the tiled work of
    /// `shape` when the hardware sets a query tile, else the unmasked Σ cᵢ(oᵢ + cᵢ).
    @inline(__always)
    package func prefillTimedTokenPairs(_ shape: BatchShape) -> Double {
        guard let tile = attentionQueryTile else { return shape.prefillSquareTokenPairsOrEstimate }
        return shape.prefillTiledTokenPairsOrEstimate(tile: tile)
    }

    /// Causal prefill attention (FlashAttention): FLOPs 4·H·D·Σ cᵢ(oᵢ + (cᵢ+1)/2) for QKᵀ and
    /// PV (DESIGN.md; Dao 2023, "FlashAttention-2", §4.1 counts 4·seqlen²·D·H, halved for
    /// causal masks). Bytes: Q, K, V, O of the new tokens and the cached K, V read once.
    /// Time: fixed overhead + per-sequence time · sequences + per-token-and-head time · new
    /// tokens · H + max(4·H·D·W / (peak · η_prefill), bytes / (bw · η_m)), W the
    /// work the kernel really does (``prefillTimedTokenPairs(_:)``): the unmasked
    /// Σ cᵢ(oᵢ + cᵢ) by default — the measured A100 kernel's time does not shrink with the
    /// causal mask (see ``KernelShapeParameters``) — or the tiled work when a query tile is set.
    /// - Parameters: `heads` and `kvHeads` of this GPU; `tokenPairs` = Σ cᵢ(oᵢ + (cᵢ+1)/2)
    ///   (the causal work, reported as FLOPs); `timedTokenPairs` = W.
    package func prefillAttention(newTokens: Double, cachedTokens: Double, tokenPairs: Double,
                          timedTokenPairs: Double, heads: Double, kvHeads: Double,
                          headDim: Double, activationBytes: Double, kvBytes: Double,
                          sequences: Double = 1) -> OpEstimate {
        guard newTokens > 0 else { return .zero }
        let flops = 4 * heads * headDim * tokenPairs
        let bytes = newTokens * (2 * heads + 2 * kvHeads) * headDim * activationBytes
            + cachedTokens * 2 * kvHeads * headDim * kvBytes
        let compute = 4 * heads * headDim * timedTokenPairs / prefillFlopsPerSecond
        let memory = bytes / memoryBytesPerSecond
        let fixed = prefillOverheadSeconds + prefillPerSequenceSeconds * sequences
            + prefillPerTokenHeadSeconds * newTokens * heads
        return OpEstimate(seconds: fixed + max(compute, memory), flops: flops,
                          bytes: bytes, bound: compute >= memory ? .compute : .memory)
    }

    /// Decode attention (PagedAttention / FlashDecoding): each sequence reads its whole KV
    /// cache, 2·L·H_kv·D·k bytes per layer (the seeds' Bytes/token formula), and does
    /// 4·H·D·L FLOPs; bandwidth-bound at every batch size (arithmetic intensity ≈ H/H_kv).
    /// Time: max(floor, fixed + per-sequence cost · B + max(KV bytes / (bw · η_decode),
    /// FLOPs / (peak · η_c))): the measured H100 kernels take ≥ 23 µs however little KV they
    /// read, ~18 µs of fixed time above that, and stream the KV at 94 % of HBM peak.
    package func decodeAttention(sequences: Double, contextTokens: Double, heads: Double,
                         kvHeads: Double, headDim: Double,
                         activationBytes: Double, kvBytes: Double) -> OpEstimate {
        guard sequences > 0 else { return .zero }
        let flops = 4 * heads * headDim * contextTokens
        let bytes = contextTokens * 2 * kvHeads * headDim * kvBytes
            + sequences * 2 * heads * headDim * activationBytes
        return decodeTime(sequences: sequences, heads: heads, flops: flops, bytes: bytes)
    }

    /// The decode kernels' time form for given work: max(floor, fixed + per-sequence cost · B
    /// + max(bytes / (bw · η_decode), FLOPs / (peak · η_c))).
    func decodeTime(sequences: Double, heads: Double, flops: Double, bytes: Double) -> OpEstimate {
        let memory = bytes / decodeBytesPerSecond
        let compute = flops / attentionFlopsPerSecond
        let perSequence = decodePerSequenceSeconds + decodePerSequenceHeadSeconds * heads
        let seconds = max(decodeFloorSeconds, decodeOverheadSeconds + perSequence * sequences + max(memory, compute))
        return OpEstimate(seconds: seconds, flops: flops, bytes: bytes, bound: compute > memory ? .compute : .memory)
    }

    /// An elementwise kernel (norm, RoPE, activation, residual add, embedding gather) that
    /// streams `bytes` through HBM at its own achieved rate `bytesPerSecond`; its FLOPs are
    /// negligible against the GEMMs. Time: max(floor, fixed + bytes / rate).
    package func streaming(bytes: Double, bytesPerSecond: Double) -> OpEstimate {
        guard bytes > 0 else { return .zero }
        let seconds = max(elementwiseFloorSeconds, elementwiseLaunchSeconds + bytes / bytesPerSecond)
        return OpEstimate(seconds: seconds, flops: 0, bytes: bytes, bound: .memory)
    }

    /// An elementwise kernel of `rows` rows (tokens) that streams `bytes` in all: time =
    /// max(floor, fixed + max(one row's bytes / the kernel's row rate, bytes / its HBM rate)),
    /// the bytes beyond the L2 cache at the kernel's beyond-L2 rate where it has one.
    /// Without a row rate and an own fixed time this is ``streaming(bytes:bytesPerSecond:)``.
    @inline(__always)
    func streaming(bytes: Double, rows: Double, kernel: ElementwiseKernel) -> OpEstimate {
        guard bytes > 0 else { return .zero }
        let row = rows > 0 ? bytes / rows * kernel.rowSecondsPerByte : 0
        let seconds = max(elementwiseFloorSeconds, kernel.launchSeconds + max(row, kernel.streamSeconds(bytes)))
        return OpEstimate(seconds: seconds, flops: 0, bytes: bytes, bound: .memory)
    }

    /// All-reduce of `bytes` over `workers` GPUs of one node by the engine's algorithm: the
    /// custom one-shot/two-shot kernel where it applies (NVLink, at most 8 GPUs, a message up
    /// to its limit), else NCCL's ring.
    ///
    /// One-shot: every GPU reads its t−1 peers' whole buffers over NVLink and sums them:
    /// latency + (t−1)·bytes / (link_bw · η_link). Two-shot: reduce-scatter then all-gather
    /// through peer memory, each GPU moving 2(t−1)/t of the message: 2 · latency +
    /// 2(t−1)/t · bytes / (link_bw · η_link). vLLM picks one-shot for 2 GPUs, and below
    /// `one_shot_max_bytes` at ≤ 4 GPUs (half of it at 8).
    package func allReduce(bytes: Double, workers: Int) -> OpEstimate {
        guard workers > 1, bytes > 0 else { return .zero }
        var op = collective(bytes: bytes, workers: workers)
        op.seconds += allReduceSkewSeconds * Double(workers - 1)
        return op
    }

    /// The all-reduce's own time by algorithm (no skew).
    private func collective(bytes: Double, workers: Int) -> OpEstimate {
        guard allReduceAlgorithm == .custom, hasNVLink, workers <= 8, bytes <= customAllReduceMaxBytes else {
            return ringAllReduce(bytes: bytes, workers: workers)
        }
        let t = Double(workers)
        let oneShotLimit = workers <= 4 ? oneShotMaxBytes : oneShotMaxBytes / 2
        let seconds = workers == 2 || bytes < oneShotLimit
            ? customAllReduceLatencySeconds + (t - 1) * bytes / linkBytesPerSecond
            : 2 * customAllReduceLatencySeconds + 2 * (t - 1) / t * bytes / linkBytesPerSecond
        return OpEstimate(seconds: seconds, flops: 0, bytes: 2 * (t - 1) * bytes, bound: .communication)
    }

    /// Ring all-reduce of `bytes` over `workers` GPUs of one node:
    /// fixed overhead + 2(t−1)/t · bytes / (link_bw · η_link) + 2(t−1)·α
    /// (Patarasuk & Yuan 2009, "Bandwidth optimal all-reduce algorithms"; NCCL's
    /// performance notes use the same bus-bandwidth factor 2(t−1)/t).
    /// `bytes` of the result are interconnect bytes sent by all GPUs together, 2(t−1)·size.
    func ringAllReduce(bytes: Double, workers: Int) -> OpEstimate {
        guard workers > 1, bytes > 0 else { return .zero }
        let t = Double(workers)
        let seconds = collectiveOverheadSeconds + 2 * (t - 1) / t * bytes / linkBytesPerSecond
            + 2 * (t - 1) * linkLatencySeconds
        return OpEstimate(seconds: seconds, flops: 0, bytes: 2 * (t - 1) * bytes,
                          bound: .communication)
    }

    /// Point-to-point send of `bytes` between pipeline stages: α + bytes / link_bw.
    func send(bytes: Double) -> OpEstimate {
        guard bytes > 0 else { return .zero }
        return OpEstimate(seconds: linkLatencySeconds + bytes / linkBytesPerSecond, flops: 0,
                          bytes: bytes, bound: .communication)
    }
}
