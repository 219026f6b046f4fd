import CostModel
import SimCore

/// What the replicas did over the run: iterations, batch sizes, work, busy time and KV
/// occupancy integrated over time.
package final class ResourceUsage {
    package private(set) var iterations = 0
    package private(set) var batchSequences = 0
    package private(set) var batchTokens = 0
    /// Padding tokens of static batching (``BatchShape/paddingTokens``), included in `batchTokens`.
    package private(set) var paddingTokens = 0
    /// Tokens emitted (one per sequence that produced logits), over all requests.
    package private(set) var outputTokens = 0
    package private(set) var flops = 0.0
    package private(set) var bytes = 0.0
    package private(set) var commBytes = 0.0
    package private(set) var busySeconds = 0.0
    /// GPU energy above idle, summed over iterations and GPUs (``GPUPowerModel``), J; 0
    /// without hardware.
    package private(set) var gpuJoulesAboveIdle = 0.0
    private let power: GPUPowerModel?
    private let gpusPerReplica: Int
    /// Σ over replicas of ∫ (blocks used / capacity) dt.
    private var kvFractionArea = 0.0
    private var kvLastChange: [SimTime]
    private var kvLastFraction: [Double]
    package private(set) var kvPeakFraction = 0.0

    /// - Parameters: `power`: the per-GPU power model (nil for the service-time model);
    ///   `gpusPerReplica`: the GPUs an iteration keeps busy (t·p).
    package init(replicas: Int, power: GPUPowerModel? = nil, gpusPerReplica: Int = 1) {
        self.power = power
        self.gpusPerReplica = gpusPerReplica
        kvLastChange = Array(repeating: .zero, count: replicas)
        kvLastFraction = Array(repeating: 0, count: replicas)
    }

    package var replicas: Int { kvLastChange.count }

    package func iterationStarted(replica: Int, shape: BatchShape, cost: IterationCost, duration: SimDuration,
                          kvBlocksUsed: Int, kvCapacity: Int, at now: SimTime) {
        iterations += 1
        batchSequences += shape.sequences
        batchTokens += shape.totalTokens
        paddingTokens += shape.paddingTokens
        outputTokens += shape.logitTokens
        flops += cost.flops
        bytes += cost.bytes
        commBytes += cost.commBytes
        busySeconds += duration.seconds
        if let power {
            // An eager batch's wait for its host is charged at the idle draw (nothing above it).
            let busy = cost.gpuIdleSeconds > 0 ? max(0, duration.seconds - cost.gpuIdleSeconds) : duration.seconds
            gpuJoulesAboveIdle += power.joulesAboveIdle(flops: cost.flops, bytes: cost.bytes,
                                                        seconds: busy, gpus: gpusPerReplica,
                                                        attentionShare: cost.decodeAttentionShare,
                                                        prefillAttentionShare: power.prefillAttentionDynamicWatts == 0
                                                            ? 0 : cost.prefillAttentionShare)
        }
        kvChanged(replica: replica, fraction: kvCapacity == 0 ? 0 : Double(kvBlocksUsed) / Double(kvCapacity), at: now)
    }

    package func iterationEnded(replica: Int, kvBlocksUsed: Int, kvCapacity: Int, at now: SimTime) {
        kvChanged(replica: replica, fraction: kvCapacity == 0 ? 0 : Double(kvBlocksUsed) / Double(kvCapacity), at: now)
    }

    private func kvChanged(replica: Int, fraction: Double, at now: SimTime) {
        kvFractionArea += kvLastFraction[replica] * (now - kvLastChange[replica]).seconds
        kvLastChange[replica] = now
        kvLastFraction[replica] = fraction
        if fraction > kvPeakFraction { kvPeakFraction = fraction }
    }

    package func close(at end: SimTime) {
        for r in 0..<replicas { kvChanged(replica: r, fraction: kvLastFraction[r], at: end) }
    }

    /// Time-weighted mean KV occupancy over replicas and over [0, end].
    package func kvMeanFraction(endSeconds: Double) -> Double? {
        endSeconds > 0 ? kvFractionArea / (endSeconds * Double(replicas)) : nil
    }
}
