import CostModel
import SimCore
import SimMetrics

extension Replica {
    /// How long an iteration of `cost` started now takes on this replica's GPUs under their
    /// power limit (``PowerLimitedClock``): `cost.seconds` where the hardware sets no limit
    /// time constant; longer where sustained work would pass the limit. The GPUs of a TP group
    /// run the same work, so one clock stands for all of them, each moving its share of the
    /// FLOPs and bytes. An eager batch's wait for its host (``IterationCost/gpuIdleSeconds``)
    /// runs first, at the idle draw.
    func secondsUnderPowerLimit(of cost: IterationCost, at now: SimTime) -> Double {
        guard var clock = powerClock else { return cost.seconds }
        let hostWait = min(cost.gpuIdleSeconds, cost.seconds)
        let kernels = cost.seconds - hostWait
        let share = Double(max(1, gpus))
        let taken = clock.run(seconds: kernels, flops: cost.flops / share, bytes: cost.bytes / share,
                              attentionShare: cost.decodeAttentionShare, prefillAttentionShare: cost.prefillAttentionShare,
                              startingAt: now.seconds + hostWait)
        powerClock = clock
        return hostWait + taken
    }
}
