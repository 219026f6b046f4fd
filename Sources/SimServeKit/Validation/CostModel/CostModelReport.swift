import Foundation

/// The markdown section of VALIDATION.md that reports the cost model against the measured A100
/// data: linear ops per model and TP, attention, all-reduce by size and workers, the figures
/// reached against the goals, and where and why they are missed.
///
/// Goals (issue "Cost model that matches real GPUs"): plain MAPE ≤ 5 % on the linear ops of
/// each model and TP degree, ≤ 10 % on attention, ≤ 10 % on single-node all-reduce.
public enum CostModelReport {
    public static let linearGoalPercent = 5.0
    public static let attentionGoalPercent = 10.0
    public static let allReduceGoalPercent = 10.0

    /// Runs the validation on every file under `directory` (the `vidur-profiling` folder) with
    /// `hardware`, and writes the section.
    /// - Throws: ``OpValidationError`` when a file cannot be read or there is none.
    public static func markdown(directory: String,
                                hardware: HardwareSpec = OpValidation.calibratedA100) throws(OpValidationError) -> String {
        markdown(report: try OpValidation.run(directory: directory, hardware: hardware), directory: directory,
                 hardwareName: hardware.name)
    }

    /// The section for an already computed `report`.
    /// - Complexity: O(rows).
    public static func markdown(report: ValidationReport, directory: String, hardwareName: String) -> String {
        var out: [String] = []
        out.append("## Cost model against measured A100 op times")
        out.append("")
        out.append("Data: `\(directory)` (Vidur profiler on A100-80GB, fp16, one layer at a time; NCCL all-reduce on "
                   + "a DGX A100 and on pairwise-NVLinked A100s). Hardware description: `\(hardwareName)`. "
                   + "Fitted: `compute_efficiency`, `kernel_launch_us`, `roofline_sharpness` on the linear ops of "
                   + "`Llama-2-7b-hf.mlp.csv` only; the attention terms on every other attention row; the all-reduce "
                   + "terms on the single-node rows of `a100_dgx`. Every other file and row is held out. "
                   + "MAPE = mean |predicted − measured| / measured; time-weighted = Σ|p − m| / Σm.")
        out.append("")
        out += linearSection(report)
        out += attentionSection(report)
        out += allReduceSection(report)
        out += acrossNodesSection(directory: directory)
        out += figuresSection(report)
        return out.joined(separator: "\n") + "\n"
    }

    // MARK: Sections

    static func linearSection(_ report: ValidationReport) -> [String] {
        let rows = report.rows.filter { $0.inScope && OpValidation.linearOps.contains($0.op) }
        let models = ordered(rows.map { modelName($0.source) })
        let degrees = ordered(rows.compactMap(\.parallelDegree)).sorted()
        var out = ["### Linear ops: plain MAPE per model and TP (goal ≤ \(format(linearGoalPercent)) %)", "",
                   "QKV, output, MLP up and MLP down GEMMs; **bold** misses the goal; time-weighted MAPE in brackets.", ""]
        out.append("| model | " + degrees.map { "TP \($0)" }.joined(separator: " | ") + " | all |")
        out.append("|---|" + String(repeating: "---:|", count: degrees.count + 1))
        for model in models {
            let mine = rows.filter { modelName($0.source) == model }
            let cells = degrees.map { tp in cell(mine.filter { $0.parallelDegree == tp }, goal: linearGoalPercent) }
            out.append("| \(model) | " + cells.joined(separator: " | ") + " | \(cell(mine, goal: linearGoalPercent)) |")
        }
        out.append("| **all** | " + degrees.map { tp in cell(rows.filter { $0.parallelDegree == tp }, goal: linearGoalPercent) }
            .joined(separator: " | ") + " | \(cell(rows, goal: linearGoalPercent)) |")
        out.append("")
        out.append("By GEMM and by tokens per iteration (all models and TP):")
        out.append("")
        let buckets: [(String, ClosedRange<Int>)] = [("1–64", 1...64), ("65–512", 65...512),
                                                     ("513–4096", 513...4096), ("> 4096", 4097...Int.max)]
        out.append("| op | " + buckets.map { "\($0.0) tokens" }.joined(separator: " | ") + " |")
        out.append("|---|" + String(repeating: "---:|", count: buckets.count))
        for op in ["attn_pre_proj", "attn_post_proj", "mlp_up_proj", "mlp_down_proj"] {
            let mine = rows.filter { $0.op == op }
            let cells = buckets.map { b in cell(mine.filter { b.1.contains(tokens(of: $0)) }, goal: linearGoalPercent) }
            out.append("| \(op) | " + cells.joined(separator: " | ") + " |")
        }
        out.append("")
        return out
    }

    static func attentionSection(_ report: ValidationReport) -> [String] {
        var out = ["### Attention (Llama-2-7B, TP 1; goal ≤ \(format(attentionGoalPercent)) %)", "",
                   "| kernel | rows | MAPE | time-weighted | bias |", "|---|---:|---:|---:|---:|"]
        for op in ["attn_decode", "attn_prefill"] {
            let rows = report.rows.filter { $0.inScope && $0.op == op }
            guard let s = ValidationReport.summarize(rows, source: "", op: op) else { continue }
            out.append("| \(op) | \(s.count) | \(mark(s.mapePercent, attentionGoalPercent)) | \(format(s.weightedMAPEPercent)) % | "
                       + "\(format(s.biasPercent, signed: true)) % |")
        }
        out.append("")
        return out
    }

    static let sizeBuckets: [(String, ClosedRange<Double>)] = [
        ("≤ 64 KiB", 0...65_536), ("64 KiB–1 MiB", 65_537...1_048_576),
        ("1–16 MiB", 1_048_577...16_777_216), ("> 16 MiB", 16_777_217...Double.greatestFiniteMagnitude)]

    static func allReduceSection(_ report: ValidationReport) -> [String] {
        let all = report.rows.filter { $0.op == "all_reduce" }
        let rows = all.filter(\.inScope)
        var out = ["### All-reduce by size and workers (single node; goal ≤ \(format(allReduceGoalPercent)) %)", "",
                   "| fabric | workers | " + sizeBuckets.map(\.0).joined(separator: " | ") + " | all |",
                   "|---|---:|" + String(repeating: "---:|", count: sizeBuckets.count + 1)]
        for source in ordered(rows.map(\.source)) {
            let mine = rows.filter { $0.source == source }
            for workers in ordered(mine.compactMap(\.parallelDegree)).sorted() {
                let group = mine.filter { $0.parallelDegree == workers }
                let cells = sizeBuckets.map { b in cell(group.filter { b.1.contains($0.sizeBytes ?? 0) }, goal: allReduceGoalPercent) }
                out.append("| \(source.replacingOccurrences(of: ".all_reduce.csv", with: "")) | \(workers) | "
                           + cells.joined(separator: " | ") + " | \(cell(group, goal: allReduceGoalPercent)) |")
            }
        }
        out.append("| **all** | | " + sizeBuckets.map { b in cell(rows.filter { b.1.contains($0.sizeBytes ?? 0) }, goal: allReduceGoalPercent) }
            .joined(separator: " | ") + " | \(cell(rows, goal: allReduceGoalPercent)) |")
        out.append("")
        let outside = all.count - rows.count
        if outside > 0 {
            out.append("\(outside) rows are left out of this table: workers spread over several nodes (next section, "
                       + "with the network's figures fitted on them), or more than two workers on the "
                       + "pairwise-NVLink machine (their ring crosses PCIe).")
            out.append("")
        }
        return out
    }
}
