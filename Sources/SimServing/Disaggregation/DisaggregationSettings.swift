import SimCore

/// One pool of a disaggregated deployment: identical replicas on one GPU type.
public struct ServingPool: Sendable {
    public var replicas: Int
    /// GPUs per replica (its tensor-parallel degree).
    public var gpusPerReplica: Int
    public var kvBlocksPerReplica: Int
    public var costModel: IterationCostModel
    /// Per-GPU peaks, power and price (cost, energy and utilisation of the pool).
    public var hardware: HardwareFigures?
    /// Memory of one GPU, GB (nil without hardware).
    public var memoryGBPerGPU: Double?

    public init(replicas: Int, gpusPerReplica: Int, kvBlocksPerReplica: Int, costModel: IterationCostModel,
                hardware: HardwareFigures?, memoryGBPerGPU: Double? = nil) {
        self.memoryGBPerGPU = memoryGBPerGPU
        self.replicas = replicas
        self.gpusPerReplica = gpusPerReplica
        self.kvBlocksPerReplica = kvBlocksPerReplica
        self.costModel = costModel
        self.hardware = hardware
    }

    public var gpus: Int { replicas * gpusPerReplica }
}

/// Disaggregated prefill/decode serving: a prefill pool computes each prompt and its first
/// token, the KV cache crosses `link` to a decode replica, which admits the request once its
/// KV has arrived and it has the blocks for it, and generates the rest.
public struct DisaggregationSettings: Sendable {
    public var prefill: ServingPool
    public var decode: ServingPool
    public var link: KVTransferLink
    /// KV bytes of one token over all layers and all heads (what crosses the link).
    public var kvBytesPerToken: Double
    /// Layers of the model (layer-wise pipelining streams them one by one).
    public var layers: Int

    public init(prefill: ServingPool, decode: ServingPool, link: KVTransferLink, kvBytesPerToken: Double, layers: Int) {
        self.prefill = prefill
        self.decode = decode
        self.link = link
        self.kvBytesPerToken = kvBytesPerToken
        self.layers = layers
    }

    /// GPUs of both pools, their price per hour and their memory (nil without hardware), and
    /// their GPU types ("h100-sxm+a100-80gb"; one name when both pools use it).
    public var gpus: Int { prefill.gpus + decode.gpus }
    public var usdPerHour: Double? {
        guard let p = prefill.hardware, let d = decode.hardware else { return nil }
        return Double(prefill.gpus) * p.usdPerGPUHour + Double(decode.gpus) * d.usdPerGPUHour
    }
    public var memoryGB: Double? {
        guard let p = prefill.memoryGBPerGPU, let d = decode.memoryGBPerGPU else { return nil }
        return Double(prefill.gpus) * p + Double(decode.gpus) * d
    }
    public var hardwareLabel: String? {
        guard let p = prefill.hardware?.name, let d = decode.hardware?.name else { return nil }
        return p == d ? p : "\(p)+\(d)"
    }

    /// Parallel lanes of a transfer: the smaller TP group's GPUs.
    var lanes: Int { min(prefill.gpusPerReplica, decode.gpusPerReplica) }
}
