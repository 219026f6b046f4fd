import Foundation

/// Strong and weak scaling efficiency columns, added to a whole sweep (unsharded, or merged)
/// whose axes vary the GPU count: `cluster.replicas` or `cluster.tp`.
///
/// With G the `gpus` column and L the mean end-to-end latency (`latency_seconds.e2e.mean`):
///
/// - `scaling.strong_efficiency` — the same workload on more GPUs. Among the rows that agree on
///   every other axis, the baseline is the one with the fewest GPUs, and
///   E = (L_base / L) / (G / G_base): 1 when latency falls in proportion to the GPUs added, 1/n
///   when n times the GPUs buy nothing (a lightly loaded endpoint given more replicas). It can
///   exceed 1 when the added GPUs also remove queueing.
/// - `scaling.weak_efficiency` — the workload grown with the GPUs. Among the rows that agree on
///   every axis but the GPU axes and `workload.arrival.rate`, the baseline is the row with the
///   fewest GPUs whose rate per GPU equals this row's, and E = L_base / L: 1 when n times the
///   GPUs carry n times the rate at the same latency. Null where the grid has no such
///   baseline (no rate axis, or no rate in proportion).
///
/// Both are null for a point that did not run or that has no other row to compare with; a
/// baseline's own row has 1. The columns are computed from the finished rows, so a shard (which
/// lacks the others' rows) does not write them and `simserve merge` adds them: merged output
/// equals the unsharded one.
enum SweepScaling {
    static let gpuAxes: Set<String> = ["cluster.replicas", "cluster.tp"]
    static let rateAxis = "workload.arrival.rate"
    static let columns = ["scaling.strong_efficiency", "scaling.weak_efficiency"]

    /// Whether a sweep with these axes gets the columns: one of them is a GPU axis with two or
    /// more values.
    static func applies(to parameters: [SweepManifest.Parameter]) -> Bool {
        parameters.contains { gpuAxes.contains($0.key) && Set($0.values).count >= 2 }
    }

    /// The header and rows with the two columns appended (unchanged when they do not apply).
    static func appended(header: String, rows: [(index: Int, csv: String, json: String)],
                         parameters: [SweepManifest.Parameter]) -> (String, [(index: Int, csv: String, json: String)]) {
        guard applies(to: parameters) else { return (header, rows) }
        struct Point { var index: Int; var values: [String]; var gpus: Double; var latency: Double? }
        guard let grid = try? SweepGrid(parameters.map { SweepParameter(key: $0.key, values: $0.values) }) else {
            return (header, rows)
        }
        let points: [Point] = rows.map { row in
            let object = (try? JSONSerialization.jsonObject(with: Data(row.json.utf8))) as? [String: Any] ?? [:]
            let ok = object["status"] as? String == "ok"
            let latency = ok ? (object["latency_seconds.e2e.mean"] as? NSNumber)?.doubleValue : nil
            let values = grid.point(row.index).values
            return Point(index: row.index, values: values, gpus: (object["gpus"] as? NSNumber)?.doubleValue ?? 0,
                         latency: latency)
        }
        let gpuColumns = Set(parameters.indices.filter { gpuAxes.contains(parameters[$0].key) })
        let rateColumn = parameters.firstIndex { $0.key == rateAxis }
        func key(_ p: Point, ignoring ignored: Set<Int>) -> [String] {
            p.values.indices.map { ignored.contains($0) ? "*" : p.values[$0] }
        }
        func fewestGPUs(_ candidates: [Point]) -> Point? {
            candidates.min { ($0.gpus, $0.index) < ($1.gpus, $1.index) }
        }
        let strongGroups = Dictionary(grouping: points) { key($0, ignoring: gpuColumns) }
        let weakIgnored = gpuColumns.union(rateColumn.map { [$0] } ?? [])
        let weakGroups = Dictionary(grouping: points) { key($0, ignoring: weakIgnored) }

        var out: [(index: Int, csv: String, json: String)] = []
        for (row, point) in zip(rows, points) {
            var strong: Double?, weak: Double?
            if let latency = point.latency, point.gpus > 0 {
                let group = (strongGroups[key(point, ignoring: gpuColumns)] ?? []).filter { $0.latency != nil }
                if group.count >= 2, let base = fewestGPUs(group), let l0 = base.latency {
                    strong = (l0 / latency) / (point.gpus / base.gpus)
                }
                if let r = rateColumn, let rate = Double(point.values[r]) {
                    let perGPU = rate / point.gpus
                    let peers = (weakGroups[key(point, ignoring: weakIgnored)] ?? []).filter {
                        guard $0.latency != nil, let peerRate = Double($0.values[r]) else { return false }
                        return abs(peerRate / $0.gpus - perGPU) <= 1e-9 * perGPU
                    }
                    if peers.count >= 2, let base = fewestGPUs(peers), let l0 = base.latency { weak = l0 / latency }
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
