import Foundation

/// One iteration's cost, op by op, with what bounds it and how well it uses the GPUs: what
/// `simserve cost` prints.
///
/// MFU and MBU follow the seeds' efficiency methodology (Chowdhery et al. 2022, "PaLM",
/// App. B, for MFU): achieved FLOP/s (bytes/s) over the peak of the replica's t·p GPUs, the
/// FLOP peak being the tensor rate of the model's weight type
/// (``HardwareSpec/peakFlopsPerSecond(for:)``).
public struct IterationReport: Sendable {
    public var model: ModelSpec
    public var hardware: HardwareSpec
    public var engine: EngineSpec
    public var parallelism: Parallelism
    public var shape: BatchShape
    /// Per-op rows (``RooflineCostModel/breakdown(_:)``); their seconds add up to `total`.
    public var ops: [OpCost]
    public var total: IterationCost
    /// Whether the batch runs from a CUDA graph (decode-only, small enough).
    public var cudaGraph: Bool
    /// How each GPU's memory splits at the scenario defaults (``memoryDefaults``), or why the
    /// model does not fit.
    public var memory: Result<MemoryPlan, MemoryFitError>

    /// The memory plan's settings when none is given: a scenario's defaults
    /// (gpu_memory_utilization 0.9, 16-token blocks, 8192 batch tokens — or the batch's tokens
    /// when more).
    public static let memoryDefaults = (utilization: 0.9, blockSizeTokens: 16, maxBatchTokens: 8192)

    public init(model: ModelSpec, hardware: HardwareSpec, parallelism: Parallelism, shape: BatchShape,
                engine: EngineSpec? = nil) {
        let costModel = RooflineCostModel(model: model, hardware: hardware, parallelism: parallelism, engine: engine)
        self.model = model
        self.hardware = hardware
        self.engine = costModel.engine
        self.parallelism = parallelism
        self.shape = shape
        ops = costModel.breakdown(shape)
        total = costModel.cost(shape)
        cudaGraph = costModel.usesCUDAGraph(shape)
        let d = Self.memoryDefaults
        memory = Result { () throws(MemoryFitError) in
            try MemoryPlan(model: model, hardware: hardware, parallelism: parallelism, gpuMemoryUtilization: d.utilization,
                           blockSizeTokens: d.blockSizeTokens, maxBatchTokens: max(d.maxBatchTokens, shape.totalTokens),
                           kvCacheSizing: costModel.engine.kvCacheSizing)
        }
    }

    /// Seconds spent in ops of each bound.
    public var secondsByBound: [Bound: Double] {
        var sums: [Bound: Double] = [:]
        for op in ops { sums[op.bound, default: 0] += op.seconds }
        return sums
    }

    /// The bound under which most of the iteration's time is spent (compute, memory,
    /// communication or overhead); ties go in that order.
    public var bound: Bound {
        let sums = secondsByBound
        return [Bound.compute, .memory, .communication, .overhead]
            .max { (sums[$0] ?? 0) < (sums[$1] ?? 0) } ?? .overhead
    }

    /// Model FLOPs utilisation: FLOPs / (seconds · GPUs · peak FLOP/s).
    public var modelFlopsUtilization: Double {
        guard total.seconds > 0 else { return 0 }
        let peak = hardware.peakFlopsPerSecond(for: model.weightDtype) * Double(parallelism.gpus)
        return total.flops / (total.seconds * peak)
    }

    /// Model bandwidth utilisation: HBM bytes / (seconds · GPUs · HBM bytes/s).
    public var memoryBandwidthUtilization: Double {
        guard total.seconds > 0 else { return 0 }
        return total.bytes / (total.seconds * hardware.hbmBandwidthGBs * 1e9 * Double(parallelism.gpus))
    }

    /// A short description of the batch: "2 prefill chunks (2560 tokens), 64 decodes (Σ context 73728)".
    public var batchDescription: String {
        var parts: [String] = []
        if shape.prefillSequences > 0 {
            parts.append("\(shape.prefillSequences) prefill chunk\(shape.prefillSequences == 1 ? "" : "s") "
                         + "(\(shape.prefillTokens) new tokens on \(shape.prefillCachedTokens) cached)")
        }
        if shape.decodeSequences > 0 {
            parts.append("\(shape.decodeSequences) decode\(shape.decodeSequences == 1 ? "" : "s") "
                         + "(Σ context \(shape.decodeContextTokens))")
        }
        return parts.joined(separator: ", ")
    }
}
