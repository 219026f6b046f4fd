/// A GPU of the measured kernel tables in `data/kernels` (NVIDIA aiconfigurator's, see its
/// README) and the simserve presets that describe it: the hardware preset, and the serving
/// stack whose rows that preset's kernel figures were fitted on (`scripts/fit-kernels.py`).
public struct KernelGPU: Sendable, Equatable {
    /// The GPU's label in the tables ("H100-SXM").
    public var label: String
    /// The hardware preset ("h100-sxm").
    public var preset: String
    /// The tables' `backend` whose GEMM, attention and custom all-reduce rows are read.
    public var backend: String
    /// The backend of the GEMM rows: `backend`, except on A100, whose tables have no vLLM GEMMs
    /// (its newest GEMM rows, SGLang 0.5.10, are read instead).
    public var gemmBackend: String
    /// The engine preset whose all-reduce the custom rows are predicted with (vLLM's custom
    /// one-shot/two-shot kernel, TensorRT-LLM's own), and the tables' `variant` of those rows
    /// (the CUDA-graph one: what runs inside a captured decode step). The H100, H200 and B200
    /// rows are vLLM 0.24's, whose symmetric-memory all-reduce takes the eight-GPU messages past
    /// the custom kernel's limit: `vllm-async` (0.14 and later), which has it.
    public var engine: String
    public var customVariant: String
    /// Query rows per tile of the backend's prefill attention kernel: 128 on Hopper and
    /// Blackwell (FlashAttention-3 and TensorRT-LLM's FMHA), 64 on Ampere and Ada
    /// (FlashAttention-2's smaller tiles) — the tile `scripts/fit-kernels.py` fitted with.
    public var prefillQueryTile: Int
    /// The backend of the fused-MoE rows (`aic_moe.csv`), nil when the GPU has none (L40S):
    /// TensorRT-LLM's CUTLASS MoE on H100, H200 and B200, the one backend measured on all three
    /// (vLLM's Triton MoE is measured on H100 and A100 only); vLLM's on A100, whose TensorRT-LLM
    /// rows are of an older collector.
    public var moeBackend: String?
    /// The token distribution of the MoE rows read (`balanced`: round-robin, as the model
    /// routes; the others are left out). A100 has only skewed rows (`power_law_1.01`): its MoE
    /// figures are fitted on those without expert parallelism (``readsMoE(distribution:ep:)``),
    /// so they carry that skew: on H100's vLLM rows the skewed layer with every expert on each
    /// GPU takes 1.03–1.14× the balanced one from 1,024 tokens (median per shape and TP), while
    /// with experts spread over 2–8 GPUs the busiest GPU takes up to 2.7× (the uniform routing
    /// of the model cannot represent that).
    public var moeDistribution = "balanced"
    /// GEMM rows whose weights (n·k bytes) and decode-attention rows whose KV cache are at most
    /// this many bytes are excluded from fit and held-out rows alike; nil: none. The tables
    /// replay one kernel over and over, so operands that fit in the L2 stay there, where a
    /// model's layers, each with weights and KV of their own, read them cold from DRAM. On L40S
    /// (96 MB of L2 before 864 GB/s of GDDR6) such rows run at up to ~2.5 TB/s, three times the
    /// DRAM: up to twice its L2 (192 MB) they are left out. On the HBM GPUs (50–126 MB of L2
    /// before 2–8 TB/s) the rows with small operands sit on the curve the large ones fix (held
    /// out 6–7 %), so none are.
    public var warmL2Bytes: Double?
    /// The attention library whose figures time the attention rows read (``attentionBackend``):
    /// `current` (the GPU's own figures) for the tables the presets were fitted on.
    public var attentionLibrary: AttentionLibrary = .current
    /// Whether the GPUs sit on NVSwitches that reduce and multicast (NVLink SHARP, NVSwitch 3 and
    /// later: H100, H200, B200 SXM; not A100's NVSwitch 2 nor PCIe), so that NCCL's NVLS
    /// all-reduce is fitted on their rows (`nccl_nvls_efficiency`, `nccl_nvls_overhead_us`).
    public var hasNVLinkSHARP = false

    /// The tables' `backend` whose attention rows run `library`'s kernels: FlashAttention-2 is
    /// PyTorch's FLASH_ATTENTION backend of `scaled_dot_product_attention` (`torch-flash` in
    /// data/kernels/h200-own); nil for the GPU's own (its tables' serving-engine rows).
    public static func attentionBackend(of library: AttentionLibrary) -> String? {
        switch library {
        case .current: nil
        case .flashAttention2: "torch-flash"
        }
    }

    /// The attention library whose kernels the tables' rows of `backend` time (``attentionBackend(of:)``).
    public static func attentionLibrary(ofBackend backend: String) -> AttentionLibrary {
        AttentionLibrary.allCases.first { attentionBackend(of: $0) == backend } ?? .current
    }

    /// Whether the MoE rows of token `distribution` with experts spread over `ep` GPUs are read:
    /// those of ``moeDistribution``, and of a skewed one only without expert parallelism.
    public func readsMoE(distribution: String, ep: Int) -> Bool {
        distribution == moeDistribution && (distribution == "balanced" || ep == 1)
    }

    /// Whether a table row whose operand (weights, KV) is `bytes` replays from a warm L2
    /// (``warmL2Bytes``).
    func replaysWarm(bytes: Double) -> Bool {
        warmL2Bytes.map { bytes <= $0 } ?? false
    }

    public init(label: String, preset: String, backend: String, gemmBackend: String? = nil,
                engine: String, customVariant: String, prefillQueryTile: Int = 128, moeBackend: String? = nil,
                moeDistribution: String = "balanced", warmL2Bytes: Double? = nil, hasNVLinkSHARP: Bool = false) {
        self.label = label
        self.preset = preset
        self.backend = backend
        self.gemmBackend = gemmBackend ?? backend
        self.engine = engine
        self.customVariant = customVariant
        self.prefillQueryTile = prefillQueryTile
        self.moeBackend = moeBackend
        self.moeDistribution = moeDistribution
        self.warmL2Bytes = warmL2Bytes
        self.hasNVLinkSHARP = hasNVLinkSHARP
    }

    /// The engine preset of the NCCL rows: plain PyTorch + NCCL, whose all-reduce is the ring.
    public static let ncclEngine = "pytorch"

    /// Every GPU with a preset fitted on the tables, in the order the reports list them.
    public static let all: [KernelGPU] = [
        KernelGPU(label: "H100-SXM", preset: "h100-sxm", backend: "vllm", engine: "vllm-async", customVariant: "vLLM_custom_graph",
                  moeBackend: "trtllm", hasNVLinkSHARP: true),
        KernelGPU(label: "H200-SXM", preset: "h200", backend: "vllm", engine: "vllm-async", customVariant: "vLLM_custom_graph",
                  moeBackend: "trtllm", hasNVLinkSHARP: true),
        KernelGPU(label: "B200-SXM", preset: "b200", backend: "vllm", engine: "vllm-async", customVariant: "vLLM_custom_graph",
                  moeBackend: "trtllm", hasNVLinkSHARP: true),
        KernelGPU(label: "A100-SXM", preset: "a100-80gb", backend: "vllm", gemmBackend: "sglang", engine: "vllm",
                  customVariant: "vLLM_custom_graph", prefillQueryTile: 64, moeBackend: "vllm",
                  moeDistribution: "power_law_1.01"),
        KernelGPU(label: "L40S", preset: "l40s", backend: "trtllm", engine: "tensorrt-llm", customVariant: "TRTLLM",
                  prefillQueryTile: 64, warmL2Bytes: 192e6),
    ]

    /// The GPU whose preset or table label is `name` (case-insensitive), nil when none.
    public static func named(_ name: String) -> KernelGPU? {
        all.first { $0.preset == name.lowercased() || $0.label.lowercased() == name.lowercased() }
    }
}
