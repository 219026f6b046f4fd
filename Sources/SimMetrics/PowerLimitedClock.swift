import Foundation

/// One GPU's clock under its power limit, over a run: how long an iteration takes when the
/// power it would draw at full clock passes the limit for long enough.
///
/// Kernel figures are of short replays at full clock. Run back to back, compute-bound kernels
/// draw more than the limit, and the GPU lowers its clock until they do not: aiconfigurator's
/// power runs of the same bf16 GEMMs at the 700 W limit of H200 reach 0.86–0.88 of its kernel
/// tables' TFLOP/s from 512 rows on, and agree within 2 % at m ≤ 256, where the weight read
/// bounds them at half the limit (VALIDATION.md, "Sustained against replayed GEMMs"). This type
/// gives that slowdown from the power model alone (``GPUPowerModel``):
///
/// - The controller follows the power averaged with time constant τ (`limitTimeConstantSeconds`):
///   between iterations it decays towards the idle draw; while an iteration runs at full clock
///   it rises towards the iteration's uncapped power P₀ = ``GPUPowerModel/uncappedBusyWatts``.
/// - While that average is below the limit the iteration runs at full clock. When it reaches
///   the limit (after t₁ = τ·ln((P₀ − P̄)/(P₀ − P_max)) of the iteration), the clock falls so that
///   the power stays at P_max. The dynamic energy of the work (P₀ − P_s)·t₀ is the same at either
///   clock (the model's activity terms are energies per FLOP and per byte), P_s = idle + busy
///   static being paid per second, so the rest of the iteration takes its share of that energy
///   over P_max − P_s:  t = t₁ + (P₀ − P_s)·(t₀ − t₁) / (P_max − P_s).
///
/// Run continuously, an iteration of uncapped power P₀ thus takes t₀·(P₀ − P_s)/(P_max − P_s): on
/// h200's fitted power figures, 0.859 of the table's TFLOP/s at 512–2,048 rows (measured 0.858)
/// and 0.904 beyond (measured 0.878); held out, the project's own H200 GEMMs beyond 2,048 rows
/// (each replayed ≥ 10 ms, at the cap) go from +13.6 % (bf16) and +10.5 % (fp8) fast at full clock
/// to −0.3 % and +2.5 % (`simserve validate mamf --sustained`). A lone prefill after idle ends before the average reaches the
/// limit and runs at full clock, as kernel benchmarks and light serving do. τ is of the order the
/// project's own H200 windows show (`data/kernels/h200-own/power_windows.csv`: a sustained kernel
/// averages 820 W over its first 50 ms from idle, above the 700 W limit, and its clock is lowered
/// by 200 ms).
///
/// O(1) per iteration (one or two `exp`, a `log` when it throttles), no allocation.
public struct PowerLimitedClock: Equatable, Sendable {
    public let power: GPUPowerModel
    public let timeConstantSeconds: Double
    /// The power averaged with the time constant at `lastEnd`, W.
    public private(set) var averageWatts: Double
    /// When the last iteration ended, s.
    public private(set) var lastEnd = 0.0

    /// nil where the power model has no time constant, or where the GPU's static busy power
    /// alone reaches its limit (no clock could keep it under).
    public init?(power: GPUPowerModel) {
        guard let tau = power.limitTimeConstantSeconds, tau > 0,
              power.staticWatts < power.maxWatts else { return nil }
        self.power = power
        self.timeConstantSeconds = tau
        self.averageWatts = power.idleWatts
    }

    /// How long work of `seconds` at full clock, moving `flops` and `bytes` on this GPU, takes
    /// when repeated back to back for much longer than the time constant (what ``run`` converges
    /// to, and what a benchmark that keeps the GPU at work measures): t₀ · max(1, (P₀ − P_s) /
    /// (P_max − P_s)).
    public func sustainedSeconds(seconds: Double, flops: Double, bytes: Double, attentionShare: Double = 0,
                                 prefillAttentionShare: Double = 0) -> Double {
        guard seconds > 0 else { return seconds }
        return seconds * slowdown(atFullClockWatts: power.uncappedBusyWatts(
            flops: flops, bytes: bytes, seconds: seconds, attentionShare: attentionShare,
            prefillAttentionShare: prefillAttentionShare))
    }

    /// How much longer work drawing `full` W at full clock takes at the limit, back to back:
    /// max(1, (P₀ − P_s) / (P_max − P_s)).
    public func slowdown(atFullClockWatts full: Double) -> Double {
        max(1, (full - power.staticWatts) / (power.maxWatts - power.staticWatts))
    }

    /// Runs an iteration that takes `seconds` at full clock and moves `flops` and `bytes` on
    /// this GPU, spending `attentionShare` of its time in decode attention and
    /// `prefillAttentionShare` in prefill attention, from `start`
    /// (s, not before the last one's end); returns how long it takes under the limit (≥ `seconds`).
    public mutating func run(seconds: Double, flops: Double, bytes: Double, attentionShare: Double,
                             prefillAttentionShare: Double = 0, startingAt start: Double) -> Double {
        guard seconds > 0 else { return seconds }
        let tau = timeConstantSeconds, idle = power.idleWatts, limit = power.maxWatts
        let gap = start - lastEnd
        if gap > 0 { averageWatts = idle + (averageWatts - idle) * exp(-gap / tau) }
        let full = power.uncappedBusyWatts(flops: flops, bytes: bytes, seconds: seconds, attentionShare: attentionShare,
                                           prefillAttentionShare: prefillAttentionShare)
        var taken = seconds
        if full <= limit {
            averageWatts = full + (averageWatts - full) * exp(-seconds / tau)
        } else {
            let fullClock = averageWatts >= limit ? 0 : tau * log((full - averageWatts) / (full - limit))
            if fullClock >= seconds {
                averageWatts = full + (averageWatts - full) * exp(-seconds / tau)
            } else {
                taken = fullClock + (seconds - fullClock) * slowdown(atFullClockWatts: full)
                averageWatts = limit
            }
        }
        lastEnd = start + taken
        return taken
    }
}
