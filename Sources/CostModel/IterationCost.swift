/// What one iteration costs on one replica: its wall time and the work behind it.
///
/// Computed once per simulated iteration, so it holds scalars only (no allocation on the hot
/// path); the per-op breakdown is a separate, slower query of the cost model.
public struct IterationCost: Equatable, Sendable {
    /// Wall time of the iteration on the replica (critical path, communication included).
    public var seconds: Double
    /// Floating-point operations of the iteration, summed over all GPUs of the replica.
    public var flops: Double
    /// Bytes moved between HBM and the cores, summed over all GPUs of the replica.
    public var bytes: Double
    /// Bytes sent over the interconnect by collectives (TP all-reduce, PP send), all GPUs.
    public var commBytes: Double
    /// The part of `seconds` one GPU spends in decode attention (what the power model charges
    /// apart: ``GPUPowerModel``); 0 where the cost model does not say.
    public var attentionSeconds: Double
    /// The part of `seconds` one GPU spends in prefill attention (what the power model charges
    /// apart, as decode attention: ``GPUPowerModel``); 0 where the cost model does not say.
    public var prefillAttentionSeconds: Double
    /// The part of `seconds` the GPUs wait, idle, for the host to issue an eager batch's kernels
    /// (``EngineSpec/eagerLayerHostUs``): the power model charges it at the idle draw.
    public var gpuIdleSeconds: Double

    public init(seconds: Double, flops: Double = 0, bytes: Double = 0, commBytes: Double = 0, attentionSeconds: Double = 0,
                prefillAttentionSeconds: Double = 0, gpuIdleSeconds: Double = 0) {
        self.seconds = seconds
        self.flops = flops
        self.bytes = bytes
        self.commBytes = commBytes
        self.attentionSeconds = attentionSeconds
        self.prefillAttentionSeconds = prefillAttentionSeconds
        self.gpuIdleSeconds = gpuIdleSeconds
    }

    /// Decode attention's share of `seconds` (0 for an empty iteration).
    @inlinable
    public var decodeAttentionShare: Double { seconds > 0 ? attentionSeconds / seconds : 0 }

    /// Prefill attention's share of `seconds` (0 for an empty iteration).
    @inlinable
    public var prefillAttentionShare: Double { seconds > 0 ? prefillAttentionSeconds / seconds : 0 }

    /// The part of `seconds` the GPUs are busy, given the iteration's measured `duration`.
    @inlinable
    public func busySeconds(of duration: Double) -> Double {
        gpuIdleSeconds > 0 ? max(0, duration - gpuIdleSeconds) : duration
    }
}
