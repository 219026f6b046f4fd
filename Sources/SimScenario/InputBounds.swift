import CostModel
import SimWorkload

extension ScenarioResolver {
    /// `value` if it lies in `range`, else an issue naming it and the range (and the lower bound).
    @discardableResult
    mutating func bounded(_ value: Int, _ range: ClosedRange<Int>, _ keyPath: String, unit: String = "") -> Int {
        check(range.contains(value), keyPath, "must be in \(range.lowerBound)...\(range.upperBound)\(unit), got \(value)")
        return min(max(value, range.lowerBound), range.upperBound)
    }

    /// A token count of a length distribution: 1...10⁷.
    mutating func checkTokens(_ value: Int?, _ keyPath: String) {
        guard let value else { return }
        check(value <= InputBounds.maxTokensPerRequest, keyPath,
              "must be at most \(InputBounds.maxTokensPerRequest) tokens (10⁷), got \(value)")
    }

    /// A deployment that can exist: TP divides the query heads and either divides the KV
    /// heads or is a multiple of them (KV heads replicated across the group, as vLLM and
    /// TensorRT-LLM do when tp > kv_heads); a TP group fits in one node; PP divides the layers
    /// (checked by the caller); replicas and GPUs in all are bounded.
    mutating func checkDeployment(model: ModelSpec?, hardware: HardwareSpec?, replicas: Int, tp: Int, pp: Int) {
        check(replicas <= InputBounds.maxReplicas, "cluster.replicas",
              "must be in 1...\(InputBounds.maxReplicas), got \(replicas)")
        check(tp <= InputBounds.maxGPUs, "cluster.tp", "must be in 1...\(InputBounds.maxGPUs), got \(tp)")
        check(pp <= InputBounds.maxGPUs, "cluster.pp", "must be in 1...\(InputBounds.maxGPUs), got \(pp)")
        let (gpus, overflow) = replicas.multipliedReportingOverflow(by: tp)
        let (all, overflow2) = gpus.multipliedReportingOverflow(by: pp)
        if replicas <= InputBounds.maxReplicas, tp <= InputBounds.maxGPUs, pp <= InputBounds.maxGPUs {
            check(!overflow && !overflow2 && all <= InputBounds.maxGPUs, "cluster.replicas",
                  "replicas × tp × pp must be at most \(InputBounds.maxGPUs) GPUs, got \(replicas) × \(tp) × \(pp)")
        }
        guard tp <= InputBounds.maxGPUs, pp <= InputBounds.maxGPUs else { return }
        if let hardware, tp > 1 {
            check(tp <= hardware.gpusPerNode, "cluster.tp",
                  "must be at most \(hardware.gpusPerNode) (hardware.gpus_per_node of \(hardware.name): a tensor-parallel group shares one node's NVLink), got \(tp)")
        }
        if let model, tp > 1 {
            let allowed = Self.divisors(of: model.heads)
            check(model.heads % tp == 0, "cluster.tp",
                  "must divide the model's \(model.heads) attention heads, got \(tp); allowed: \(allowed)")
            check(model.heads % tp != 0 || model.kvHeads % tp == 0 || tp % model.kvHeads == 0, "cluster.tp",
                  "must divide the model's \(model.kvHeads) KV heads or be a multiple of them (KV heads replicated), got \(tp)")
        }
    }

    private static func divisors(of n: Int) -> String {
        (1...max(1, min(n, 1024))).filter { n % $0 == 0 }.map(String.init).joined(separator: ", ")
    }
}

extension ScenarioResolver {
    /// A model's dimensions within what the cost model computes exactly (`Double` FLOPs and
    /// bytes, `Int` token counts): each in a stated range, heads divisible by KV heads.
    mutating func checkModel(_ model: ModelSpec) {
        let ranges: [(String, Int, ClosedRange<Int>)] = [
            ("layers", model.layers, 1...10_000), ("hidden_size", model.hiddenSize, 1...1_000_000),
            ("heads", model.heads, 1...100_000), ("kv_heads", model.kvHeads, 1...100_000),
            ("head_dim", model.headDim, 1...100_000), ("intermediate_size", model.intermediateSize, 1...10_000_000),
            ("vocab_size", model.vocabSize, 1...10_000_000), ("max_context", model.maxContext, 1...InputBounds.maxTokensPerRequest),
        ]
        for (key, value, range) in ranges { bounded(value, range, "model.\(key)") }
        if let experts = model.experts { bounded(experts, 1...100_000, "model.experts") }
        if let active = model.activeExperts { bounded(active, 1...max(1, model.experts ?? 1), "model.active_experts") }
        checkArchitecture(model)
        if model.kvHeads >= 1, model.heads >= 1 {
            check(model.heads % model.kvHeads == 0 && model.kvHeads <= model.heads, "model.kv_heads",
                  "must divide the \(model.heads) query heads, got \(model.kvHeads)")
        }
    }

    /// A GPU's figures within physical reason: positive peaks and sizes up to 10⁶ (TFLOP/s,
    /// GB/s) or 10⁵ GB, efficiencies in (0, 1], times and prices ≥ 0 and finite.
    mutating func checkHardware(_ hardware: HardwareSpec) {
        func positive(_ key: String, _ value: Double?, upTo limit: Double) {
            guard let value else { return }
            check(value > 0 && value <= limit, "hardware.\(key)", "must be in (0, \(limit)], got \(value)")
        }
        func nonNegative(_ key: String, _ value: Double) {
            check(value >= 0 && value <= 1e6, "hardware.\(key)", "must be in [0, 1e6], got \(value)")
        }
        positive("peak_tflops", hardware.peakTflops, upTo: 1e6)
        positive("peak_tflops_fp8", hardware.peakTflopsFP8, upTo: 1e6)
        positive("peak_tops_int8", hardware.peakTopsInt8, upTo: 1e6)
        positive("hbm_bandwidth_gbs", hardware.hbmBandwidthGBs, upTo: 1e6)
        positive("memory_gb", hardware.memoryGB, upTo: 1e5)
        positive("link_bandwidth_gbs", hardware.linkBandwidthGBs, upTo: 1e6)
        for (key, value) in [("compute_efficiency", hardware.computeEfficiency), ("memory_efficiency", hardware.memoryEfficiency),
                             ("link_efficiency", hardware.linkEfficiency)] {
            positive(key, value, upTo: 1)
        }
        for (key, value) in [("link_latency_us", hardware.linkLatencyUs), ("cost_per_hour", hardware.costPerHour),
                             ("iteration_overhead_us", hardware.iterationOverheadUs), ("kernel_launch_us", hardware.kernelLaunchUs),
                             ("cuda_graph_launch_us", hardware.cudaGraphLaunchUs)] {
            nonNegative(key, value)
        }
        bounded(hardware.cudaGraphMaxBatchSize, 0...InputBounds.maxBatchSize, "hardware.cuda_graph_max_batch_size")
        bounded(hardware.gpusPerNode, 1...1024, "hardware.gpus_per_node")
    }
}
