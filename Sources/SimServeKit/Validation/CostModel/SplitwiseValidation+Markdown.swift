import Foundation

extension SplitwiseValidation {
    /// A markdown table: per model, GPU and TP, the token and prompt phases' plain MAPE (mean
    /// signed error in brackets), and `baseline`'s token-phase error beside them when given (the
    /// same rows under another engine description); **bold** above the goal.
    /// `fitted`: the rows of ``isFitRow(_:)`` were fitted on (their cells marked *fit*).
    public static func markdown(_ result: Result, engineName: String, fitted: Bool = false,
                                baseline: (label: String, result: Result)? = nil) -> String {
        var out = "Engine `\(engineName)`; \(result.rows.count) rows (medians of five runs), "
            + (fitted ? "those marked *fit* fitted on, the rest held out. " : "every one held out. ")
            + "Plain MAPE (mean signed error in brackets); **bold** above \(String(format: "%.0f %%", goalPercent)).\n\n"
        out += "| model | GPU | TP | token rows | token time | prompt rows (batch 1) | prompt time |"
            + (baseline.map { " token time, \($0.label) |" } ?? "") + "\n"
        out += "|---|---|---:|---:|---:|---:|---:|" + (baseline == nil ? "" : "---:|") + "\n"
        // One line per model, GPU and TP, then all rows, then (after a fit) the held-out ones.
        var groups: [(label: String, includes: (Row) -> Bool)] = Array(Set(result.rows.map { GroupKey($0.configuration) }))
            .sorted().map { key in
                ("\(key.model) | \(key.hardware) | \(key.tensorParallel)", { GroupKey($0.configuration) == key })
            }
        groups.append(("**all** | | ", { _ in true }))
        if fitted { groups.append(("**held out** | | ", { !isFitRow($0) })) }
        for group in groups {
            let mine = result.rows.filter(group.includes)
            let tokens = mine.filter { $0.phase == .token }, prompts = mine.filter { $0.phase == .prompt }
            let fitMark = fitted && !tokens.isEmpty && tokens.allSatisfy(isFitRow) ? " *fit*" : ""
            var line = "| \(group.label) | \(tokens.count) | \(cell(tokens))\(fitMark) | \(prompts.count) | \(cell(prompts)) |"
            if let baseline {
                line += " \(cell(baseline.result.rows.filter { $0.phase == .token && group.includes($0) })) |"
            }
            out += line + "\n"
        }
        out += "\nBy TP over both GPUs (Llama-2-70B; mean predicted ÷ measured):\n\n"
        out += "| TP | token time | prompt time |\n|---:|---:|---:|\n"
        for tp in Array(Set(result.rows.map(\.configuration.tensorParallel))).sorted() {
            let mine = result.rows.filter { $0.configuration.tensorParallel == tp && $0.configuration.model == "llama2-70b" }
            func ratio(_ rows: [Row]) -> String {
                rows.isEmpty ? "—" : String(format: "×%.2f", rows.reduce(0) { $0 + $1.predictedSeconds / $1.measuredSeconds } / Double(rows.count))
            }
            out += "| \(tp) | \(ratio(mine.filter { $0.phase == .token })) | \(ratio(mine.filter { $0.phase == .prompt })) |\n"
        }
        if !result.power.isEmpty {
            out += "\nMean power per GPU over each run (the A100 rows; measured: `average_power` × the 400 W TDP), "
                + "by the simulator's power model over the same iterations (held out: nothing in it is fitted on these rows):\n\n"
            out += "| model | GPU | TP | rows | measured W (mean) | simulated W (mean) | error |\n|---|---|---:|---:|---:|---:|---:|\n"
            for g in Array(Set(result.power.map { GroupKey($0.configuration) })).sorted() {
                let mine = result.power.filter { GroupKey($0.configuration) == g }
                out += "| \(g.model) | \(g.hardware) | \(g.tensorParallel) | \(mine.count) | "
                    + String(format: "%.0f | %.0f | ", mean(mine.map(\.measuredWatts)), mean(mine.map(\.predictedWatts)))
                    + powerCell(mine) + " |\n"
            }
            out += "| **all** | | | \(result.power.count) | | | \(powerCell(result.power)) |\n"
        }
        if !result.leftOut.isEmpty {
            out += "\nLeft out (rows of the file): "
                + result.leftOut.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: "; ") + ".\n"
        }
        return out
    }

    /// A model, GPU and TP: the lines of the tables.
    struct GroupKey: Hashable, Comparable {
        var model: String, hardware: String, tensorParallel: Int
        init(_ c: Configuration) { (model, hardware, tensorParallel) = (c.model, c.hardware, c.tensorParallel) }
        static func < (a: Self, b: Self) -> Bool { (a.model, a.hardware, a.tensorParallel) < (b.model, b.hardware, b.tensorParallel) }
    }

    static func mean(_ values: [Double]) -> Double { values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count) }

    /// Plain MAPE (mean signed error) of power rows, %; bold above the goal.
    static func powerCell(_ rows: [PowerRow]) -> String {
        guard !rows.isEmpty else { return "—" }
        let mape = 100 * mean(rows.map { abs($0.relativeError) }), bias = 100 * mean(rows.map(\.relativeError))
        let text = String(format: "%.1f %% (%+.1f %%)", mape, bias)
        return mape > goalPercent ? "**\(text)**" : text
    }

    static func cell(_ rows: [Row]) -> String {
        guard let e = errors(rows) else { return "—" }
        let text = String(format: "%.1f %% (%+.1f %%)", e.mape, e.bias)
        return e.mape > goalPercent ? "**\(text)**" : text
    }

    /// Per model, GPU and TP: phase, rows, MAPE and bias (%), for JSON output and tests.
    public static func summary(_ result: Result) -> [(configuration: Configuration, phase: Phase, mape: Double, bias: Double, count: Int)] {
        var out: [(Configuration, Phase, Double, Double, Int)] = []
        for g in Array(Set(result.rows.map { GroupKey($0.configuration) })).sorted() {
            for phase in [Phase.token, .prompt] {
                let mine = result.rows.filter { GroupKey($0.configuration) == g && $0.phase == phase }
                if let e = errors(mine) {
                    out.append((Configuration(model: g.model, hardware: g.hardware, tensorParallel: g.tensorParallel,
                                              promptTokens: 0, batch: 0, outputTokens: 0), phase, e.mape, e.bias, e.count))
                }
            }
        }
        return out
    }

    /// Every row of `result` as CSV: model, GPU, TP, phase, prompt tokens, batch, output
    /// tokens, measured and predicted ms, relative error, and whether the row was fitted on.
    public static func rowsCSV(_ result: Result) -> String {
        var lines = ["model,gpu,tp,phase,prompt_tokens,batch,output_tokens,split,measured_ms,predicted_ms,error"]
        for row in result.rows {
            let c = row.configuration
            lines.append("\(c.model),\(c.hardware),\(c.tensorParallel),\(row.phase.rawValue),\(c.promptTokens),\(c.batch),"
                         + "\(c.outputTokens),\(isFitRow(row) ? "fit" : "held_out")"
                         + String(format: ",%.4f,%.4f,%.5f", row.measuredSeconds * 1e3, row.predictedSeconds * 1e3, row.relativeError))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
