import Foundation

/// Plain-text reports of a calibration, for the terminal.
public enum CalibrationReport {
    static func f(_ x: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", x) }

    /// One progress line: kernel, median and spread, achieved rate and share of peak.
    public static func progressLine(_ m: KernelMeasurement, index: Int, of total: Int, peakFlopsPerSecond: Double) -> String {
        let s = m.sample
        var line = "[\(index)/\(total)] \(m.role.rawValue) \(m.kernel): median \(f(s.medianSeconds * 1e3, 3)) ms"
        line += " (IQR \(f(100 * s.relativeSpread, 1))%, \(s.repetitions) reps)"
        line += " \(f(m.gflopsPerSecond, 1)) GFLOP/s (\(f(100 * m.gflopsPerSecond * 1e9 / peakFlopsPerSecond, 1))% of peak)"
        line += " \(f(m.gigabytesPerSecond, 1)) GB/s"
        return line
    }

    /// The summary of a CPU calibration: machine, headline rates, fit, held-out error.
    public static func text(_ profile: CalibrationProfile) -> String {
        let model = profile.fit.model
        let peak = model.peakFlopsPerSecond
        let perCore = profile.machine.peakFlopsPerSecondPerCore
        var out = "Machine: \(profile.machine.summary)\n"
        out += "Threads: \(profile.threads); peak used by the model: \(f(peak / 1e9, 1)) GFLOP/s"
        out += " (clock from /proc/cpuinfo; 2 FMA pipes per core assumed)\n"
        if let load = profile.loadAverage {
            out += "Load average \(f(load, 2)) on \(profile.machine.logicalCPUs) CPUs"
            out += load > Double(profile.machine.logicalCPUs) / 2 ? " — shared machine: medians include other processes' time\n" : "\n"
        }
        out += "\n"
        let statistic = profile.fit.statistic
        func seconds(_ m: KernelMeasurement) -> Double { statistic.seconds(m) }
        func gflops(_ m: KernelMeasurement) -> Double { m.kernel.flops / seconds(m) / 1e9 }
        func gbs(_ m: KernelMeasurement) -> Double { m.kernel.bytes / seconds(m) / 1e9 }
        func best(_ kernel: String, by rate: (KernelMeasurement) -> Double) -> KernelMeasurement? {
            profile.measurements.filter { $0.kernel.kernel == kernel }.max { rate($0) < rate($1) }
        }
        out += "Achieved (\(statistic.rawValue) time; wall-clock median in brackets):\n"
        if let g = best("gemm", by: gflops) {
            out += "  GEMM       \(f(gflops(g), 1)) [\(f(g.gflopsPerSecond, 1))] GFLOP/s = \(f(100 * gflops(g) * 1e9 / peak, 1))% of the \(profile.threads)-core peak at \(g.kernel)\n"
        }
        if let v = profile.measurements.filter({ if case .gemm(1, _, _) = $0.kernel { true } else { false } }).max(by: { gbs($0) < gbs($1) }) {
            out += "  GEMV m=1   \(f(gbs(v), 1)) [\(f(v.gigabytesPerSecond, 1))] GB/s = \(f(100 * gbs(v) * 1e9 / model.bandwidthBytesPerSecond, 1))% of STREAM triad at \(v.kernel)\n"
        }
        if let t = profile.measurements.first(where: { $0.kernel.kernel == "triad" }) {
            out += "  STREAM     \(f(gbs(t), 1)) [\(f(t.gigabytesPerSecond, 1))] GB/s triad (3 × 4 bytes per element, no write-allocate)\n"
        }
        if let p = best("attn_prefill", by: gflops) {
            out += "  prefill    \(f(gflops(p), 1)) [\(f(p.gflopsPerSecond, 1))] GFLOP/s (causal FLOPs) at \(p.kernel)\n"
        }
        if let d = best("attn_decode", by: gbs) {
            out += "  decode     \(f(gbs(d), 1)) [\(f(d.gigabytesPerSecond, 1))] GB/s of KV cache, \(f(gflops(d), 1)) GFLOP/s at \(d.kernel)\n"
        }
        _ = perCore
        out += "\nFitted cost model (weighted least squares on relative error of each kernel's \(profile.fit.statistic.rawValue) time, ± standard error):\n"
        for p in profile.fit.parameters {
            out += "  \(p.name.padding(toLength: 34, withPad: " ", startingAt: 0)) \(f(p.value, 4)) ± \(f(p.standardError, 4)) \(p.unit)\n"
        }
        out += "  R²: " + profile.fit.rSquared.sorted { $0.key < $1.key }.map { "\($0.key) \(f($0.value, 4))" }.joined(separator: ", ") + "\n"
        out += "\nMAPE by kernel (fit / held out):\n"
        for (kernel, byRole) in profile.fit.errors.sorted(by: { $0.key < $1.key }) {
            out += "  \(kernel.padding(toLength: 13, withPad: " ", startingAt: 0)) \(byRole["fit"].map { f($0, 2) + "%" } ?? "-") / \(byRole["held_out"].map { f($0, 2) + "%" } ?? "-")\n"
        }
        out += "Held-out MAPE, all kernels: \(f(profile.fit.heldOutMAPE, 2))%\n"
        let form = profile.fit.model.attentionQueryTile.map { "tiled form (\($0)-row query tiles)" } ?? "unmasked form"
        if let causal = profile.fit.prefillCausalHeldOutMAPE {
            out += "(prefill attention in the causal form instead of the \(form): \(f(causal, 2))% held out)\n"
        }
        if let unmasked = profile.fit.prefillUnmaskedHeldOutMAPE, profile.fit.model.attentionQueryTile != nil {
            out += "(prefill attention in the unmasked form instead of the \(form): \(f(unmasked, 2))% held out)\n"
        }
        return out
    }

    /// The summary of a fit to measured GPU op times.
    public static func text(_ fit: MeasuredOpsFit) -> String {
        var out = "Fitted on \(fit.fitRows) op times of \(fit.fitSource) (hardware \(fit.hardware.name), peak \(f(fit.hardware.peakTflops, 0)) TFLOP/s, \(f(fit.hardware.hbmBandwidthGBs, 0)) GB/s):\n"
        for p in fit.parameters {
            out += "  \(p.name.padding(toLength: 20, withPad: " ", startingAt: 0)) \(f(p.value, 4)) ± \(f(p.standardError, 4)) \(p.unit)\n"
        }
        out += "  R² \(fit.rSquared.map { f($0, 4) } ?? "-"), fit MAPE \(f(fit.fitMAPE, 2))%\n"
        out += "Held out (never fitted):\n"
        for s in fit.heldOutBySource {
            out += "  \(s.source.padding(toLength: 28, withPad: " ", startingAt: 0)) \(s.rows) ops  MAPE \(f(s.mape, 2))%\n"
        }
        out += "  all held-out ops: MAPE \(f(fit.heldOutMAPE, 2))% (the preset before fitting: \(f(fit.presetHeldOutMAPE, 2))%)\n"
        return out
    }
}
