/// Measurements with the fitted model's predictions as CSV, one row per measured kernel or
/// op, for plotting measured against fitted and the residuals. Written by `simserve
/// calibrate` next to the profile (`<profile>.measurements.csv`).
///
/// Common columns: `op`, `split` (`train`: seen by the fit; `held_out`: never seen;
/// `reference`: defines a constant, not predicted), `measured_s` (the fitted statistic),
/// `predicted_s` (empty for references), `error_percent` = 100·(predicted − measured) /
/// measured. Then the shape columns, empty where an op has no such dimension.
public enum MeasurementsCSV {
    /// The CPU calibration: shape columns `m,n,k` (GEMM), `heads,kv_heads,head_dim,
    /// new_tokens,cached_tokens` (prefill attention), `sequences,context_tokens` (decode),
    /// `elements` (triad), then `flops,bytes,repetitions,wall_median_s,wall_min_s,cpu_median_s`.
    public static func text(_ profile: CalibrationProfile) -> String {
        let shapeColumns = ["m", "n", "k", "heads", "kv_heads", "head_dim", "new_tokens", "cached_tokens",
                            "sequences", "context_tokens", "elements"]
        var out = "op,split,measured_s,predicted_s,error_percent," + shapeColumns.joined(separator: ",")
            + ",flops,bytes,repetitions,wall_median_s,wall_min_s,cpu_median_s\n"
        let model = profile.fit.model, statistic = profile.fit.statistic
        for m in profile.measurements {
            let measured = statistic.seconds(m)
            let predicted: Double? = m.role == .reference ? nil : model.seconds(m.kernel)
            let split = switch m.role { case .fit: "train"; case .heldOut: "held_out"; case .reference: "reference" }
            let shape = Dictionary(uniqueKeysWithValues: m.kernel.parameters)
            var fields = [m.kernel.kernel, split, "\(measured)", predicted.map { "\($0)" } ?? "",
                          predicted.map { "\(100 * ($0 - measured) / measured)" } ?? ""]
            fields += shapeColumns.map { shape[$0].map(String.init) ?? "" }
            fields += ["\(m.kernel.flops)", "\(m.kernel.bytes)", "\(m.sample.repetitions)", "\(m.sample.medianSeconds)",
                       "\(m.sample.minSeconds)", (m.cpuSample?.medianSeconds).map { "\($0)" } ?? ""]
            out += fields.joined(separator: ",") + "\n"
        }
        return out
    }

    /// A fit to measured GPU ops: shape columns `source,tokens,tensor_parallel,n_embd,n_head,
    /// n_kv_head,n_expanded_embd` (the measured file's layer shape).
    public static func text(_ fit: MeasuredOpsFit, rows: [MeasuredOpRow]) -> String {
        var out = "op,split,measured_s,predicted_s,error_percent,source,tokens,tensor_parallel,n_embd,n_head,n_kv_head,n_expanded_embd\n"
        for row in rows {
            let predicted = row.predictedSeconds(on: fit.hardware)
            let split = row.source == fit.fitSource ? "train" : "held_out"
            let fields = [row.op, split, "\(row.measuredSeconds)", "\(predicted)",
                          "\(100 * (predicted - row.measuredSeconds) / row.measuredSeconds)", row.source,
                          "\(row.tokens)", "\(row.tensorParallel)", "\(row.model.hiddenSize)", "\(row.model.heads)",
                          "\(row.model.kvHeads)", "\(row.model.intermediateSize)"]
            out += fields.joined(separator: ",") + "\n"
        }
        return out
    }

    /// `hardware/this-cpu.toml` → `hardware/this-cpu.measurements.csv`.
    public static func path(besideProfile profile: String) -> String {
        (profile.hasSuffix(".toml") ? String(profile.dropLast(5)) : profile) + ".measurements.csv"
    }
}
