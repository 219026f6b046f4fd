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

    public init(replicas: Int, gpusPerReplica: Int, kvBlocksPerReplica: Int, costModel: IterationCostModel,
                hardware: HardwareFigures?) {
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

    /// Parallel lanes of a transfer: the smaller TP group's GPUs.
    var lanes: Int { min(prefill.gpusPerReplica, decode.gpusPerReplica) }
}
