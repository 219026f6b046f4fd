import Foundation
import SimSupport

extension KernelValidation {
    /// The terminal report: one line per GPU × kind × split, then the goal misses.
    public func text() -> String {
        var table = [["gpu", "preset", "kind", "split", "n", "MAPE", "wMAPE", "bias", ""]]
        for s in summaries {
            table.append([s.gpu, s.preset, s.kind.rawValue, s.split.rawValue, "\(s.count)", Self.percent(s.mapePercent),
                          Self.percent(s.weightedMAPEPercent), Self.percent(s.biasPercent, signed: true),
                          s.missesGoal ? "misses goal" : ""])
        }
        var lines = ["Kernel tables: predicted (simserve's KernelTimeModel, GPU presets) vs measured; "
                     + "MAPE, time-weighted MAPE, bias", ""]
        lines += TextTable.render(table, rightAligned: [4, 5, 6, 7])
        lines += [""] + goalLines()
        return lines.joined(separator: "\n") + "\n"
    }

    /// A markdown section: the table, bold where a held-out group misses the goal, and the
    /// list of misses.
    public func markdown() -> String {
        var lines = ["## Kernel tables per GPU (`simserve validate kernels`)", "",
                     "Every row predicted through `KernelTimeModel` (the simulator's own functions) on the GPU's preset; "
                     + "fit/held-out split of `KernelSplitRule`; *excluded*: rows flagged above the DRAM peak. "
                     + "MAPE, time-weighted MAPE in brackets, bias. Goal: held out ≤ "
                     + "\(Self.percent(Self.heldOutGoalPercent, digits: 0)) per GPU and kind.", "",
                     "| GPU | preset | kind | split | n | MAPE (wMAPE) | bias |", "|---|---|---|---|---:|---:|---:|"]
        for s in summaries {
            let mape = Self.percent(s.mapePercent)
            lines.append("| \(s.gpu) | \(s.preset) | \(s.kind.rawValue) | \(s.split.rawValue) | \(s.count) | "
                         + (s.missesGoal ? "**\(mape)**" : mape) + " (\(Self.percent(s.weightedMAPEPercent))) | "
                         + "\(Self.percent(s.biasPercent, signed: true)) |")
        }
        lines += [""] + goalLines().map { $0.hasPrefix("  ") ? "-" + $0.dropFirst(1) : $0 }
        return lines.joined(separator: "\n") + "\n"
    }

    func goalLines() -> [String] {
        let misses = goalMisses
        guard !misses.isEmpty else { return ["Every held-out group meets the goal (≤ \(Self.percent(Self.heldOutGoalPercent, digits: 0)))."] }
        return ["Held-out groups above the goal (\(Self.percent(Self.heldOutGoalPercent, digits: 0))):"]
            + misses.map { "  \($0.gpu) \($0.kind.rawValue): \(Self.percent($0.mapePercent)) over \($0.count) rows, bias \(Self.percent($0.biasPercent, signed: true))" }
    }

    /// `{"groups": [{gpu, preset, kind, split, count, mape, mape_time_weighted, bias}], "goal": 0.1,
    /// "goal_misses": n}`; errors as fractions.
    public func json() -> String {
        struct Group: Encodable {
            var gpu, preset, kind, split: String
            var count: Int
            var mape, mape_time_weighted, bias: Double
        }
        struct Document: Encodable {
            var groups: [Group]
            var goal: Double
            var goal_misses: Int
        }
        let document = Document(
            groups: summaries.map {
                Group(gpu: $0.gpu, preset: $0.preset, kind: $0.kind.rawValue, split: $0.split.rawValue, count: $0.count,
                      mape: $0.mapePercent / 100, mape_time_weighted: $0.weightedMAPEPercent / 100, bias: $0.biasPercent / 100)
            },
            goal: Self.heldOutGoalPercent / 100, goal_misses: goalMisses.count)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = (try? encoder.encode(document)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Every row, one line each: `gpu,preset,kind,split,shape,measured_us,predicted_us,error`
    /// (error as a fraction, predicted / measured − 1), in the order the tables were read.
    public func rowsCSV() -> String {
        var lines = ["gpu,preset,kind,split,shape,measured_us,predicted_us,error"]
        for row in rows {
            let m = row.measurement
            lines.append([m.gpu, presets[m.gpu] ?? "", m.kind.rawValue, m.split.rawValue, m.shape].map(CSVText.escape).joined(separator: ",")
                         + String(format: ",%.4f,%.4f,%.5f", m.measuredSeconds * 1e6, row.predictedSeconds * 1e6, row.relativeError))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func percent(_ value: Double, signed: Bool = false, digits: Int = 1) -> String {
        String(format: signed ? "%+.\(digits)f%%" : "%.\(digits)f%%", value)
    }
}
