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
/// `init`; the functions are O(1) and allocate nothing. The attention kernels are
/// ``AttentionKernelTimeModel``'s (`attention`).
///
/// Error against measured A100 op times is reported by ``OpValidation``.
package struct KernelTimeModel: Sendable {
    /// Tensor FLOP/s reached by GEMMs on weights of the model's weight type: peak · η_c.
    package let gemmFlopsPerSecond: Double
    /// HBM bytes/s reached by streaming kernels: bw · η_m.
    let memoryBytesPerSecond: Double
    /// The attention kernels (prefill and decode), the only ones timed per batch shape.
    package let attention: AttentionKernelTimeModel
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
    /// The dense GEMM's fixed time and p: fp8 GEMMs' own where the hardware sets them, else
    /// `launchSeconds` and `sharpness`; and the seconds per byte of activations that fp8 GEMMs
    /// spend quantising their input (0: no such term) — ``gemm(m:n:k:weightBytes:activationBytes:)``.
    let gemmLaunchSeconds: Double, gemmSharpness: Double?, quantSecondsPerByte: Double
    /// Marlin's fixed time per launch, seconds, where the GEMMs are Marlin's and the GPU sets
    /// one (`weight_only_launch_us`), paid once per launch of ``marlinLaunches(rows:)`` in place
    /// of `gemmLaunchSeconds`; nil otherwise.
    let marlinLaunchSeconds: Double?
    /// GEMM tile height in rows.
    package let tileRows: Double
    /// Fixed time of one collective.
    let collectiveOverheadSeconds: Double
    /// NCCL's LL protocol: its bytes/s on the link (nil: the ring has one protocol); and the
    /// Simple protocol's fixed time, seconds (``ringAllReduce(bytes:workers:)``).
    let ncclLLBytesPerSecond: Double?, ncclSimpleOverheadSeconds: Double
    /// NCCL's NVLS all-reduce on one node: its fixed time, seconds, and bytes/s on the link
    /// (`nccl_nvls_overhead_us`, `nccl_nvls_efficiency` × link_bw); nil where the GPU has none
    /// (``ncclAllReduce(bytes:workers:)``).
    let ncclNVLS: (overheadSeconds: Double, bytesPerSecond: Double)?
    /// Bytes/s GEMMs reach while their weight read dominates; the dense 16-bit GEMMs' own where
    /// the engine's GEMM library sets it (``GemmLibraryFigures``), else the same.
    let gemmBytesPerSecond: Double, denseGemmBytesPerSecond: Double
    /// Bytes/s of each elementwise kernel, and their fixed and shortest times.
    package let normBytesPerSecond: Double, ropeBytesPerSecond: Double, activationBytesPerSecond: Double
    let addBytesPerSecond: Double, embeddingBytesPerSecond: Double
    let elementwiseLaunchSeconds: Double, elementwiseFloorSeconds: Double
    /// The five elementwise kernels with their own fixed times and row rates.
    let normKernel: ElementwiseKernel, ropeKernel: ElementwiseKernel, activationKernel: ElementwiseKernel
    let addKernel: ElementwiseKernel, embeddingKernel: ElementwiseKernel
    /// The engine's all-reduce: algorithm, custom kernel's limits and latency.
    let allReduceAlgorithm: AllReduceAlgorithm
    let customAllReduceLatencySeconds: Double, oneShotMaxBytes: Double
    /// The kernel each message of each group size runs (the custom kernel's and the
    /// symmetric-memory all-reduce's limits by group size, ``AllReduceRouting``).
    let allReduceRouting: AllReduceRouting
    /// The symmetric-memory multimem kernel's bytes/s on the link (nil: the custom two-shot
    /// curve); and what one GPU moves to or from one peer with its own loads and stores,
    /// bytes/s (nil: no cap; ``peerBound(_:peers:)``).
    let symmMemBytesPerSecond: Double?, peerCopyBytesPerSecond: Double?
    /// The engine's wait per peer GPU at each all-reduce of a model pass, seconds, times the
    /// machine's `all_reduce_skew_scale`.
    let allReduceSkewSeconds: Double
    /// The engine's time added to each collective launched outside a CUDA graph, seconds
    /// (``EngineSpec/eagerAllReduceUs``).
    let eagerAllReduceSeconds: Double
    /// Whether the GPUs of a TP group share NVLink (the custom all-reduce needs peer memory
    /// over NVLink): true unless the link is PCIe-class (≤ 64 GB/s per direction).
    let hasNVLink: Bool
    /// Grouped expert GEMMs' tensor FLOP/s, and MoE routing's fixed time and time per routed
    /// pair (``expertGemm(m:n:k:weightBytes:activationBytes:experts:)``, ``moeRouting(pairs:)``).
    package let moeFlopsPerSecond: Double, moeOverheadSeconds: Double, moePerPairSeconds: Double
    /// Whether weight-only int8/int4 GEMMs run GPTQ's ExLlama kernels
    /// (``exllamaGemm(m:n:k:weightBytes:activationBytes:)``) rather than Marlin.
    let exllamaWeightOnly: Bool
    /// The FLOP/s of ExLlama's fused kernel (``KernelShapeParameters/gptqExllamaTflops``); nil:
    /// none of its own (the packed weights' roofline alone).
    let exllamaFusedFlopsPerSecond: Double?
    /// NCCL's all-to-all (``allToAll(bytesPerRank:)``): the hardware's own figures where it sets
    /// them (nil: the all-reduce's terms) — the Simple protocol's fixed time and bytes/s, and
    /// the LL protocol's fixed time (nil: Simple alone).
    let allToAllFigures: (overheadSeconds: Double, bytesPerSecond: Double, llOverheadSeconds: Double?)?
    /// The cost of a rank's own chunk of an all-to-all as a share of one peer's
    /// (``KernelShapeParameters/allToAllOwnChunkShare``; 0 where unset).
    let allToAllOwnChunkShare: Double
    /// NCCL's all-gather and reduce-scatter (``ringAllGather(bytes:workers:)``): the hardware's
    /// own Simple-protocol figures where it sets any of them (nil: the all-reduce's ring terms)
    /// — fixed time, bytes/s and the rank's own chunk as a share of a peer's.
    let allGatherFigures: (overheadSeconds: Double, bytesPerSecond: Double, ownChunkShare: Double)?
    /// The network between nodes (``HardwareSpec/interNodeBandwidthGBs``): bytes/s per GPU
    /// (nil: none modelled) and one hop's latency, seconds; and the GPUs of one node.
    let interNodeBytesPerSecond: Double?, interNodeLatencySeconds: Double, gpusPerNode: Int

    package init(hardware: HardwareSpec, weightDtype: DataType, engine: EngineSpec? = nil) {
        let shape = hardware.shape
        let engine = engine ?? EngineSpec.bare(hardware)
        exllamaWeightOnly = engine.weightOnlyGemm == .gptqExllama && (weightDtype == .int8 || weightDtype == .int4)
        exllamaFusedFlopsPerSecond = shape.gptqExllamaTflops.map { $0 * 1e12 }
        // fp8 weights multiplied on fp8 tensor cores (W8A8), where the GPU has them.
        let fp8Gemm = weightDtype == .fp8 && hardware.peakTflopsFP8 != nil
        // The engine's GEMM library, where the GPU has figures for it, times the 16-bit GEMMs and
        // streams its generation's fp8 GEMMs' weights (`fp8_memory_efficiency`, where set).
        let libraryFigures = hardware.gemmFigures(for: engine)
        let library = weightDtype == .fp16 || weightDtype == .bf16 ? libraryFigures : nil
        // Weight-only GEMMs (Marlin) multiply on the 16-bit tensor cores at their own rate and tile.
        let weightOnly = !exllamaWeightOnly
            && (weightDtype == .int8 || weightDtype == .int4 || (weightDtype == .fp8 && hardware.peakTflopsFP8 == nil))
        let gemmEfficiency = fp8Gemm
            ? shape.fp8ComputeEfficiency ?? hardware.computeEfficiency
            : weightOnly ? shape.weightOnlyComputeEfficiency ?? hardware.computeEfficiency
            : library?.computeEfficiency ?? hardware.computeEfficiency
        gemmFlopsPerSecond = hardware.peakFlopsPerSecond(for: weightDtype) * gemmEfficiency
        // Weight-only expert GEMMs run Marlin's MoE kernel, the dense kernel's dequantising
        // pipeline over each expert's rows: no faster than the fused-MoE rate nor than Marlin's own.
        let moeEfficiency = fp8Gemm ? shape.moeFP8ComputeEfficiency
            : weightOnly ? shape.moeComputeEfficiency.map { min($0, shape.weightOnlyComputeEfficiency ?? $0) }
            : shape.moeComputeEfficiency
        moeFlopsPerSecond = moeEfficiency.map { hardware.peakFlopsPerSecond(for: weightDtype) * $0 } ?? gemmFlopsPerSecond
        moeOverheadSeconds = shape.moeOverheadUs * 1e-6
        moePerPairSeconds = shape.moePerPairNs * 1e-9
        memoryBytesPerSecond = hardware.hbmBandwidthGBs * 1e9 * hardware.memoryEfficiency
        attention = AttentionKernelTimeModel(hardware: hardware, engine: engine)
        gemmBytesPerSecond = hardware.hbmBandwidthGBs * 1e9 * (shape.gemmMemoryEfficiency ?? hardware.memoryEfficiency)
        let denseMemoryEfficiency = library?.memoryEfficiency ?? (fp8Gemm ? libraryFigures?.fp8MemoryEfficiency : nil)
        denseGemmBytesPerSecond = denseMemoryEfficiency.map { hardware.hbmBandwidthGBs * 1e9 * $0 } ?? gemmBytesPerSecond
        launchSeconds = hardware.kernelLaunchUs * 1e-6
        graphLaunchSavingSeconds = engine.cudaGraphs ? max(0, hardware.kernelLaunchUs - engine.cudaGraphLaunchUs) * 1e-6 : 0
        linkBytesPerSecond = hardware.linkBandwidthGBs * 1e9 * hardware.linkEfficiency
        linkLatencySeconds = hardware.linkLatencyUs * 1e-6
        let bandwidth = hardware.hbmBandwidthGBs * 1e9
        let streamingEfficiency = hardware.memoryEfficiency
        let set = hardware.elementwiseSet(for: engine)
        normBytesPerSecond = bandwidth * (set.normEfficiency ?? streamingEfficiency)
        ropeBytesPerSecond = bandwidth * (set.ropeEfficiency ?? streamingEfficiency)
        activationBytesPerSecond = bandwidth * (set.activationEfficiency ?? streamingEfficiency)
        addBytesPerSecond = bandwidth * (set.addEfficiency ?? streamingEfficiency)
        embeddingBytesPerSecond = bandwidth * (set.embeddingEfficiency ?? streamingEfficiency)
        elementwiseLaunchSeconds = (set.launchUs ?? hardware.kernelLaunchUs) * 1e-6
        elementwiseFloorSeconds = set.floorUs * 1e-6
        let launchUs = set.launchUs ?? hardware.kernelLaunchUs
        let own = set.kernels
        func kernel(_ efficiency: Double?, _ ownLaunchUs: Double?, _ rowGBs: Double?,
                    _ beyondL2: Double?) -> ElementwiseKernel {
            ElementwiseKernel(bytesPerSecond: bandwidth * (efficiency ?? streamingEfficiency),
                              launchUs: ownLaunchUs ?? launchUs, rowGBs: rowGBs, l2MB: own.l2CacheMB,
                              beyondL2BytesPerSecond: beyondL2.map { bandwidth * $0 }, ownLaunch: ownLaunchUs != nil)
        }
        normKernel = kernel(set.normEfficiency, own.normLaunchUs, own.normRowGBs, own.normBeyondL2Efficiency)
        ropeKernel = kernel(set.ropeEfficiency, own.ropeLaunchUs, own.ropeRowGBs, own.ropeBeyondL2Efficiency)
        activationKernel = kernel(set.activationEfficiency, own.activationLaunchUs, own.activationRowGBs,
                                  own.activationBeyondL2Efficiency)
        addKernel = kernel(set.addEfficiency, own.addLaunchUs, own.addRowGBs, own.addBeyondL2Efficiency)
        embeddingKernel = kernel(set.embeddingEfficiency, own.embeddingLaunchUs, own.embeddingRowGBs,
                                 own.embeddingBeyondL2Efficiency)
        allReduceAlgorithm = engine.allReduce
        allReduceRouting = AllReduceRouting(engine: engine, shape: shape)
        symmMemBytesPerSecond = shape.symmMemAllReduceEfficiency.map { hardware.linkBandwidthGBs * 1e9 * $0 }
        peerCopyBytesPerSecond = shape.peerCopyGBs.map { $0 * 1e9 }
        customAllReduceLatencySeconds = (shape.customAllReduceLatencyUs ?? engine.customAllReduceLatencyUs) * 1e-6
        oneShotMaxBytes = engine.oneShotMaxBytes
        allReduceSkewSeconds = engine.allReduceSkewUsPerPeer * (shape.allReduceSkewScale ?? 1) * 1e-6
        eagerAllReduceSeconds = engine.eagerAllReduceUs * 1e-6
        hasNVLink = hardware.linkBandwidthGBs > 64
        sharpness = shape.rooflineSharpness >= 32 ? nil : shape.rooflineSharpness
        gemmLaunchSeconds = ((fp8Gemm ? shape.fp8GemmLaunchUs : nil) ?? library?.launchUs).map { $0 * 1e-6 } ?? launchSeconds
        marlinLaunchSeconds = weightOnly ? shape.weightOnlyLaunchUs.map { $0 * 1e-6 } : nil
        gemmSharpness = ((fp8Gemm ? shape.fp8RooflineSharpness : nil) ?? library?.sharpness).map { $0 >= 32 ? nil : $0 }
            ?? sharpness
        quantSecondsPerByte = (fp8Gemm ? shape.fp8ActivationQuantGBs : nil).map { 1 / ($0 * 1e9) } ?? 0
        ncclLLBytesPerSecond = shape.ncclLLEfficiency.map { hardware.linkBandwidthGBs * 1e9 * $0 }
        ncclSimpleOverheadSeconds = (shape.ncclSimpleOverheadUs ?? shape.collectiveOverheadUs) * 1e-6
        let nvlsOverheadSeconds = (shape.ncclNVLSOverheadUs ?? shape.collectiveOverheadUs) * 1e-6
        ncclNVLS = hasNVLink ? shape.ncclNVLSEfficiency.map { (nvlsOverheadSeconds, hardware.linkBandwidthGBs * 1e9 * $0) } : nil
        tileRows = Double(max(1, weightOnly ? shape.weightOnlyTileRows ?? shape.gemmTileRows : shape.gemmTileRows))
        collectiveOverheadSeconds = shape.collectiveOverheadUs * 1e-6
        interNodeBytesPerSecond = hardware.interNodeBandwidthGBs.map { $0 * 1e9 }
        interNodeLatencySeconds = (hardware.interNodeLatencyUs ?? 5) * 1e-6
        gpusPerNode = hardware.gpusPerNode
        if shape.allToAllOverheadUs != nil || shape.allToAllEfficiency != nil || shape.allToAllLLOverheadUs != nil {
            allToAllFigures = ((shape.allToAllOverheadUs ?? shape.collectiveOverheadUs) * 1e-6,
                               hardware.linkBandwidthGBs * 1e9 * (shape.allToAllEfficiency ?? hardware.linkEfficiency),
                               shape.ncclLLEfficiency == nil ? nil : shape.allToAllLLOverheadUs.map { $0 * 1e-6 })
        } else {
            allToAllFigures = nil
        }
        allToAllOwnChunkShare = shape.allToAllOwnChunkShare ?? 0
        if shape.allGatherOverheadUs != nil || shape.allGatherEfficiency != nil || shape.allGatherOwnChunkShare != nil {
            allGatherFigures = ((shape.allGatherOverheadUs ?? shape.ncclSimpleOverheadUs ?? shape.collectiveOverheadUs) * 1e-6,
                                hardware.linkBandwidthGBs * 1e9 * (shape.allGatherEfficiency ?? hardware.linkEfficiency),
                                shape.allGatherOwnChunkShare ?? 0)
        } else {
            allGatherFigures = nil
        }
    }

    /// Soft maximum (aᵖ + bᵖ)^(1/p) of two times (the plain max when p is nil), p the
    /// hardware's `roofline_sharpness` unless given.
    @inline(__always)
    func softMax(_ a: Double, _ b: Double) -> Double { softMax(a, b, p: sharpness) }

    @inline(__always)
    func softMax(_ a: Double, _ b: Double, p: Double?) -> Double {
        guard let p else { return max(a, b) }
        return softMaximum(a, b, p: p)
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
    ///
    /// fp8 weights on fp8 tensor cores (W8A8 with per-tensor scales, vLLM's CUTLASS path) run
    /// as two steps, each with figures of its own where the hardware sets them: the dynamic
    /// quantisation of the bf16 input (abs-max, then scale and cast), m·k·a bytes at
    /// `fp8_activation_quant_gbs`, then the fp8 GEMM with its own fixed time
    /// (`fp8_gemm_launch_us`, covering both launches) and p (`fp8_roofline_sharpness`). On the
    /// measured H100 rows a GEMM-only form fitted with ~0.49 of the fp8 peak misses by 29 %
    /// (fit rows): large-m times grow with m·k beyond the FLOPs (the quantisation pass), which
    /// the single efficiency could only absorb by falling with k.
    /// - Parameters: m tokens, n output features, k input features of this GPU's shard;
    ///   `weightBytes` w and `activationBytes` a per element.
    package func gemm(m: Double, n: Double, k: Double, weightBytes: Double, activationBytes: Double) -> OpEstimate {
        if exllamaWeightOnly {
            return exllamaGemm(m: m, n: n, k: k, weightBytes: weightBytes, activationBytes: activationBytes)
        }
        var op = gemmKernel(m: m, n: n, k: k, weightBytes: weightBytes, activationBytes: activationBytes)
        op.seconds += m * k * activationBytes * quantSecondsPerByte
        return op
    }

    /// The dense GEMM kernel alone: ``gemm(m:n:k:weightBytes:activationBytes:)`` without the
    /// dynamic quantisation of an fp8 GEMM's input (what a GEMM benchmark on inputs already in
    /// the weight type times).
    package func gemmKernel(m: Double, n: Double, k: Double, weightBytes: Double, activationBytes: Double) -> OpEstimate {
        let launch = marlinLaunchSeconds.map { $0 * Self.marlinLaunches(rows: m) } ?? gemmLaunchSeconds
        return tiledGemm(m: m, n: n, k: k, weightBytes: weightBytes, activationBytes: activationBytes, groups: 1,
                         flopsPerSecond: gemmFlopsPerSecond, bytesPerSecond: denseGemmBytesPerSecond,
                         launch: launch, sharpness: gemmSharpness)
    }

    /// The kernel launches of one Marlin GEMM of `rows` rows: its host loop (IST-DASLab/marlin
    /// `marlin_cuda`, vLLM's `gptq_marlin_gemm`) launches the kernel once for up to 64 rows,
    /// beyond that once per 16 slices of 64 rows (`max_par`) and once more for the rows left
    /// over: 1 up to 64 rows, 2 for 65–127, 1 for 128, 2 for 129–191, ….
    package static func marlinLaunches(rows: Double) -> Double {
        guard rows > 64 else { return 1 }
        let slices = (rows / 64).rounded(.down)
        return (slices / 16).rounded(.up) + (rows > slices * 64 ? 1 : 0)
    }

    /// A weight-only GEMM through GPTQ's ExLlama kernels (``WeightOnlyGemm/gptqExllama``): up to
    /// the fused-row limit, the roofline of the packed weights (the blocks of 8 rows re-read
    /// the same weight tiles, from L2: HBM sees them once), and no faster than its work,
    /// 2·m·n·k, at the fused kernel's own rate where the GPU sets one (`gptq_exllama_tflops`:
    /// half2 multiply-adds on the CUDA cores and atomic adds into the output); beyond,
    /// a dequantisation pass (read the packed weights, write a 16-bit copy, at the GEMMs'
    /// achieved bandwidth, with its own launch) and then the 16-bit GEMM on that copy.
    func exllamaGemm(m: Double, n: Double, k: Double, weightBytes: Double, activationBytes: Double) -> OpEstimate {
        guard m > 0 else { return .zero }
        if m <= WeightOnlyGemm.exllamaFusedRows(weightBytes: weightBytes) {
            var op = tiledGemm(m: m, n: n, k: k, weightBytes: weightBytes, activationBytes: activationBytes,
                               groups: 1, flopsPerSecond: gemmFlopsPerSecond, bytesPerSecond: denseGemmBytesPerSecond,
                               launch: gemmLaunchSeconds, sharpness: gemmSharpness)
            if let rate = exllamaFusedFlopsPerSecond {
                let fused = gemmLaunchSeconds + op.flops / rate
                if fused > op.seconds { op.seconds = fused; op.bound = .compute }
            }
            return op
        }
        let copyBytes = k * n * (weightBytes + activationBytes)
        var op = tiledGemm(m: m, n: n, k: k, weightBytes: activationBytes, activationBytes: activationBytes, groups: 1,
                           flopsPerSecond: gemmFlopsPerSecond, bytesPerSecond: denseGemmBytesPerSecond,
                           launch: gemmLaunchSeconds, sharpness: gemmSharpness)
        op.seconds += launchSeconds + copyBytes / denseGemmBytesPerSecond
        op.bytes += copyBytes
        return op
    }

    /// The roofline of `groups` GEMMs of k×n weights sharing m rows split evenly among them,
    /// each group's rows padded to the tile on its own; `groups` may be fractional.
    package func tiledGemm(m: Double, n: Double, k: Double, weightBytes: Double, activationBytes: Double,
                   groups: Double, flopsPerSecond: Double) -> OpEstimate {
        tiledGemm(m: m, n: n, k: k, weightBytes: weightBytes, activationBytes: activationBytes, groups: groups,
                  flopsPerSecond: flopsPerSecond, bytesPerSecond: gemmBytesPerSecond, launch: launchSeconds,
                  sharpness: sharpness)
    }

    /// ``tiledGemm(m:n:k:weightBytes:activationBytes:groups:flopsPerSecond:)`` with a given
    /// memory rate, fixed time and soft-maximum p.
    func tiledGemm(m: Double, n: Double, k: Double, weightBytes: Double, activationBytes: Double,
                   groups: Double, flopsPerSecond: Double, bytesPerSecond: Double, launch: Double,
                   sharpness p: Double?) -> OpEstimate {
        guard m > 0 else { return .zero }
        let flops = 2 * m * n * k
        let bytes = groups * k * n * weightBytes + (m * k + m * n) * activationBytes
        let paddedRows = groups == 1 ? (m / tileRows).rounded(.up) * tileRows
            : groups * (m / groups / tileRows).rounded(.up) * tileRows
        let compute = 2 * paddedRows * n * k / flopsPerSecond
        let memory = bytes / bytesPerSecond
        return OpEstimate(seconds: launch + softMax(compute, memory, p: p), flops: flops,
                          bytes: bytes, bound: compute >= memory ? .compute : .memory)
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
}
