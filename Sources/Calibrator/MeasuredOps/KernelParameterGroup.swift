import SimServeKit

/// The hardware parameters of one kind of kernel that `calibrate --from-kernels` fits together,
/// and the measured kinds they are fitted on. Each group's parameters enter only its own
/// kinds' time functions (``SimServeKit/KernelPredictor``), so the groups are fitted apart.
struct KernelParameterGroup: Sendable {
    /// One parameter: its profile key, unit, where it lives in ``SimServeKit/HardwareSpec``
    /// and the starting value of the fit (the starting points of `scripts/fit-kernels.py`,
    /// not the presets', so that agreement with the presets is not inherited).
    struct Parameter: Sendable {
        var name: String
        var unit: String
        var start: Double
        var get: @Sendable (HardwareSpec) -> Double
        var set: @Sendable (inout HardwareSpec, Double) -> Void
        /// Fitted only when a fit names it (``KernelTablesFit/fit(measurements:gpu:preset:held:fitting:)``),
        /// else left at the preset's value: a term the GPUs' own forms do not use.
        var optIn = false
    }

    var name: String
    var kinds: Set<KernelKind>
    var parameters: [Parameter]
    /// What the group's model holds fixed, set before fitting (the form of
    /// `scripts/fit-kernels.py`).
    var prepare: @Sendable (inout HardwareSpec, KernelGPU) -> Void = { _, _ in }

    /// An efficiency as the profile accepts it: |x| capped at 1.2.
    @Sendable static func fraction(_ x: Double) -> Double { min(1.2, abs(x)) }

    /// GEMM: `compute_efficiency`, `gemm_memory_efficiency`, `kernel_launch_us`,
    /// `roofline_sharpness` on the bf16 rows; then ``gemmFP8``. (Fitting all five on bf16 and
    /// fp8 rows together trades bf16 accuracy for fp8: on H100, bf16 held out 6 % → 11 %, fp8
    /// 17 % → 12 %; bf16 is what most deployments run, so its shape is fitted alone.)
    static let gemm = KernelParameterGroup(name: "gemm", kinds: [.gemmBF16], parameters: [
        Parameter(name: "compute_efficiency", unit: "", start: 0.75, get: { $0.computeEfficiency },
                  set: { $0.computeEfficiency = fraction($1) }),
        Parameter(name: "gemm_memory_efficiency", unit: "", start: 0.8, get: { $0.shape.gemmMemoryEfficiency ?? $0.memoryEfficiency },
                  set: { $0.shape.gemmMemoryEfficiency = fraction($1) }),
        Parameter(name: "kernel_launch_us", unit: "µs", start: 5, get: { $0.kernelLaunchUs }, set: { $0.kernelLaunchUs = abs($1) }),
        Parameter(name: "roofline_sharpness", unit: "", start: 2, get: { $0.shape.rooflineSharpness },
                  set: { $0.shape.rooflineSharpness = min(31.9, max(1, $1)) }),
    ])

    /// fp8 GEMM: `fp8_compute_efficiency`, `fp8_gemm_launch_us`, `fp8_roofline_sharpness` and
    /// `fp8_activation_quant_gbs` on the fp8 rows; the weight-read efficiency and tile as
    /// ``gemm`` fitted them (shared between element types).
    static let gemmFP8 = KernelParameterGroup(name: "gemm_fp8", kinds: [.gemmFP8], parameters: [
        Parameter(name: "fp8_compute_efficiency", unit: "", start: 0.6,
                  get: { $0.shape.fp8ComputeEfficiency ?? $0.computeEfficiency }, set: { $0.shape.fp8ComputeEfficiency = fraction($1) }),
        Parameter(name: "fp8_gemm_launch_us", unit: "µs", start: 5, get: { $0.shape.fp8GemmLaunchUs ?? $0.kernelLaunchUs },
                  set: { $0.shape.fp8GemmLaunchUs = abs($1) }),
        Parameter(name: "fp8_roofline_sharpness", unit: "", start: 2,
                  get: { $0.shape.fp8RooflineSharpness ?? $0.shape.rooflineSharpness },
                  set: { $0.shape.fp8RooflineSharpness = min(31.9, max(1, $1)) }),
        Parameter(name: "fp8_activation_quant_gbs", unit: "GB/s", start: 500, get: { $0.shape.fp8ActivationQuantGBs ?? 0 },
                  set: { $0.shape.fp8ActivationQuantGBs = max(1, abs($1)) }),
    ])

    /// MoE expert layer: `moe_compute_efficiency`, `moe_overhead_us`, `moe_per_pair_ns` on the
    /// bf16 fused-MoE rows, the GEMM parameters as ``gemm`` fitted them (launch, sharpness,
    /// weight-read efficiency, tile: shared with the dense GEMMs); then ``moeFP8``.
    static let moe = KernelParameterGroup(name: "moe", kinds: [.moeBF16], parameters: [
        Parameter(name: "moe_compute_efficiency", unit: "", start: 0.6,
                  get: { $0.shape.moeComputeEfficiency ?? $0.computeEfficiency }, set: { $0.shape.moeComputeEfficiency = fraction($1) }),
        Parameter(name: "moe_overhead_us", unit: "µs", start: 10, get: { $0.shape.moeOverheadUs },
                  set: { $0.shape.moeOverheadUs = abs($1) }),
        Parameter(name: "moe_per_pair_ns", unit: "ns", start: 5, get: { $0.shape.moePerPairNs },
                  set: { $0.shape.moePerPairNs = abs($1) }),
    ])

    /// fp8 MoE: `moe_fp8_compute_efficiency` on the fp8 fused-MoE rows, routing as ``moe``
    /// fitted it.
    static let moeFP8 = KernelParameterGroup(name: "moe_fp8", kinds: [.moeFP8], parameters: [
        Parameter(name: "moe_fp8_compute_efficiency", unit: "", start: 0.6,
                  get: { $0.shape.moeFP8ComputeEfficiency ?? $0.shape.moeComputeEfficiency ?? $0.computeEfficiency },
                  set: { $0.shape.moeFP8ComputeEfficiency = fraction($1) }),
    ])

    /// Decode attention: floor, fixed time, time per sequence and GQA-packed work unit (one
    /// KV head's tile of query heads), KV-streaming efficiency and the work units at which it
    /// reaches half of it, and the fp8 KV cache's extra fixed time and streaming efficiency
    /// (bf16 and fp8 KV rows, each with its own bytes per element). The per-query-head term
    /// and the per-sequence term are held at 0 (the per-unit term is their physical form: the
    /// kernels launch work per KV head, ``SimServeKit/KernelShapeParameters``).
    static let decode = KernelParameterGroup(
        name: "decode_attention", kinds: [.decodeAttention, .decodeAttentionFP8KV], parameters: [
            Parameter(name: "decode_attention_floor_us", unit: "µs", start: 10, get: { $0.shape.decodeAttentionFloorUs },
                      set: { $0.shape.decodeAttentionFloorUs = abs($1) }),
            Parameter(name: "decode_attention_overhead_us", unit: "µs", start: 8,
                      get: { $0.shape.decodeAttentionOverheadUs ?? $0.kernelLaunchUs }, set: { $0.shape.decodeAttentionOverheadUs = abs($1) }),
            Parameter(name: "decode_attention_per_sequence_kv_head_us", unit: "µs", start: 0.04,
                      get: { $0.shape.decodeAttentionPerSequenceKVHeadUs }, set: { $0.shape.decodeAttentionPerSequenceKVHeadUs = abs($1) }),
            Parameter(name: "decode_attention_efficiency", unit: "", start: 0.85, get: { $0.shape.decodeAttentionEfficiency },
                      set: { $0.shape.decodeAttentionEfficiency = fraction($1) }),
            Parameter(name: "decode_attention_half_rate_units", unit: "", start: 1,
                      get: { $0.shape.decodeAttentionHalfRateUnits }, set: { $0.shape.decodeAttentionHalfRateUnits = abs($1) }),
            Parameter(name: "decode_attention_overlap_sharpness", unit: "", start: 1.5,
                      get: { $0.shape.decodeAttentionOverlapSharpness },
                      set: { $0.shape.decodeAttentionOverlapSharpness = min(31.9, max(1, $1)) }),
            Parameter(name: "decode_attention_fp8_kv_overhead_us", unit: "µs", start: 1,
                      get: { $0.shape.decodeAttentionFP8KVOverheadUs }, set: { $0.shape.decodeAttentionFP8KVOverheadUs = abs($1) }),
            Parameter(name: "decode_attention_fp8_kv_efficiency", unit: "", start: 0.8,
                      get: { $0.shape.decodeAttentionFP8KVEfficiency ?? $0.shape.decodeAttentionEfficiency },
                      set: { $0.shape.decodeAttentionFP8KVEfficiency = fraction($1) }),
        ], prepare: { h, _ in
            h.shape.decodeAttentionPerSequenceUs = 0
            h.shape.decodeAttentionPerSequenceHeadUs = 0
        })

    /// Prefill attention (bf16 rows): efficiency on the tiled work of the GPU's query tile
    /// (``SimServeKit/KernelGPU/prefillQueryTile``), fixed time, time per sequence, time per
    /// token and head, time per query tile and head; rows of one-token prompts are timed by the
    /// decode kernel (`prefill_one_token_as_decode`), fitted before in ``decode``. Decode attention holds `decode_attention_per_sequence_us` at 0 (its
    /// per-sequence time is the per-sequence-and-head term).
    static let prefill = KernelParameterGroup(name: "prefill_attention", kinds: [.prefillAttention], parameters: [
        Parameter(name: "prefill_attention_efficiency", unit: "", start: 0.5, get: { $0.shape.prefillAttentionEfficiency },
                  set: { $0.shape.prefillAttentionEfficiency = fraction($1) }),
        Parameter(name: "prefill_attention_overhead_us", unit: "µs", start: 10, get: { $0.shape.prefillAttentionOverheadUs },
                  set: { $0.shape.prefillAttentionOverheadUs = abs($1) }),
        Parameter(name: "prefill_attention_per_sequence_us", unit: "µs", start: 0.1,
                  get: { $0.shape.prefillAttentionPerSequenceUs }, set: { $0.shape.prefillAttentionPerSequenceUs = abs($1) }),
        Parameter(name: "prefill_attention_per_token_head_ns", unit: "ns", start: 0.1,
                  get: { $0.shape.prefillAttentionPerTokenHeadNs }, set: { $0.shape.prefillAttentionPerTokenHeadNs = abs($1) }),
        Parameter(name: "prefill_attention_per_tile_head_ns", unit: "ns", start: 10,
                  get: { $0.shape.prefillAttentionPerTileHeadNs }, set: { $0.shape.prefillAttentionPerTileHeadNs = abs($1) }),
        Parameter(name: "prefill_attention_beyond_l2_efficiency", unit: "", start: 0.4,
                  get: { $0.shape.prefillAttentionBeyondL2Efficiency ?? $0.memoryEfficiency },
                  set: { $0.shape.prefillAttentionBeyondL2Efficiency = fraction($1) }),
        Parameter(name: "prefill_attention_half_rate_units", unit: "", start: 100,
                  get: { $0.shape.prefillAttentionHalfRateUnits }, set: { $0.shape.prefillAttentionHalfRateUnits = abs($1) },
                  optIn: true),
    ], prepare: { h, gpu in
        h.shape.attentionQueryTile = gpu.prefillQueryTile
        // One-token prompts run FlashAttention's decode kernel (vLLM, SGLang), timed with the
        // decode group's figures; TensorRT-LLM's context FMHA (L40S) takes them as prompts.
        h.shape.prefillOneTokenAsDecode = gpu.backend != "trtllm"
    })

    /// All-reduce: the custom kernel's latency, the link efficiency (shared by the custom
    /// kernel and NCCL's ring, as in ``SimServeKit/HardwareSpec``), NCCL's fixed time and
    /// ring step latency, NCCL's LL-protocol efficiency and Simple-protocol fixed time; on the
    /// multicast GPUs (``nvls``) NCCL's NVLS terms, the symmetric-memory multimem rate and the
    /// peer-memory kernels' rate per peer (`peer_copy_gbs`); custom rows and NCCL rows together.
    static let allReduce = KernelParameterGroup(name: "all_reduce", kinds: [.customAllReduce, .ncclAllReduce], parameters: [
        Parameter(name: "custom_all_reduce_latency_us", unit: "µs", start: 5, get: { $0.shape.customAllReduceLatencyUs ?? 0 },
                  set: { $0.shape.customAllReduceLatencyUs = abs($1) }),
        Parameter(name: "link_efficiency", unit: "", start: 0.5, get: { $0.linkEfficiency }, set: { $0.linkEfficiency = fraction($1) }),
        Parameter(name: "collective_overhead_us", unit: "µs", start: 10, get: { $0.shape.collectiveOverheadUs },
                  set: { $0.shape.collectiveOverheadUs = abs($1) }),
        Parameter(name: "link_latency_us", unit: "µs", start: 1, get: { $0.linkLatencyUs }, set: { $0.linkLatencyUs = abs($1) }),
        Parameter(name: "nccl_ll_efficiency", unit: "", start: 0.25, get: { $0.shape.ncclLLEfficiency ?? $0.linkEfficiency },
                  set: { $0.shape.ncclLLEfficiency = fraction($1) }),
        Parameter(name: "nccl_simple_overhead_us", unit: "µs", start: 20,
                  get: { $0.shape.ncclSimpleOverheadUs ?? $0.shape.collectiveOverheadUs }, set: { $0.shape.ncclSimpleOverheadUs = abs($1) }),
        Parameter(name: "nccl_nvls_efficiency", unit: "", start: 0.6, get: { $0.shape.ncclNVLSEfficiency ?? 0 },
                  set: { $0.shape.ncclNVLSEfficiency = fraction($1) }, optIn: true),
        Parameter(name: "nccl_nvls_overhead_us", unit: "µs", start: 50, get: { $0.shape.ncclNVLSOverheadUs ?? 0 },
                  set: { $0.shape.ncclNVLSOverheadUs = abs($1) }, optIn: true),
        Parameter(name: "symm_mem_all_reduce_efficiency", unit: "", start: 0.5, get: { $0.shape.symmMemAllReduceEfficiency ?? 0 },
                  set: { $0.shape.symmMemAllReduceEfficiency = fraction($1) }, optIn: true),
        Parameter(name: "peer_copy_gbs", unit: "GB/s", start: 250, get: { $0.shape.peerCopyGBs ?? 0 },
                  set: { $0.shape.peerCopyGBs = abs($1) }, optIn: true),
    ], prepare: { h, gpu in
        // Both NCCL protocols in play from the start (with one unset the other never wins).
        h.shape.ncclLLEfficiency = h.shape.ncclLLEfficiency ?? 0.25
        h.shape.ncclSimpleOverheadUs = h.shape.ncclSimpleOverheadUs ?? 20
        // NVLS where the switches have it (``nvls``), from NCCL-like starting figures.
        if gpu.hasNVLinkSHARP {
            h.shape.ncclNVLSEfficiency = h.shape.ncclNVLSEfficiency ?? 0.6
            h.shape.ncclNVLSOverheadUs = h.shape.ncclNVLSOverheadUs ?? 50
            h.shape.symmMemAllReduceEfficiency = h.shape.symmMemAllReduceEfficiency ?? 0.5
            h.shape.peerCopyGBs = h.shape.peerCopyGBs ?? 250
        }
    })

    /// The terms of the all-reduces through the switch's multicast (``allReduce``): NCCL's NVLS
    /// and the symmetric-memory kernel's rate, and the peer-memory kernels' rate per peer (vLLM
    /// enables those kernels' symmetric-memory limits only where the GPU multicasts), fitted on
    /// the GPUs with NVLink SHARP (``SimServeKit/KernelGPU/hasNVLinkSHARP``) only.
    static let nvls: Set<String> = ["nccl_nvls_efficiency", "nccl_nvls_overhead_us", "symm_mem_all_reduce_efficiency",
                                    "peer_copy_gbs"]

    /// NCCL's all-to-all: `all_to_all_overhead_us` and `all_to_all_efficiency` (its Simple
    /// protocol), `all_to_all_ll_overhead_us` (its LL protocol, at the all-reduce's
    /// `nccl_ll_efficiency`) and `all_to_all_own_chunk_share` (the send to self) on the
    /// all-to-all rows; the link rate, α and LL efficiency as
    /// ``allReduce`` fitted them. The all-reduce's own terms alone put these rows 27–36 % fast on
    /// the NVLink GPUs (fixed times of 6 µs where messages of 64 KB–1 MB take 12–16 µs).
    static let allToAll = KernelParameterGroup(name: "all_to_all", kinds: [.ncclAllToAll], parameters: [
        Parameter(name: "all_to_all_overhead_us", unit: "µs", start: 15,
                  get: { $0.shape.allToAllOverheadUs ?? $0.shape.collectiveOverheadUs }, set: { $0.shape.allToAllOverheadUs = abs($1) }),
        Parameter(name: "all_to_all_efficiency", unit: "", start: 0.7, get: { $0.shape.allToAllEfficiency ?? $0.linkEfficiency },
                  set: { $0.shape.allToAllEfficiency = fraction($1) }),
        Parameter(name: "all_to_all_ll_overhead_us", unit: "µs", start: 7,
                  get: { $0.shape.allToAllLLOverheadUs ?? $0.shape.collectiveOverheadUs },
                  set: { $0.shape.allToAllLLOverheadUs = abs($1) }),
        Parameter(name: "all_to_all_own_chunk_share", unit: "", start: 0.5, get: { $0.shape.allToAllOwnChunkShare ?? 0 },
                  set: { $0.shape.allToAllOwnChunkShare = min(2, abs($1)) }),
    ], prepare: { h, _ in
        // Both protocols in play from the start (LL's rows are those whose peers' shares are at
        // most NCCL's P2P LL threshold, Simple's the rest).
        h.shape.allToAllOverheadUs = h.shape.allToAllOverheadUs ?? 15
        h.shape.allToAllEfficiency = h.shape.allToAllEfficiency ?? 0.7
        h.shape.allToAllLLOverheadUs = h.shape.allToAllLLOverheadUs ?? 7
    })

    /// NCCL's all-gather and reduce-scatter: `all_gather_overhead_us` and
    /// `all_gather_efficiency` (the Simple protocol) and `all_gather_own_chunk_share` (the copy
    /// of the rank's own chunk) on the all-gather and reduce-scatter rows; the link rate, α, the
    /// LL rate and fixed time as ``allReduce`` fitted them. The all-reduce's ring terms alone put
    /// the two-GPU rows 15–25 % fast and the eight-GPU ones up to 10 % slow on A100, H100 and
    /// H200: the bus rate grows with the GPUs more than a ring's.
    static let allGather = KernelParameterGroup(name: "all_gather", kinds: [.ncclAllGather, .ncclReduceScatter], parameters: [
        Parameter(name: "all_gather_overhead_us", unit: "µs", start: 15,
                  get: { $0.shape.allGatherOverheadUs ?? $0.shape.ncclSimpleOverheadUs ?? $0.shape.collectiveOverheadUs },
                  set: { $0.shape.allGatherOverheadUs = abs($1) }),
        Parameter(name: "all_gather_efficiency", unit: "", start: 0.7, get: { $0.shape.allGatherEfficiency ?? $0.linkEfficiency },
                  set: { $0.shape.allGatherEfficiency = fraction($1) }),
        Parameter(name: "all_gather_own_chunk_share", unit: "", start: 0.5, get: { $0.shape.allGatherOwnChunkShare ?? 0 },
                  set: { $0.shape.allGatherOwnChunkShare = min(2, abs($1)) }),
    ], prepare: { h, _ in
        h.shape.allGatherOverheadUs = h.shape.allGatherOverheadUs ?? 15
        h.shape.allGatherEfficiency = h.shape.allGatherEfficiency ?? 0.7
        h.shape.allGatherOwnChunkShare = h.shape.allGatherOwnChunkShare ?? 0.5
    })

    static let all: [KernelParameterGroup] = [gemm, gemmFP8, moe, moeFP8, decode, prefill, allReduce, allToAll, allGather]

    /// The profile keys of every group's parameters, in fitting order.
    static var parameterNames: [String] { all.flatMap { $0.parameters.map(\.name) } }

    /// A held parameter that no group fits.
    struct UnknownParameter: Error, Equatable, CustomStringConvertible {
        var name: String
        var description: String {
            "--hold: '\(name)' is not a fitted kernel parameter; one of "
                + KernelParameterGroup.parameterNames.map { "'\($0)'" }.joined(separator: ", ")
        }
    }

    /// - Throws: ``UnknownParameter`` for the first of `names` (sorted) no group fits.
    static func checkNames(_ names: some Sequence<String>) throws {
        let known = Set(parameterNames)
        if let unknown = names.sorted().first(where: { !known.contains($0) }) { throw UnknownParameter(name: unknown) }
    }
}
