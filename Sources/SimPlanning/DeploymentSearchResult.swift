import Foundation
import SimScenario
import SimSupport

/// The answer of ``DeploymentSearch``: every candidate it ran (or found not to fit), ranked,
/// with the Pareto set of those meeting the SLOs marked.
///
/// Ranking: candidates meeting the SLOs first — by the objective (ties: cost, then GPUs, then
/// the Pareto criteria in turn, then grid order; values within the objective's ``SearchCriterion/tieBand``
/// of the best are a tie), or, for a Pareto ranking, the Pareto set first, each part by the first
/// criterion — then those missing an SLO, over the memory cap, and not fitting, in grid order.
public struct DeploymentSearchResult: Sendable {
    public var targetRate: Double
    public var conditions: [MetricCondition]
    /// The objective's name, or `pareto`.
    public var objectiveName: String
    /// The objective (nil for a Pareto ranking).
    public var objective: SearchCriterion?
    public var paretoCriteria: [SearchCriterion]
    /// The keys of the searched axes (`cluster.replicas` last when searched).
    public var keys: [String]
    public var metricNames: [String]
    /// The candidates, best first.
    public var candidates: [DeploymentCandidate]
    /// Whether `candidates[i]` is in the Pareto set of those meeting the SLOs.
    public var inParetoSet: [Bool]
    /// Settings in the grid (without the replica axis).
    public var settingsSearched: Int

    init(search: DeploymentSearch, candidates: [DeploymentCandidate]) {
        targetRate = search.targetRate
        conditions = search.conditions
        objectiveName = search.objective?.name ?? "pareto"
        objective = search.objective
        paretoCriteria = search.paretoCriteria
        keys = search.space.grid.parameters.map(\.key) + (search.space.replicas == nil ? [] : [SearchSpace.replicaKey])
        metricNames = search.reportedMetrics
        settingsSearched = search.space.grid.count

        let vectors: [[Double]?] = candidates.map { c in
            guard c.meetsSLOs else { return nil }
            let values = search.paretoCriteria.map { $0.cost(of: c) }
            return values.contains { $0 == nil } ? nil : values.map { $0! }
        }
        let eligible = vectors.indices.filter { vectors[$0] != nil }
        let front = Set(ParetoFront.indices(of: eligible.map { vectors[$0]! }).map { eligible[$0] })

        let primary = search.objective ?? search.paretoCriteria[0]
        let cost = SearchCriterion.cost
        // The best objective value among the solutions, and the band that ties with it.
        let bestPrimary = candidates.filter(\.meetsSLOs).compactMap { primary.cost(of: $0) }.min()
        func primaryKey(_ c: DeploymentCandidate) -> Double {
            guard let v = primary.cost(of: c) else { return .infinity }
            if primary.tieBand > 0, let best = bestPrimary, v <= best + primary.tieBand * abs(best) { return best }
            return v
        }
        func statusRank(_ c: DeploymentCandidate) -> Int {
            switch c.status {
            case .meetsSLOs: 0
            case .missesSLOs: 1
            case .overMemoryCap: 2
            case .doesNotFit: 3
            }
        }
        func key(_ i: Int) -> [Double] {
            let c = candidates[i]
            let rank = Double(statusRank(c))
            guard c.meetsSLOs else { return [rank, Double(c.groupIndex), Double(c.replicas)] }
            let paretoRank: Double = search.objective == nil ? (front.contains(i) ? 0 : 1) : 0
            return [rank, paretoRank, primaryKey(c), cost.cost(of: c) ?? .infinity, Double(c.gpus)]
                + search.paretoCriteria.map { $0.cost(of: c) ?? .infinity } + [Double(c.groupIndex), Double(c.replicas)]
        }
        let order = candidates.indices.sorted { a, b in key(a).lexicographicallyPrecedes(key(b)) }
        self.candidates = order.map { candidates[$0] }
        inParetoSet = order.map { front.contains($0) }
    }

    /// The best candidate meeting the SLOs, if any.
    public var best: DeploymentCandidate? { candidates.first { $0.meetsSLOs } }

    /// The Pareto set, in ranking order.
    public var paretoSet: [DeploymentCandidate] { zip(candidates, inParetoSet).filter(\.1).map(\.0) }

    /// The candidate's row: rank, Pareto flag, status, settings, resources, then each metric's
    /// mean and 95% half-width.
    func columns(_ i: Int) -> [(String, JSONValue)] {
        let c = candidates[i]
        var columns: [(String, JSONValue)] = [
            ("rank", .int(i + 1)), ("pareto", .bool(inParetoSet[i])), ("status", .string(c.status.code)),
            ("reason", c.status.reason.isEmpty ? .null : .string(c.status.reason)),
        ]
        for key in keys {
            columns.append((key, c.settings.first { $0.key == key }.map { SweepRow.typedValue($0.value) } ?? .null))
        }
        if !keys.contains(SearchSpace.replicaKey) { columns.append((SearchSpace.replicaKey, .int(c.replicas))) }
        columns += [("gpus", .int(c.gpus)), ("hardware", c.hardware.map(JSONValue.string) ?? .null),
                    ("total_memory_gb", .number(c.totalMemoryGB)), ("usd_per_hour", .number(c.usdPerHour)),
                    ("replications", .int(c.replications)),
                    ("objective_value", .number(objective?.value(of: c))),
                    ("sustainable_rate", .number(c.sustainableRate))]
        for name in metricNames {
            let e = c.figures[name]
            columns += [(name, .number(e?.mean)), (name + ".ci95", .number(e?.halfWidth()))]
        }
        return columns
    }

    /// `search.csv`: a header and one line per candidate, best first.
    public var csv: String {
        guard !candidates.isEmpty else { return "" }
        let rows = candidates.indices.map { SweepRow(index: $0, columns: columns($0)) }
        return ([rows[0].csvHeader] + rows.map(\.csvLine)).joined(separator: "\n") + "\n"
    }

    /// `search.json` (and `simserve plan --search … --json`).
    public var json: JSONValue {
        .object([
            ("target_rate", .number(targetRate)),
            ("objective", .string(objectiveName)),
            ("objective_column", objective.map { .string($0.column) } ?? .null),
            ("pareto_criteria", .array(paretoCriteria.map { .string($0.name) })),
            ("slos", .array(conditions.map { .string($0.description) })),
            ("settings_searched", .int(settingsSearched)),
            ("best", best.map { .string($0.label) } ?? .null),
            ("candidates", .array(candidates.indices.map { .object(columns($0)) })),
        ])
    }

    /// Writes `search.csv` and `search.json` into `directory` (created if missing).
    public func write(to directory: String) throws(OutputError) {
        try OutputFile.createDirectory(directory)
        for (name, text) in [("search.csv", csv), ("search.json", json.serialized())] {
            try OutputFile.write(text, to: directory + "/" + name)
        }
    }
}
