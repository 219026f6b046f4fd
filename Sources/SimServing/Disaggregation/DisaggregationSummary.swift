import CostModel
import SimCore
import SimMetrics

/// The figures of a disaggregated run: each pool's size, utilisation and cost, the KV
/// transfers, and where the handed-off requests' time went before their decode.
public struct DisaggregationSummary: Sendable {
    public struct Pool: Sendable {
        public var replicas: Int
        public var gpusPerReplica: Int
        public var gpus: Int
        public var hardware: String?
        public var iterations: Int
        /// Busy time over (replicas × run span).
        public var busyFraction: Double?
        public var mfu: Double?
        public var kvUtilizationMean: Double?
        public var energyJoules: Double?
        public var costUSD: Double?
    }

    public var prefill: Pool
    public var decode: Pool
    public var link: String
    /// "layerwise" or "whole_request".
    public var transferMode: String
    public var transfers: Int
    public var transferBytes: Double
    /// Σ link occupancy over (prefill replicas × run span): how busy the prefill pool's links were.
    public var linkUtilisation: Double?
    /// Measured handed-off requests: arrival → scheduled on the prefill pool; scheduled →
    /// first token (prefill end); prefill end → KV at the decode replica (what the transfer
    /// adds after the prefill); KV there → admitted into the decode batch.
    public var prefillQueue: SampleSummary?
    public var prefillCompute: SampleSummary?
    public var transfer: SampleSummary?
    public var decodeWait: SampleSummary?
}

extension DisaggregationRuntime {
    func iterationStarted(on replica: Replica, shape: BatchShape, cost: IterationCost, duration: SimDuration, at now: SimTime) {
        let (usage, index) = usage(for: replica)
        usage.iterationStarted(replica: index, shape: shape, cost: cost, duration: duration,
                               kvBlocksUsed: replica.kv.used, kvCapacity: replica.kv.capacity, at: now)
    }

    func iterationEnded(on replica: Replica, at now: SimTime) {
        let (usage, index) = usage(for: replica)
        usage.iterationEnded(replica: index, kvBlocksUsed: replica.kv.used, kvCapacity: replica.kv.capacity, at: now)
    }

    /// Adds the pools' figures to `summary` and replaces its whole-deployment hardware figures
    /// (GPUs, busy fraction, MFU, MBU, energy, cost) by the sums over the two pools, each at its
    /// own GPU's peaks, power and price.
    func complete(_ summary: inout RunSummary, endSeconds end: Double) {
        prefillUsage.close(at: SimTime(seconds: end))
        decodeUsage.close(at: SimTime(seconds: end))
        let pools = [(settings.prefill, prefillUsage), (settings.decode, decodeUsage)].map { pool, usage in
            Self.figures(pool, usage, end)
        }
        summary.disaggregation = DisaggregationSummary(
            prefill: pools[0].summary, decode: pools[1].summary, link: settings.link.name,
            transferMode: settings.link.layerwise ? "layerwise" : "whole_request",
            transfers: tally.transfers, transferBytes: tally.bytes,
            linkUtilisation: end > 0 ? tally.linkBusySeconds / (end * Double(settings.prefill.replicas)) : nil,
            prefillQueue: SampleSummary(samples: tally.prefillQueue), prefillCompute: SampleSummary(samples: tally.prefill),
            transfer: SampleSummary(samples: tally.transfer), decodeWait: SampleSummary(samples: tally.decodeWait))
        summary.gpus = settings.prefill.gpus + settings.decode.gpus
        guard end > 0 else { return }
        summary.busyFraction = (prefillUsage.busySeconds + decodeUsage.busySeconds)
            / (end * Double(settings.prefill.replicas + settings.decode.replicas))
        guard pools.allSatisfy({ $0.hardware != nil }) else { return }
        let peakFlops = pools.reduce(0) { $0 + $1.hardware!.peakFlopsPerSecond * $1.gpuSeconds }
        let peakBytes = pools.reduce(0) { $0 + $1.hardware!.memoryBytesPerSecond * $1.gpuSeconds }
        let gpuSeconds = pools.reduce(0) { $0 + $1.gpuSeconds }
        let gpuEnergy = pools.reduce(0) { $0 + $1.gpuEnergy }
        let hostEnergy = pools.reduce(0) { $0 + $1.hostEnergy }
        let cost = pools.reduce(0) { $0 + $1.cost }
        let flops = prefillUsage.flops + decodeUsage.flops
        summary.mfu = flops / peakFlops
        summary.mbu = (prefillUsage.bytes + decodeUsage.bytes) / peakBytes
        summary.gpuEnergyJoules = gpuEnergy
        summary.hostEnergyJoules = hostEnergy
        summary.energyJoules = gpuEnergy + hostEnergy
        summary.averageWattsPerGPU = gpuEnergy / gpuSeconds
        summary.flopsPerJoule = gpuEnergy > 0 ? flops / gpuEnergy : nil
        summary.costUSD = cost
        let tokens = Double(summary.outputTokens)
        if tokens > 0 {
            summary.outputTokensPerJoule = gpuEnergy + hostEnergy > 0 ? tokens / (gpuEnergy + hostEnergy) : nil
            summary.joulesPerOutputToken = (gpuEnergy + hostEnergy) / tokens
            summary.gpuJoulesPerOutputToken = gpuEnergy / tokens
            summary.usdPerMillionOutputTokens = cost / tokens * 1e6
        }
        if summary.completed > 0 { summary.usdPerRequest = cost / Double(summary.completed) }
    }

    private struct PoolFigures {
        var summary: DisaggregationSummary.Pool
        var hardware: HardwareFigures?
        var gpuSeconds = 0.0
        var gpuEnergy = 0.0
        var hostEnergy = 0.0
        var cost = 0.0
    }

    private static func figures(_ pool: ServingPool, _ usage: ResourceUsage, _ end: Double) -> PoolFigures {
        var summary = DisaggregationSummary.Pool(
            replicas: pool.replicas, gpusPerReplica: pool.gpusPerReplica, gpus: pool.gpus, hardware: pool.hardware?.name,
            iterations: usage.iterations, kvUtilizationMean: usage.kvMeanFraction(endSeconds: end))
        var figures = PoolFigures(summary: summary, hardware: pool.hardware)
        guard end > 0 else { return figures }
        summary.busyFraction = usage.busySeconds / (end * Double(pool.replicas))
        if let hw = pool.hardware {
            let gpuSeconds = Double(pool.gpus) * end
            figures.gpuSeconds = gpuSeconds
            figures.gpuEnergy = hw.power.idleWatts * gpuSeconds + usage.gpuJoulesAboveIdle
            figures.hostEnergy = hw.power.hostWattsPerGPU * gpuSeconds
            figures.cost = hw.usdPerGPUHour * gpuSeconds / 3600
            summary.mfu = usage.flops / (hw.peakFlopsPerSecond * gpuSeconds)
            summary.energyJoules = figures.gpuEnergy + figures.hostEnergy
            summary.costUSD = figures.cost
        }
        figures.summary = summary
        return figures
    }
}
