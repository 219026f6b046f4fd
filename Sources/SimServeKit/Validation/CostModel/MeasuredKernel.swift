/// One measured kernel time of the kernel tables (``AIConfiguratorTables``,
/// ``BLISKernelTables``): the op and its shape on one GPU, the time, and whether the fit may
/// see it (``KernelSplitRule``).
public struct MeasuredKernel: Sendable, Equatable {
    /// The op, in the terms of ``KernelTimeModel``'s functions.
    public enum Op: Sendable, Equatable {
        /// Y[m×n] = X[m×k] · W[k×n], bf16 or fp8 (per-tensor scaled) weights and activations.
        case gemm(m: Int, n: Int, k: Int, fp8: Bool)
        /// One decode step of `batch` sequences, each with `kvLength` tokens already cached
        /// (the new token's K and V are read too); `kvBytes` per KV element (2 bf16, 1 fp8).
        case decodeAttention(batch: Int, kvLength: Int, heads: Int, kvHeads: Int, headDim: Int, kvBytes: Double)
        /// Causal prefill of `batch` prompts of `length` tokens, no cache; `elementBytes` of
        /// Q, K, V and O (2 bf16, 1 fp8).
        case prefillAttention(batch: Int, length: Int, heads: Int, kvHeads: Int, headDim: Int, elementBytes: Double)
        /// All-reduce of `bytes` over `gpus` GPUs of one node: by the engine's algorithm
        /// (`custom`) or by NCCL (the ring).
        case allReduce(gpus: Int, bytes: Double, custom: Bool)
        /// NCCL's all-gather, reduce-scatter or all-to-all of `bytes` (nccl-tests' size: the
        /// gathered output, the scattered input, each GPU's send buffer) over `gpus` GPUs of
        /// one node.
        case ncclCollective(NCCLCollective, gpus: Int, bytes: Double)
        /// One fused MoE layer (routing and the expert GEMMs) of `tokens` tokens entering it on
        /// this GPU, `topk` of `experts` experts of FFN width `inter` each, experts sharded
        /// `tp` ways in width and `ep` ways in number; bf16 or fp8 weights; tokens routed
        /// round-robin (the tables' `balanced`), so T·k/ep rows over min(E/ep, T·k/ep) experts.
        case moe(tokens: Int, hidden: Int, inter: Int, topk: Int, experts: Int, tp: Int, ep: Int, fp8: Bool)
    }

    /// Whether a row is fitted, held out, or left out of both (flagged as impossible: KV read
    /// faster than the DRAM peak, see `data/kernels/README.md`; or MoE rows of a skewed
    /// token distribution, which the simulator's uniform routing does not model).
    public enum Split: String, Sendable, CaseIterable {
        case fit
        case heldOut = "held_out"
        case excluded
    }

    /// The GPU's table label ("H100-SXM").
    public var gpu: String
    public var op: Op
    public var measuredSeconds: Double
    public var split: Split

    public init(gpu: String, op: Op, measuredSeconds: Double, split: Split) {
        self.gpu = gpu
        self.op = op
        self.measuredSeconds = measuredSeconds
        self.split = split
    }

    /// The kind the reports group by.
    public var kind: KernelKind {
        switch op {
        case let .gemm(_, _, _, fp8): return fp8 ? .gemmFP8 : .gemmBF16
        case let .decodeAttention(_, _, _, _, _, kvBytes): return kvBytes < 2 ? .decodeAttentionFP8KV : .decodeAttention
        case let .prefillAttention(_, _, _, _, _, bytes): return bytes < 2 ? .prefillAttentionFP8 : .prefillAttention
        case let .allReduce(_, _, custom): return custom ? .customAllReduce : .ncclAllReduce
        case let .ncclCollective(collective, _, _): return collective.kind
        case let .moe(_, _, _, _, _, _, _, fp8): return fp8 ? .moeFP8 : .moeBF16
        }
    }

    /// The shape, readable: "m=64 n=4096 k=8192", "batch=8 kv=1023 heads=32/8".
    public var shape: String {
        switch op {
        case let .gemm(m, n, k, _): return "m=\(m) n=\(n) k=\(k)"
        case let .decodeAttention(b, kv, h, hkv, _, _): return "batch=\(b) kv=\(kv) heads=\(h)/\(hkv)"
        case let .prefillAttention(b, l, h, hkv, _, _): return "batch=\(b) len=\(l) heads=\(h)/\(hkv)"
        case let .allReduce(g, bytes, _), let .ncclCollective(_, g, bytes): return "gpus=\(g) bytes=\(Int(bytes))"
        case let .moe(t, h, i, k, e, tp, ep, _): return "tokens=\(t) d=\(h) f=\(i) top\(k)/\(e) tp=\(tp) ep=\(ep)"
        }
    }
}

/// The kinds of kernel the tables measure, as the reports name them.
public enum KernelKind: String, Sendable, CaseIterable, Comparable {
    case gemmBF16 = "gemm_bf16"
    case gemmFP8 = "gemm_fp8"
    case decodeAttention = "decode_attention"
    case decodeAttentionFP8KV = "decode_attention_fp8kv"
    case prefillAttention = "prefill_attention"
    case prefillAttentionFP8 = "prefill_attention_fp8"
    case customAllReduce = "allreduce_custom"
    case ncclAllReduce = "allreduce_nccl"
    case ncclAllGather = "allgather_nccl"
    case ncclReduceScatter = "reducescatter_nccl"
    case ncclAllToAll = "alltoall_nccl"
    case moeBF16 = "moe_bf16"
    case moeFP8 = "moe_fp8"

    /// Whether the kind is a prefill or decode attention kernel.
    public var isAttention: Bool {
        [.decodeAttention, .decodeAttentionFP8KV, .prefillAttention, .prefillAttentionFP8].contains(self)
    }

    public static func < (a: KernelKind, b: KernelKind) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// The NCCL collectives besides all-reduce that the kernel tables measure
/// (`aic_nccl_other_collectives.csv`), by their tables' names.
public enum NCCLCollective: String, Sendable, CaseIterable {
    case allGather = "all_gather"
    case reduceScatter = "reduce_scatter"
    case allToAll = "alltoall"

    /// The kind the reports group its rows by.
    public var kind: KernelKind {
        switch self {
        case .allGather: return .ncclAllGather
        case .reduceScatter: return .ncclReduceScatter
        case .allToAll: return .ncclAllToAll
        }
    }
}
