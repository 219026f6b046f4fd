import CostModel
import SimMetrics

extension IterationReport {
    /// The iteration repeated back to back under the GPU's power limit (``PowerLimitedClock``,
    /// its steady state), for hardware that sets `power_limit_time_constant_ms`; nil elsewhere.
    /// The op table is at full clock, as the kernel figures (short replays) are; a lone iteration
    /// after idle runs at full clock too.
    public var sustained: (seconds: Double, uncappedWattsPerGPU: Double, limitWatts: Double)? {
        let power = GPUPowerModel(hardware, weightDtype: model.weightDtype)
        guard let clock = PowerLimitedClock(power: power) else { return nil }
        let gpus = Double(max(1, parallelism.gpus))
        let flops = total.flops / gpus, bytes = total.bytes / gpus
        let watts = power.uncappedBusyWatts(flops: flops, bytes: bytes, seconds: total.seconds,
                                            attentionShare: total.decodeAttentionShare,
                                            prefillAttentionShare: total.prefillAttentionShare)
        return (total.seconds * clock.slowdown(atFullClockWatts: watts), watts, power.maxWatts)
    }

    /// The text line for ``sustained``; nil where it is.
    var sustainedLine: String? {
        sustained.map {
            "sustained \(Self.fixed($0.seconds * 1e3, 3)) ms back to back under the \(Self.fixed($0.limitWatts, 0)) W limit "
                + "(\(Self.fixed($0.uncappedWattsPerGPU, 0)) W per GPU at full clock; a lone iteration after idle runs at full clock)"
        }
    }
}
