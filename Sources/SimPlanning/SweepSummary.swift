import SimSupport

/// A terminal table of a sweep's rows: each point's settings and its headline figures (p99
/// TTFT and TPOT, goodput, throughput), with their 95% half-widths when replicated. The files
/// hold everything; this is what to glance at.
///
///     point  workload.arrival.rate  cluster.tp  TTFT p99 (ms)  TPOT p99 (ms)  goodput  req/s
///         0                      2           1    212.4 ± 8.1           31.2    0.998   1.97
public enum SweepSummary {
    static let headline: [(title: String, key: String, scale: Double, digits: Int)] = [
        ("TTFT p99 (ms)", "latency_seconds.ttft.p99", 1000, 1),
        ("TPOT p99 (ms)", "latency_seconds.tpot.p99", 1000, 2),
        ("goodput", "throughput.slo_attainment", 1, 3),
        ("req/s", "throughput.requests_per_second", 1, 2),
    ]

    public static func render(rows: [SweepRow], parameters: [String]) -> String {
        var table: [[String]] = [["point"] + parameters + headline.map(\.title)]
        for row in rows {
            var cells = [String(row.index)]
            for key in parameters { cells.append(cellText(row[key])) }
            if row["status"] != .string("ok") {
                cells.append(contentsOf: headline.map { _ in "—" })
                cells[cells.count - 1] = "does not fit"
            } else {
                for h in headline {
                    var text = row[h.key]?.doubleValue.map { TextTable.fmt($0 * h.scale, h.digits) } ?? "—"
                    if let ci = row[h.key + SummaryColumns.intervalSuffix]?.doubleValue {
                        text += " ± " + TextTable.fmt(ci * h.scale, h.digits)
                    }
                    cells.append(text)
                }
            }
            table.append(cells)
        }
        let widths = (0..<table[0].count).map { c in table.map { $0[c].count }.max() ?? 0 }
        return table.map { cells in
            zip(cells, widths).map { String(repeating: " ", count: $1 - $0.count) + $0 }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    static func cellText(_ value: JSONValue?) -> String {
        switch value {
        case .string(let s)?: s
        case .null?, nil: "—"
        case let v?: String(v.serialized().dropLast())
        }
    }
}
