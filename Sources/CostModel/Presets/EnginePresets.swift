/// TOML `[engine]` tables of the preset serving engines.
///
/// Sources of the shared figures (read in the public source of each engine; no code taken):
/// - CUDA-graph capture sizes: vLLM V1 captures decode batches up to 512
///   (`CompilationConfig.cudagraph_capture_sizes`, vllm/config, v0.8–0.10); vLLM V0 up to 256
///   (`_BATCH_SIZES_TO_CAPTURE`, model_runner.py, v0.5/0.6); SGLang up to `cuda_graph_max_bs`
///   (160 by default on 80 GB GPUs, server_args.py, v0.4); TensorRT-LLM's PyTorch backend
///   captures up to its `max_batch_size` when `cuda_graph_config` is set (trtllm-serve's
///   default in 1.0).
/// - `cuda_graph_launch_us` 2: graph replay leaves ~0.5 µs between back-to-back kernels
///   (NVIDIA, "Getting Started with CUDA Graphs", 2019: 3.4 µs per 2.9 µs kernel against 3.8 µs
///   from a stream) plus ~1.5 µs of first/last-wave ramp that graphs do not remove (estimate).
/// - Custom all-reduce: vLLM's `custom_all_reduce` (csrc/custom_all_reduce.cuh, vllm
///   v0.4–0.10) takes messages up to 8 MiB (`max_size = 8192 * 1024`), one-shot for 2 GPUs and
///   below 512 KiB at ≤ 4 GPUs (256 KiB at 8), two-shot above; SGLang ships the same kernel.
///   Latency: see `custom_all_reduce_latency_us` below. From 0.11 vLLM also runs a
///   symmetric-memory all-reduce (torch's, multimem over NVSwitch; `VLLM_ALLREDUCE_USE_SYMM_MEM`
///   on by default), which at 6–8 GPUs takes messages up to 64 MiB on SM 9.0 and 128 MiB on
///   SM 10.0 (`SYMM_MEM_ALL_REDUCE_MAX_SIZES`, all_reduce_utils.py): `symm_mem_all_reduce` in
///   the `vllm-0.11` and `vllm-async` presets, the limit a GPU key.
/// - `all_reduce_skew_us_per_peer` 4.0: the wait for the slowest GPU at each TP all-reduce of
///   a whole model pass, fitted by `simserve validate serving --fit` on the fit points of
///   `data/serving/points.csv` (SGLang, H200, TP 4 and 8, lightest loads and the ShareGPT shape
///   point, after each engine's step time; 4.01 µs, the fit points' own best values spread
///   ± 10.3) and carried to every engine that runs collectives inside CUDA graphs except vLLM
///   0.6, whose own is fitted on its own runs (`vllmV0TensorParallel`).
/// - `iteration_overhead_us` of vLLM V1, SGLang and TensorRT-LLM: the CPU time per step on the
///   critical path, fitted the same way on the ITL median of each engine's run of four users
///   at a time on one H100 (gpustack_perflab, Qwen3-8B: vLLM 0.11 1,214 µs with its own
///   per-sequence term (`vllm-0.11`, and `vllm-async`, which carries both of its figures),
///   1,377 µs with the estimate of 2 µs (`vllm`), SGLang 0.5
///   1,049 µs, TensorRT-LLM 1.2 1,421 µs; one point each, so no spread). Each rose by ~166 µs
///   when the H100 and H200 presets took the H200's own elementwise kernel figures (faster
///   norms, rotary, SiLU·gate and adds than the A100 figures carried before): the same
///   measured ITL, less of it in kernels.
/// - `vllm-0.11`'s `per_sequence_overhead_us` 43.3: fitted by `simserve validate energy --fit`
///   on the tokens/s of ML.ENERGY's vLLM 0.11.1 runs of Llama-3.1-8B and 70B on H100 (batch
///   8–1,024; the measured steps exceed the kernels' by ~40 µs per running request whatever
///   the model and TP); held out: its Llama-3.3-70B and 405B-FP8 H100 rows, every B200 row,
///   and the gpustack vLLM 0.11.0 runs. The plain `vllm` preset keeps the 2 µs estimate: the
///   V1 versions before 0.11 are not measured here, and a vLLM V1 70B decode step at TP 4 of
///   112 sequences that takes ~19 ms leaves no room for 40 µs per sequence.
/// - `prefill_layer_overhead_us` and `prefill_iteration_overhead_us`: fitted together on each
///   engine's own fit points' TTFT medians for SGLang (218 µs per layer with its request path,
///   nothing per iteration: `sglangPrefillHost`) and vLLM 0.6 (524 µs, 0 µs, with its engine
///   loop's 1,962 µs to add each arriving request, `request_admission_us`:
///   `vllmV0PrefillHost`); the V0 presets of 2023 and mid-2024
///   keep an earlier per-layer fit (266 µs: `prefillLayerOverhead`); vLLM V1 (piecewise CUDA
///   graphs), TensorRT-LLM (C++ runtime) and plain PyTorch (kernel-time profiles) leave both at 0.
/// - `eager_decode_overhead_us` 58,400: the host time of a decode step past the graph
///   size, fitted on the fit points at capacity (see `eagerDecodeOverhead`); the
///   same engines as the prefill term.
/// - vLLM of mid-2024 (`vllm-v0.5`, cuBLAS 12.1's GEMMs): `iteration_overhead_us` 1,456,
///   `per_sequence_overhead_us` 69.2 and `tp_step_overhead_us_per_peer` 219.5, fitted by
///   `simserve validate throughput --fit`
///   on the Llama rows of Argonne's static batches (LLM-Inference-Bench, BSD-3-Clause; H100 and
///   A100-40GB, TP 1–4; the other models' rows held out). `vllm-v0` (0.6) has its own per-peer
///   term, fitted on its own runs at TP 8 (`vllmV0TensorParallel`): 0.
/// - `per_sequence_overhead_us` and vLLM 0.6's `iteration_overhead_us`: stated estimates; fit
///   them on your own runs with `simserve calibrate
///   --from-serving` (VALIDATION.md, "End to end", shows such a fit on SGLang H200 results).
enum EnginePresets {
    /// The custom all-reduce over NVLink that vLLM, SGLang and TensorRT-LLM run (figures above),
    /// and the skew per peer GPU fitted on whole passes.
    static let customAllReduce = """
        \(customAllReduceKernel)
        all_reduce_skew_us_per_peer = 4.0       # fit: `simserve validate serving --fit` (4.01 ± 10.3 µs)
        """

    /// The custom all-reduce kernel alone, for the engines whose skew is fitted on their own runs.
    static let customAllReduceKernel = """
        all_reduce = "custom"
        custom_all_reduce_max_bytes = 8388608   # 8 MiB
        custom_all_reduce_latency_us = 8.0
        one_shot_max_bytes = 524288             # 512 KiB at ≤ 4 GPUs (half at 8)
        """

    /// SGLang's host time of a prefill iteration per layer (its prefills run eagerly), fitted by
    /// `simserve validate serving --fit` on the TTFT medians of its light fit points (SGLang 0.4
    /// on H200, 70B TP 4 and 405B TP 8; SGLang 0.5 on one H100, Qwen3-8B; 36, 80 and 126 layers;
    /// the overlap scheduler modelled) together with SGLang's request path
    /// (`ServingPointScenario.requestPathMs`, 3.8 ± 1.0 ms): 218 ± 18 µs (refitted when every
    /// iteration at TP > 1 took its logits' all-gather: 204 µs and 4.6 ms before). Nothing per prefill
    /// iteration: the rest of SGLang's time to a first token is its request path through the
    /// tokenizer, scheduler and detokenizer processes, which delays that request and holds no
    /// GPU (the overlap scheduler prepares each batch while the one before runs). An earlier
    /// fit took it as host time per prefill iteration (5,043 ± 749 µs), a stall of every
    /// running request at each arrival: AccelMark's SGLang 0.5 runs on one A100 at 5–25 req/s,
    /// held out, came out 26–54 % slow per output token with it (VALIDATION.md, "End to end").
    static let sglangPrefillHost = """
        prefill_layer_overhead_us = 218.0
        prefill_iteration_overhead_us = 0.0
        """

    /// vLLM 0.6's (V0's) host time of a prefill iteration and its engine loop's time to add each
    /// arriving request (`AsyncLLMEngine.engine_step` adds every request that came in since the
    /// last step before it schedules: input processing, sequence objects, the request's log
    /// line), fitted together on its own fit points (`ServingPointScenario.prefillFitPoints`:
    /// Lambda's 10 and 80 ShareGPT prompts at once, Llama-3-8B at TP 1 and Llama-3-70B at TP 2,
    /// A100-80GB and H100, each run's prompts gathered into the engine's first step as vLLM's
    /// engine loop gathers them; their TTFT and, for the bursts, E2E medians), at its own
    /// tensor-parallel terms: 524 ± 298 µs per layer, 0 ± 24,528 µs per iteration (the range's
    /// floor) and 1,962 ± 2,020 µs per request (refitted when the H100, H200 and B200
    /// collectives took NCCL's NVLS: 567 and 1,846 before, within their errors). The 10- and
    /// 80-prompt bursts tell the request term from the prefill's (the measured first tokens of
    /// 80 prompts start ~0.5 s late on the A100 machine, of 10 prompts a few tens of ms); the
    /// terms are far from independent on
    /// these points (32 and 80 layers only), and their sum over a burst is what the fit fixes
    /// best. Held out, AccelMark's vLLM 0.7 runs of one request at a time (the same V0 engine
    /// loop, in-process) check the split: their TTFT, from −15 to +132 % (median +37 %, nine
    /// runs) with the earlier fit's 708 µs per layer and 14,515 µs per iteration and no request
    /// term, is from −46 to +50 % (median +2 %, median |error| 23 % against 37 %).
    static let vllmV0PrefillHost = """
        prefill_layer_overhead_us = 524.0
        prefill_iteration_overhead_us = 0.0
        request_admission_us = 1962.0
        """

    /// The prefill host time per layer of an earlier fit (SGLang's fit points alone, per layer
    /// only: 266 ± 286 µs), kept for the vLLM V0 presets of 2023 and mid-2024 (`vllm-v0.2`,
    /// `vllm-v0.5`), whose checks (Splitwise's prompt times, Argonne's static batches) were
    /// fitted with it; no serving runs of theirs fix it.
    static let prefillLayerOverhead = "prefill_layer_overhead_us = 266.0"

    /// Host time of a decode step past the CUDA-graph size, which runs eagerly, fitted by
    /// `simserve validate serving --fit` on the request throughput of the two fit points at
    /// capacity (SGLang 0.4, H200: 70B TP 4 with 3,000 requests at once, 405B TP 8 at 8 req/s;
    /// 58.4 ± 14.3 ms) and carried to vLLM V0, whose eager path is the same kind of Python model
    /// runner. Once per step, not per layer: per layer, the two points' own best values were
    /// 3.7× apart (70B ~750 µs, 405B ~200 µs); per step they agree within the spread.
    static let eagerDecodeOverhead = "eager_decode_overhead_us = 58400.0"


    /// The host terms of vLLM V0 in mid-2024, fitted by `simserve validate throughput --fit` on
    /// the Llama rows of Argonne's static batches (H100 and A100-40GB, TP 1–4; the Mistral,
    /// Mixtral and Qwen2 rows held out: VALIDATION.md, "Offline throughput tables").
    static let argonneVLLMHostTerms = """
        iteration_overhead_us = 1455.9           # fit (272 rows; RMS log ratio 0.118 with cuBLAS 12.1's H100 GEMMs; with
        per_sequence_overhead_us = 69.2          # today's it was 1936/67.4/189 at 0.120–0.124: the GEMMs' time was in
        tp_step_overhead_us_per_peer = 219.5     # the step term)
        """

    /// vLLM 0.6's time per step that grows with the GPUs of its tensor-parallel group: the
    /// driver's hand-off of each step's inputs per peer worker and the wait for the slowest GPU
    /// at each all-reduce, fitted together by `simserve validate serving --fit` on the ITL of
    /// its own runs at TP 8 (``ServingPointScenario/tensorParallelFitPoints``: Lambda's 10
    /// prompts at once, Llama-3-8B and Llama-3-70B — 64 and 160 all-reduces a step — on
    /// A100-80GB and H100). Before, the hand-off was vLLM 0.4–0.5's (219.5 µs per peer, fitted
    /// on Argonne's static batches) and the wait every engine's (4.0 µs, fitted on SGLang's
    /// H200 runs): together 2.3 ms a step more than vLLM 0.6 measured at TP 8. The hand-off
    /// fits at 0 ± 96 µs: from mid-2024 vLLM broadcasts each step's metadata to the workers of
    /// one node through a shared-memory queue (vllm-project/vllm#5755's thread), whose cost
    /// need not grow with them.
    static let vllmV0TensorParallel = """
        tp_step_overhead_us_per_peer = 0.0      # fit: 0 ± 96 µs (the range's floor)
        all_reduce_skew_us_per_peer = 1.44      # fit: 1.44 ± 1.32 µs
        """

    /// What every vLLM V1 preset shares.
    static let vllmV1Common = """
        cuda_graphs = true
        cuda_graph_max_batch_size = 512     # V1 CompilationConfig capture sizes
        cuda_graph_launch_us = 2.0
        \(customAllReduce)
        request_overhead_ms = 0.0
        prefix_cache_blocks = 1
        prefill_decode_mixing = "always"    # V1's unified scheduler: decodes + chunks in every step
        """

    /// What every vLLM V0 preset shares.
    static let vllmV0Common = """
        cuda_graphs = true
        cuda_graph_max_batch_size = 256     # _BATCH_SIZES_TO_CAPTURE
        cuda_graph_launch_us = 2.0
        \(customAllReduceKernel)
        request_overhead_ms = 0.0
        prefix_cache_blocks = 1
        """

    static let tables: [String: String] = [
        "vllm": """
            # vLLM V1 (0.8–0.10): CUDA graphs for decode up to 512 sequences, custom all-reduce over
            # NVLink for TP ≤ 8, chunked prefill and prefix caching by 16-token block.
            name = "vllm"
            version = "0.8-0.10 (V1 engine)"
            prefill_layer_overhead_us = 0.0     # mixed batches run from piecewise CUDA graphs (torch.compile, V1's default)
            iteration_overhead_us = 1377.0      # CPU per step on the critical path (fit: `validate serving --fit`, vLLM 0.11 on one H100, per-sequence term at 2)
            per_sequence_overhead_us = 2.0      # estimate: block tables, sampling, detokenisation per sequence
            \(vllmV1Common)
            """,
        "vllm-async": """
            # vLLM V1 from early 2026 (0.14 on, assumed): as vllm, with asynchronous scheduling on
            # by default (vllm PR #27614, "Async Scheduling Plan" #27679): the scheduler prepares the
            # next step while the GPU runs this one, so the host time per step and per sequence
            # below overlaps the kernels instead of adding to them, and a request that arrives
            # during a step joins the one after next. The host figures are those of the nearest
            # version measured, vllm-0.11's (its step fitted on one H100, its time per running
            # request on ML.ENERGY's vLLM 0.11.1 runs), not refitted on a 0.14+ run.
            name = "vllm-async"
            version = "0.14 and later (V1 engine, async scheduling)"
            prefill_layer_overhead_us = 0.0
            iteration_overhead_us = 1214.0      # vllm-0.11's
            per_sequence_overhead_us = 43.3     # vllm-0.11's
            async_scheduling = true
            overlap_scheduling = true
            symm_mem_all_reduce = true          # on by default from 0.11 (VLLM_ALLREDUCE_USE_SYMM_MEM)
            \(vllmV1Common)
            """,
        "vllm-0.11": """
            # vLLM 0.11 (V1): as vllm, with the host time per running request measured on 0.11.
            name = "vllm-0.11"
            version = "0.11 (V1 engine)"
            prefill_layer_overhead_us = 0.0
            iteration_overhead_us = 1214.0      # fit: `validate serving --fit` (vLLM 0.11.0, four users on one H100)
            per_sequence_overhead_us = 43.3     # fit: `validate energy --fit` (ML.ENERGY, vLLM 0.11.1 on H100)
            symm_mem_all_reduce = true          # on by default from 0.11 (VLLM_ALLREDUCE_USE_SYMM_MEM)
            \(vllmV1Common)
            """,
        "vllm-v0": """
            # vLLM V0 (0.6): CUDA graphs up to 256, custom all-reduce, synchronous scheduler with
            # asynchronous output processing (0.6.0; before it: vllm-v0.5).
            name = "vllm-v0"
            version = "0.6 (V0 engine)"
            # 0.6.0–0.6.3 pinned PyTorch 2.4's CUDA 12.1 wheels: cuBLAS 12.1's GEMMs (0.6.4 on: torch 2.5, CUDA 12.4).
            gemm_library = "cublas-12.1"
            # V0's scheduler runs prompts in batches of their own unless chunked prefill is on
            # (`_schedule_default` vs `_schedule_chunked_prefill`, vllm/core/scheduler.py, v0.5-0.6);
            # `--num-scheduler-steps` (default 1) decodes that many steps before admitting again.
            prefill_decode_mixing = "with_chunked_prefill"
            scheduler_steps = 1
            \(vllmV0PrefillHost)
            \(eagerDecodeOverhead)
            iteration_overhead_us = 800.0       # estimate: V0's synchronous scheduling and output processing
            per_sequence_overhead_us = 6.0      # estimate
            \(vllmV0TensorParallel)
            \(vllmV0Common)
            """,
        "vllm-v0.2": """
            # vLLM of late 2023 (0.2, before 0.2.5's CUDA graphs and 0.3's custom all-reduce): every
            # step eager, the TP all-reduces through torch.distributed's NCCL from each Ray worker,
            # prompts in iterations of their own, the norms, rotary and SiLU·gate as vLLM's own CUDA
            # ops (the GPU's fused figures). What Splitwise profiled (VALIDATION.md, "Splitwise").
            name = "vllm-v0.2"
            version = "0.2 (V0 engine, no CUDA graphs)"
            # Its wheels ran on PyTorch 2.1's CUDA 12.1 build: cuBLAS 12.1's GEMMs (the pytorch preset's library).
            gemm_library = "cublas-12.1"
            prefill_decode_mixing = "never"
            scheduler_steps = 1
            cuda_graphs = false
            cuda_graph_max_batch_size = 0
            all_reduce = "ring"
            all_reduce_skew_us_per_peer = 4.0   # as the other engines
            # Each all-reduce launched from Python waits for the last rank's launch: the pytorch
            # preset's figure (fitted on Vidur's DGX A100 profile), carried over.
            eager_all_reduce_us = 10.19
            # Host time to issue one layer eagerly (an eager batch lasts at least layers × this): fit,
            # `simserve validate splitwise --fit` on Splitwise's Llama-2-70B token times at TP 8 on a
            # DGX H100 (346 ± 4 µs; the DGX A100's host took 529 ± 4: set it for your host); held out
            # at TP 2 and 4 and on BLOOM-176B (VALIDATION.md, "Splitwise").
            eager_layer_host_us = 346.0
            \(prefillLayerOverhead)
            # V0's host terms of mid-2024 (Argonne, below), carried back: 0.2's scheduler, sampler and
            # Ray broadcast to the TP workers did the same work per step, sequence and peer.
            \(argonneVLLMHostTerms)
            request_overhead_ms = 0.0
            prefix_cache_blocks = 1
            """,
        "vllm-v0.5": """
            # vLLM V0 of mid-2024 (0.4–0.5): vllm-v0 before 0.6's asynchronous output processing,
            # so sampling and detokenising every sequence wait on the host each step.
            name = "vllm-v0.5"
            version = "0.4-0.5 (V0 engine)"
            # Its wheels ran on PyTorch 2.1–2.4's CUDA 12.1 builds: cuBLAS 12.1's GEMMs.
            gemm_library = "cublas-12.1"
            prefill_decode_mixing = "with_chunked_prefill"
            scheduler_steps = 1
            \(prefillLayerOverhead)
            \(eagerDecodeOverhead)
            \(argonneVLLMHostTerms)
            all_reduce_skew_us_per_peer = 4.0   # as the other engines
            \(vllmV0Common)
            """,
        "sglang": """
            # SGLang (0.4): overlap scheduler, CUDA graphs up to cuda_graph_max_bs, custom all-reduce,
            # radix-tree prefix cache (token granularity, modelled as one block).
            name = "sglang"
            version = "0.4"
            # Prefill batches apart from decode batches, prefill first (`get_next_batch_to_run`,
            # python/sglang/srt/managers/scheduler.py, v0.3-0.4; `--enable-mixed-chunk` off by default).
            prefill_decode_mixing = "never"
            # Admission keeps room for the output to come: new_token_ratio from 0.7 down to
            # 0.7 × 0.14 over 600 decode steps, raised after a retraction to leave 20 steps of
            # room (global_config.py / scheduler.py / schedule_policy.py, v0.3-0.4).
            output_reserve_ratio = 0.7
            output_reserve_min_ratio = 0.098
            output_reserve_decay_steps = 600
            retract_reserve_steps = 20
            # With the client fixing every output (ignore_eos) and the radix cache off, admission
            # instead checks that the KV never runs out as the running requests finish
            # (add_one_req_ignore_eos, schedule_policy.py, v0.3-0.4).
            ignore_eos_admission = true
            # The overlap scheduler (on by default since 0.4, `disable_overlap_schedule = False`,
            # server_args.py; event_loop_overlap, scheduler.py) composes the next batch while the
            # current one runs: an arrival waits one more step before its prefill.
            overlap_scheduling = true
            \(sglangPrefillHost)
            \(eagerDecodeOverhead)
            iteration_overhead_us = 1049.0      # fit: `validate serving --fit` (SGLang 0.5 on one H100)
            per_sequence_overhead_us = 1.5      # estimate
            cuda_graphs = true
            cuda_graph_max_batch_size = 160     # server_args.py default on 80 GB GPUs
            cuda_graph_launch_us = 2.0
            \(customAllReduce)
            request_overhead_ms = 0.0
            prefix_cache_blocks = 1
            """,
        "tensorrt-llm": """
            # TensorRT-LLM (1.0, PyTorch backend with CUDA graphs): in-flight batching, its own
            # one-shot/two-shot all-reduce over NVLink.
            name = "tensorrt-llm"
            version = "1.0"
            # Its own decode-attention kernels (XQA for GQA/MQA): over an fp8 KV cache they stream faster and start
            # sooner than vLLM's, on whose rows the GPUs' own decode figures are fitted (aiconfigurator's TensorRT-LLM
            # rows; the GPU's `trtllm_xqa_decode_attention` figures where it has them: h100-sxm, h200, b200).
            decode_attention_kernel = "trtllm-xqa"
            prefill_decode_mixing = "always"    # in-flight batching: context and generation requests in one step
            # CapacitySchedulerPolicy GUARANTEED_NO_EVICT, the default: a request starts only when
            # its prompt and whole output fit beside the rest of every running request's output
            # (docs: performance-tuning-guide/useful-runtime-flags, llmapi SchedulerConfig).
            output_reserve_ratio = 1.0
            output_reserve_min_ratio = 1.0
            # KvCacheConfig.free_gpu_memory_fraction (0.9 by default, scheduler.gpu_memory_utilization here) is a
            # fraction of the memory free once the model is loaded, not of the whole GPU ("TensorRT LLM will try
            # to allocate 90% of free GPU memory for KV cache": nvidia.github.io/TensorRT-LLM/examples/kvcacheconfig.html).
            kv_cache_sizing = "fraction_of_free"
            iteration_overhead_us = 1421.0      # fit: `validate serving --fit` (TensorRT-LLM 1.2, PyTorch backend, on one H100)
            per_sequence_overhead_us = 1.0      # estimate
            cuda_graphs = true
            cuda_graph_max_batch_size = 512
            cuda_graph_launch_us = 2.0
            \(customAllReduce)
            request_overhead_ms = 0.0
            prefix_cache_blocks = 1
            """,
        "pytorch": """
            # Plain PyTorch + NCCL, eager: no CUDA graphs, NCCL ring all-reduce (what Vidur's and
            # Splitwise's profilers measured), no serving-engine CPU terms; the elementwise ops as eager
            # modules (the GPU's `eager_elementwise` figures where it has them: h100-sxm, from Vidur's profile;
            # h200, from the project's own measurements).
            name = "pytorch"
            version = "eager"
            eager_elementwise = true
            # Attention through torch's scaled_dot_product_attention: FlashAttention-2, the GPU's `flash_attention_2`
            # figures where it has them (h200, the project's own measurements; h100-sxm carries them over), else its own.
            attention_library = "flash-attention-2"
            # PyTorch's CUDA 12.1 wheels (torch 2.1–2.4, what Vidur profiled in early 2024): cuBLAS 12.1's GEMMs,
            # the GPU's `cublas_12_1_gemm` figures where it has them (h100-sxm, fitted on Vidur's H100 profile).
            gemm_library = "cublas-12.1"
            prefill_decode_mixing = "always"
            iteration_overhead_us = 0.0
            per_sequence_overhead_us = 0.0
            cuda_graphs = false
            cuda_graph_max_batch_size = 0
            all_reduce = "ring"
            all_reduce_skew_us_per_peer = 4.0       # as the other engines: a whole pass waits for the slowest GPU
            # Each all-reduce launched from Python (torch.distributed.all_reduce, no graph) waits for the
            # last rank's launch: fit, `simserve calibrate --eager-all-reduce` on Vidur's DGX A100 profile
            # (messages ≤ 1 MiB, a100-80gb's NCCL terms; 10.19 ± 1.74 µs); held out on its H100 profile
            # (VALIDATION.md, "Eagerly launched all-reduce").
            eager_all_reduce_us = 10.19
            request_overhead_ms = 0.0
            prefix_cache_blocks = 1
            """,
    ]
}
