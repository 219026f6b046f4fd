import Foundation

/// What `simserve calibrate --from-serving` prints: the fitted terms, then each stage measured
/// vs predicted, fit and held-out stages apart, and the held-out error per metric.
public enum ServingCalibrationReport {
    public static func text(_ result: ServingCalibration.Result, file: String) -> String {
        var lines = ["Engine '\(result.engine.name)' fitted on \(file) (χ² weighted by the run-to-run spread of the figures and their correlation, GSL simplex; ± one standard error):"]
        for t in result.terms {
            // An error larger than the value: the stages do not tell the term from 0.
            let note = !t.standardError.isFinite ? "not determined by these stages"
                : t.standardError >= t.value ? "not told apart from 0 by these stages"
                : String(format: "±%.0f%%", t.standardError / t.value * 100)
            lines.append(String(format: "  %-30@ %10.4g ± %.2g  (%@)", t.key as NSString, t.value, t.standardError,
                                note as NSString))
        }
        lines.append("")
        lines.append("stage  split     rate  metric         measured ms  predicted ms    error")
        var heldOut: [String: [Double]] = [:]
        for stage in result.stages {
            for m in stage.metrics {
                let error = m.predicted.map { ($0 - m.measured) / m.measured }
                if !stage.fit, let error { heldOut[m.name, default: []].append(abs(error)) }
                lines.append(String(format: "%5d  %-8@ %5@  %-12@ %12.2f  %12@  %7@", stage.index + 1,
                                    (stage.fit ? "fit" : "held_out") as NSString,
                                    (stage.rate.map { String(format: "%g", $0) } ?? "—") as NSString, m.name as NSString,
                                    m.measured, (m.predicted.map { String(format: "%.2f", $0) } ?? "—") as NSString,
                                    (error.map { String(format: "%+.1f%%", $0 * 100) } ?? "—") as NSString))
            }
        }
        if !heldOut.isEmpty {
            lines.append("")
            lines.append("held-out MAPE: " + heldOut.keys.sorted().map { key in
                let e = heldOut[key]!
                return String(format: "%@ %.1f%% (%d)", key, e.reduce(0, +) / Double(e.count) * 100, e.count)
            }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
