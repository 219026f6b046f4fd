import Foundation

extension GemmLibraryFit {
    /// The fitted figures with their errors, and the plain MAPE of each linear op by file and by
    /// TP degree, through the library's figures and through `baseName`'s own.
    public func markdown(baseName: String) -> String {
        var out = "`\(library.rawValue)` on \(baseName), fitted on \(fitSources.map { "`\($0)`" }.joined(separator: " and "))"
            + " (\(fitRows) rows); every other file held out.\n\n"
        out += "| figure | value | fitted |\n|---|---:|---|\n"
        out += "| compute_efficiency | " + String(format: "%.4f ± %.4f", figures.computeEfficiency, computeEfficiencyError) + " | yes |\n"
        out += "| kernel_launch_us | " + String(format: "%.2f ± %.2f µs", figures.launchUs, launchUsError) + " | yes |\n"
        out += "| roofline_sharpness | " + String(format: "%.3f ± %.3f", figures.sharpness, sharpnessError) + " | yes |\n"
        out += "| memory_efficiency | " + String(format: "%.3f", figures.memoryEfficiency) + " | no: the GPU's own GEMM figure |\n"
        let sources = Array(Set(report.rows.map(\.source))).sorted()
        let ops = LayerOpSample.opNames.filter { OpValidation.linearOps.contains($0) }
        out += "\nPlain MAPE per linear op and file (time-weighted in brackets; *fit* files in italics; "
            + "the last columns through \(baseName)'s own GEMM figures):\n\n"
        out += "| file | " + ops.joined(separator: " | ") + " | all | all, \(baseName)'s own |\n|---|"
            + String(repeating: "---:|", count: ops.count + 2) + "\n"
        for source in sources {
            let rows = report.rows.filter { $0.source == source }
            var cells = ops.map { op in Self.cell(rows.filter { $0.op == op }) }
            cells.append(Self.cell(rows))
            cells.append(Self.cell(baseReport.rows.filter { $0.source == source }))
            out += "| \(fitSources.contains(source) ? "*\(source)*" : source) | " + cells.joined(separator: " | ") + " |\n"
        }
        let held = report.rows.filter { !fitSources.contains($0.source) }
        let heldBase = baseReport.rows.filter { !fitSources.contains($0.source) }
        let degrees = Array(Set(held.compactMap(\.parallelDegree))).sorted()
        out += "\nHeld-out files by TP degree (plain MAPE, time-weighted in brackets):\n\n"
        out += "| GEMM figures | " + degrees.map { "TP \($0)" }.joined(separator: " | ") + " | all |\n|---|"
            + String(repeating: "---:|", count: degrees.count + 1) + "\n"
        for (label, rows) in [("`\(library.rawValue)`", held), ("\(baseName)'s own", heldBase)] {
            out += "| \(label) | " + degrees.map { d in Self.cell(rows.filter { $0.parallelDegree == d }) }.joined(separator: " | ")
                + " | \(Self.cell(rows)) |\n"
        }
        return out
    }

    static func cell(_ rows: [ValidationReport.Row]) -> String {
        guard let s = ValidationReport.summarize(rows, source: "", op: "") else { return "—" }
        return String(format: "%.1f %% (%.1f %%)", s.mapePercent, s.weightedMAPEPercent)
    }
}
