import Foundation

extension ElementwiseFit {
    /// Goal per op class (plain MAPE, %), from project issue 12.
    public static let goalPercent = 10.0

    /// The fit as a markdown section body: figures, then error per op and file, fit and
    /// held-out apart, beside the base hardware's own (the preset as shipped) on the held-out files.
    public func markdown(baseName: String) -> String {
        var out = "Fitted on \(fitSources.map { "`\($0)`" }.joined(separator: " and ")); every other file held out.\n\n"
        let l2 = hardware.shape.elementwise.l2CacheMB.map { String(format: "%.0f MB", $0) } ?? "—"
        out += "| kernel | ops | efficiency (of HBM) | beyond L2 (\(l2)) | fixed time | one row's rate | fit rows |\n"
            + "|---|---|---:|---:|---:|---:|---:|\n"
        for k in kernels {
            out += "| \(k.key) | \(k.ops.joined(separator: ", ")) | \(Self.format(k.efficiency))"
                + " | \(k.beyondL2Efficiency.map(Self.format) ?? "—") | \(Self.format(k.launchUs)) µs"
                + " | \(Self.format(k.rowGBs)) GB/s | \(k.fitRows) |\n"
        }
        let sources = Array(Set(report.rows.map(\.source))).sorted()
        let ops = LayerOpSample.opNames.filter { OpValidation.elementwiseOps.contains($0) }
        out += "\nPlain MAPE per op and file (time-weighted in brackets; *fit* files in italics; **bold** misses \(Self.format(percent: Self.goalPercent))):\n\n"
        out += "| op | " + sources.map { fitSources.contains($0) ? "*\($0)*" : $0 }.joined(separator: " | ")
            + " | fit | held out | held out, \(baseName) preset |\n|---|" + String(repeating: "---:|", count: sources.count + 3) + "\n"
        for op in ops {
            var cells = sources.map { source in cell(report.rows.filter { $0.op == op && $0.source == source }) }
            cells.append(cell(report.rows.filter { $0.op == op && fitSources.contains($0.source) }))
            cells.append(cell(report.rows.filter { $0.op == op && !fitSources.contains($0.source) }))
            cells.append(cell(baseReport.rows.filter { $0.op == op && !fitSources.contains($0.source) }))
            out += "| \(op) | " + cells.joined(separator: " | ") + " |\n"
        }
        let held = report.rows.filter { !fitSources.contains($0.source) }
        if let all = ValidationReport.summarize(held, source: "held", op: "all") {
            out += "\nAll held-out elementwise rows: MAPE \(Self.format(percent: all.mapePercent)) over \(all.count) rows"
                + " (time-weighted \(Self.format(percent: all.weightedMAPEPercent)), bias \(String(format: "%+.1f %%", all.biasPercent))).\n"
        }
        return out
    }

    func cell(_ rows: [ValidationReport.Row]) -> String {
        guard let s = ValidationReport.summarize(rows, source: "", op: "") else { return "—" }
        let text = "\(Self.format(percent: s.mapePercent)) (\(Self.format(percent: s.weightedMAPEPercent)))"
        return s.mapePercent > Self.goalPercent ? "**\(text)**" : text
    }

    static func format(percent: Double) -> String { String(format: "%.1f %%", percent) }

    static func format(_ p: Figure) -> String {
        let digits = p.value >= 10 ? "%.1f" : "%.3f"
        return String(format: digits, p.value) + " ± " + String(format: digits, p.standardError)
    }
}
