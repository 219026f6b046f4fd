import Foundation

extension ValidationReport {
    /// Plain MAPE of each op over its in-scope rows, as a fraction (0.05 = 5 %).
    public var mapeByOp: [String: Double] {
        var sums: [String: (Double, Int)] = [:]
        for r in rows where r.inScope {
            let s = sums[r.op] ?? (0, 0)
            sums[r.op] = (s.0 + abs(r.relativeError), s.1 + 1)
        }
        return sums.mapValues { $0.0 / Double($0.1) }
    }

    /// The terminal report: MAPE per (file, op), overall plain and time-weighted, the worst
    /// rows, and a predicted-vs-measured table (every row when there are at most `tableRows`,
    /// else that many rows evenly spaced through the file).
    public func text(title: String, worst: Int = 10, tableRows: Int = 40) -> String {
        var lines = [title, ""]
        var summary = [["file", "op", "n", "MAPE", "wMAPE", "bias", ""]]
        for s in perOp {
            summary.append([s.source, s.op, "\(s.count)", Self.percent(s.mapePercent), Self.percent(s.weightedMAPEPercent),
                            Self.percent(s.biasPercent, signed: true), s.inScope ? "" : "out of scope"])
        }
        lines += TextTable.render(summary, rightAligned: [2, 3, 4, 5])
        if let all = overall() {
            lines.append("")
            lines.append("overall (\(all.count) in-scope rows): MAPE \(Self.percent(all.mapePercent)), "
                         + "time-weighted \(Self.percent(all.weightedMAPEPercent)), bias \(Self.percent(all.biasPercent, signed: true))")
        }
        let worstRows = self.worst(worst)
        if !worstRows.isEmpty {
            lines += ["", "worst rows:"]
            lines += TextTable.render(Self.comparison(worstRows), rightAligned: [3, 4, 5])
        }
        let inScope = rows.filter(\.inScope)
        if !inScope.isEmpty {
            let step = max(1, Int((Double(inScope.count) / Double(max(1, tableRows))).rounded(.up)))
            let sample = stride(from: 0, to: inScope.count, by: step).map { inScope[$0] }
            lines += ["", "predicted vs measured" + (step > 1 ? " (every \(step)th in-scope row):" : ":")]
            lines += TextTable.render(Self.comparison(sample), rightAligned: [3, 4, 5])
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `{"ops": {op: MAPE}, "mape": …, "mape_time_weighted": …, "count": …}`; fractions, over
    /// in-scope rows.
    public func json() -> String {
        struct Document: Encodable {
            var ops: [String: Double]
            var mape: Double
            var mape_time_weighted: Double
            var count: Int
        }
        let all = overall()
        let document = Document(ops: mapeByOp, mape: (all?.mapePercent ?? 0) / 100,
                                mape_time_weighted: (all?.weightedMAPEPercent ?? 0) / 100, count: all?.count ?? 0)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = (try? encoder.encode(document)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    static func comparison(_ rows: [Row]) -> [[String]] {
        [["file", "op", "shape", "measured µs", "predicted µs", "error"]] + rows.map {
            [$0.source, $0.op, $0.shape, String(format: "%.1f", $0.measuredSeconds * 1e6),
             String(format: "%.1f", $0.predictedSeconds * 1e6), percent($0.relativeError * 100, signed: true)]
        }
    }

    static func percent(_ value: Double, signed: Bool = false) -> String {
        String(format: signed ? "%+.1f%%" : "%.1f%%", value)
    }
}
