/// The few parameters that bend the roofline of ``KernelTimeModel`` to the shapes real
/// kernels run at. Flat keys of the `[hardware]` table, all optional.
///
/// Defaults: fitted once, by least squares on relative error, on measured A100-80GB times
/// (Vidur profiler data in `shared/data/vidur-profiling`, see ``OpValidation``):
/// `roofline_sharpness` on the linear ops of `Llama-2-7b-hf.mlp.csv` only (held out on the
/// other four models); the attention terms on every other row of
/// `Llama-2-7b-hf.attention.samples.csv` (held out on the rest); `collective_overhead_us`
/// with `link_efficiency` 0.51 and `link_latency_us` 0.44 on the single-node rows of
/// `a100_dgx.all_reduce.csv` (held out on `a100_pairwise_nvlink`). `gemm_tile_rows` is
/// public knowledge: 64 is the smallest M tile of cuBLAS/CUTLASS fp16 kernels on Ampere.
public struct KernelShapeParameters: Codable, Equatable, Sendable {
    /// p of the soft roofline max(C, M) ≈ (Cᵖ + Mᵖ)^(1/p): how sharply a GEMM turns from
    /// bandwidth- to compute-bound. ∞ is the plain roofline; the A100 data give 1.84, i.e.
    /// the two pipelines overlap imperfectly near the ridge point.
    public var rooflineSharpness: Double = 1.84
    /// GEMM rows (tokens) are computed in tiles of this height: m is rounded up to it.
    public var gemmTileRows: Int = 64
    /// Fraction of fp16 peak that prefill attention reaches on the unmasked work
    /// 4·H·D·Σ cᵢ(oᵢ + cᵢ) (or on the tiled work when `attentionQueryTile` is set): the
    /// profiled kernel's time does not shrink with the causal mask (this form fits the data
    /// to 2.9 %, the causal form to 21 %).
    public var prefillAttentionEfficiency: Double = 0.331
    /// Query rows per tile of the prefill attention kernel, when its time follows the tiled
    /// (block-causal) work Σ over tiles of rows · (o + end of tile) — see
    /// ``BatchShape/tiledTokenPairs(newTokens:cachedTokens:tile:)`` — instead of the unmasked
    /// work. nil (the default, and the GPU presets): the unmasked form above. The CPU
    /// profiles set the calibrator's kernel's tile.
    public var attentionQueryTile: Int? = nil
    /// Fixed time of a prefill attention call (KV-cache write, metadata), µs.
    public var prefillAttentionOverheadUs: Double = 34.5
    /// Fraction of HBM bandwidth that decode attention reaches while streaming the KV cache.
    public var decodeAttentionEfficiency: Double = 0.95
    /// Decode attention time per sequence (block-table walk, per-sequence reduction), µs.
    public var decodeAttentionPerSequenceUs: Double = 1.14
    /// Fixed time of one collective as launched from the framework (NCCL launch and sync), µs.
    public var collectiveOverheadUs: Double = 30.75
    /// Fixed time of a decode attention call (metadata, split-KV reduction), µs; nil: the
    /// hardware's `kernel_launch_us`.
    public var decodeAttentionOverheadUs: Double? = nil
    /// Shortest decode attention call, µs: the kernel never finishes faster (one wave of
    /// thread blocks, however little KV there is). 0: no floor.
    public var decodeAttentionFloorUs: Double = 0
    /// Decode attention time per sequence and per query head on the GPU (the split-KV kernels
    /// launch work per sequence and head), µs.
    public var decodeAttentionPerSequenceHeadUs: Double = 0
    /// GQA packing of the decode kernels (FlashAttention-2's decode path, FlashAttention-3,
    /// FlashInfer): the query heads that share one KV head are packed as rows of one tile, so
    /// the work units of a call are B · H_kv · ⌈(H / H_kv) / tile rows⌉, not B · H. Their
    /// figures: the time per sequence and per work unit, µs (the split-KV block walk and
    /// reduction of one unit; 0: no such term, the per-query-head term above instead); the
    /// query rows per tile (`decode_attention_query_tile_rows`; nil: all query heads of one KV
    /// head fit one tile, as for every GQA shape with ≤ 64 query heads per KV head); and the
    /// number of work units at which the KV streams at half its full rate
    /// (`decode_attention_half_rate_units`: the rate is bw · η_decode · U / (U + u₀) for U
    /// units, a lone unit keeping too few bytes in flight to fill HBM; 0: always the full
    /// rate). Fitted by `simserve calibrate --from-kernels` on the decode rows of
    /// `data/kernels/aic_decode_attention.csv` (FIT rows: every one with 8 query heads per KV
    /// head, so the per-unit form is chosen from the kernels' tiling, not from the fit).
    public var decodeAttentionPerSequenceKVHeadUs: Double = 0
    public var decodeAttentionQueryTileRows: Int? = nil
    public var decodeAttentionHalfRateUnits: Double = 0
    /// How the decode kernel's per-sequence work (block-table walk, split-KV reduction) meets
    /// its KV streaming: their soft maximum (aᵖ + bᵖ)^(1/p) with this p ≥ 1 — 1: they add (one
    /// after the other), large: they overlap fully. The A100 rows (FlashAttention-2's paged
    /// decode, vLLM) fall between the two: at a short context the per-sequence work alone sets
    /// the time, at a long one the KV alone, and where both are alike the sum overstates it.
    public var decodeAttentionOverlapSharpness: Double = 1
    /// Prefill attention time per sequence in the batch, µs, and per new token and query head
    /// on the GPU (loading Q and writing O tile by tile), ns.
    public var prefillAttentionPerSequenceUs: Double = 0
    public var prefillAttentionPerTokenHeadNs: Double = 0
    /// Prefill attention time per query tile and query head, ns: FlashAttention's grid runs one
    /// thread block per (query tile of `attention_query_tile` rows, query head, sequence), each
    /// with its own prologue (Q tile load, softmax state) and epilogue (O write), so short
    /// prompts cost per tile, not per token (measured B200 rows: 16 → 128-token prompts of a
    /// batch of 256 take 359 → 584 µs). Tiles: Σ ⌈cᵢ / tile⌉ (one per chunk without a tile).
    /// 0: no such term. Fitted by `simserve calibrate --from-kernels` on the prefill rows of
    /// `data/kernels/aic_prefill_attention.csv`.
    public var prefillAttentionPerTileHeadNs: Double = 0
    /// Thread blocks (query tiles × query heads × sequences) at which prefill attention computes
    /// at half its rate: a grid of few blocks leaves SMs idle and the causal tiles' unequal work
    /// unbalanced, so its compute time is stretched by 1 + u₀ / blocks. 0 (the default): no such
    /// term. FlashAttention-2's few-head prefill (8 query heads at 1k–8k tokens on an H200) runs
    /// 24–36 % slower than its rate on many heads (data/kernels/h200-own).
    public var prefillAttentionHalfRateUnits: Double = 0
    /// Thread blocks (query tiles × query heads) prefill attention runs at once, about one per
    /// SM for a 128-wide head. A causal kernel's tiles do unequal work — a chunk's last tile
    /// scores every key before it — so a call lasts at least as long as its heaviest tile: the
    /// compute time follows max(H · W, P · w_max), H · W the tiled work of every head and
    /// w_max that tile's work (``BatchShape/prefillLongestTileTokenPairs``), not H · W alone.
    /// 0 (the default): no such bound. L40S (TensorRT-LLM's FMHA, 64-row tiles): its 142 SMs.
    public var prefillAttentionConcurrentTiles: Double = 0
    /// MB of the new tokens' Q, K, V and O that prefill attention reads and writes in L2 rather
    /// than DRAM: the QKV projection has just written them and the output projection reads the
    /// output next, so up to the L2's size they do not stream at the DRAM rate (the cached
    /// prefix's K and V still do). 0 (the default): every byte at the DRAM rate. Matters where
    /// DRAM is slow for the work: L40S (GDDR6, 864 GB/s; 96 MB L2).
    public var prefillAttentionInputsInL2MB: Double = 0
    /// The fraction of the DRAM bandwidth at which prefill attention streams the new tokens'
    /// bytes past `prefill_attention_inputs_in_l2_mb` (read only where that is set); nil: the
    /// GPU's `memory_efficiency`. Fitted with the other prefill terms (l40s: 0.30 — past its L2,
    /// TensorRT-LLM's FMHA moves its inputs at under a third of the GDDR6 peak).
    public var prefillAttentionBeyondL2Efficiency: Double? = nil
    /// Whether a prefill call whose chunks are all one token runs the decode kernel: with at
    /// most one query per sequence FlashAttention takes its decode path (query heads packed per
    /// KV head, split KV; FlashAttention-2's `seqlenq_ngroups_swapped`, FlashAttention-3's
    /// pack-GQA), so such a call is timed by ``AttentionKernelTimeModel/decodeAttention(sequences:contextTokens:heads:kvHeads:headDim:activationBytes:kvBytes:)``
    /// over its cached and new tokens. false (the default): the prefill form.
    public var prefillOneTokenAsDecode: Bool = false
    /// Fixed time of this GPU's custom (one-shot/two-shot) all-reduce, µs; nil: the engine's
    /// `custom_all_reduce_latency_us`.
    public var customAllReduceLatencyUs: Double? = nil
    /// How long this machine's GPUs wait for the slowest of them at each all-reduce of a model
    /// pass, relative to the machines the engine's `all_reduce_skew_us_per_peer` was fitted on
    /// (NVIDIA's NVLink/NVSwitch servers): the wait per peer is the engine's figure × this; nil: 1.
    public var allReduceSkewScale: Double? = nil
    /// Fraction of HBM bandwidth that GEMMs reach while the weight read dominates (small
    /// batches); nil: `memory_efficiency`.
    public var gemmMemoryEfficiency: Double? = nil
    /// Fraction of the fp8 tensor peak that fp8 GEMMs reach; nil: `compute_efficiency`.
    public var fp8ComputeEfficiency: Double? = nil
    /// Weight-only quantised GEMMs on the 16-bit tensor cores — int8/int4 weights, or fp8
    /// weights on a GPU without fp8 tensor cores, through Marlin and its fp8 variant, which
    /// dequantise the packed weights in registers (IST-DASLab/marlin; vLLM's `gptq_marlin`,
    /// compressed-tensors W8A16/W4A16, `fp8_marlin`): the fraction of the 16-bit peak they reach
    /// once compute-bound, and the height of their row tile (Marlin steps through M in blocks of
    /// 16 rows, `thread_m_blocks` × 16). nil: `compute_efficiency` and `gemm_tile_rows`, as a
    /// 16-bit GEMM. Not GPTQ's ExLlama kernels (`weight_only_gemm = "gptq_exllama"`).
    public var weightOnlyComputeEfficiency: Double? = nil
    public var weightOnlyTileRows: Int? = nil
    /// Marlin's fixed time per kernel launch, µs, paid once per launch of a GEMM
    /// (``KernelTimeModel/marlinLaunches(rows:)``; nil: the 16-bit GEMM's launch, once): the
    /// kernel splits K into stripes over every SM and reduces their partial sums serially
    /// through global memory, so each launch costs more than the launch itself, however small
    /// the shard.
    public var weightOnlyLaunchUs: Double? = nil
    /// GPTQ's ExLlama kernels (`weight_only_gemm = "gptq_exllama"`) up to their fused-row
    /// limit (50 rows, 24 for 8-bit weights): the FLOP/s, in TFLOP/s, their fused kernel
    /// reaches. It multiplies on the CUDA cores in half2 (`__hfma2`, vLLM
    /// csrc/quantization/gptq/q_gemm.cu), not on the tensor cores, each block re-dequantising its
    /// weight tile for every 8 rows, and adds each 128-deep slice of K into the output with
    /// atomics (one per 256 multiply-adds), so its work, 2·m·n·k, runs at a rate of its own.
    /// nil: only the packed weights' roofline at the 16-bit GEMM's rates.
    public var gptqExllamaTflops: Double? = nil
    /// The fp8 linear op's own figures (W8A8, per-tensor scales, as vLLM's CUTLASS fp8 path
    /// runs it): its fixed time, µs, for the GEMM and the activation quantisation launched
    /// before it (nil: `kernel_launch_us`); its own soft-roofline p (nil: `roofline_sharpness`);
    /// and the rate, GB/s of the bf16 activations (m·k·a bytes), at which the dynamic
    /// per-tensor quantisation (an abs-max reduction, then the scale-and-cast pass) turns the
    /// input into fp8 (nil: no quantisation term). Fitted by `simserve calibrate --from-kernels`
    /// on the fp8 GEMM rows of `data/kernels/aic_gemm.csv`; see ``KernelTimeModel/gemm(m:n:k:weightBytes:activationBytes:)``.
    public var fp8GemmLaunchUs: Double? = nil
    public var fp8RooflineSharpness: Double? = nil
    public var fp8ActivationQuantGBs: Double? = nil
    /// Decode attention over an fp8 KV cache: its extra fixed time, µs (the query is cast to
    /// fp8 by a kernel of its own before the attention kernel, which needs Q, K and V in one
    /// type), and the fraction of HBM bandwidth at which it streams the fp8 KV (the fp8→bf16
    /// conversion in the inner loop keeps it below the bf16 rate; nil: `decode_attention_efficiency`).
    /// Fitted by `simserve calibrate --from-kernels` on the fp8-KV decode rows of
    /// `data/kernels/aic_decode_attention.csv`.
    public var decodeAttentionFP8KVOverheadUs: Double = 0
    public var decodeAttentionFP8KVEfficiency: Double? = nil
    /// NCCL's all-reduce protocols (NCCL's tuning model, `src/graph/tuning.cc`: each protocol
    /// a latency and a bandwidth, the fastest picked per message size): LL, for small messages,
    /// moves 8-byte words of 4 data and 4 flag bytes, so reaches at most half the link rate —
    /// `nccl_ll_efficiency` is its fraction of `link_bandwidth_gbs`, with `collective_overhead_us`
    /// as its fixed time; Simple, for large ones, reaches `link_efficiency` after a longer fixed
    /// time, `nccl_simple_overhead_us` (nil: `collective_overhead_us`). nil `nccl_ll_efficiency`:
    /// one protocol (the Simple one). Fitted by `simserve calibrate --from-kernels` on the NCCL
    /// rows of `data/kernels/aic_allreduce.csv`.
    public var ncclLLEfficiency: Double? = nil
    public var ncclSimpleOverheadUs: Double? = nil
    /// NCCL's NVLS all-reduce (NVLink SHARP: NVSwitch reduces and multicasts, from NVSwitch 3,
    /// H100/H200/B200 SXM; `src/transport/nvls.cc`, on where the GPU reports multicast support):
    /// each GPU sends its buffer once to the switch and receives the reduced shards, then sends
    /// its shard once and receives every GPU's, so (t+1)/t of the message passes each link per
    /// direction against the ring's 2(t−1)/t. `nccl_nvls_efficiency` is the rate reached, a
    /// fraction of `link_bandwidth_gbs`, after a fixed time `nccl_nvls_overhead_us`; NCCL's tuner
    /// takes it where it beats the ring (the faster one is taken). nil: no NVLS (A100's
    /// NVSwitch, PCIe). Fitted by `simserve calibrate --from-kernels` on the NCCL rows of
    /// `data/kernels/aic_allreduce.csv`.
    public var ncclNVLSEfficiency: Double? = nil
    public var ncclNVLSOverheadUs: Double? = nil
    /// NCCL's all-to-all (grouped sends and receives, the expert-parallel dispatch): the Simple
    /// protocol's fixed time and fraction of `link_bandwidth_gbs` (nil: `collective_overhead_us`
    /// and `link_efficiency`, the all-reduce's), and the LL protocol's fixed time — with
    /// `nccl_ll_efficiency` as its rate; nil: Simple alone. Fitted by `simserve calibrate
    /// --from-kernels` on the all-to-all rows of `data/kernels/aic_nccl_other_collectives.csv`.
    public var allToAllOverheadUs: Double? = nil
    public var allToAllEfficiency: Double? = nil
    public var allToAllLLOverheadUs: Double? = nil
    /// What each rank's own chunk of an all-to-all costs, as a share of one peer's chunk at the
    /// all-to-all's rate (nil: 0, free): NCCL's grouped sends include the send to self, a copy
    /// through the same kernel. nccl-tests' bus bandwidth, (t−1)/t of the buffer over the time,
    /// then grows with the GPUs as (t−1)/(t−1+share): on aiconfigurator's B200 rows the largest
    /// messages reach 331 / 488 / 563 GB/s at 2 / 4 / 8 GPUs, the ratios (t−1)/t gives for
    /// share 1 (every chunk, own or not, at one rate); on H100 280 / 288 / 315. Fitted by
    /// `simserve calibrate --from-kernels` with the other all-to-all terms.
    public var allToAllOwnChunkShare: Double? = nil
    /// NCCL's all-gather and reduce-scatter (the vocabulary-parallel LM head's logits gather;
    /// nccl-tests' `all_gather_perf`, `reduce_scatter_perf`): the Simple protocol's fixed time
    /// and fraction of `link_bandwidth_gbs` (nil: the all-reduce's ring terms), and each GPU's
    /// own chunk of the gathered buffer as a share of one peer's chunk at that rate (nil: 0):
    /// NCCL's ring all-gather copies the rank's own input into its output in the same kernel.
    /// The bus rate then grows with the GPUs as (t−1)/(t−1+share), as aiconfigurator's rows
    /// do (H100, 512 MiB: 258 / 318 / 335 GB/s at 2 / 4 / 8 GPUs; the all-reduce's ring form
    /// alone puts the two-GPU rows 15–25 % fast). LL as the all-reduce's. Fitted by
    /// `simserve calibrate --from-kernels` (group `all_gather`) on the all-gather and
    /// reduce-scatter rows of `data/kernels/aic_nccl_other_collectives.csv`.
    public var allGatherOverheadUs: Double? = nil
    public var allGatherEfficiency: Double? = nil
    public var allGatherOwnChunkShare: Double? = nil
    /// Largest message of an engine's symmetric-memory all-reduce at 6 to 8 GPUs, bytes
    /// (vLLM's `SYMM_MEM_ALL_REDUCE_MAX_SIZES` for the GPU's compute capability: 64 MiB on
    /// SM 9.0, H100 and H200; 128 MiB on SM 10.0, B200); nil: the GPU has none. An engine with
    /// `symm_mem_all_reduce` runs such groups' messages from the custom kernel's limit up to
    /// this size over NVSwitch's multicast, on the custom kernel's curve (``KernelTimeModel``).
    public var symmMemAllReduceMaxBytes: Double? = nil
    /// The symmetric-memory all-reduce's own terms: the custom kernel's limit beside it at 6 to
    /// 8 GPUs, bytes (vLLM's `CUSTOM_ALL_REDUCE_MAX_SIZES` when symmetric memory is on: 256 KiB
    /// at 8 GPUs on SM 9.0, 1 MiB on SM 10.0; nil: the engine's custom limit), and the rate of
    /// its multimem kernel (PyTorch's `multimem_all_reduce_`: each GPU reduces its shard through
    /// the switch and multicasts it, (t+1)/t of the message per link and direction, as NCCL's
    /// NVLS), a fraction of `link_bandwidth_gbs` after twice the custom kernel's latency (nil:
    /// the custom kernel's two-shot curve). Fitted by `simserve calibrate --from-kernels` on the
    /// eight-GPU vLLM rows of `data/kernels/aic_allreduce.csv`.
    public var symmMemCustomAllReduceMaxBytes: Double? = nil
    public var symmMemAllReduceEfficiency: Double? = nil
    /// vLLM's limits by group size with symmetric memory on, bytes (``BytesByGroupSize``: the
    /// tables of `all_reduce_utils.py` for the GPU's compute capability): the custom kernel's
    /// (`CUSTOM_ALL_REDUCE_MAX_SIZES`: a message below it runs the custom kernel; on SM 9.0
    /// 64 MiB at 2 GPUs, 32 MiB at 4, 512 KiB at 6, 256 KiB at 8) and the symmetric-memory
    /// kernel's (`SYMM_MEM_ALL_REDUCE_MAX_SIZES`: a message up to it that the custom kernel
    /// does not take runs PyTorch's symmetric-memory all-reduce; past it, NCCL). Where set they
    /// replace `symm_mem_custom_all_reduce_max_bytes` and `symm_mem_all_reduce_max_bytes` (which
    /// state one figure for 6 to 8 GPUs) at the group sizes they name; nil: those figures.
    public var symmMemCustomAllReduceMaxBytesByGPUs: BytesByGroupSize? = nil
    public var symmMemAllReduceMaxBytesByGPUs: BytesByGroupSize? = nil
    /// The smallest group whose symmetric-memory all-reduce runs the multimem kernel
    /// (`multimem_all_reduce_`, through the switch); smaller groups run its two-shot kernel
    /// (`two_shot_all_reduce_`). vLLM's `_WORLD_SIZES_MULTIMEM` (symm_mem.py): 4, 6 and 8 GPUs on
    /// SM 9.0, 6 and 8 on SM 10.0. nil: 6.
    public var symmMemMultimemMinGPUs: Int? = nil
    /// The rate at which one GPU's kernel moves data to or from one peer's memory over NVLink
    /// with its own loads and stores, GB/s (vLLM's custom all-reduce, PyTorch's symmetric-memory
    /// two-shot kernel): a kernel that reaches t−1 peers at once moves at most (t−1) × this,
    /// whatever the link allows. nil: no such cap (the link's rate alone). On the measured vLLM
    /// rows a pair of GPUs moves ~230 GB/s this way on H100 and on B200 alike, a half and a
    /// quarter of their links (one-shot at 2 GPUs, B200's two-shot at 2 GPUs), while four GPUs'
    /// two-shot kernels reach the link's rate. Fitted by `simserve calibrate --from-kernels`.
    public var peerCopyGBs: Double? = nil
    /// Fractions of HBM bandwidth reached by the elementwise kernels, each on the bytes its
    /// function in ``RooflineCostModel`` counts (RMSNorm, rotary embedding, SiLU·gate, residual
    /// add, embedding gather); nil: `memory_efficiency`. With an `l2_cache_mb`, the rate while
    /// a kernel's bytes stay in L2 (up to 3× HBM). The GPU presets set values fitted on the
    /// Vidur A100 profile (A100, carried to GPUs without data) and on the project's own H200
    /// measurements (H200, carried to H100); see `HardwarePresets`.
    public var normEfficiency: Double? = nil
    public var ropeEfficiency: Double? = nil
    public var activationEfficiency: Double? = nil
    public var addEfficiency: Double? = nil
    public var embeddingEfficiency: Double? = nil
    /// Fixed time of an elementwise kernel, µs (nil: `kernel_launch_us`), and the shortest
    /// one, µs (0: no floor).
    public var elementwiseLaunchUs: Double? = nil
    public var elementwiseFloorUs: Double = 0
    /// Per elementwise kernel: its own fixed time, µs (nil: `elementwise_launch_us`), and the
    /// rate at which one row (one token's slice) streams through a single thread block, GB/s
    /// (nil: no such term). The kernels run one block per token, so a batch too small to fill
    /// the GPU takes as long as one row: time = fixed + max(row bytes / row rate, bytes /
    /// (bw · efficiency)). Read and written by ``ElementwiseKernelFigures`` (flat keys).
    public var elementwise = ElementwiseKernelFigures()
    /// MoE expert layer (``KernelTimeModel/expertGemm(m:n:k:weightBytes:activationBytes:experts:)``,
    /// ``KernelTimeModel/moeRouting(pairs:)``): fractions of the bf16/fp16 and of the fp8 tensor
    /// peak that the grouped expert GEMMs reach (nil: the dense GEMM's), the fixed time of one
    /// MoE layer's routing (top-k, permute, unpermute), µs, and its time per routed
    /// (token, expert) pair, ns. Absent, the expert GEMMs are timed as dense GEMMs split
    /// among the experts touched and routing costs nothing.
    public var moeComputeEfficiency: Double? = nil
    public var moeFP8ComputeEfficiency: Double? = nil
    public var moeOverheadUs: Double = 0
    public var moePerPairNs: Double = 0

    public init() {}

    enum CodingKeys: String, CodingKey {
        case rooflineSharpness = "roofline_sharpness", gemmTileRows = "gemm_tile_rows"
        case prefillAttentionEfficiency = "prefill_attention_efficiency"
        case prefillAttentionOverheadUs = "prefill_attention_overhead_us"
        case attentionQueryTile = "attention_query_tile"
        case decodeAttentionEfficiency = "decode_attention_efficiency"
        case decodeAttentionPerSequenceUs = "decode_attention_per_sequence_us"
        case collectiveOverheadUs = "collective_overhead_us"
        case decodeAttentionOverheadUs = "decode_attention_overhead_us"
        case decodeAttentionFloorUs = "decode_attention_floor_us"
        case decodeAttentionPerSequenceHeadUs = "decode_attention_per_sequence_head_us"
        case decodeAttentionPerSequenceKVHeadUs = "decode_attention_per_sequence_kv_head_us"
        case decodeAttentionQueryTileRows = "decode_attention_query_tile_rows"
        case decodeAttentionHalfRateUnits = "decode_attention_half_rate_units"
        case decodeAttentionOverlapSharpness = "decode_attention_overlap_sharpness"
        case prefillAttentionPerSequenceUs = "prefill_attention_per_sequence_us"
        case prefillAttentionPerTokenHeadNs = "prefill_attention_per_token_head_ns"
        case prefillAttentionPerTileHeadNs = "prefill_attention_per_tile_head_ns"
        case prefillAttentionHalfRateUnits = "prefill_attention_half_rate_units"
        case prefillAttentionConcurrentTiles = "prefill_attention_concurrent_tiles"
        case prefillAttentionInputsInL2MB = "prefill_attention_inputs_in_l2_mb"
        case prefillAttentionBeyondL2Efficiency = "prefill_attention_beyond_l2_efficiency"
        case prefillOneTokenAsDecode = "prefill_one_token_as_decode"
        case customAllReduceLatencyUs = "custom_all_reduce_latency_us"
        case allReduceSkewScale = "all_reduce_skew_scale"
        case gemmMemoryEfficiency = "gemm_memory_efficiency"
        case fp8ComputeEfficiency = "fp8_compute_efficiency"
        case weightOnlyComputeEfficiency = "weight_only_compute_efficiency", weightOnlyTileRows = "weight_only_tile_rows"
        case weightOnlyLaunchUs = "weight_only_launch_us"
        case gptqExllamaTflops = "gptq_exllama_tflops"
        case fp8GemmLaunchUs = "fp8_gemm_launch_us", fp8RooflineSharpness = "fp8_roofline_sharpness"
        case fp8ActivationQuantGBs = "fp8_activation_quant_gbs"
        case decodeAttentionFP8KVOverheadUs = "decode_attention_fp8_kv_overhead_us"
        case decodeAttentionFP8KVEfficiency = "decode_attention_fp8_kv_efficiency"
        case ncclLLEfficiency = "nccl_ll_efficiency", ncclSimpleOverheadUs = "nccl_simple_overhead_us"
        case ncclNVLSEfficiency = "nccl_nvls_efficiency", ncclNVLSOverheadUs = "nccl_nvls_overhead_us"
        case allToAllOverheadUs = "all_to_all_overhead_us", allToAllEfficiency = "all_to_all_efficiency"
        case allToAllLLOverheadUs = "all_to_all_ll_overhead_us"
        case allToAllOwnChunkShare = "all_to_all_own_chunk_share"
        case allGatherOverheadUs = "all_gather_overhead_us", allGatherEfficiency = "all_gather_efficiency"
        case allGatherOwnChunkShare = "all_gather_own_chunk_share"
        case symmMemAllReduceMaxBytes = "symm_mem_all_reduce_max_bytes"
        case symmMemCustomAllReduceMaxBytes = "symm_mem_custom_all_reduce_max_bytes"
        case symmMemAllReduceEfficiency = "symm_mem_all_reduce_efficiency"
        case symmMemCustomAllReduceMaxBytesByGPUs = "symm_mem_custom_all_reduce_max_bytes_by_gpus"
        case symmMemAllReduceMaxBytesByGPUs = "symm_mem_all_reduce_max_bytes_by_gpus"
        case symmMemMultimemMinGPUs = "symm_mem_multimem_min_gpus"
        case peerCopyGBs = "peer_copy_gbs"
        case normEfficiency = "norm_efficiency", ropeEfficiency = "rope_efficiency"
        case activationEfficiency = "activation_efficiency", addEfficiency = "add_efficiency"
        case embeddingEfficiency = "embedding_efficiency"
        case elementwiseLaunchUs = "elementwise_launch_us", elementwiseFloorUs = "elementwise_floor_us"
        case moeComputeEfficiency = "moe_compute_efficiency", moeFP8ComputeEfficiency = "moe_fp8_compute_efficiency"
        case moeOverheadUs = "moe_overhead_us", moePerPairNs = "moe_per_pair_ns"
    }

    /// Reads whichever keys are present (floats or integers); the rest keep their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func number(_ key: CodingKeys, _ fallback: Double) throws -> Double {
            try c.contains(key) ? c.decodeNumber(forKey: key) : fallback
        }
        let d = KernelShapeParameters()
        rooflineSharpness = try number(.rooflineSharpness, d.rooflineSharpness)
        gemmTileRows = c.contains(.gemmTileRows) ? try c.decode(Int.self, forKey: .gemmTileRows) : d.gemmTileRows
        prefillAttentionEfficiency = try number(.prefillAttentionEfficiency, d.prefillAttentionEfficiency)
        prefillAttentionOverheadUs = try number(.prefillAttentionOverheadUs, d.prefillAttentionOverheadUs)
        attentionQueryTile = try c.decodeIfPresent(Int.self, forKey: .attentionQueryTile)
        if let tile = attentionQueryTile, tile < 1 {
            throw DecodingError.dataCorruptedError(forKey: .attentionQueryTile, in: c,
                                                   debugDescription: "must be ≥ 1 query rows (leave it out for no tile), got \(tile)")
        }
        decodeAttentionEfficiency = try number(.decodeAttentionEfficiency, d.decodeAttentionEfficiency)
        decodeAttentionPerSequenceUs = try number(.decodeAttentionPerSequenceUs, d.decodeAttentionPerSequenceUs)
        collectiveOverheadUs = try number(.collectiveOverheadUs, d.collectiveOverheadUs)
        decodeAttentionOverheadUs = c.contains(.decodeAttentionOverheadUs) ? try number(.decodeAttentionOverheadUs, 0) : nil
        decodeAttentionFloorUs = try number(.decodeAttentionFloorUs, d.decodeAttentionFloorUs)
        decodeAttentionPerSequenceHeadUs = try number(.decodeAttentionPerSequenceHeadUs, 0)
        decodeAttentionPerSequenceKVHeadUs = try number(.decodeAttentionPerSequenceKVHeadUs, 0)
        decodeAttentionHalfRateUnits = try number(.decodeAttentionHalfRateUnits, 0)
        if !(decodeAttentionHalfRateUnits >= 0 && decodeAttentionHalfRateUnits.isFinite) {
            throw DecodingError.dataCorruptedError(forKey: .decodeAttentionHalfRateUnits, in: c,
                                                   debugDescription: "must be a finite count ≥ 0 of work units, got \(decodeAttentionHalfRateUnits)")
        }
        decodeAttentionOverlapSharpness = try number(.decodeAttentionOverlapSharpness, 1)
        if !(decodeAttentionOverlapSharpness >= 1 && decodeAttentionOverlapSharpness.isFinite) {
            throw DecodingError.dataCorruptedError(forKey: .decodeAttentionOverlapSharpness, in: c,
                                                   debugDescription: "must be a finite number ≥ 1 (1: the per-sequence work and the KV streaming add), got \(decodeAttentionOverlapSharpness)")
        }
        decodeAttentionQueryTileRows = try c.decodeIfPresent(Int.self, forKey: .decodeAttentionQueryTileRows)
        if let rows = decodeAttentionQueryTileRows, rows < 1 {
            throw DecodingError.dataCorruptedError(forKey: .decodeAttentionQueryTileRows, in: c,
                                                   debugDescription: "must be ≥ 1 query rows (leave it out for one tile per KV head), got \(rows)")
        }
        prefillAttentionPerSequenceUs = try number(.prefillAttentionPerSequenceUs, 0)
        prefillAttentionPerTokenHeadNs = try number(.prefillAttentionPerTokenHeadNs, 0)
        prefillAttentionPerTileHeadNs = try number(.prefillAttentionPerTileHeadNs, 0)
        prefillAttentionHalfRateUnits = try number(.prefillAttentionHalfRateUnits, 0)
        if !(prefillAttentionHalfRateUnits >= 0 && prefillAttentionHalfRateUnits.isFinite) {
            throw DecodingError.dataCorruptedError(forKey: .prefillAttentionHalfRateUnits, in: c,
                                                   debugDescription: "must be a finite count ≥ 0 of thread blocks, got \(prefillAttentionHalfRateUnits)")
        }
        prefillAttentionConcurrentTiles = try number(.prefillAttentionConcurrentTiles, 0)
        if !(prefillAttentionConcurrentTiles >= 0 && prefillAttentionConcurrentTiles <= 1e6) {
            throw DecodingError.dataCorruptedError(forKey: .prefillAttentionConcurrentTiles, in: c,
                                                   debugDescription: "must be a count of thread blocks in [0, 1e6] (0: no bound by the heaviest tile), got \(prefillAttentionConcurrentTiles)")
        }
        prefillAttentionInputsInL2MB = try number(.prefillAttentionInputsInL2MB, 0)
        if !(prefillAttentionInputsInL2MB >= 0 && prefillAttentionInputsInL2MB <= 1e5) {
            throw DecodingError.dataCorruptedError(forKey: .prefillAttentionInputsInL2MB, in: c,
                                                   debugDescription: "must be in [0, 1e5] MB (0: every byte at the DRAM rate), got \(prefillAttentionInputsInL2MB)")
        }
        prefillOneTokenAsDecode = try c.decodeIfPresent(Bool.self, forKey: .prefillOneTokenAsDecode) ?? false
        customAllReduceLatencyUs = c.contains(.customAllReduceLatencyUs) ? try number(.customAllReduceLatencyUs, 0) : nil
        allReduceSkewScale = c.contains(.allReduceSkewScale) ? try number(.allReduceSkewScale, 1) : nil
        if let scale = allReduceSkewScale, !(scale >= 0 && scale <= 10) {
            throw DecodingError.dataCorruptedError(forKey: .allReduceSkewScale, in: c,
                                                   debugDescription: "must be in [0, 10] (a multiple of the engine's wait per peer), got \(scale)")
        }
        gemmMemoryEfficiency = c.contains(.gemmMemoryEfficiency) ? try number(.gemmMemoryEfficiency, 0) : nil
        fp8ComputeEfficiency = c.contains(.fp8ComputeEfficiency) ? try number(.fp8ComputeEfficiency, 0) : nil
        weightOnlyComputeEfficiency = c.contains(.weightOnlyComputeEfficiency) ? try number(.weightOnlyComputeEfficiency, 0) : nil
        weightOnlyTileRows = try c.decodeIfPresent(Int.self, forKey: .weightOnlyTileRows)
        if let rows = weightOnlyTileRows, rows < 1 {
            throw DecodingError.dataCorruptedError(forKey: .weightOnlyTileRows, in: c,
                                                   debugDescription: "must be ≥ 1 rows (leave it out for gemm_tile_rows), got \(rows)")
        }
        func optional(_ key: CodingKeys) throws -> Double? { c.contains(key) ? try number(key, 0) : nil }
        moeComputeEfficiency = try optional(.moeComputeEfficiency)
        moeFP8ComputeEfficiency = try optional(.moeFP8ComputeEfficiency)
        moeOverheadUs = try number(.moeOverheadUs, 0)
        moePerPairNs = try number(.moePerPairNs, 0)
        fp8GemmLaunchUs = try optional(.fp8GemmLaunchUs)
        weightOnlyLaunchUs = try optional(.weightOnlyLaunchUs)
        fp8RooflineSharpness = try optional(.fp8RooflineSharpness)
        fp8ActivationQuantGBs = try optional(.fp8ActivationQuantGBs)
        gptqExllamaTflops = try optional(.gptqExllamaTflops)
        decodeAttentionFP8KVOverheadUs = try number(.decodeAttentionFP8KVOverheadUs, 0)
        decodeAttentionFP8KVEfficiency = try optional(.decodeAttentionFP8KVEfficiency)
        prefillAttentionBeyondL2Efficiency = try optional(.prefillAttentionBeyondL2Efficiency)
        ncclLLEfficiency = try optional(.ncclLLEfficiency)
        ncclSimpleOverheadUs = try optional(.ncclSimpleOverheadUs)
        ncclNVLSEfficiency = try optional(.ncclNVLSEfficiency)
        ncclNVLSOverheadUs = try optional(.ncclNVLSOverheadUs)
        allToAllOverheadUs = try optional(.allToAllOverheadUs)
        allToAllEfficiency = try optional(.allToAllEfficiency)
        allToAllLLOverheadUs = try optional(.allToAllLLOverheadUs)
        if c.contains(.allToAllOwnChunkShare) {
            allToAllOwnChunkShare = try c.decodeNumber(forKey: .allToAllOwnChunkShare, where: { $0 >= 0 && $0 <= 2 },
                                                       allowed: "a share of one peer's chunk from 0 (free) to 2")
        }
        allGatherOverheadUs = try optional(.allGatherOverheadUs)
        allGatherEfficiency = try optional(.allGatherEfficiency)
        if c.contains(.allGatherOwnChunkShare) {
            allGatherOwnChunkShare = try c.decodeNumber(forKey: .allGatherOwnChunkShare, where: { $0 >= 0 && $0 <= 2 },
                                                        allowed: "a share of one peer's chunk from 0 (free) to 2")
        }
        symmMemAllReduceMaxBytes = try optional(.symmMemAllReduceMaxBytes)
        symmMemCustomAllReduceMaxBytes = try optional(.symmMemCustomAllReduceMaxBytes)
        symmMemAllReduceEfficiency = try optional(.symmMemAllReduceEfficiency)
        func table(_ key: CodingKeys) throws -> BytesByGroupSize? {
            c.contains(key) ? try c.decode(BytesByGroupSize.self, forKey: key) : nil
        }
        symmMemCustomAllReduceMaxBytesByGPUs = try table(.symmMemCustomAllReduceMaxBytesByGPUs)
        symmMemAllReduceMaxBytesByGPUs = try table(.symmMemAllReduceMaxBytesByGPUs)
        if c.contains(.symmMemMultimemMinGPUs) {
            let gpus = try c.decodeNumber(forKey: .symmMemMultimemMinGPUs, where: { $0 >= 2 && $0 <= 1024 && $0 == $0.rounded() },
                                          allowed: "a whole number of GPUs from 2 to 1024")
            symmMemMultimemMinGPUs = Int(gpus)
        }
        peerCopyGBs = try optional(.peerCopyGBs)
        for (key, value) in [(CodingKeys.symmMemAllReduceMaxBytes, symmMemAllReduceMaxBytes),
                             (.symmMemCustomAllReduceMaxBytes, symmMemCustomAllReduceMaxBytes)]
        where value.map({ !($0 > 0 && $0.isFinite) }) ?? false {
            throw DecodingError.dataCorruptedError(forKey: key, in: c,
                                                   debugDescription: "must be a finite size > 0 bytes, got \(value ?? 0)")
        }
        for (key, value) in [(CodingKeys.fp8RooflineSharpness, fp8RooflineSharpness),
                             (.fp8ActivationQuantGBs, fp8ActivationQuantGBs), (.gptqExllamaTflops, gptqExllamaTflops),
                             (.peerCopyGBs, peerCopyGBs)]
        where value.map({ !($0 > 0 && $0.isFinite) }) ?? false {
            throw DecodingError.dataCorruptedError(forKey: key, in: c,
                                                   debugDescription: "must be finite and > 0, got \(value ?? 0)")
        }
        // The elementwise keys, read and bounded as one set (an efficiency is a fraction of HBM,
        // up to 3 with an `l2_cache_mb`: the in-L2 rate), as a GPU's `eager_elementwise` set is.
        setElementwise(try ElementwiseKernelSet(from: decoder))
        for (key, value) in [(CodingKeys.gemmMemoryEfficiency, gemmMemoryEfficiency),
                             (.fp8ComputeEfficiency, fp8ComputeEfficiency), (.moeComputeEfficiency, moeComputeEfficiency),
                             (.weightOnlyComputeEfficiency, weightOnlyComputeEfficiency),
                             (.moeFP8ComputeEfficiency, moeFP8ComputeEfficiency),
                             (.decodeAttentionFP8KVEfficiency, decodeAttentionFP8KVEfficiency), (.ncclLLEfficiency, ncclLLEfficiency),
                             (.prefillAttentionBeyondL2Efficiency, prefillAttentionBeyondL2Efficiency),
                             (.allToAllEfficiency, allToAllEfficiency), (.ncclNVLSEfficiency, ncclNVLSEfficiency),
                             (.allGatherEfficiency, allGatherEfficiency),
                             (.symmMemAllReduceEfficiency, symmMemAllReduceEfficiency)]
        where value.map({ !($0 > 0 && $0 <= 1.2) }) ?? false {
            throw DecodingError.dataCorruptedError(forKey: key, in: c,
                                                   debugDescription: "must be in (0, 1.2] (a fraction of the peak), got \(value ?? 0)")
        }
        for (key, value) in [(CodingKeys.decodeAttentionFloorUs, decodeAttentionFloorUs),
                             (.decodeAttentionPerSequenceHeadUs, decodeAttentionPerSequenceHeadUs),
                             (.decodeAttentionPerSequenceKVHeadUs, decodeAttentionPerSequenceKVHeadUs),
                             (.prefillAttentionPerSequenceUs, prefillAttentionPerSequenceUs),
                             (.prefillAttentionPerTokenHeadNs, prefillAttentionPerTokenHeadNs),
                             (.prefillAttentionPerTileHeadNs, prefillAttentionPerTileHeadNs),
                             (.decodeAttentionOverheadUs, decodeAttentionOverheadUs ?? 0),
                             (.customAllReduceLatencyUs, customAllReduceLatencyUs ?? 0),
                             (.moeOverheadUs, moeOverheadUs), (.moePerPairNs, moePerPairNs),
                             (.fp8GemmLaunchUs, fp8GemmLaunchUs ?? 0), (.weightOnlyLaunchUs, weightOnlyLaunchUs ?? 0),
                             (.decodeAttentionFP8KVOverheadUs, decodeAttentionFP8KVOverheadUs),
                             (.ncclSimpleOverheadUs, ncclSimpleOverheadUs ?? 0), (.ncclNVLSOverheadUs, ncclNVLSOverheadUs ?? 0),
                             (.allToAllOverheadUs, allToAllOverheadUs ?? 0), (.allToAllLLOverheadUs, allToAllLLOverheadUs ?? 0),
                             (.allGatherOverheadUs, allGatherOverheadUs ?? 0)]
        where !(value >= 0 && value.isFinite) {
            let unit = [.prefillAttentionPerTokenHeadNs, .prefillAttentionPerTileHeadNs, .moePerPairNs].contains(key) ? "ns" : "µs"
            throw DecodingError.dataCorruptedError(forKey: key, in: c,
                                                   debugDescription: "must be a finite time ≥ 0 \(unit), got \(value)")
        }
    }
}
