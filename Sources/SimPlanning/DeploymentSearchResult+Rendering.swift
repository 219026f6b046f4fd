import Foundation
import SimScenario
import SimSupport

extension DeploymentSearchResult {
    /// The result for people: a heading, the best candidate, and the ranked table (the first
    /// `limit` rows; `*` marks the Pareto set).
    ///
    ///     deployment search at 20 req/s: 6 settings, 17 candidates run, 5 meet the SLOs, 2 do not fit
    ///     objective cost; Pareto set (*) over cost, ttft_p99, energy
    ///     best: hardware=h100-sxm cluster.tp=1 cluster.replicas=2 — 2 GPUs, $8.2/h, ttft_p99 180.3 ms
    ///
    ///      #  P  hardware  cluster.tp  cluster.replicas  gpus  $/h   ttft_p99  …  status
    public func rendered(limit: Int = 20) -> String {
        let met = candidates.filter(\.meetsSLOs).count
        let unfit = candidates.filter { $0.status.code == "does_not_fit" }.count
        let capped = candidates.filter { $0.status.code == "over_memory_cap" }.count
        let ran = candidates.filter { $0.replications > 0 }.count
        var heading = "deployment search at \(ServiceMetric.trimmed(targetRate, 3)) req/s: \(settingsSearched) setting"
            + "\(settingsSearched == 1 ? "" : "s"), \(ran) candidate\(ran == 1 ? "" : "s") run, \(met) meet\(met == 1 ? "s" : "") the SLOs"
        if unfit > 0 { heading += ", \(unfit) do\(unfit == 1 ? "es" : "") not fit" }
        if capped > 0 { heading += ", \(capped) over the memory cap" }
        var lines = [heading]
        lines.append("SLOs: " + conditions.map(\.description).joined(separator: ", "))
        lines.append("objective \(objectiveName)" + (objective.map { " (ranks by \($0.column), \($0.lowerIsBetter ? "lowest" : "highest") first"
            + ($0.tieBand > 0 ? "; within \(Int(($0.tieBand * 100).rounded()))% of the best is a tie, broken by cost" : "") + ")" } ?? "")
            + "; Pareto set (*) over " + paretoCriteria.map(\.name).joined(separator: ", "))
        if let best {
            lines.append("best: \(best.label) — \(best.gpus) GPU\(best.gpus == 1 ? "" : "s")"
                + (best.usdPerHour.map { ", $\(ServiceMetric.trimmed($0, 2))/h" } ?? "")
                + conditions.map { c in best.figures[c.metric.name].map { ", \(c.metric.name) \(c.metric.format($0.mean))" } ?? "" }.joined())
        } else {
            if keys.contains(SearchSpace.replicaKey) {
                lines.append("no candidate meets the SLOs at this rate: widen the search (more replicas, other GPUs) or relax the SLOs")
            } else {
                let counts = Set(candidates.filter { $0.replications > 0 }.map(\.replicas)).sorted().map(String.init)
                lines.append("no candidate meets the SLOs at this rate with the scenario's replicas ("
                    + (counts.isEmpty ? "none ran" : counts.joined(separator: ", ")) + "): replicas were not searched — add "
                    + "--search \(SearchSpace.replicaKey)=1:N (or a range in [search]) to find the fewest that do, "
                    + "widen the other axes, or relax the SLOs")
            }
        }
        lines.append("")

        let shown = Array(candidates.indices.prefix(limit))
        var header = ["#", "P"] + keys
        if !keys.contains(SearchSpace.replicaKey) { header.append("replicas") }
        header += ["gpus", "$/h"]
        let metrics = tableMetrics
        // The objective's own column, unless the table already shows it.
        let objectiveColumn = objective.flatMap { o in o.column == "$/h" || metrics.contains { $0.name == o.column } ? nil : o }
        if let objectiveColumn { header.append(objectiveColumn.column) }
        header += metrics.map(\.name)
        header.append("status")
        var rows: [[String]] = [header]
        for i in shown {
            let c = candidates[i]
            var row = [String(i + 1), inParetoSet[i] ? "*" : ""]
            row += keys.map { key in c.settings.first { $0.key == key }?.value ?? "" }
            if !keys.contains(SearchSpace.replicaKey) { row.append(String(c.replicas)) }
            row += [String(c.gpus), c.usdPerHour.map { ServiceMetric.trimmed($0, 2) } ?? "—"]
            if let objectiveColumn { row.append(objectiveColumn.value(of: c).map { ServiceMetric.trimmed($0, 3) } ?? "—") }
            row += metrics.map { m in c.figures[m.name].map { m.format($0.mean) } ?? "—" }
            row.append(c.meetsSLOs ? "ok" : c.status.code + ": " + c.status.reason)
            rows.append(row)
        }
        lines += TextTable.render(rows, rightAligned: [], ruleAfter: [])
        if candidates.count > shown.count {
            lines.append("… \(candidates.count - shown.count) more in search.csv")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The metrics shown in the table: the SLOs', then energy and cost per token.
    var tableMetrics: [ServiceMetric] {
        var names = conditions.map(\.metric.name)
        for name in ["joules_per_output_token", "output_tokens_per_second"] where !names.contains(name) { names.append(name) }
        return names.compactMap(ServiceMetric.named)
    }
}
