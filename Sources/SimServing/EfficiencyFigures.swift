import CostModel

/// The seeds' extended efficiency figures (the efficiency-measurement methodology, "Extended
/// Efficiency Metrics"), in a stable schema: each is always present, nil with a reason where it
/// does not apply.
///
/// - `tokens_per_gb_vram`: output tokens over the GB of GPU memory in use at the peak, all
///   GPUs: weights + activation workspace + the KV blocks at their peak occupancy.
/// - `model_memory_utilisation`: the weight shard over each GPU's memory.
/// - `kv_cache_memory_ratio`: the KV cache over the memory the engine holds (weights +
///   activations + KV).
/// - `effective_batch_size`, `batch_utilisation`: mean sequences per iteration, and that over
///   `scheduler.max_batch_size`.
/// - `padding_overhead`: static batching's padding tokens over all batch tokens.
/// - `token_efficiency_index` = output tok/s × output tokens/J × precision factor, the factor
///   being the weight type's bytes over fp16's (fp32 2, fp16/bf16 1, fp8/int8 0.5, int4 0.25):
///   the seeds' "higher precision = more efficient use of FLOPs".
/// - `total_flops`, `flops_per_output_token`, `flops_per_joule` (GPU energy).
public struct EfficiencyFigures: Sendable {
    public var tokensPerGBVRAM: Double?
    public var modelMemoryUtilisation: Double?
    public var kvCacheMemoryRatio: Double?
    public var precisionFactor: Double?
    public var tokenEfficiencyIndex: Double?
    /// Why a figure is nil, by its JSON name.
    public var nullReasons: [String: String] = [:]

    public init(summary s: RunSummary, memory: MemoryPlan?, weightDtype: DataType?) {
        let noHardware = "the service-time cost model has no hardware"
        if let memory, memory.capacityBytesPerGPU > 0 {
            let used = memory.weightBytesPerGPU + memory.activationBytesPerGPU + memory.kvBytesPerGPU * s.kvUtilizationPeak
            tokensPerGBVRAM = Double(s.outputTokens) / (used * Double(s.gpus) / 1e9)
            modelMemoryUtilisation = memory.weightBytesPerGPU / memory.capacityBytesPerGPU
            let held = memory.weightBytesPerGPU + memory.activationBytesPerGPU + memory.kvBytesPerGPU
            kvCacheMemoryRatio = memory.kvBytesPerGPU / held
        } else {
            for name in ["tokens_per_gb_vram", "model_memory_utilisation", "kv_cache_memory_ratio"] { nullReasons[name] = noHardware }
        }
        if let weightDtype {
            precisionFactor = weightDtype.bytes / DataType.fp16.bytes
        } else {
            nullReasons["precision_factor"] = noHardware
        }
        if let x = s.outputTokensPerSecond, let perJoule = s.outputTokensPerJoule, let factor = precisionFactor {
            tokenEfficiencyIndex = x * perJoule * factor
        } else {
            nullReasons["token_efficiency_index"] = precisionFactor == nil ? noHardware
                : "needs output tokens/s and tokens/J: " + (s.nullReasons["output_tokens_per_second"] ?? s.nullReasons["output_tokens_per_joule"] ?? "not computed")
        }
    }
}
