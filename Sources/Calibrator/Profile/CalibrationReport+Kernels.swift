import Foundation

extension CalibrationReport {
    /// The summary of a fit to measured kernel tables: each group's parameters (± standard
    /// error) beside the preset's, and the error per kind and split, fitted and preset.
    public static func text(_ fit: KernelTablesFit) -> String {
        var out = "Fitted \(fit.gpu.preset) on the \(fit.gpu.label) kernel tables (backend \(fit.gpu.backend), "
            + "engine \(fit.gpu.engine)), FIT rows only, least squares of relative error:\n"
        for group in fit.groups {
            out += "\n\(group.name) (\(group.fitRows) fit rows, R² \(group.rSquared.map { f($0, 4) } ?? "-")):\n"
            for p in group.parameters {
                let name = p.fitted.name.padding(toLength: 38, withPad: " ", startingAt: 0)
                out += "  \(name) \(f(p.fitted.value, 4)) ± \(f(p.fitted.standardError, 4)) \(p.fitted.unit)"
                out += "   preset \(f(p.presetValue, 4))" + (p.agreesWithPreset ? "  (within 2σ)" : "  (differs by > 2σ)") + "\n"
            }
            for h in group.held {
                out += "  \(h.name.padding(toLength: 38, withPad: " ", startingAt: 0)) \(f(h.value, 4)) \(h.unit)  (held, not fitted)\n"
            }
            if group.name == KernelParameterGroup.gemmFP8.name, let rate = fit.fp8MarginalRate, let peak = fit.preset.peakTflopsFP8 {
                out += "  rate per added output column (the GEMM without its input's quantisation): median \(f(rate.medianTflops, 0)) TFLOPS"
                out += " over \(rate.cells.count) cells = \(f(rate.medianTflops / peak, 4)) of the fp8 peak"
                out += " (hold it: --hold fp8_compute_efficiency=\(f(rate.medianTflops / peak, 4)))\n"
                out += "    cells m×k: " + rate.cells.map { "\($0.m)×\($0.k) \(f($0.tflops, 0))" }.joined(separator: ", ") + "\n"
            }
            for e in group.errors {
                let kind = e.kind.rawValue.padding(toLength: 22, withPad: " ", startingAt: 0)
                let split = e.split.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
                out += "  \(kind) \(split) \(String(format: "%5d", e.rows)) rows  MAPE \(f(e.mapePercent, 1))%"
                out += "  (preset \(f(e.presetMAPEPercent, 1))%)\n"
            }
        }
        return out
    }
}
