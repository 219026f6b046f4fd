import Foundation
import SimServeKit

/// The hardware profile that `simserve calibrate --from` writes: a preset with the
/// parameters fitted to measured GPU op times, in the same versioned format as a CPU
/// calibration (``CalibrationProfile``), so that a scenario names it the same way:
/// `[hardware] profile = "hardware/a100-fitted.toml"`. Only `[hardware]` is read by the
/// simulator; `[source]` and `[fit]` say where it came from.
public struct MeasuredOpsProfile: Sendable {
    public var fit: MeasuredOpsFit
    /// The measured files (as given on the command line) and the preset fitted.
    public var files: [String]
    public var preset: String
    public var createdAt: Date

    public init(fit: MeasuredOpsFit, files: [String], preset: String, createdAt: Date = Date()) {
        self.fit = fit
        self.files = files
        self.preset = preset
        self.createdAt = createdAt
    }

    /// The profile as TOML text.
    public func toml() -> String {
        var out = CalibrationProfile.header(writtenBy: "simserve calibrate --from", createdAt: createdAt)

        out.table("source")
        out.line("kind", .string("measured GPU op times (Vidur profiler <model>.mlp.csv)"))
        out.line("preset", .string(preset))
        for (i, file) in files.enumerated() { out.line("file_\(i + 1)", .string(file)) }
        out.line("fit_on", .string(fit.fitSource))

        out.table("hardware")
        for (key, value) in CalibrationProfile.hardwareFields(fit.hardware) { out.line(key, value) }

        out.table("fit")
        out.line("method", .string("weighted least squares on relative error (GSL gsl_multifit_nlinear trust region)"))
        out.line("fit_rows", .int(fit.fitRows))
        out.line("fit_mape_percent", .double(fit.fitMAPE))
        out.line("held_out_mape_percent", .double(fit.heldOutMAPE))
        out.line("preset_held_out_mape_percent", .double(fit.presetHeldOutMAPE))
        if let r2 = fit.rSquared { out.line("r_squared", .double(r2)) }
        out.table("fit.held_out_mape_percent_by_source")
        for s in fit.heldOutBySource { out.line(TOMLText.Value.string(s.source).literal, .double(s.mape)) }
        for p in fit.parameters {
            out.arrayTable("fit.parameters")
            out.line("name", .string(p.name))
            out.line("value", .double(p.value))
            out.line("standard_error", .double(p.standardError))
            out.line("unit", .string(p.unit))
        }
        return out.text
    }
}
