import SimServing
import SimSupport

extension SummaryTable {
    /// The table's lines for a disaggregated run: each pool, then the KV transfers.
    static func disaggregationLines(_ d: DisaggregationSummary) -> [String] {
        func pct(_ x: Double?) -> String { x.map { TextTable.fmt($0 * 100, 1) + "%" } ?? "—" }
        func ms(_ x: Double?) -> String { x.map { TextTable.fmt($0 * 1000, 2) + " ms" } ?? "—" }
        func pool(_ name: String, _ p: DisaggregationSummary.Pool) -> String {
            "\(name) \(p.replicas)×\(p.hardware ?? "replica") (tp \(p.gpusPerReplica)) busy \(pct(p.busyFraction))"
                + (p.costUSD.map { " $" + TextTable.fmt($0, 3) } ?? "")
        }
        let megabytes = d.transfers > 0 ? TextTable.fmt(d.transferBytes / Double(d.transfers) / 1e6, 1) : "—"
        return [
            "pools        " + pool("prefill", d.prefill) + " · " + pool("decode", d.decode),
            "KV transfer  \(d.transfers) × \(megabytes) MB over \(d.link) (\(d.transferMode.replacingOccurrences(of: "_", with: " "))) · "
                + "link \(pct(d.linkUtilisation)) busy · after prefill mean \(ms(d.transfer?.mean)), p99 \(ms(d.transfer?.p99)) · "
                + "decode admission wait p99 \(ms(d.decodeWait?.p99))",
        ]
    }
}
