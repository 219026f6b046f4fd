import Foundation
import SimServeKit

/// The hardware profile that `simserve calibrate --from-kernels` writes: the GPU's preset with
/// the kernel parameters fitted to the measured kernel tables (``KernelTablesFit``), in the
/// versioned format of every profile (``CalibrationProfile``), so that a scenario loads it with
/// `[hardware] profile = "hardware/h100-sxm-kernels.toml"`. Only `[hardware]` is read by the
/// simulator; `[source]` and `[fit]` say where it came from and how well it holds out.
public struct KernelTablesProfile: Sendable {
    public var fit: KernelTablesFit
    /// The tables' directory, as given on the command line.
    public var directory: String
    public var createdAt: Date

    public init(fit: KernelTablesFit, directory: String, createdAt: Date = Date()) {
        self.fit = fit
        self.directory = directory
        self.createdAt = createdAt
    }

    /// The profile as TOML text.
    public func toml() -> String {
        var out = CalibrationProfile.header(writtenBy: "simserve calibrate --from-kernels", createdAt: createdAt)

        out.table("source")
        out.line("kind", .string("measured kernel tables (NVIDIA aiconfigurator, graph replay)"))
        out.line("directory", .string(directory))
        out.line("files", .string(AIConfiguratorTables.files.joined(separator: ", ")))
        out.line("gpu", .string(fit.gpu.label))
        out.line("preset", .string(fit.gpu.preset))
        out.line("backend", .string(fit.gpu.backend))
        out.line("gemm_backend", .string(fit.gpu.gemmBackend))
        out.line("engine", .string(fit.gpu.engine))
        out.line("held_out_rule", .string("GEMM n in {6144, 12288}; attention heads (32,8), (8,1); all-reduce odd size index"))

        out.table("hardware")
        for (key, value) in CalibrationProfile.hardwareFields(fit.hardware) { out.line(key, value) }

        out.table("fit")
        out.line("method", .string("least squares on relative error per kernel group, FIT rows only (GSL gsl_multifit_nlinear trust region)"))
        for group in fit.groups {
            out.table("fit.\(group.name)")
            out.line("fit_rows", .int(group.fitRows))
            if let r2 = group.rSquared { out.line("r_squared", .double(r2)) }
            for e in group.errors {
                out.line("\(e.kind.rawValue)_\(e.split.rawValue)_mape_percent", .double(e.mapePercent))
                out.line("\(e.kind.rawValue)_\(e.split.rawValue)_preset_mape_percent", .double(e.presetMAPEPercent))
            }
        }
        for group in fit.groups {
            for p in group.parameters {
                out.arrayTable("fit.parameters")
                out.line("group", .string(group.name))
                out.line("name", .string(p.fitted.name))
                out.line("value", .double(p.fitted.value))
                out.line("standard_error", .double(p.fitted.standardError))
                out.line("preset_value", .double(p.presetValue))
                out.line("unit", .string(p.fitted.unit))
            }
        }
        return out.text
    }

    /// Every measurement with its fitted prediction: kind, split, measured_s, predicted_s,
    /// error_percent, shape.
    public func measurementsCSV() -> String {
        var lines = ["kind,split,measured_s,predicted_s,error_percent,shape"]
        for (m, predicted) in fit.rows {
            let error = 100 * (predicted - m.measuredSeconds) / m.measuredSeconds
            lines.append("\(m.kind.rawValue),\(m.split.rawValue),\(m.measuredSeconds),\(predicted),"
                         + String(format: "%.3f", error) + ",\(m.shape)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
