/// One GPU (and its link to its TP peers), as the roofline cost model sees it.
///
/// Peak figures are datasheet numbers (dense, i.e. without 2:4 sparsity); efficiencies η in
/// (0, 1] turn them into what kernels reach. Units are in the names: TFLOP/s = 1e12 FLOP/s,
/// GB/s = 1e9 bytes/s, GB = 1e9 bytes (not GiB), µs = 1e-6 s.
///
/// The per-op model that uses these fields is ``KernelTimeModel``; where a field enters which
/// formula is documented there.
public struct HardwareSpec: Codable, Equatable, Sendable {
    /// Display name, e.g. "a100-80gb".
    public var name: String
    /// Dense fp16/bf16 tensor-core peak, TFLOP/s.
    public var peakTflops: Double
    /// Dense fp8 tensor-core peak, TFLOP/s; nil where the GPU has no fp8 tensor cores.
    public var peakTflopsFP8: Double?
    /// Dense int8 tensor-core peak, TOP/s; nil where not published. Catalogue figure: the
    /// cost model treats int8 and int4 weights as weight-only quantisation (dequantised and
    /// multiplied in fp16), so it does not enter the time (see ``peakFlopsPerSecond(for:)``).
    public var peakTopsInt8: Double?
    /// HBM (or GDDR) bandwidth, GB/s.
    public var hbmBandwidthGBs: Double
    /// Memory capacity, GB (1e9 bytes).
    public var memoryGB: Double
    /// Intra-node GPU-to-GPU bandwidth per direction, GB/s (NVLink, or PCIe where none).
    public var linkBandwidthGBs: Double
    /// Latency of one step of a ring collective, µs (α of the α–β model).
    public var linkLatencyUs: Double
    /// Power at idle, W.
    public var idleWatts: Double
    /// Power at full load (TDP), W.
    public var maxWatts: Double
    /// Power above idle while the GPU runs an iteration, whatever its activity (clocks and
    /// voltage up, SMs and caches awake), W. Optional in TOML (`busy_static_watts`); nil: the
    /// default of ``GPUPowerModel``. The power model is ``GPUPowerModel``.
    public var busyStaticWatts: Double?
    /// Power added at 100 % tensor activity (FLOPs at the dense peak), W. Optional in TOML
    /// (`compute_dynamic_watts`); nil: the default of ``GPUPowerModel``.
    public var computeDynamicWatts: Double?
    /// Power added at 100 % HBM activity (bytes at the datasheet bandwidth), W. Optional in TOML
    /// (`memory_dynamic_watts`); nil: the default of ``GPUPowerModel``.
    public var memoryDynamicWatts: Double?
    /// Power added while decode attention runs, W, times its share of the iteration's time.
    /// Optional in TOML (`attention_dynamic_watts`); nil: 0. See ``GPUPowerModel``.
    public var attentionDynamicWatts: Double?
    /// Power added while prefill attention runs, W, times its share of the iteration's time.
    /// Optional in TOML (`prefill_attention_dynamic_watts`); nil: 0. See ``GPUPowerModel``.
    public var prefillAttentionDynamicWatts: Double?
    /// Host power (CPUs, DRAM, NICs) per GPU, charged over the whole run, W. Optional in TOML
    /// (`host_watts_per_gpu`); nil: the estimate of ``GPUPowerModel``.
    public var hostWattsPerGPU: Double?
    /// Time constant of the GPU's power-limit control, ms: in a simulated run the clock is
    /// lowered while the power averaged over about this time would pass `maxWatts`, so
    /// sustained compute-bound work runs slower than the kernel figures (which are of short
    /// replays at full clock). Optional in TOML (`power_limit_time_constant_ms`); nil: the
    /// clock is never lowered. See ``PowerLimitedClock`` (SimMetrics).
    public var powerLimitTimeConstantMs: Double?
    /// Typical on-demand cloud price of one GPU, USD per hour.
    public var costPerHour: Double
    /// η_compute: fraction of `peakTflops` that large GEMMs and attention reach.
    public var computeEfficiency: Double
    /// η_mem: fraction of `hbmBandwidthGBs` that streaming kernels reach.
    public var memoryEfficiency: Double
    /// Fixed cost of one iteration outside the kernels that belongs to the machine rather than
    /// to a serving engine (a calibrated CPU profile's), µs. Optional in TOML, default 0: a
    /// serving engine's CPU time is the engine's (``EngineSpec``).
    public var iterationOverheadUs: Double
    /// Fixed GPU time of one kernel (launch and ramp-up/drain of its first and last wave), µs.
    public var kernelLaunchUs: Double
    /// Fraction of `linkBandwidthGBs` that NCCL's ring all-reduce reaches (its "bus
    /// bandwidth" over the link rate). Optional in TOML, default 0.8.
    public var linkEfficiency: Double
    /// Whether decode-only iterations replay CUDA graphs (vLLM's default unless
    /// `enforce_eager`): each kernel's fixed time drops from `kernelLaunchUs` to
    /// `cudaGraphLaunchUs`. Optional in TOML (`cuda_graphs`), default true.
    public var cudaGraphs: Bool
    /// Fixed GPU time of one kernel replayed from a CUDA graph, µs. Optional in TOML
    /// (`cuda_graph_launch_us`), default 2.0; see ``RooflineCostModel`` for its source.
    public var cudaGraphLaunchUs: Double
    /// Largest decode batch that runs from a captured graph; larger batches run eagerly.
    /// Optional in TOML (`cuda_graph_max_batch_size`), default 256: vLLM captures batch
    /// sizes 1, 2, 4, 8, …, 256 (`_BATCH_SIZES_TO_CAPTURE` in vLLM 0.5/0.6 `model_runner.py`).
    public var cudaGraphMaxBatchSize: Int
    /// Shape parameters of ``KernelTimeModel``, optional in TOML. Their defaults were fitted
    /// once on measured A100-80GB op times (see ``OpValidation``) and are a guess elsewhere.
    public var shape: KernelShapeParameters
    /// Where this GPU's kernel efficiencies come from: the measured data they were fitted on,
    /// or nil — datasheet peaks with efficiencies carried over from another GPU, unvalidated.
    public var kernelData: String?

    /// GPUs in one node's fast interconnect domain (NVLink/NVSwitch): the largest
    /// tensor-parallel group. Optional in TOML (`gpus_per_node`), default 8 (an HGX/DGX
    /// server, the shape every preset's link figures come from).
    public var gpusPerNode = 8

    /// The network between nodes, per GPU and direction (GB/s): the node's NICs' rate divided
    /// among its GPUs (a DGX A100: 8 × 200 Gb/s HDR InfiniBand, 25 GB/s a GPU), at the rate
    /// NCCL reaches on it; and one hop's latency over it (µs). A tensor-parallel group larger
    /// than a node all-reduces over it, and pipeline stages on different nodes send their
    /// activations over it. nil (optional in TOML, `inter_node_bandwidth_gbs`,
    /// `inter_node_latency_us`, default latency 5 µs): no network is modelled — groups are
    /// timed as if on one node's links.
    public var interNodeBandwidthGBs: Double?
    public var interNodeLatencyUs: Double?

    /// The elementwise ops run one by one as eager PyTorch modules, as engines with
    /// `eager_elementwise` run them (``ElementwiseKernelSet``); nil: such engines use the
    /// GPU's own figures. Optional in TOML (`eager_elementwise`, a table of elementwise keys).
    public var eagerElementwise: ElementwiseKernelSet?

    /// The 16-bit GEMMs as cuBLAS 12.1 runs them on this GPU, for engines with
    /// `gemm_library = "cublas-12.1"` (``GemmLibraryFigures``); nil: such engines use the GPU's
    /// own figures. Optional in TOML (`cublas_12_1_gemm`, a table of four keys).
    public var cublas121Gemm: GemmLibraryFigures?

    /// Decode attention over an fp8 KV cache as TensorRT-LLM's XQA kernels run it on this GPU,
    /// for engines with `decode_attention_kernel = "trtllm-xqa"` (``DecodeAttentionFigures``);
    /// nil: such engines use the GPU's own figures. Optional in TOML
    /// (`trtllm_xqa_decode_attention`, a table of two keys).
    public var trtllmXQADecodeAttention: DecodeAttentionFigures?

    /// Prefill and decode attention as FlashAttention-2 runs them on this GPU, for engines with
    /// `attention_library = "flash-attention-2"` (``AttentionLibraryFigures``, laid over the
    /// GPU's own); nil: such engines use the GPU's own figures. Optional in TOML
    /// (`flash_attention_2`, a table of attention keys).
    public var flashAttention2: AttentionLibraryFigures?

    /// What `simserve cost` and the reports say of the kernel figures' provenance.
    public var kernelDataDescription: String { kernelData ?? "datasheet-scaled, unvalidated" }

    enum CodingKeys: String, CodingKey {
        case name, peakTflops = "peak_tflops", peakTflopsFP8 = "peak_tflops_fp8"
        case peakTopsInt8 = "peak_tops_int8"
        case hbmBandwidthGBs = "hbm_bandwidth_gbs", memoryGB = "memory_gb"
        case linkBandwidthGBs = "link_bandwidth_gbs", linkLatencyUs = "link_latency_us"
        case idleWatts = "idle_watts", maxWatts = "max_watts", costPerHour = "cost_per_hour"
        case busyStaticWatts = "busy_static_watts", computeDynamicWatts = "compute_dynamic_watts"
        case memoryDynamicWatts = "memory_dynamic_watts", hostWattsPerGPU = "host_watts_per_gpu"
        case attentionDynamicWatts = "attention_dynamic_watts"
        case prefillAttentionDynamicWatts = "prefill_attention_dynamic_watts"
        case powerLimitTimeConstantMs = "power_limit_time_constant_ms"
        case computeEfficiency = "compute_efficiency", memoryEfficiency = "memory_efficiency"
        case iterationOverheadUs = "iteration_overhead_us", kernelLaunchUs = "kernel_launch_us"
        case linkEfficiency = "link_efficiency"
        case cudaGraphs = "cuda_graphs", cudaGraphLaunchUs = "cuda_graph_launch_us"
        case cudaGraphMaxBatchSize = "cuda_graph_max_batch_size"
        case kernelData = "kernel_data", gpusPerNode = "gpus_per_node"
        case interNodeBandwidthGBs = "inter_node_bandwidth_gbs", interNodeLatencyUs = "inter_node_latency_us"
        case eagerElementwise = "eager_elementwise"
        case cublas121Gemm = "cublas_12_1_gemm"
        case trtllmXQADecodeAttention = "trtllm_xqa_decode_attention"
        case flashAttention2 = "flash_attention_2"
    }

    public init(name: String, peakTflops: Double, peakTflopsFP8: Double? = nil, peakTopsInt8: Double? = nil,
                hbmBandwidthGBs: Double, memoryGB: Double, linkBandwidthGBs: Double,
                linkLatencyUs: Double, idleWatts: Double, maxWatts: Double, costPerHour: Double,
                computeEfficiency: Double, memoryEfficiency: Double, iterationOverheadUs: Double,
                kernelLaunchUs: Double, linkEfficiency: Double = 0.8, cudaGraphs: Bool = true,
                cudaGraphLaunchUs: Double = 2.0, cudaGraphMaxBatchSize: Int = 256,
                shape: KernelShapeParameters = KernelShapeParameters()) {
        self.name = name
        self.peakTflops = peakTflops
        self.peakTflopsFP8 = peakTflopsFP8
        self.peakTopsInt8 = peakTopsInt8
        self.hbmBandwidthGBs = hbmBandwidthGBs
        self.memoryGB = memoryGB
        self.linkBandwidthGBs = linkBandwidthGBs
        self.linkLatencyUs = linkLatencyUs
        self.idleWatts = idleWatts
        self.maxWatts = maxWatts
        self.costPerHour = costPerHour
        self.computeEfficiency = computeEfficiency
        self.memoryEfficiency = memoryEfficiency
        self.iterationOverheadUs = iterationOverheadUs
        self.kernelLaunchUs = kernelLaunchUs
        self.linkEfficiency = linkEfficiency
        self.cudaGraphs = cudaGraphs
        self.cudaGraphLaunchUs = cudaGraphLaunchUs
        self.cudaGraphMaxBatchSize = cudaGraphMaxBatchSize
        self.shape = shape
    }

    /// Decodes numbers written either as TOML floats or integers (`peak_tflops = 312`), and
    /// fills the optional shape parameters with their defaults. Shape parameters sit in
    /// the same flat table (`roofline_sharpness = 1.84`, ...).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func number(_ key: CodingKeys) throws -> Double { try c.decodeNumber(forKey: key) }
        func optionalNumber(_ key: CodingKeys) throws -> Double? {
            guard c.contains(key) else { return nil }
            return try number(key)
        }
        self.init(
            name: try c.decode(String.self, forKey: .name),
            peakTflops: try number(.peakTflops),
            peakTflopsFP8: try optionalNumber(.peakTflopsFP8),
            peakTopsInt8: try optionalNumber(.peakTopsInt8),
            hbmBandwidthGBs: try number(.hbmBandwidthGBs),
            memoryGB: try number(.memoryGB),
            linkBandwidthGBs: try number(.linkBandwidthGBs),
            linkLatencyUs: try number(.linkLatencyUs),
            idleWatts: try number(.idleWatts),
            maxWatts: try number(.maxWatts),
            costPerHour: try number(.costPerHour),
            computeEfficiency: try number(.computeEfficiency),
            memoryEfficiency: try number(.memoryEfficiency),
            iterationOverheadUs: try optionalNumber(.iterationOverheadUs) ?? 0,
            kernelLaunchUs: try number(.kernelLaunchUs),
            linkEfficiency: try optionalNumber(.linkEfficiency) ?? 0.8,
            cudaGraphs: try c.decodeIfPresent(Bool.self, forKey: .cudaGraphs) ?? true,
            cudaGraphLaunchUs: try optionalNumber(.cudaGraphLaunchUs) ?? 2.0,
            cudaGraphMaxBatchSize: try c.decodeIfPresent(Int.self, forKey: .cudaGraphMaxBatchSize) ?? 256,
            shape: try KernelShapeParameters(from: decoder))
        kernelData = try c.decodeIfPresent(String.self, forKey: .kernelData)
        eagerElementwise = try c.decodeIfPresent(ElementwiseKernelSet.self, forKey: .eagerElementwise)
        cublas121Gemm = try c.decodeIfPresent(GemmLibraryFigures.self, forKey: .cublas121Gemm)
        trtllmXQADecodeAttention = try c.decodeIfPresent(DecodeAttentionFigures.self, forKey: .trtllmXQADecodeAttention)
        flashAttention2 = try c.decodeIfPresent(AttentionLibraryFigures.self, forKey: .flashAttention2)
        gpusPerNode = try c.decodeIfPresent(Int.self, forKey: .gpusPerNode) ?? 8
        interNodeBandwidthGBs = try optionalNumber(.interNodeBandwidthGBs)
        interNodeLatencyUs = try optionalNumber(.interNodeLatencyUs)
        busyStaticWatts = try optionalNumber(.busyStaticWatts)
        computeDynamicWatts = try optionalNumber(.computeDynamicWatts)
        memoryDynamicWatts = try optionalNumber(.memoryDynamicWatts)
        attentionDynamicWatts = try optionalNumber(.attentionDynamicWatts)
        prefillAttentionDynamicWatts = try optionalNumber(.prefillAttentionDynamicWatts)
        hostWattsPerGPU = try optionalNumber(.hostWattsPerGPU)
        powerLimitTimeConstantMs = try optionalNumber(.powerLimitTimeConstantMs)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(peakTflops, forKey: .peakTflops)
        try c.encodeIfPresent(peakTflopsFP8, forKey: .peakTflopsFP8)
        try c.encodeIfPresent(peakTopsInt8, forKey: .peakTopsInt8)
        try c.encode(hbmBandwidthGBs, forKey: .hbmBandwidthGBs)
        try c.encode(memoryGB, forKey: .memoryGB)
        try c.encode(linkBandwidthGBs, forKey: .linkBandwidthGBs)
        try c.encode(linkLatencyUs, forKey: .linkLatencyUs)
        try c.encode(idleWatts, forKey: .idleWatts)
        try c.encode(maxWatts, forKey: .maxWatts)
        try c.encode(costPerHour, forKey: .costPerHour)
        try c.encodeIfPresent(busyStaticWatts, forKey: .busyStaticWatts)
        try c.encodeIfPresent(computeDynamicWatts, forKey: .computeDynamicWatts)
        try c.encodeIfPresent(memoryDynamicWatts, forKey: .memoryDynamicWatts)
        try c.encodeIfPresent(attentionDynamicWatts, forKey: .attentionDynamicWatts)
        try c.encodeIfPresent(prefillAttentionDynamicWatts, forKey: .prefillAttentionDynamicWatts)
        try c.encodeIfPresent(hostWattsPerGPU, forKey: .hostWattsPerGPU)
        try c.encodeIfPresent(powerLimitTimeConstantMs, forKey: .powerLimitTimeConstantMs)
        try c.encode(computeEfficiency, forKey: .computeEfficiency)
        try c.encode(memoryEfficiency, forKey: .memoryEfficiency)
        try c.encode(iterationOverheadUs, forKey: .iterationOverheadUs)
        try c.encode(kernelLaunchUs, forKey: .kernelLaunchUs)
        try c.encode(linkEfficiency, forKey: .linkEfficiency)
        try c.encode(cudaGraphs, forKey: .cudaGraphs)
        try c.encode(cudaGraphLaunchUs, forKey: .cudaGraphLaunchUs)
        try c.encode(cudaGraphMaxBatchSize, forKey: .cudaGraphMaxBatchSize)
        try c.encodeIfPresent(kernelData, forKey: .kernelData)
        try c.encodeIfPresent(eagerElementwise, forKey: .eagerElementwise)
        try c.encodeIfPresent(cublas121Gemm, forKey: .cublas121Gemm)
        try c.encodeIfPresent(trtllmXQADecodeAttention, forKey: .trtllmXQADecodeAttention)
        try c.encodeIfPresent(flashAttention2, forKey: .flashAttention2)
        if gpusPerNode != 8 { try c.encode(gpusPerNode, forKey: .gpusPerNode) }
        try c.encodeIfPresent(interNodeBandwidthGBs, forKey: .interNodeBandwidthGBs)
        try c.encodeIfPresent(interNodeLatencyUs, forKey: .interNodeLatencyUs)
        try shape.encode(to: encoder)
        try shape.elementwise.encode(to: encoder)
    }
}

extension HardwareSpec {
    /// Peak tensor FLOP/s for GEMMs whose weights are stored in `dtype`.
    ///
    /// fp8 weights run on fp8 tensor cores where the GPU has them (W8A8, as vLLM's fp8
    /// checkpoints on Hopper, Ada, Blackwell and MI300); on a GPU without them (A100, A10G)
    /// fp8 weights are dequantised in the kernel (vLLM's Marlin fp8 path) and multiplied in
    /// fp16. int8 and int4 are weight-only quantisation (GPTQ/AWQ, W8A16/W4A16 kernels):
    /// read in their own width, multiplied in fp16/bf16, so they get `peakTflops`.
    public func peakFlopsPerSecond(for dtype: DataType) -> Double {
        if dtype == .fp8, let fp8 = peakTflopsFP8 { return fp8 * 1e12 }
        return peakTflops * 1e12
    }

    /// Memory capacity in bytes.
    public var memoryBytes: Double { memoryGB * 1e9 }
}
