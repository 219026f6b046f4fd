/// The serving engine: the software stack that runs the model on the GPUs (vLLM, SGLang,
/// TensorRT-LLM, plain PyTorch + NCCL), as the cost model sees it.
///
/// The hardware (``HardwareSpec``) is the silicon: peaks, memory, links and the kernel
/// efficiencies measured on that GPU. The engine owns what the software adds or removes around
/// the kernels: CPU time per iteration and per sequence, CUDA-graph replay instead of eager
/// launches, the all-reduce algorithm, the API overhead of a request, and the granularity of
/// its prefix cache. The same GPU under two engines gives different step times.
///
/// Units are in the names (µs = 1e-6 s, ms = 1e-3 s). Each preset's figures cite their source
/// in `EnginePresets`.
public struct EngineSpec: Codable, Equatable, Sendable {
    /// Display name, e.g. "vllm".
    public var name: String
    /// The engine version the figures describe (documentation only).
    public var version: String
    /// CPU time per iteration on the critical path outside the kernels (scheduling, input
    /// preparation, output processing), µs.
    public var iterationOverheadUs: Double
    /// CPU time per sequence in the batch on the critical path (block tables, sampling,
    /// detokenisation), µs.
    public var perSequenceOverheadUs: Double
    /// CPU time per step on the critical path for each tensor-parallel peer beyond the first,
    /// µs: engines whose driver process hands every step's inputs to its TP workers (vLLM V0's
    /// `broadcast_tensor_dict` of the model input, before each forward pass) pay it once per
    /// step and peer. 0 unless set.
    public var tpStepOverheadUsPerPeer: Double
    /// Whether decode-only iterations replay captured CUDA graphs (each kernel's fixed time
    /// drops from the hardware's `kernel_launch_us` to `cuda_graph_launch_us`).
    public var cudaGraphs: Bool
    /// Largest decode batch that runs from a captured graph; larger batches run eagerly.
    public var cudaGraphMaxBatchSize: Int
    /// Fixed GPU time of one kernel replayed from a graph, µs.
    public var cudaGraphLaunchUs: Double
    /// Time per layer added to every iteration that computes prompt tokens, µs: prefill
    /// ("extend") batches run outside CUDA graphs, so each layer's kernels wait on the host
    /// (Python module calls, the framework's dispatcher, launches, per-batch attention
    /// metadata). Fitted on measured TTFTs (`simserve validate serving --fit`); decode steps
    /// from a graph never pay it.
    public var prefillLayerOverheadUs: Double
    /// Time added once to every iteration that computes prompt tokens, µs, beside the per-layer
    /// ``prefillLayerOverheadUs``: the host work of a prefill batch that does not grow with the
    /// model's depth (the prompts' input tensors, positions, slot mapping and attention
    /// metadata built in Python, their first tokens sampled and handed back). Fitted per engine
    /// on measured TTFTs (`simserve validate serving --fit`); 0 unless set.
    public var prefillIterationOverheadUs: Double = 0
    /// Time added once to a decode-only iteration that runs eagerly (past
    /// `cuda_graph_max_batch_size`, or with graphs off): the host work a step replayed from a
    /// graph does not wait on. Fitted on measured runs at capacity (`simserve validate serving
    /// --fit`), µs; 0 unless set.
    public var eagerDecodeOverheadUs: Double
    /// Host time to issue one layer's kernels outside a CUDA graph (Python module calls, the
    /// framework's dispatcher, the launches), µs, in an engine whose host runs ahead of the GPU:
    /// an eager iteration's kernels take at least the model's layers × this — the longer of the
    /// two, not their sum — so a small eager batch is bound by the host, not the GPU (why its
    /// step time stops falling with TP; the GPUs idle through the wait, which the power model
    /// charges at the idle draw). 0 unless set; a property of the host CPU as much as of
    /// the engine (VALIDATION.md, "Splitwise": 346 µs on a DGX H100's Xeon, 529 on a DGX
    /// A100's EPYC, under vLLM 0.2).
    public var eagerLayerHostUs: Double = 0
    /// Time to JIT-compile one variant of the fused-MoE kernel the first time a replica runs a
    /// batch that needs it, ms (``FusedMoEKernelVariants``: Triton compiles one binary per tuned
    /// row and divisibility of the token count; each replica's first batches stall while it
    /// does). 0 unless set: a server whose Triton cache already holds the kernels (or a dense
    /// model) never pays it; a fresh container does. The validation sets it for benchmark runs
    /// that started each server in a new container (VALIDATION.md, "End to end").
    public var moeKernelCompileMs: Double = 0
    /// Whether, when the client fixes every output length (`workload.ignore_eos`) and prefix
    /// caching is off, admission checks that the KV never runs out as the running requests
    /// finish (SGLang's `add_one_req_ignore_eos`) instead of keeping the output reserve.
    public var ignoreEOSAdmission: Bool
    /// Whether the scheduler composes the next batch while the current one runs (SGLang's
    /// overlap scheduler, on by default since 0.4): a batch is composed when the one before
    /// the running batch ends, so a request that arrives during a step waits for one more
    /// step before its prefill can start.
    public var overlapScheduling: Bool
    /// Whether the scheduler's CPU work for the next step runs while the GPU computes this one
    /// (vLLM's asynchronous scheduling, on by default since early 2026: vllm PR #27614 in the
    /// "Async Scheduling Plan", issue #27679; #31998, 2026-01-08, extends the default to
    /// speculative decoding): a step then lasts as long as the longer of its kernels and its
    /// host time per step and per sequence, not their sum. Host time for eager launches
    /// (``prefillLayerOverheadUs``, ``eagerDecodeOverheadUs``) still adds.
    public var asyncScheduling: Bool = false
    /// Whether the model's elementwise ops (norms, rotary embedding, activation, residual add,
    /// embedding) run one by one as eager PyTorch modules, timed by the GPU's
    /// `eager_elementwise` figures where it has them (``HardwareSpec/eagerElementwise``), rather
    /// than as the serving engines' fused kernels. True for the `pytorch` preset (what Vidur's
    /// profiler timed); false unless set.
    public var eagerElementwise: Bool = false
    /// The GEMM library generation the engine's fp16/bf16 linear layers run on
    /// (``GemmLibrary``): `current` (the GPU's own figures) unless set; `cublas-12.1` for the
    /// stacks of 2023–mid-2024 (PyTorch's CUDA 12.1 wheels), timed by the GPU's
    /// `cublas_12_1_gemm` figures where it has them.
    public var gemmLibrary: GemmLibrary = .current
    /// The decode-attention kernel (``DecodeAttentionKernel``): `flash` (FlashAttention /
    /// FlashInfer, the GPU's own figures) unless set; `trtllm-xqa` for TensorRT-LLM, whose fp8
    /// KV cache is timed by the GPU's `trtllm_xqa_decode_attention` figures where it has them.
    public var decodeAttentionKernel: DecodeAttentionKernel = .flash
    /// The attention kernel library (``AttentionLibrary``): `current` (the GPU's own figures)
    /// unless set; `flash-attention-2` for plain PyTorch (`scaled_dot_product_attention`), timed
    /// by the GPU's `flash_attention_2` figures where it has them.
    public var attentionLibrary: AttentionLibrary = .current
    /// The tensor-parallel all-reduce: NCCL's ring, or the engine's own one-shot/two-shot
    /// kernel over NVLink (vLLM's and SGLang's custom all-reduce, TensorRT-LLM's).
    public var allReduce: AllReduceAlgorithm
    /// The custom all-reduce's message limit, bytes: it takes messages below it (vLLM's
    /// `inp_size < max_size`); messages of this size and larger fall back to NCCL.
    public var customAllReduceMaxBytes: Double
    /// Fixed time of one custom all-reduce (barrier flags over NVLink, launch), µs.
    public var customAllReduceLatencyUs: Double
    /// Messages below this size use the one-shot algorithm (every GPU reads all peers'
    /// buffers), larger ones the two-shot (reduce-scatter + all-gather), bytes.
    public var oneShotMaxBytes: Double
    /// Whether the engine has a symmetric-memory all-reduce (vLLM from 0.11, on by default:
    /// `VLLM_ALLREDUCE_USE_SYMM_MEM`): in groups of 6 to 8 GPUs over NVSwitch it takes messages
    /// from the custom kernel's limit beside it (`symm_mem_custom_all_reduce_max_bytes`) up to
    /// the GPU's `symm_mem_all_reduce_max_bytes`, which would otherwise go to the custom kernel or
    /// NCCL (vLLM's `all_reduce_utils.py`), at its own rate (`symm_mem_all_reduce_efficiency`).
    /// False unless set.
    public var symmMemAllReduce = false
    /// Wait per peer GPU added to every tensor-parallel all-reduce inside a whole model pass,
    /// µs: GPUs reach each collective at slightly different times (kernel-time jitter, host
    /// launches), so the group waits for its slowest member; isolated collective benchmarks do
    /// not see it. Fitted on measured serving (VALIDATION.md, "End to end").
    public var allReduceSkewUsPerPeer: Double
    /// Time added to each tensor-parallel all-reduce the engine launches eagerly (outside a
    /// CUDA graph), µs: every rank issues it from its own Python thread
    /// (`torch.distributed.all_reduce`: c10d's dispatch, NCCL's enqueue) and the NCCL kernel on
    /// each GPU waits until the last rank's has started, so a small message takes tens of µs
    /// where one replayed from a graph takes a few. 0 unless set; the `pytorch` preset's figure
    /// is fitted on Vidur's eager all-reduce profile of a DGX A100 (`simserve calibrate
    /// --eager-all-reduce`).
    public var eagerAllReduceUs: Double = 0
    /// Time a request spends outside the engine's iterations (HTTP, tokenisation, streaming the
    /// last chunk), ms; added to TTFT and E2E. 0 unless set: published TTFTs may include it.
    public var requestOverheadMs: Double
    /// Time the engine's API front end (one process: HTTP, chat template, tokenisation, the
    /// hand-off to the engine) spends on each request before the engine sees it, ms. Requests
    /// pass it one at a time, first come first served, so it bounds the request rate
    /// (1 / this) and queues bursts. 0 unless set.
    public var frontEndRequestMs: Double
    /// Engine-loop time to add each newly arrived request, µs, spent before the iteration that
    /// first sees it: vLLM V0's `AsyncLLMEngine` adds every request that arrived since its last
    /// step at the start of its next one (input processing, the sequence objects, the request's
    /// log line), so a burst of N requests delays the first iteration by N × this and a steady
    /// stream adds it to the iteration after each arrival. 0 unless set.
    public var requestAdmissionUs: Double = 0
    /// Prefix-cache reuse unit, in KV blocks (vLLM: 1, every full block; SGLang's radix tree
    /// reuses token by token, modelled as one block).
    public var prefixCacheBlocks: Int
    /// Whether prompt chunks share iterations with decodes (vLLM V1, TensorRT-LLM), run in
    /// iterations of their own (SGLang without `--enable-mixed-chunk`), or share them only with
    /// chunked prefill on (vLLM V0).
    public var prefillDecodeMixing: PrefillDecodeMixing
    /// Decode steps scheduled at once (vLLM V0's `--num-scheduler-steps`): with prefill batches
    /// apart, new prompts are admitted only between rounds of this many decode steps.
    public var schedulerSteps: Int
    /// The kernel behind weight-only int8/int4 GEMMs (``WeightOnlyGemm``): Marlin, the default
    /// of vLLM and SGLang for GPTQ/AWQ checkpoints, or GPTQ's ExLlama kernels, which they run
    /// when a launch asks for `quantization = "gptq"` by name.
    public var weightOnlyGemm: WeightOnlyGemm = .marlin
    /// How an expert-parallel MoE layer reaches its experts (``MoEDispatch``) when `cluster.ep`
    /// > 1: tokens replicated over the TP group and the layer's all-reduce combining the ranks'
    /// partial outputs (vLLM, SGLang and TensorRT-LLM without attention data parallelism), or an
    /// all-to-all dispatch and combine of each token's routed copies.
    public var moeDispatch: MoEDispatch = .replicated
    /// What `scheduler.gpu_memory_utilization` is a fraction of when the KV cache is sized
    /// (``KVCacheSizing``): the GPU's whole memory (vLLM, SGLang) or the memory still free once
    /// the weights and the activation workspace are in (TensorRT-LLM).
    public var kvCacheSizing: KVCacheSizing = .fractionOfTotal
    /// How admission keeps KV free for the output still to come (SGLang's `new_token_ratio`;
    /// ``OutputReserve/none`` for engines that admit on the prompt's blocks alone and preempt
    /// when decodes run out, as vLLM does).
    public var outputReserve: OutputReserve

    enum CodingKeys: String, CodingKey {
        case name, version
        case iterationOverheadUs = "iteration_overhead_us"
        case perSequenceOverheadUs = "per_sequence_overhead_us"
        case cudaGraphs = "cuda_graphs", cudaGraphMaxBatchSize = "cuda_graph_max_batch_size"
        case cudaGraphLaunchUs = "cuda_graph_launch_us"
        case prefillLayerOverheadUs = "prefill_layer_overhead_us"
        case prefillIterationOverheadUs = "prefill_iteration_overhead_us"
        case eagerDecodeOverheadUs = "eager_decode_overhead_us"
        case eagerLayerHostUs = "eager_layer_host_us"
        case moeKernelCompileMs = "moe_kernel_compile_ms"
        case ignoreEOSAdmission = "ignore_eos_admission"
        case overlapScheduling = "overlap_scheduling"
        case asyncScheduling = "async_scheduling"
        case eagerElementwise = "eager_elementwise"
        case gemmLibrary = "gemm_library"
        case attentionLibrary = "attention_library"
        case decodeAttentionKernel = "decode_attention_kernel"
        case allReduce = "all_reduce", customAllReduceMaxBytes = "custom_all_reduce_max_bytes"
        case customAllReduceLatencyUs = "custom_all_reduce_latency_us"
        case oneShotMaxBytes = "one_shot_max_bytes", symmMemAllReduce = "symm_mem_all_reduce"
        case allReduceSkewUsPerPeer = "all_reduce_skew_us_per_peer"
        case eagerAllReduceUs = "eager_all_reduce_us"
        case tpStepOverheadUsPerPeer = "tp_step_overhead_us_per_peer"
        case requestOverheadMs = "request_overhead_ms"
        case frontEndRequestMs = "front_end_request_ms"
        case requestAdmissionUs = "request_admission_us"
        case prefixCacheBlocks = "prefix_cache_blocks"
        case prefillDecodeMixing = "prefill_decode_mixing"
        case schedulerSteps = "scheduler_steps"
        case weightOnlyGemm = "weight_only_gemm"
        case moeDispatch = "moe_dispatch"
        case kvCacheSizing = "kv_cache_sizing"
        case outputReserveRatio = "output_reserve_ratio", outputReserveMinRatio = "output_reserve_min_ratio"
        case outputReserveDecaySteps = "output_reserve_decay_steps", retractReserveSteps = "retract_reserve_steps"
    }

    public init(name: String, version: String = "", iterationOverheadUs: Double, perSequenceOverheadUs: Double = 0,
                cudaGraphs: Bool, cudaGraphMaxBatchSize: Int = 256, cudaGraphLaunchUs: Double = 2,
                allReduce: AllReduceAlgorithm = .ring, customAllReduceMaxBytes: Double = 8 * 1_048_576,
                customAllReduceLatencyUs: Double = 8, oneShotMaxBytes: Double = 512 * 1024,
                allReduceSkewUsPerPeer: Double = 0, tpStepOverheadUsPerPeer: Double = 0,
                requestOverheadMs: Double = 0, frontEndRequestMs: Double = 0,
                prefixCacheBlocks: Int = 1,
                prefillDecodeMixing: PrefillDecodeMixing = .always, schedulerSteps: Int = 1,
                prefillLayerOverheadUs: Double = 0, eagerDecodeOverheadUs: Double = 0, ignoreEOSAdmission: Bool = false,
                overlapScheduling: Bool = false,
                outputReserve: OutputReserve = .none) {
        self.outputReserve = outputReserve
        self.prefillLayerOverheadUs = prefillLayerOverheadUs
        self.eagerDecodeOverheadUs = eagerDecodeOverheadUs
        self.ignoreEOSAdmission = ignoreEOSAdmission
        self.overlapScheduling = overlapScheduling
        self.prefillDecodeMixing = prefillDecodeMixing
        self.schedulerSteps = schedulerSteps
        self.allReduceSkewUsPerPeer = allReduceSkewUsPerPeer
        self.tpStepOverheadUsPerPeer = tpStepOverheadUsPerPeer
        self.name = name
        self.version = version
        self.iterationOverheadUs = iterationOverheadUs
        self.perSequenceOverheadUs = perSequenceOverheadUs
        self.cudaGraphs = cudaGraphs
        self.cudaGraphMaxBatchSize = cudaGraphMaxBatchSize
        self.cudaGraphLaunchUs = cudaGraphLaunchUs
        self.allReduce = allReduce
        self.customAllReduceMaxBytes = customAllReduceMaxBytes
        self.customAllReduceLatencyUs = customAllReduceLatencyUs
        self.oneShotMaxBytes = oneShotMaxBytes
        self.requestOverheadMs = requestOverheadMs
        self.frontEndRequestMs = frontEndRequestMs
        self.prefixCacheBlocks = prefixCacheBlocks
    }

    /// The hardware description's own software terms and nothing else: its
    /// `iteration_overhead_us` and CUDA-graph fields, NCCL's ring, no per-sequence or request
    /// overhead. What a calibrated CPU profile and the op-level validation use.
    public static func bare(_ hardware: HardwareSpec) -> EngineSpec {
        EngineSpec(name: "none", iterationOverheadUs: 0, cudaGraphs: hardware.cudaGraphs,
                   cudaGraphMaxBatchSize: hardware.cudaGraphMaxBatchSize,
                   cudaGraphLaunchUs: hardware.cudaGraphLaunchUs, allReduce: .ring)
    }

    /// Reads whichever optional keys are present (floats or integers).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func number(_ key: CodingKeys, _ fallback: Double) throws -> Double {
            try c.contains(key) ? c.decodeNumber(forKey: key) : fallback
        }
        let d = EngineSpec(name: "", iterationOverheadUs: 0, cudaGraphs: true)
        name = try c.decode(String.self, forKey: .name)
        version = try c.decodeIfPresent(String.self, forKey: .version) ?? ""
        iterationOverheadUs = try number(.iterationOverheadUs, 0)
        perSequenceOverheadUs = try number(.perSequenceOverheadUs, 0)
        cudaGraphs = try c.decodeIfPresent(Bool.self, forKey: .cudaGraphs) ?? d.cudaGraphs
        cudaGraphMaxBatchSize = try c.decodeIfPresent(Int.self, forKey: .cudaGraphMaxBatchSize) ?? d.cudaGraphMaxBatchSize
        cudaGraphLaunchUs = try number(.cudaGraphLaunchUs, d.cudaGraphLaunchUs)
        prefillLayerOverheadUs = try number(.prefillLayerOverheadUs, 0)
        prefillIterationOverheadUs = try number(.prefillIterationOverheadUs, 0)
        eagerDecodeOverheadUs = try number(.eagerDecodeOverheadUs, 0)
        eagerLayerHostUs = try number(.eagerLayerHostUs, 0)
        moeKernelCompileMs = try number(.moeKernelCompileMs, 0)
        ignoreEOSAdmission = try c.decodeIfPresent(Bool.self, forKey: .ignoreEOSAdmission) ?? false
        overlapScheduling = try c.decodeIfPresent(Bool.self, forKey: .overlapScheduling) ?? false
        asyncScheduling = try c.decodeIfPresent(Bool.self, forKey: .asyncScheduling) ?? false
        eagerElementwise = try c.decodeIfPresent(Bool.self, forKey: .eagerElementwise) ?? false
        gemmLibrary = try c.decodeIfPresent(GemmLibrary.self, forKey: .gemmLibrary) ?? .current
        decodeAttentionKernel = try c.decodeIfPresent(DecodeAttentionKernel.self, forKey: .decodeAttentionKernel) ?? .flash
        attentionLibrary = try c.decodeIfPresent(AttentionLibrary.self, forKey: .attentionLibrary) ?? .current
        allReduce = try c.decodeIfPresent(AllReduceAlgorithm.self, forKey: .allReduce) ?? d.allReduce
        customAllReduceMaxBytes = try number(.customAllReduceMaxBytes, d.customAllReduceMaxBytes)
        customAllReduceLatencyUs = try number(.customAllReduceLatencyUs, d.customAllReduceLatencyUs)
        oneShotMaxBytes = try number(.oneShotMaxBytes, d.oneShotMaxBytes)
        symmMemAllReduce = try c.decodeIfPresent(Bool.self, forKey: .symmMemAllReduce) ?? false
        allReduceSkewUsPerPeer = try number(.allReduceSkewUsPerPeer, 0)
        eagerAllReduceUs = try number(.eagerAllReduceUs, 0)
        tpStepOverheadUsPerPeer = try number(.tpStepOverheadUsPerPeer, 0)
        requestOverheadMs = try number(.requestOverheadMs, 0)
        frontEndRequestMs = try number(.frontEndRequestMs, 0)
        requestAdmissionUs = try number(.requestAdmissionUs, 0)
        prefixCacheBlocks = try c.decodeIfPresent(Int.self, forKey: .prefixCacheBlocks) ?? d.prefixCacheBlocks
        prefillDecodeMixing = try c.decodeIfPresent(PrefillDecodeMixing.self, forKey: .prefillDecodeMixing) ?? .always
        schedulerSteps = try c.decodeIfPresent(Int.self, forKey: .schedulerSteps) ?? 1
        weightOnlyGemm = try c.decodeIfPresent(WeightOnlyGemm.self, forKey: .weightOnlyGemm) ?? .marlin
        moeDispatch = try c.decodeIfPresent(MoEDispatch.self, forKey: .moeDispatch) ?? .replicated
        kvCacheSizing = try c.decodeIfPresent(KVCacheSizing.self, forKey: .kvCacheSizing) ?? .fractionOfTotal
        let off = OutputReserve.none
        outputReserve = OutputReserve(
            initialRatio: try number(.outputReserveRatio, off.initialRatio),
            minRatio: try number(.outputReserveMinRatio, off.minRatio),
            decaySteps: try number(.outputReserveDecaySteps, off.decaySteps),
            retractSteps: try number(.retractReserveSteps, off.retractSteps))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(version, forKey: .version)
        try c.encode(iterationOverheadUs, forKey: .iterationOverheadUs)
        try c.encode(perSequenceOverheadUs, forKey: .perSequenceOverheadUs)
        try c.encode(cudaGraphs, forKey: .cudaGraphs)
        try c.encode(cudaGraphMaxBatchSize, forKey: .cudaGraphMaxBatchSize)
        try c.encode(cudaGraphLaunchUs, forKey: .cudaGraphLaunchUs)
        try c.encode(prefillLayerOverheadUs, forKey: .prefillLayerOverheadUs)
        if prefillIterationOverheadUs != 0 { try c.encode(prefillIterationOverheadUs, forKey: .prefillIterationOverheadUs) }
        try c.encode(eagerDecodeOverheadUs, forKey: .eagerDecodeOverheadUs)
        if eagerLayerHostUs != 0 { try c.encode(eagerLayerHostUs, forKey: .eagerLayerHostUs) }
        if moeKernelCompileMs != 0 { try c.encode(moeKernelCompileMs, forKey: .moeKernelCompileMs) }
        try c.encode(ignoreEOSAdmission, forKey: .ignoreEOSAdmission)
        try c.encode(overlapScheduling, forKey: .overlapScheduling)
        try c.encode(asyncScheduling, forKey: .asyncScheduling)
        if eagerElementwise { try c.encode(eagerElementwise, forKey: .eagerElementwise) }
        if gemmLibrary != .current { try c.encode(gemmLibrary, forKey: .gemmLibrary) }
        if decodeAttentionKernel != .flash { try c.encode(decodeAttentionKernel, forKey: .decodeAttentionKernel) }
        if attentionLibrary != .current { try c.encode(attentionLibrary, forKey: .attentionLibrary) }
        try c.encode(allReduce, forKey: .allReduce)
        try c.encode(customAllReduceMaxBytes, forKey: .customAllReduceMaxBytes)
        try c.encode(customAllReduceLatencyUs, forKey: .customAllReduceLatencyUs)
        try c.encode(oneShotMaxBytes, forKey: .oneShotMaxBytes)
        if symmMemAllReduce { try c.encode(symmMemAllReduce, forKey: .symmMemAllReduce) }
        try c.encode(allReduceSkewUsPerPeer, forKey: .allReduceSkewUsPerPeer)
        if eagerAllReduceUs != 0 { try c.encode(eagerAllReduceUs, forKey: .eagerAllReduceUs) }
        try c.encode(tpStepOverheadUsPerPeer, forKey: .tpStepOverheadUsPerPeer)
        try c.encode(requestOverheadMs, forKey: .requestOverheadMs)
        try c.encode(frontEndRequestMs, forKey: .frontEndRequestMs)
        if requestAdmissionUs != 0 { try c.encode(requestAdmissionUs, forKey: .requestAdmissionUs) }
        try c.encode(prefixCacheBlocks, forKey: .prefixCacheBlocks)
        try c.encode(prefillDecodeMixing, forKey: .prefillDecodeMixing)
        try c.encode(schedulerSteps, forKey: .schedulerSteps)
        try c.encode(weightOnlyGemm, forKey: .weightOnlyGemm)
        if moeDispatch != .replicated { try c.encode(moeDispatch, forKey: .moeDispatch) }
        try c.encode(kvCacheSizing, forKey: .kvCacheSizing)
        try c.encode(outputReserve.initialRatio, forKey: .outputReserveRatio)
        try c.encode(outputReserve.minRatio, forKey: .outputReserveMinRatio)
        try c.encode(outputReserve.decaySteps, forKey: .outputReserveDecaySteps)
        try c.encode(outputReserve.retractSteps, forKey: .retractReserveSteps)
    }

    /// Whether an iteration of a scheduler with chunked prefill `chunked` either prefills or
    /// decodes.
    public func separatesPrefillBatches(chunkedPrefill chunked: Bool) -> Bool {
        switch prefillDecodeMixing {
        case .always: false
        case .never: true
        case .withChunkedPrefill: !chunked
        }
    }

    /// The problems of this description, each as (key, message); empty when it is usable.
    public var problems: [(key: String, message: String)] {
        var found: [(String, String)] = []
        func nonNegative(_ value: Double, _ key: String) {
            if !(value >= 0 && value.isFinite) { found.append((key, "must be a finite number ≥ 0, got \(value)")) }
        }
        nonNegative(iterationOverheadUs, "iteration_overhead_us")
        nonNegative(perSequenceOverheadUs, "per_sequence_overhead_us")
        nonNegative(cudaGraphLaunchUs, "cuda_graph_launch_us")
        nonNegative(prefillLayerOverheadUs, "prefill_layer_overhead_us")
        nonNegative(prefillIterationOverheadUs, "prefill_iteration_overhead_us")
        nonNegative(eagerDecodeOverheadUs, "eager_decode_overhead_us")
        nonNegative(eagerLayerHostUs, "eager_layer_host_us")
        nonNegative(moeKernelCompileMs, "moe_kernel_compile_ms")
        nonNegative(customAllReduceMaxBytes, "custom_all_reduce_max_bytes")
        nonNegative(customAllReduceLatencyUs, "custom_all_reduce_latency_us")
        nonNegative(oneShotMaxBytes, "one_shot_max_bytes")
        nonNegative(requestOverheadMs, "request_overhead_ms")
        nonNegative(frontEndRequestMs, "front_end_request_ms")
        nonNegative(requestAdmissionUs, "request_admission_us")
        nonNegative(allReduceSkewUsPerPeer, "all_reduce_skew_us_per_peer")
        nonNegative(eagerAllReduceUs, "eager_all_reduce_us")
        nonNegative(tpStepOverheadUsPerPeer, "tp_step_overhead_us_per_peer")
        if cudaGraphMaxBatchSize < 0 { found.append(("cuda_graph_max_batch_size", "must be ≥ 0, got \(cudaGraphMaxBatchSize)")) }
        if prefixCacheBlocks < 1 { found.append(("prefix_cache_blocks", "must be ≥ 1 KV block, got \(prefixCacheBlocks)")) }
        found += outputReserve.problems
        if !(1...1024).contains(schedulerSteps) {
            found.append(("scheduler_steps", "must be a whole number of decode steps from 1 to 1024, got \(schedulerSteps)"))
        }
        return found
    }
}

/// Whether prompt chunks and decodes share an iteration.
public enum PrefillDecodeMixing: String, Codable, Sendable, CaseIterable {
    /// Every iteration takes the decodes and what the token budget leaves for prompt chunks.
    case always
    /// An iteration prefills or decodes; prefill first.
    case never
    /// Mixed with chunked prefill on, apart with it off.
    case withChunkedPrefill = "with_chunked_prefill"
}

/// The kernel of a weight-only quantised GEMM (int8 or int4 weights, fp16/bf16 activations).
public enum WeightOnlyGemm: String, Codable, Sendable, CaseIterable {
    /// Marlin (vLLM's and SGLang's `gptq_marlin`/`awq_marlin`, compressed-tensors W4A16/W8A16):
    /// the packed weights are read once per GEMM and dequantised in registers; modelled as a
    /// GEMM reading weights of their own width, multiplied at the 16-bit peak.
    case marlin
    /// GPTQ's ExLlama kernels (vLLM's `gptq`, csrc/quantization/gptq/q_gemm.cu, v0.5–0.20): up
    /// to 50 rows (24 for 8-bit weights) a fused kernel that dequantises in registers; beyond,
    /// the weights are first dequantised into a 16-bit copy (`reconstruct`), then multiplied by
    /// cuBLAS — a prefill reads the weights in 16 bits, and writes them first.
    case gptqExllama = "gptq_exllama"

    /// Rows up to which the ExLlama path fuses dequantisation into the GEMM
    /// (`MAX_Q_GEMM_ROWS`, `MAX_Q_GEMM_ROWS_8BIT`), for weights of `weightBytes` per element.
    public static func exllamaFusedRows(weightBytes: Double) -> Double { weightBytes >= 1 ? 24 : 50 }
}

/// How the experts of an expert-parallel MoE layer (`cluster.ep` > 1, attention in tensor
/// parallel over the same GPUs) get their tokens.
public enum MoEDispatch: String, Codable, Sendable, CaseIterable {
    /// Every rank of the TP group holds every token (attention's all-reduce left it so); each
    /// runs its own experts on the tokens routed to them, and the layer's all-reduce sums the
    /// ranks' partial outputs, as it does with the experts split by TP: no other communication.
    /// What vLLM does without data parallelism (`FusedMoE.forward_impl`: dispatch and combine
    /// only where `dp_size > 1`; the output all-reduced over the TP group where `tp_size > 1 or
    /// ep_size > 1`; `use_all2all_kernels` needs `dp_size > 1`), as do SGLang's and
    /// TensorRT-LLM's expert parallelism without attention data parallelism.
    case replicated
    /// An all-to-all dispatch and combine per MoE layer: each token's routed copies leave its
    /// rank (d·a·k·(e−1)/e bytes per token each way), timed as NCCL's all-to-all; the TP
    /// all-reduces stay. The traffic of all-to-all kernels (DeepEP, pplx) laid over a TP group.
    case allToAll = "all_to_all"
}

/// What the memory fraction given to an engine (`scheduler.gpu_memory_utilization`) is a
/// fraction of when it sizes its KV cache.
public enum KVCacheSizing: String, Codable, Sendable, CaseIterable {
    /// Of the GPU's whole memory, weights and the activation workspace included (vLLM's
    /// `gpu_memory_utilization`, SGLang's `mem_fraction_static`): KV = f·M − W − A.
    case fractionOfTotal = "fraction_of_total"
    /// Of the memory free once the weights and the activation workspace are in (TensorRT-LLM's
    /// `kv_cache_free_gpu_memory_fraction`, KvCacheConfig, default 0.9): KV = f·(M − W − A).
    case fractionOfFree = "fraction_of_free"
}

/// How a tensor-parallel group sums its partial results.
public enum AllReduceAlgorithm: String, Codable, Sendable, CaseIterable {
    /// NCCL's ring: 2(t−1) steps, each moving 1/t of the message (bandwidth-optimal).
    case ring
    /// A one-shot/two-shot kernel over NVLink peer memory (vLLM's `custom_all_reduce`):
    /// one-shot below `one_shot_max_bytes` (each GPU reads every peer's whole buffer), two-shot
    /// above (reduce-scatter then all-gather through peer memory), NCCL's ring from
    /// `custom_all_reduce_max_bytes` on or when the GPUs have no NVLink.
    case custom
}
