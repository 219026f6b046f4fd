import Foundation
import SimSupport

/// Strong and weak scaling efficiency columns, added to a whole sweep (unsharded, or merged)
/// whose axes vary the GPU count: `cluster.replicas` or `cluster.tp`.
///
/// Both are defined on throughput, as the seeds define scaling (a fixed problem on more
/// devices; a problem grown with the devices): with X the served output tokens/s
/// (`throughput.output_tokens_per_second`, over the load window) and G the `gpus` column, the
/// throughput per GPU is x = X / G, and
///
/// - `scaling.strong_efficiency` — the same workload (every other axis, the rate included,
///   equal) on more GPUs: E = x / x_ref, the speed-up X / X_base over the GPU ratio G / G_base.
///   1 when n times the GPUs serve n times the tokens (the baseline was overloaded and they
///   remove the bottleneck); 1/n when they buy nothing (the offered load was already served).
/// - `scaling.weak_efficiency` — the workload grown with the GPUs: among the rows that agree on
///   every axis but the GPU axes and `workload.arrival.rate`, those at this row's rate per GPU;
///   E = x / x_ref: 1 when n times the GPUs serve n times the tokens. Null where the grid has
///   no such peers (no rate axis, or no rate in proportion).
///
/// x_ref is the highest throughput per GPU among the compared rows — the fewest GPUs' unless
/// the scaling is superlinear (a larger deployment also gaining batch efficiency), which the
/// textbook definition would report as E > 1; taking the best per-GPU row as the reference
/// makes E ≤ 1 by construction, and 1 marks the most efficient size.
///
/// Closed form (`SweepScalingTests`): replicas with a fixed service time S (μ = 1/S each), fed
/// λ round-robin, serve min(λ, nμ), so E_strong(n) = min(λ, nμ) / (n · min(λ, μ)) — ½ for
/// λ = 2μ on 4 replicas — and E_weak = 1 at any rate per replica.
///
/// Both are null for a point that did not run or that has no other row to compare with. The
/// columns are computed from the finished rows, so a shard (which lacks the others' rows) does
/// not write them and `simserve merge` adds them: merged output equals the unsharded one.
enum SweepScaling {
    static let gpuAxes: Set<String> = ["cluster.replicas", "cluster.tp"]
    static let rateAxis = "workload.arrival.rate"
    static let columns = ["scaling.strong_efficiency", "scaling.weak_efficiency"]
    /// The throughput the efficiencies are defined on.
    static let throughputColumn = "throughput.output_tokens_per_second"

    /// Whether a sweep with these axes gets the columns: one of them is a GPU axis with two or
    /// more values.
    static func applies(to parameters: [SweepManifest.Parameter]) -> Bool {
        parameters.contains { gpuAxes.contains($0.key) && Set($0.values).count >= 2 }
    }

    /// The header and rows with the two columns appended (unchanged when they do not apply).
    static func appended(header: String, rows: [(index: Int, csv: String, json: String)],
                         parameters: [SweepManifest.Parameter]) -> (String, [(index: Int, csv: String, json: String)]) {
        guard applies(to: parameters) else { return (header, rows) }
        struct Point {
            var index: Int; var values: [String]; var gpus: Double; var throughput: Double?
            /// Output tokens/s per GPU.
            var perGPU: Double? { throughput.flatMap { gpus > 0 ? $0 / gpus : nil } }
        }
        guard let grid = try? SweepGrid(parameters.map { SweepParameter(key: $0.key, values: $0.values) }) else {
            return (header, rows)
        }
        let points: [Point] = rows.map { row in
            let object = (try? JSONSerialization.jsonObject(with: Data(row.json.utf8))) as? [String: Any] ?? [:]
            let ok = object["status"] as? String == "ok"
            let throughput = ok ? (object[throughputColumn] as? NSNumber)?.doubleValue : nil
            let values = grid.point(row.index).values
            return Point(index: row.index, values: values, gpus: (object["gpus"] as? NSNumber)?.doubleValue ?? 0,
                         throughput: throughput)
        }
        let gpuColumns = Set(parameters.indices.filter { gpuAxes.contains(parameters[$0].key) })
        let rateColumn = parameters.firstIndex { $0.key == rateAxis }
        func key(_ p: Point, ignoring ignored: Set<Int>) -> [String] {
            p.values.indices.map { ignored.contains($0) ? "*" : p.values[$0] }
        }
        /// This point's throughput per GPU over the best of `peers` (it among them).
        func efficiency(_ point: Point, among peers: [Point]) -> Double? {
            let rated = peers.filter { $0.perGPU != nil }
            guard rated.count >= 2, let x = point.perGPU, let best = rated.compactMap(\.perGPU).max(), best > 0 else { return nil }
            return x / best
        }
        let strongGroups = Dictionary(grouping: points) { key($0, ignoring: gpuColumns) }
        let weakIgnored = gpuColumns.union(rateColumn.map { [$0] } ?? [])
        let weakGroups = Dictionary(grouping: points) { key($0, ignoring: weakIgnored) }

        var out: [(index: Int, csv: String, json: String)] = []
        for (row, point) in zip(rows, points) {
            var strong: Double?, weak: Double?
            if point.perGPU != nil {
                strong = efficiency(point, among: strongGroups[key(point, ignoring: gpuColumns)] ?? [])
                if let r = rateColumn, let rate = Double(point.values[r]) {
                    let perGPU = rate / point.gpus
                    let peers = (weakGroups[key(point, ignoring: weakIgnored)] ?? []).filter {
                        guard let peerRate = Double($0.values[r]), $0.gpus > 0 else { return false }
                        return abs(peerRate / $0.gpus - perGPU) <= 1e-9 * perGPU
                    }
                    weak = efficiency(point, among: peers)
                }
            }
            let cells = [JSONValue.number(strong), .number(weak)]
            let csv = row.csv + "," + cells.map(SweepRow.csvCell).joined(separator: ",")
            let json = String(row.json.dropLast()) + zip(columns, cells).map {
                "," + SweepRow.compact(.string($0)) + ":" + SweepRow.compact($1)
            }.joined() + "}"
            out.append((row.index, csv, json))
        }
        return (header + "," + columns.joined(separator: ","), out)
    }
}
