/// TOML `[hardware]` tables of the preset GPUs.
///
/// Peak figures are NVIDIA and AMD datasheet values, *dense* (the datasheets print 2:4-sparse figures
/// with an asterisk; those are halved here). Link bandwidth is per direction (NVLink's
/// bidirectional total / 2; PCIe x16 per direction for parts without NVLink). Prices are
/// typical on-demand USD per GPU-hour in 2024–25 and vary by provider; override them.
///
/// Shared defaults, from public figures rather than fitted to the validation data:
/// - `compute_efficiency` 0.7: FlashAttention-2 (Dao 2023, §4.1) reaches 50–73 % of A100 peak
///   in the forward pass, and large fp16 cuBLAS GEMMs ~70–75 % of the 312 TFLOP/s (NVIDIA,
///   "Matrix Multiplication Background User's Guide", A100 GEMM figures).
/// - `memory_efficiency` 0.8: streaming kernels (BabelStream/STREAM triad) reach ~80–90 % of
///   HBM peak on A100/H100 (e.g. ~1.7 TB/s of 2.04 TB/s on A100-80GB).
/// - `kernel_launch_us` 4: CUDA kernel launch plus first/last-wave latency, a few µs
///   (NVIDIA CUDA C++ Best Practices Guide; Nsight timelines of small kernels).
/// - The serving engine's CPU time and CUDA graphs are the engine's (``EnginePresets``), not
///   the silicon's: the tables set no `iteration_overhead_us`.
/// - Measured GPUs (a100-80gb, h100-sxm, h200, b200, l40s) replace the shared efficiencies by
///   their fitted ones and say so in `kernel_data`; the others are datasheet-scaled and
///   unvalidated (`simserve cost` says so).
/// - Power (`busy_static_watts`, `compute_dynamic_watts`, `memory_dynamic_watts`,
///   `host_watts_per_gpu`): see ``GPUPowerModel``; h200 and b200 are fitted on measured kernel
///   power, h100-sxm carries H200's memory and decode-attention terms over and fits its busy and
///   compute terms on ML.ENERGY's measured watts, the others take its defaults (fractions of the swing
///   max − idle) and its host estimate.
/// - `memory_gb`: the memory the driver reports (nvidia-smi's total, `torch.cuda.mem_get_info`,
///   rocm-smi's VRAM total; public nvidia-smi/rocm-smi logs of each part), in 1e9 bytes: the
///   "80 GB" of a name is GiB, and `gpu_memory_utilization` is a fraction of this total (vLLM,
///   SGLang), so the KV pool is sized from it.
/// - `link_latency_us` 5 and `link_efficiency` 0.8: NCCL ring step latency over NVLink of a
///   few µs and bus bandwidth ~80 % of the link rate (nccl-tests all_reduce_perf on DGX A100
///   reports ~230 GB/s bus bandwidth of the 300 GB/s per direction).
enum HardwarePresets {
    static let tables: [String: String] = measuredOrScaledTables.merging(datasheetTables) { first, _ in first }

    /// The A100-80GB's fitted kernel figures (GEMMs and elementwise on the Vidur profile,
    /// attention and all-reduce on aiconfigurator's A100 vLLM rows), shared by a100-80gb and
    /// a100-40gb (the same GA100 die; efficiencies are fractions of each card's own peaks).
    static let a100KernelFigures = """
        compute_efficiency = 0.738 
        memory_efficiency = 0.8
        kernel_launch_us = 4.78 
        # Weight-only GEMMs (Marlin: int8/int4 weights, and fp8 weights, which an A100 has no tensor cores for)
        # step through M in 16-row blocks (IST-DASLab/marlin, `thread_m_blocks` × 16) and reach, once
        # compute-bound, 0.536 of the 16-bit peak (cuBLAS: 0.738): fitted by scripts/fit-point-terms.py
        # on the output tokens/s of AccelMark's offline vLLM 0.7 run of Llama-3.1-8B W8A16 on one A100-80GB
        # (`ServingPointScenario.weightOnlyGemmFitPoint`), with the fixed time below paid per launch; the
        # other A100 weight-only and fp8 runs held out.
        weight_only_compute_efficiency = 0.536
        weight_only_tile_rows = 16
        # Marlin's fixed time per kernel launch (its K-stripes reduce serially through global memory; a GEMM of
        # more than 64 rows takes two or more launches, `KernelTimeModel.marlinLaunches`): fitted by
        # scripts/fit-point-terms.py on the TPOT of Lambda's two runs of 10 fp8 prompts at TP 8 (vLLM 0.6.0,
        # Llama-3.1-8B and -70B: the smallest shards; ± 0.19 µs, the spread of the two) with the rate above; the other A100 fp8 runs held out.
        weight_only_launch_us = 11.95
        \(gptqExllamaFused)
        link_efficiency = 0.6815
        \(elementwiseA100)
        # Fitted on data/kernels/aic_*.csv (scripts/fit-kernels.py; decode attention and fp8 by
        # `simserve calibrate --from-kernels`, which counts fp8 KV at 1 byte) (a100-80gb, vLLM backend rows;
        # fit/held-out split and errors in VALIDATION.md, "Kernel cards").
        collective_overhead_us = 9.28
        custom_all_reduce_latency_us = 5.48
        # Attention: fitted by `simserve calibrate --from-kernels data/kernels --gpu a100-80gb` (vLLM rows).
        decode_attention_per_sequence_us = 0.0
        decode_attention_floor_us = 16.67
        decode_attention_overhead_us = 16.59
        decode_attention_per_sequence_head_us = 0.0
        # GQA-packed decode, tile work units and one-token prefill: `simserve calibrate --from-kernels` (FIT rows).
        decode_attention_per_sequence_kv_head_us = 0.0331
        decode_attention_half_rate_units = 2.32
        # decode_attention_overlap_sharpness stays 1 (the terms add): fitted it is 2.5 and the
        # aiconfigurator rows fit better (10.0 → 7.8 %), held out barely (17.0 → 16.6 %), while
        # Vidur's MHA decode rows (Llama-2-7B, 32 KV heads; never fitted) go 20 → 26 %.
        decode_attention_efficiency = 0.8153
        prefill_attention_efficiency = 0.5663
        prefill_attention_overhead_us = 9.932
        prefill_attention_per_sequence_us = 0.0
        prefill_attention_per_token_head_ns = 0.1589
        prefill_one_token_as_decode = true
        prefill_attention_per_tile_head_ns = 26.4
        attention_query_tile = 64
        # NCCL's LL/Simple protocols: `simserve calibrate --from-kernels
        # data/kernels --gpu a100-80gb` (FIT rows only; errors: `simserve validate kernels`).
        nccl_ll_efficiency = 0.2731
        nccl_simple_overhead_us = 35.86
        # NCCL's all-to-all (the expert-parallel dispatch): `simserve calibrate --from-kernels data/kernels
        # --gpu a100-80gb` on the FIT rows of aic_nccl_other_collectives.csv (every other message size), the
        # protocol by each peer's share (LL up to NCCL_P2P_LL_THRESHOLD, 16 KiB), each rank's send to itself at
        # `all_to_all_own_chunk_share` of a peer's chunk; held out 11.5 % MAPE (12.1 % without the own chunk; 8.3 % with
        # the faster protocol taken, which fitted the A100 better and the others worse; the all-reduce's terms alone: 26.9 %).
        all_to_all_overhead_us = 15.84
        all_to_all_efficiency = 0.6215
        all_to_all_ll_overhead_us = 11.75
        all_to_all_own_chunk_share = 0.2505
        # NCCL's all-gather and reduce-scatter (the LM head's logits gather at TP > 1): `simserve calibrate
        # --from-kernels data/kernels --gpu a100-80gb` (group all_gather) on the FIT rows of aic_nccl_other_collectives.csv,
        # the Simple protocol's fixed time and rate and the rank's own chunk at `all_gather_own_chunk_share` of a
        # peer's (efficiency 0.69 ± 0.04, share 0.29 ± 0.13);
        # held out all-gather 12.5 → 10.4 %, reduce-scatter 7.9 → 7.2 % MAPE (the all-reduce's ring terms before).
        all_gather_overhead_us = 32.90
        all_gather_efficiency = 0.6932
        all_gather_own_chunk_share = 0.2879
        # MoE layer: `simserve calibrate --from-kernels data/kernels --gpu a100-80gb` on aiconfigurator's A100 vLLM 0.14
        # fused-MoE rows (Triton), the only A100 MoE rows: skewed routing (power_law_1.01), read without expert
        # parallelism (KernelGPU.readsMoE), so the figures carry that skew; fit 24.0 %, held out 25.0 % MAPE (was
        # 27.6 / 27.7 % with the dense GEMM split among the experts); slow at TP 1 on 8-expert shapes (see VALIDATION.md).
        moe_compute_efficiency = 0.7161
        moe_overhead_us = 0.0
        moe_per_pair_ns = 16.01
        """

    /// The GPUs of the main table (the measured ones and A100-40GB, H100-PCIe, MI300X).
    static let measuredOrScaledTables: [String: String] = [
        "a100-80gb": """
            # NVIDIA A100 80GB SXM4. Datasheet: nvidia.com/content/dam/en-zz/Solutions/Data-Center/a100/pdf/nvidia-a100-datasheet-us-nvidia-1758950-r4-web.pdf
            name = "a100-80gb"
            peak_tflops = 312.0           # FP16/BF16 Tensor Core, dense (624 with sparsity)
            peak_tops_int8 = 624.0       # INT8 Tensor Core, dense (1,248 with sparsity)
            hbm_bandwidth_gbs = 2039.0    # HBM2e
            memory_gb = 85.899            # 1e9 bytes: 81,920 MiB as the driver reports it
            l2_cache_mb = 40.0            # NVIDIA A100 Tensor Core GPU Architecture whitepaper (2020): 40 MB L2
            link_bandwidth_gbs = 300.0    # NVLink 3: 600 GB/s bidirectional
            link_latency_us = 0.904
            inter_node_bandwidth_gbs = 25.0  # DGX A100: 8 × 200 Gb/s HDR InfiniBand (ConnectX-6), one per GPU; line rate, unvalidated
            inter_node_latency_us = 5.0
            idle_watts = 60.0             # typical nvidia-smi idle draw
            max_watts = 400.0             # TDP
            cost_per_hour = 1.99          # on-demand, USD/GPU-h (Lambda/CoreWeave range 1.49–2.49)
            \(a100KernelFigures)
            kernel_data = "measured: Vidur profile A100-80GB (GEMMs, elementwise; PyTorch eager), aiconfigurator A100 attention (vLLM) and all-reduce"
            """,
        "a100-40gb": """
            # NVIDIA A100 40GB SXM4. Same datasheet as a100-80gb but for its HBM2 (1,555 GB/s) and size.
            name = "a100-40gb"
            peak_tflops = 312.0           # FP16/BF16 Tensor Core, dense
            peak_tops_int8 = 624.0       # INT8 Tensor Core, dense
            hbm_bandwidth_gbs = 1555.0    # HBM2
            memory_gb = 42.950            # 1e9 bytes: 40,960 MiB as the driver reports it
            l2_cache_mb = 40.0            # the same GA100 die: 40 MB L2
            link_bandwidth_gbs = 300.0    # NVLink 3: 600 GB/s bidirectional
            link_latency_us = 0.904       # as a100-80gb (the same NVLink 3 fabric)
            inter_node_bandwidth_gbs = 25.0  # DGX A100 (40GB): 8 × 200 Gb/s HDR InfiniBand (ConnectX-6), one per GPU; line rate, unvalidated
            inter_node_latency_us = 5.0
            idle_watts = 55.0
            max_watts = 400.0
            cost_per_hour = 1.29          # on-demand, USD/GPU-h (Lambda list price)
            # The A100-80GB's fitted kernel figures, carried over: the same GA100 die, SM clocks, L2
            # and NVLink; efficiencies are fractions of this card's own peaks (its 1,555 GB/s HBM2).
            # No A100-40GB kernel table in the repository: checked only through whole runs
            # (VALIDATION.md: Argonne's A100-40GB throughput, AccelMark and surajssd serving points).
            \(a100KernelFigures)
            kernel_data = "carried over from a100-80gb (same GA100 die, clocks, L2, NVLink; fractions of this card's HBM2 bandwidth): Vidur profile A100-80GB GEMMs and elementwise, aiconfigurator A100 attention and all-reduce; no A100-40GB kernel table"
            """,
        "h100-sxm": """
            # NVIDIA H100 SXM5 80GB. Datasheet: resources.nvidia.com/en-us-tensor-core/nvidia-tensor-core-gpu-datasheet
            name = "h100-sxm"
            peak_tflops = 989.4           # FP16/BF16 Tensor Core, dense (1,979 with sparsity)
            peak_tflops_fp8 = 1978.9      # FP8 Tensor Core, dense (3,958 with sparsity)
            peak_tops_int8 = 1978.9           # INT8 Tensor Core, dense (3,958 with sparsity)
            hbm_bandwidth_gbs = 3350.0    # HBM3
            memory_gb = 85.521            # 1e9 bytes: 81,559 MiB as the driver reports it
            link_bandwidth_gbs = 450.0    # NVLink 4: 900 GB/s bidirectional
            link_latency_us = 0.777
            inter_node_bandwidth_gbs = 50.0  # DGX/HGX H100: 8 × 400 Gb/s NDR InfiniBand (ConnectX-7), one per GPU; line rate, unvalidated
            inter_node_latency_us = 5.0
            idle_watts = 70.0
            max_watts = 700.0             # TDP
            cost_per_hour = 2.99          # on-demand, USD/GPU-h (range 2.49–3.99)
            # Power from activity (GPUPowerModel): no H100 kernel-power table. The busy and compute terms are
            # fitted on the W/GPU ML.ENERGY measured on H100 (`simserve validate energy --fit-power`: the
            # Llama-3.1-8B and 70B rows; Llama-3.3-70B and 405B-FP8 held out), from H200's fit (busy 253 W,
            # compute 514 W), which put those runs 8–21 % under their watts by a gap growing with the batch.
            # Memory and decode attention stay H200's (scripts/fit-power.py; same GH100 die, same 700 W limit),
            # the memory term × 3350/4800 (same energy per byte).
            busy_static_watts = 316.5
            compute_dynamic_watts = 630.1
            memory_dynamic_watts = 112.0
            attention_dynamic_watts = 273.0   # H200's (same die)
            prefill_attention_dynamic_watts = 203.0   # H200's (same die)
            compute_efficiency = 0.806 
            memory_efficiency = 0.8
            kernel_launch_us = 3.48 
            \(gptqExllamaFused)   # GPTQ ExLlama fused kernel: the A100's rate, carried over (HardwarePresets+WeightOnly.swift)
            link_efficiency = 0.6847
            l2_cache_mb = 50.0            # NVIDIA H100 Tensor Core GPU Architecture whitepaper (2022): 50 MB L2 on H100 SXM5
            \(elementwiseH200)
            \(eagerElementwiseH100)
            # The GEMMs of cuBLAS 12.1 (PyTorch's CUDA 12.1 wheels: Vidur's profile, the vLLM of 2023–mid-2024), for
            # engines with gemm_library = "cublas-12.1": `simserve calibrate --from data/kernels/vidur-h100 --hardware
            # h100-sxm --gemm-library cublas-12.1` (fitted on the Llama-2 files, compute 0.7296 ± 0.0010, fixed time
            # 5.66 ± 0.03 µs, p 1.887 ± 0.014; memory the preset's own; held out on the other four files: 17.3 → 9.1 %).
            # The same generation's fp8 GEMMs (vLLM 0.5–0.6's CUTLASS scaled_mm, CUDA 12.1 wheels) stream their weights
            # at 0.678 ± 0.024 of HBM bandwidth (today's: 0.874): fitted by scripts/fit-point-terms.py on the output
            # tokens/s of Lambda's runs of 80 fp8 prompts at once on one and two H100s
            # (`ServingPointScenario.fp8GemmGenerationFitPoints`); Lambda's other H100 fp8 runs held out.
            cublas_12_1_gemm = { compute_efficiency = 0.7296, memory_efficiency = 0.874, kernel_launch_us = 5.658, roofline_sharpness = 1.887, fp8_memory_efficiency = 0.678 }
            # Fitted on data/kernels/aic_*.csv (scripts/fit-kernels.py; decode attention and fp8 by
            # `simserve calibrate --from-kernels`, which counts fp8 KV at 1 byte) (h100-sxm, vLLM backend rows;
            # fit/held-out split and errors in VALIDATION.md, "Kernel cards").
            kernel_data = "measured: aiconfigurator H100-SXM (vLLM, graph replay) GEMM, attention, all-reduce; elementwise carried over from H200 (own measurements); eager elementwise and cuBLAS 12.1 GEMMs: Vidur profile H100; FlashAttention-2 carried over from H200 (own measurements)"
            roofline_sharpness = 3.59
            gemm_memory_efficiency = 0.874
            # fp8: held at the GEMM's rate per added output column on the fit widths' large cells (1,563 TFLOPS,
            # `calibrate --from-kernels` prints it under gemm_fp8: the input's quantisation drops out of that slope; fitted with the rest
            # the split was unidentified, 0.8309); the fp8 group's other terms fitted around it (below).
            fp8_compute_efficiency = 0.7899
            decode_attention_efficiency = 0.918
            decode_attention_overhead_us = 9.726
            decode_attention_floor_us = 12.28
            decode_attention_per_sequence_us = 0.0
            decode_attention_per_sequence_head_us = 0.0
            # GQA-packed decode, tile work units and one-token prefill: `simserve calibrate --from-kernels` (FIT rows).
            decode_attention_per_sequence_kv_head_us = 0.0272
            decode_attention_half_rate_units = 0.952
            decode_attention_overlap_sharpness = 1.411
            prefill_attention_efficiency = 0.6408
            attention_query_tile = 128
            prefill_attention_overhead_us = 12.07
            prefill_attention_per_sequence_us = 0.0
            prefill_attention_per_token_head_ns = 0.262
            prefill_one_token_as_decode = true
            collective_overhead_us = 5.09
            custom_all_reduce_latency_us = 4.52
            # MoE layer: `simserve calibrate --from-kernels` on data/kernels/aic_moe.csv (TensorRT-LLM CUTLASS
            # fused MoE, balanced routing; split in KernelSplitRule; errors: `simserve validate kernels`).
            moe_compute_efficiency = 0.9175
            moe_fp8_compute_efficiency = 0.9294
            moe_overhead_us = 17.18
            moe_per_pair_ns = 11.81
            # fp8 GEMM form, fp8-KV decode terms and NCCL's LL/Simple protocols: `simserve calibrate --from-kernels
            # data/kernels --gpu h100-sxm --hold fp8_compute_efficiency=0.7899` (FIT rows only; errors: `simserve
            # validate kernels`).
            fp8_gemm_launch_us = 6.02
            fp8_roofline_sharpness = 1.84
            fp8_activation_quant_gbs = 705.8
            decode_attention_fp8_kv_overhead_us = 3.416
            decode_attention_fp8_kv_efficiency = 0.7752
            # TensorRT-LLM's XQA decode kernels over an fp8 KV cache of grouped-query heads (engines with
            # decode_attention_kernel = "trtllm-xqa"): `simserve calibrate --from-kernels data/kernels --gpu h100-sxm
            # --decode-attention-kernel trtllm-xqa --hold fp8_kv_efficiency=0.8622` on aiconfigurator's H100-SXM TensorRT-LLM
            # 1.3 rows (fp8 KV, GQA/MQA, FIT head shapes), the streaming efficiency held at the rate the fit rows reading
            # 0.3 GB and more achieved (their median, which the fit prints); held-out MAPE 97.3 → 11.3 % against the figures
            # above, which are vLLM's kernels'.
            trtllm_xqa_decode_attention = { fp8_kv_efficiency = 0.8622, fp8_kv_overhead_us = 5.878, fp8_kv_floor_us = 0, fp8_kv_per_sequence_kv_head_us = 0.01093, fp8_kv_half_rate_units = 2.04, fp8_kv_overlap_sharpness = 2.335 }
            # FlashAttention-2 (engines with attention_library = "flash-attention-2": the `pytorch` preset), carried over
            # from the h200's fit on the project's own H200 rows (the same GH100 die and bf16 peak; fractions of this card's
            # HBM bandwidth): no H100 FlashAttention-2 table, unvalidated here.
            \(flashAttention2GH100)
            nccl_ll_efficiency = 0.3220
            nccl_simple_overhead_us = 17.41
            # NCCL's NVLS all-reduce (NVLink SHARP, KernelShapeParameters.ncclNVLSEfficiency), fitted with the all-reduce
            # terms above (the link's efficiency and latency, both protocols' fixed times, the custom kernel's latency) and
            # the symmetric-memory kernel's rate (below):
            # `simserve calibrate --from-kernels data/kernels --gpu h100-sxm --hold fp8_compute_efficiency=0.7899` (FIT rows only; errors: `simserve validate kernels`).
            nccl_nvls_efficiency = 0.6712
            nccl_nvls_overhead_us = 69.4
            # NCCL's all-to-all (the expert-parallel dispatch): `simserve calibrate --from-kernels data/kernels
            # --gpu h100-sxm` on the FIT rows of aic_nccl_other_collectives.csv (every other message size), the
            # protocol by each peer's share (LL up to NCCL_P2P_LL_THRESHOLD, 16 KiB), each rank's send to itself at
            # `all_to_all_own_chunk_share` of a peer's chunk; held out 9.5 % MAPE (9.6 % without the own chunk; 13.6 % with
            # the faster protocol taken; the all-reduce's terms alone: 36.1 %).
            all_to_all_overhead_us = 12.24
            all_to_all_efficiency = 0.6524
            all_to_all_ll_overhead_us = 6.740
            all_to_all_own_chunk_share = 0.1037
            # NCCL's all-gather and reduce-scatter, fitted as a100-80gb's (group all_gather, --gpu h100-sxm): efficiency
            # 0.79 ± 0.03, share 0.45 ± 0.09; held out all-gather 9.1 → 7.1 %, reduce-scatter 8.1 → 6.1 % MAPE (the all-reduce's ring terms before).
            all_gather_overhead_us = 19.07
            all_gather_efficiency = 0.7863
            all_gather_own_chunk_share = 0.4514
            # vLLM's all-reduce limits by group size with symmetric memory on, SM 9.0 (HardwarePresets+VLLMAllReduce.swift).
            \(vllmAllReduceLimitsSM90)
            # The symmetric-memory kernel's rate, fitted with NCCL's NVLS terms (above, the same command).
            symm_mem_all_reduce_efficiency = 0.4934
            # What one GPU moves to or from one peer with its own loads and stores (the custom kernel, the
            # symmetric-memory two-shot kernel: at most (t-1) x this), fitted with the all-reduce terms (the same command).
            peer_copy_gbs = 240.3
            """,
        "h100-pcie": """
            # NVIDIA H100 PCIe 80GB. Same datasheet as h100-sxm (PCIe column).
            name = "h100-pcie"
            peak_tflops = 756.0           # FP16/BF16 Tensor Core, dense (1,513 with sparsity)
            peak_tflops_fp8 = 1513.0      # FP8, dense (3,026 with sparsity)
            peak_tops_int8 = 1513.0           # INT8, dense (3,026 with sparsity)
            hbm_bandwidth_gbs = 2000.0    # HBM2e
            memory_gb = 85.521            # 1e9 bytes: 81,559 MiB as the driver reports it
            link_bandwidth_gbs = 64.0     # PCIe Gen5 x16: 128 GB/s bidirectional (no NVLink bridge)
            link_latency_us = 10.0
            idle_watts = 50.0
            max_watts = 350.0             # TDP (300–350 W configurable)
            cost_per_hour = 2.49          # on-demand, USD/GPU-h (Lambda list price)
            compute_efficiency = 0.7
            memory_efficiency = 0.8
            kernel_launch_us = 4.0
            link_efficiency = 0.8
            \(elementwiseFromA100)
            """,
        "h200": """
            # NVIDIA H200 SXM 141GB. Datasheet: nvidia.com/en-us/data-center/h200/
            name = "h200"
            peak_tflops = 989.4           # FP16/BF16 Tensor Core, dense (1,979 with sparsity)
            peak_tflops_fp8 = 1978.9      # FP8, dense (3,958 with sparsity)
            peak_tops_int8 = 1978.9           # INT8, dense (3,958 with sparsity)
            hbm_bandwidth_gbs = 4800.0    # HBM3e
            memory_gb = 150.754           # 1e9 bytes: 143,771 MiB as the driver reports it
            l2_cache_mb = 62.9            # 60 MiB: torch.cuda.get_device_properties(0).L2_cache_size on an H200 (data/kernels/h200-own/env.txt)
            link_bandwidth_gbs = 450.0    # NVLink 4: 900 GB/s bidirectional
            link_latency_us = 0.828
            inter_node_bandwidth_gbs = 50.0  # DGX/HGX H200: 8 × 400 Gb/s NDR InfiniBand (ConnectX-7), one per GPU; line rate, unvalidated
            inter_node_latency_us = 5.0
            idle_watts = 75.0
            max_watts = 700.0             # TDP
            cost_per_hour = 3.79          # on-demand, USD/GPU-h (typical 3.5–4.5)
            # Power from activity (GPUPowerModel): fitted by scripts/fit-power.py on data/kernels/aic_kernel_power.csv
            # (H200, vLLM 0.22 kernels ≥ 200 µs; GEMM held-out MAPE 2.3 %, decode attention 11.6 %).
            busy_static_watts = 253.0
            compute_dynamic_watts = 514.0
            memory_dynamic_watts = 161.0
            # Decode attention's own draw (GPUPowerModel): the mean shortfall of the three terms above on the
            # project's sustained decode-attention kernels (data/kernels/h200-own/power.csv; scripts/fit-power.py).
            attention_dynamic_watts = 273.0
            # Prefill attention's own draw, the same way: the mean shortfall on the project's two sustained
            # FlashAttention-2 prefill kernels (205 and 200 W; they ran at the cap, so a lower bound).
            prefill_attention_dynamic_watts = 203.0
            # The clock under the 700 W limit (PowerLimitedClock): with the power figures above, sustained bf16 GEMMs
            # come out at 0.86–0.90 of the kernel tables' rate, as aiconfigurator's power runs measure (0.86–0.88);
            # the time constant is of the order data/kernels/h200-own/power_windows.csv shows (above the limit for
            # the first ~50 ms of sustained work from idle, the clock lowered by 200 ms).
            power_limit_time_constant_ms = 30.0
            compute_efficiency = 0.804 
            memory_efficiency = 0.8
            kernel_launch_us = 3.83 
            \(gptqExllamaFused)   # GPTQ ExLlama fused kernel: the A100's rate, carried over (HardwarePresets+WeightOnly.swift)
            link_efficiency = 0.6880
            \(elementwiseH200)
            \(eagerElementwiseH200)
            # Fitted on data/kernels/aic_*.csv (scripts/fit-kernels.py; decode attention and fp8 by
            # `simserve calibrate --from-kernels`, which counts fp8 KV at 1 byte) (h200, vLLM backend rows;
            # fit/held-out split and errors in VALIDATION.md, "Kernel cards").
            kernel_data = "measured: aiconfigurator H200-SXM (vLLM, graph replay) GEMM, attention, all-reduce; elementwise: own H200 measurements (Inductor kernels; eager PyTorch); FlashAttention-2: own H200 measurements"
            roofline_sharpness = 3.85
            gemm_memory_efficiency = 0.855
            # fp8: held at the GEMM's rate per added output column on the fit widths' large cells (1,538 TFLOPS,
            # `calibrate --from-kernels` prints it under gemm_fp8: the input's quantisation drops out of that slope; fitted with the rest
            # the split was unidentified, 0.9511 — above every fp8 GEMM measured); the other terms fitted around it.
            fp8_compute_efficiency = 0.7772
            decode_attention_efficiency = 0.9017
            decode_attention_overhead_us = 10.51
            decode_attention_floor_us = 12.04
            decode_attention_per_sequence_us = 0.0
            decode_attention_per_sequence_head_us = 0.0
            # GQA-packed decode, tile work units and one-token prefill: `simserve calibrate --from-kernels` (FIT rows).
            decode_attention_per_sequence_kv_head_us = 0.0265
            decode_attention_half_rate_units = 1.433
            decode_attention_overlap_sharpness = 1.22
            prefill_attention_efficiency = 0.654
            attention_query_tile = 128
            prefill_attention_overhead_us = 12.18
            prefill_attention_per_sequence_us = 0.0
            prefill_attention_per_token_head_ns = 0.2909
            prefill_one_token_as_decode = true
            collective_overhead_us = 4.83
            custom_all_reduce_latency_us = 4.51
            # MoE layer: `simserve calibrate --from-kernels` on data/kernels/aic_moe.csv (TensorRT-LLM CUTLASS
            # fused MoE, balanced routing; split in KernelSplitRule; errors: `simserve validate kernels`).
            moe_compute_efficiency = 0.8843
            moe_fp8_compute_efficiency = 0.858
            moe_overhead_us = 16.66
            moe_per_pair_ns = 10.89
            # fp8 GEMM form, fp8-KV decode terms and NCCL's LL/Simple protocols: `simserve calibrate --from-kernels
            # data/kernels --gpu h200 --hold fp8_compute_efficiency=0.7772` (FIT rows only; errors: `simserve
            # validate kernels`).
            fp8_gemm_launch_us = 6.40
            fp8_roofline_sharpness = 1.81
            fp8_activation_quant_gbs = 733.2
            decode_attention_fp8_kv_overhead_us = 2.578
            decode_attention_fp8_kv_efficiency = 0.6145
            # TensorRT-LLM's XQA decode kernels over an fp8 KV cache of grouped-query heads (engines with
            # decode_attention_kernel = "trtllm-xqa"): `simserve calibrate --from-kernels data/kernels --gpu h200
            # --decode-attention-kernel trtllm-xqa --hold fp8_kv_efficiency=0.8157` on aiconfigurator's H200-SXM TensorRT-LLM
            # 1.3 rows (fp8 KV, GQA/MQA, FIT head shapes), the streaming efficiency held at the rate the fit rows reading
            # 0.3 GB and more achieved (their median, which the fit prints); held-out MAPE 106.1 → 12.6 % against the figures
            # above, which are vLLM's kernels'.
            trtllm_xqa_decode_attention = { fp8_kv_efficiency = 0.8157, fp8_kv_overhead_us = 5.854, fp8_kv_floor_us = 0, fp8_kv_per_sequence_kv_head_us = 0.009566, fp8_kv_half_rate_units = 3.264, fp8_kv_overlap_sharpness = 1.408 }
            \(flashAttention2GH100)
            nccl_ll_efficiency = 0.2855
            nccl_simple_overhead_us = 14.38
            # NCCL's NVLS all-reduce (NVLink SHARP, KernelShapeParameters.ncclNVLSEfficiency), fitted with the all-reduce
            # terms above (the link's efficiency and latency, both protocols' fixed times, the custom kernel's latency) and
            # the symmetric-memory kernel's rate (below):
            # `simserve calibrate --from-kernels data/kernels --gpu h200 --hold fp8_compute_efficiency=0.7772` (FIT rows only; errors: `simserve validate kernels`).
            nccl_nvls_efficiency = 0.6784
            nccl_nvls_overhead_us = 66.4
            # NCCL's all-to-all (the expert-parallel dispatch): `simserve calibrate --from-kernels data/kernels
            # --gpu h200` on the FIT rows of aic_nccl_other_collectives.csv (every other message size), the
            # protocol by each peer's share (LL up to NCCL_P2P_LL_THRESHOLD, 16 KiB), each rank's send to itself at
            # `all_to_all_own_chunk_share` of a peer's chunk; held out 10.0 % MAPE (10.0 % without the own chunk; 14.2 % with
            # the faster protocol taken; the all-reduce's terms alone: 34.4 %).
            all_to_all_overhead_us = 11.42
            all_to_all_efficiency = 0.6666
            all_to_all_ll_overhead_us = 6.932
            all_to_all_own_chunk_share = 0.0725
            # NCCL's all-gather and reduce-scatter, fitted as a100-80gb's (group all_gather, --gpu h200): efficiency
            # 0.78 ± 0.03, share 0.43 ± 0.09; held out all-gather 9.6 → 7.1 %, reduce-scatter 8.7 → 6.6 % MAPE (the all-reduce's ring terms before).
            all_gather_overhead_us = 17.08
            all_gather_efficiency = 0.7841
            all_gather_own_chunk_share = 0.4286
            # vLLM's all-reduce limits by group size with symmetric memory on, SM 9.0 (HardwarePresets+VLLMAllReduce.swift).
            \(vllmAllReduceLimitsSM90)
            # The symmetric-memory kernel's rate, fitted with NCCL's NVLS terms (above, the same command).
            symm_mem_all_reduce_efficiency = 0.5356
            # What one GPU moves to or from one peer with its own loads and stores (the custom kernel, the
            # symmetric-memory two-shot kernel: at most (t-1) x this), fitted with the all-reduce terms (the same command).
            peer_copy_gbs = 249.8
            """,
        "l40s": """
            # NVIDIA L40S 48GB. Datasheet: resources.nvidia.com/en-us-l40s/l40s-datasheet-28413
            name = "l40s"
            peak_tflops = 362.05          # FP16/BF16 Tensor Core, dense (733 with sparsity)
            peak_tflops_fp8 = 733.0       # FP8, dense (1,466 with sparsity)
            peak_tops_int8 = 733.0       # INT8, dense (1,466 with sparsity)
            hbm_bandwidth_gbs = 864.0     # GDDR6
            memory_gb = 48.305            # 1e9 bytes: 46,068 MiB as the driver reports it
            link_bandwidth_gbs = 32.0     # PCIe Gen4 x16: 64 GB/s bidirectional, no NVLink
            link_latency_us = 1.68
            idle_watts = 35.0
            max_watts = 350.0             # max power consumption
            cost_per_hour = 1.50          # on-demand, USD/GPU-h (typical 1.0–1.9)
            compute_efficiency = 0.572 
            memory_efficiency = 0.8
            kernel_launch_us = 4.0 
            link_efficiency = 0.5067
            \(elementwiseFromA100)
            # Fitted on data/kernels/aic_*.csv (scripts/fit-kernels.py; decode attention and fp8 by
            # `simserve calibrate --from-kernels`, which counts fp8 KV at 1 byte) (l40s, vLLM backend rows;
            # fit/held-out split and errors in VALIDATION.md, "Kernel cards").
            kernel_data = "measured: aiconfigurator L40S (TensorRT-LLM backend) GEMM, attention, NCCL; PCIe all-reduce (40 %) the poorest fit of the measured GPUs"
            # bf16 GEMM terms: `simserve calibrate --from-kernels data/kernels --gpu l40s` on the rows whose
            # weights exceed twice the 96 MB L2 (the others replay warm from L2; KernelGPU.warmL2Bytes):
            # compute 0.572 ± 0.008, weight read 0.798 ± 0.011 of the GDDR6, p 2.83 ± 0.34. kernel_launch_us
            # stays 4.0: no such row is short enough to fix it (the fit sends it to 0).
            roofline_sharpness = 2.83
            gemm_memory_efficiency = 0.798
            fp8_compute_efficiency = 0.5104
            decode_attention_efficiency = 0.8425
            decode_attention_overhead_us = 4.1362
            decode_attention_floor_us = 9.323
            decode_attention_per_sequence_us = 0.0
            decode_attention_per_sequence_head_us = 0.0019
            # Prefill attention terms: `calibrate --from-kernels data/kernels --gpu l40s` with the two
            # keys below set (fit 9.6 %, held out 7.9 %; before them 21.2 / 20.1 %); past the L2 the
            # new tokens' bytes stream at 0.30 ± 0.01 of the GDDR6 peak.
            prefill_attention_efficiency = 0.369
            prefill_attention_overhead_us = 8.517
            prefill_attention_per_sequence_us = 0.0
            prefill_attention_per_token_head_ns = 0.3685
            prefill_attention_per_tile_head_ns = 9.253
            prefill_attention_beyond_l2_efficiency = 0.3014
            # A causal call lasts as long as its heaviest query tile when the tiles do not fill the
            # GPU: one thread block per SM (142 SMs: 568 fourth-generation Tensor Cores, four per
            # SM, NVIDIA L40S datasheet); the new tokens' Q, K, V, O stay in the 96 MB L2 (the
            # AD102's, NVIDIA Ada GPU Architecture whitepaper) rather than the 864 GB/s GDDR6.
            prefill_attention_concurrent_tiles = 142
            prefill_attention_inputs_in_l2_mb = 96
            collective_overhead_us = 2.96
            attention_query_tile = 64
            # NCCL's LL/Simple protocols: `simserve calibrate --from-kernels
            # data/kernels --gpu l40s` (FIT rows only; errors: `simserve validate kernels`).
            nccl_ll_efficiency = 0.2436
            nccl_simple_overhead_us = 29.16
            """,
        "b200": """
            # NVIDIA B200 (HGX B200, 1,000 W configuration). Specs: nvidia.com/en-us/data-center/hgx/
            # (HGX B200 column: per GPU = the 8-GPU figures / 8), and glennklockwood.com/garden/processors/B200
            name = "b200"
            peak_tflops = 2250.0          # FP16/BF16 Tensor Core, dense (4,500 with sparsity)
            peak_tflops_fp8 = 4500.0      # FP8, dense (9,000 with sparsity)
            peak_tops_int8 = 4500.0       # INT8, dense (9,000 with sparsity)
            hbm_bandwidth_gbs = 8000.0    # HBM3e
            memory_gb = 192.265           # 1e9 bytes: 183,359 MiB as the driver reports it
            link_bandwidth_gbs = 900.0    # NVLink 5: 1.8 TB/s bidirectional
            link_latency_us = 1.24
            inter_node_bandwidth_gbs = 50.0  # DGX/HGX B200: 8 × 400 Gb/s NDR InfiniBand (ConnectX-7), one per GPU; line rate, unvalidated
            inter_node_latency_us = 5.0
            idle_watts = 140.0            # estimate: ~14 % of TDP, as the H100's 100 of 700
            max_watts = 1000.0            # TDP (HGX B200)
            cost_per_hour = 5.99          # on-demand, USD/GPU-h (Lambda list price 2025; range 4.5–7)
            # Power from activity (GPUPowerModel): fitted by scripts/fit-power.py on data/kernels/aic_kernel_power.csv
            # (B200, vLLM 0.22 kernels ≥ 200 µs; GEMM held-out MAPE 2.0 %, decode attention 17.3 %). Long GEMMs all
            # sit at the 1,000 W limit, so the compute term is bounded by the fit at the whole swing (860 W).
            busy_static_watts = 560.0
            compute_dynamic_watts = 860.0
            memory_dynamic_watts = 127.0
            compute_efficiency = 0.712 
            memory_efficiency = 0.8
            kernel_launch_us = 3.35 
            \(gptqExllamaFused)   # GPTQ ExLlama fused kernel: the A100's rate, carried over (HardwarePresets+WeightOnly.swift)
            link_efficiency = 0.6129
            \(elementwiseFromA100)
            # Fitted on data/kernels/aic_*.csv (scripts/fit-kernels.py; decode attention and fp8 by
            # `simserve calibrate --from-kernels`, which counts fp8 KV at 1 byte) (b200, vLLM backend rows;
            # fit/held-out split and errors in VALIDATION.md, "Kernel cards").
            kernel_data = "measured: aiconfigurator B200-SXM (vLLM, graph replay) GEMM, attention, all-reduce; elementwise carried over from A100"
            roofline_sharpness = 2.96
            gemm_memory_efficiency = 0.793
            fp8_compute_efficiency = 0.9381
            decode_attention_efficiency = 0.9359
            decode_attention_overhead_us = 8.785
            decode_attention_floor_us = 9.331
            decode_attention_per_sequence_us = 0.0
            decode_attention_per_sequence_head_us = 0.0
            # GQA-packed decode, tile work units and one-token prefill: `simserve calibrate --from-kernels` (FIT rows).
            decode_attention_per_sequence_kv_head_us = 0.0104
            decode_attention_half_rate_units = 1.665
            decode_attention_overlap_sharpness = 4.531
            prefill_attention_efficiency = 0.5703
            attention_query_tile = 128
            prefill_attention_overhead_us = 10.78
            prefill_attention_per_sequence_us = 0.02454
            prefill_attention_per_token_head_ns = 0.04871
            prefill_one_token_as_decode = true
            prefill_attention_per_tile_head_ns = 19.2
            collective_overhead_us = 8.10
            custom_all_reduce_latency_us = 7.29
            # MoE layer: `simserve calibrate --from-kernels` on data/kernels/aic_moe.csv (TensorRT-LLM CUTLASS
            # fused MoE, balanced routing; split in KernelSplitRule; errors: `simserve validate kernels`).
            moe_compute_efficiency = 0.8956
            moe_fp8_compute_efficiency = 0.8336
            moe_overhead_us = 19.27
            moe_per_pair_ns = 7.56
            # fp8 GEMM form, fp8-KV decode terms and NCCL's LL/Simple protocols: `simserve calibrate --from-kernels
            # data/kernels --gpu b200` (FIT rows only; errors: `simserve validate kernels`).
            fp8_gemm_launch_us = 6.26
            fp8_roofline_sharpness = 1.00
            fp8_activation_quant_gbs = 876.5
            decode_attention_fp8_kv_overhead_us = 0.0993
            decode_attention_fp8_kv_efficiency = 0.8837
            # TensorRT-LLM's XQA decode kernels over an fp8 KV cache of grouped-query heads (engines with
            # decode_attention_kernel = "trtllm-xqa"): `simserve calibrate --from-kernels data/kernels --gpu b200
            # --decode-attention-kernel trtllm-xqa --hold fp8_kv_efficiency=0.7709` on aiconfigurator's B200-SXM TensorRT-LLM
            # 1.3 rows (fp8 KV, GQA/MQA, FIT head shapes), the streaming efficiency held at the rate the fit rows reading
            # 0.3 GB and more achieved (their median, which the fit prints); held-out MAPE 10.7 → 6.7 % against the figures
            # above, which are vLLM's kernels'.
            trtllm_xqa_decode_attention = { fp8_kv_efficiency = 0.7709, fp8_kv_overhead_us = 10.39, fp8_kv_floor_us = 0, fp8_kv_per_sequence_kv_head_us = 0.009898, fp8_kv_half_rate_units = 0.609, fp8_kv_overlap_sharpness = 31.9 }
            nccl_ll_efficiency = 0.3290
            nccl_simple_overhead_us = 27.79
            # NCCL's NVLS all-reduce (NVLink SHARP, KernelShapeParameters.ncclNVLSEfficiency), fitted with the all-reduce
            # terms above (the link's efficiency and latency, both protocols' fixed times, the custom kernel's latency) and
            # the symmetric-memory kernel's rate (below):
            # `simserve calibrate --from-kernels data/kernels --gpu b200` (FIT rows only; errors: `simserve validate kernels`).
            nccl_nvls_efficiency = 0.5834
            nccl_nvls_overhead_us = 79.7
            # NCCL's all-to-all (the expert-parallel dispatch): `simserve calibrate --from-kernels data/kernels
            # --gpu b200` on the FIT rows of aic_nccl_other_collectives.csv (every other message size), the
            # protocol by each peer's share (LL up to NCCL_P2P_LL_THRESHOLD, 16 KiB), each rank's send to itself at
            # `all_to_all_own_chunk_share` of a peer's chunk (0.65 ± 0.17: the largest messages' bus rate grows with the
            # GPUs, 331 / 488 / 563 GB/s at 2 / 4 / 8); held out 7.9 % MAPE (9.6 % without the own chunk; 15.8 % with the
            # faster protocol taken; the all-reduce's terms alone: 29.1 %).
            all_to_all_overhead_us = 15.44
            all_to_all_efficiency = 0.6291
            all_to_all_ll_overhead_us = 9.279
            all_to_all_own_chunk_share = 0.6505
            # NCCL's all-gather and reduce-scatter, fitted as a100-80gb's (group all_gather, --gpu b200): efficiency
            # 0.73 ± 0.05, share 0.40 ± 0.14; held out all-gather 9.8 → 9.0 %, reduce-scatter 7.5 → 6.7 % MAPE (the all-reduce's ring terms before).
            all_gather_overhead_us = 24.02
            all_gather_efficiency = 0.7287
            all_gather_own_chunk_share = 0.3969
            # vLLM's all-reduce limits by group size with symmetric memory on, SM 10.0 (HardwarePresets+VLLMAllReduce.swift).
            \(vllmAllReduceLimitsSM100)
            # The symmetric-memory kernel's rate, fitted with NCCL's NVLS terms (above, the same command).
            symm_mem_all_reduce_efficiency = 0.4200
            # What one GPU moves to or from one peer with its own loads and stores (the custom kernel, the
            # symmetric-memory two-shot kernel: at most (t-1) x this), fitted with the all-reduce terms (the same command).
            peer_copy_gbs = 215.5
            """,
        "mi300x": """
            # AMD Instinct MI300X OAM. Datasheet: amd.com/content/dam/amd/en/documents/instinct-tech-docs/data-sheets/amd-instinct-mi300x-data-sheet.pdf
            name = "mi300x"
            peak_tflops = 1307.4          # FP16/BF16 Matrix, dense (2,614.9 with sparsity)
            peak_tflops_fp8 = 2614.9      # FP8 Matrix, dense (5,229.8 with sparsity)
            peak_tops_int8 = 2614.9       # INT8 Matrix, dense
            hbm_bandwidth_gbs = 5300.0    # HBM3
            memory_gb = 205.823           # 1e9 bytes: 205,822,885,888 B as the driver reports it
            link_bandwidth_gbs = 448.0    # Infinity Fabric: 7 xGMI links × 64 GB/s per direction (896 GB/s bidirectional), fully connected 8-GPU mesh
            link_latency_us = 5.0
            idle_watts = 90.0             # estimate: ~12 % of TBP
            max_watts = 750.0             # TBP
            cost_per_hour = 2.50          # on-demand, USD/GPU-h (gpu.blog lists 1.71–1.85; larger clouds 3–5)
            # 16-bit GEMMs: the preset's dense GEMM reaches the MI300X's published MAMF (668.4 TFLOPS, torch 2.5.1 on
            # ROCm 6.3 with TunableOp, 10240×15360×8192; data/kernels/mamf.csv) at that shape: `simserve validate
            # mamf --fit-gpu mi300x`. On the NVIDIA GPUs with fitted GEMMs the same rule is 2–18 % above the fit.
            compute_efficiency = 0.5133
            # Fitted on whole runs (no public MI300X kernel table): `simserve validate throughput --fit-gpu mi300x`
            # on AMD's ROCm vLLM 0.10.0 latency table (Llama-3.1-70B/405B fp8 at TP 8, the 128-token prompts;
            # the 2,048-token ones held out: 7 % mean absolute error, −17 % median with the datasheet figures).
            memory_efficiency = 0.6133
            fp8_compute_efficiency = 0.6657
            all_reduce_skew_scale = 0.317  # the wait at each all-reduce, × the engine's per-peer figure (NVIDIA-fitted)
            kernel_launch_us = 4.0
            link_efficiency = 0.8
            \(elementwiseFromA100)
            kernel_data = "fitted on whole runs: AMD ROCm vLLM 0.10.0 latency table (memory and fp8 efficiency, all-reduce wait); 16-bit GEMMs: published MAMF (torch on ROCm 6.3); attention and collectives datasheet-scaled"
            """,
    ]
}
