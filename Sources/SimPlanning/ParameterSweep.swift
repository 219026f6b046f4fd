import SimScenario
import SimSupport

/// A sweep: one scenario run at every point of a grid of overrides, each point replicated with
/// seeds seed, seed+1, …, its summary flattened into one table row.
///
///     let sweep = ParameterSweep(template: try ScenarioTemplate(path: "Scenarios/chat.toml"),
///                                grid: try SweepGrid([SweepParameter(parsing: "workload.arrival.rate=2:8:2")]),
///                                replications: 3)
///     let rows = sweep.run(indices: Array(0..<sweep.grid.count), jobs: 2)
///
/// Rows depend only on the scenario, the grid, the seed and the replication settings — not on
/// `jobs`, nor on which shard ran them — so slices merged equal the whole.
public struct ParameterSweep: Sendable {
    public var template: ScenarioTemplate
    public var grid: SweepGrid
    /// Replications per point (at least 1); with a CI target, the number to start from.
    public var replications: Int
    /// Add replications to a point until this metric's interval is narrow enough.
    public var ciTarget: CITarget?
    /// The first seed (nil: the scenario's own).
    public var seed: UInt64?
    /// The summary columns of every row: those of the scenario's classes and tenants.
    public let summaryKeys: [String]

    public init(template: ScenarioTemplate, grid: SweepGrid, replications: Int = 1, ciTarget: CITarget? = nil,
                seed: UInt64? = nil) {
        precondition(replications >= 1, "replications must be ≥ 1, got \(replications)")
        self.template = template
        self.grid = grid
        self.replications = replications
        self.ciTarget = ciTarget
        self.seed = seed
        summaryKeys = SummaryColumns.schemaKeys(scenarioTOML: template.toml, assignments: template.baseAssignments)
    }

    /// Whether rows carry `….ci95` columns.
    public var reportsIntervals: Bool { replications > 1 || ciTarget != nil }

    /// Loads every point of `indices` without running it and describes each problem that is the
    /// user's to fix (an unknown key, a value out of range), grouping points with the same
    /// problem. A deployment that does not fit its GPUs is not a problem here: its row says so.
    public func problems(indices: [Int], jobs: Int, sizeLimits: RunSizeEstimate.Limits? = nil) -> [String] {
        let found = ParallelMap.map(count: indices.count, jobs: jobs) { [self] k -> String? in
            do throws(ScenarioLoadError) {
                let scenario = try template.load(grid.point(indices[k]).assignments, seed: seed)
                return sizeLimits.flatMap { RunSizeEstimate(scenario.serving).refusal($0) }
            } catch {
                if case .doesNotFit = error { return nil }
                return error.description
            }
        }
        var messages: [String] = [], firstPoint: [String: Int] = [:], others: [String: Int] = [:]
        for (k, message) in found.enumerated() {
            guard let message else { continue }
            if firstPoint[message] == nil {
                firstPoint[message] = indices[k]
                messages.append(message)
            } else {
                others[message, default: 0] += 1
            }
        }
        return messages.map { message in
            let point = grid.point(firstPoint[message]!)
            let setting = point.assignments.isEmpty ? "" : " (" + point.assignments.joined(separator: ", ") + ")"
            let more = others[message].map { " and \($0) other point\($0 == 1 ? "" : "s")" } ?? ""
            return "point \(point.index)\(setting)\(more): \(message)"
        }
    }

    /// Runs the points at `indices` on `jobs` threads; one row each, in the order of `indices`.
    /// `progress(done, total)` follows the points as they finish.
    public func run(indices: [Int], jobs: Int,
                    progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }) -> [SweepRow] {
        ParallelMap.map(count: indices.count, jobs: jobs, finished: progress) { [self] k in
            runPoint(grid.point(indices[k]))
        }
    }

    /// Runs one point with its replications.
    public func runPoint(_ point: SweepPoint) -> SweepRow {
        let first: Scenario
        do {
            first = try template.load(point.assignments, seed: seed)
        } catch {
            let columns = rowPrefix(point: point, seed: seed.map { .int(Int(truncatingIfNeeded: $0)) } ?? .null,
                                    replications: .int(0), status: .string(Self.status(of: error)), targetMet: .null)
            return SweepRow(index: point.index,
                            columns: columns + SummaryColumns.nullColumns(keys: summaryKeys, intervals: reportsIntervals))
        }
        var runs: [[(String, JSONValue)]] = []
        var targetValues: [Double] = []
        var targetMet: Bool?
        while true {
            let r = UInt64(runs.count)
            var scenario = first
            if r > 0 {
                do {
                    scenario = try template.load(point.assignments, seed: first.seed &+ r)
                } catch {
                    preconditionFailure("point \(point.index) loads with seed \(first.seed) but not with seed \(first.seed &+ r): \(error)")
                }
            }
            let result = ScenarioRunner.run(scenario)
            runs.append(SummaryColumns.columns(of: result, scenario: scenario))
            guard let ciTarget else {
                if runs.count >= replications { break } else { continue }
            }
            if let value = ciTarget.metric.value(in: result.summary) { targetValues.append(value) }
            guard runs.count >= replications else { continue }
            let relative = MeanEstimate(targetValues)?.relativeHalfWidth()
            targetMet = runs.count >= ciTarget.minReplications && (relative.map { $0 <= ciTarget.relativeHalfWidth } ?? false)
            // Two or three replications can agree by chance: the target counts only from the
            // stated minimum on.
            if (targetMet == true && runs.count >= ciTarget.minReplications) || runs.count >= ciTarget.maxReplications { break }
        }
        let columns = rowPrefix(point: point, seed: .int(Int(truncatingIfNeeded: first.seed)),
                                replications: .int(runs.count), status: .string("ok"),
                                targetMet: targetMet.map(JSONValue.bool) ?? .null)
        let summary = SummaryColumns.combine(runs, intervals: reportsIntervals)
        return SweepRow(index: point.index,
                        columns: columns + SummaryColumns.project(summary, onto: summaryKeys, intervals: reportsIntervals))
    }

    /// The columns before the summary: `point`, the swept keys, `seed`, `replications`,
    /// `status` and, with a CI target, `ci_target_met`. A nil point gives nulls (for the header).
    func rowPrefix(point: SweepPoint?, seed: JSONValue, replications: JSONValue, status: JSONValue,
                   targetMet: JSONValue) -> [(String, JSONValue)] {
        var columns: [(String, JSONValue)] = [("point", point.map { .int($0.index) } ?? .null)]
        for (p, parameter) in grid.parameters.enumerated() {
            columns.append((parameter.key, point.map { SweepRow.typedValue($0.values[p]) } ?? .null))
        }
        columns += [("seed", seed), ("replications", replications), ("status", status)]
        if ciTarget != nil { columns.append(("ci_target_met", targetMet)) }
        return columns
    }

    /// The CSV header of every row of this sweep.
    public var csvHeader: String {
        let columns = rowPrefix(point: nil, seed: .null, replications: .null, status: .null, targetMet: .null)
        return SweepRow(index: 0, columns: columns + SummaryColumns.nullColumns(keys: summaryKeys, intervals: reportsIntervals)).csvHeader
    }

    /// The status of a point whose scenario did not load: `does_not_fit: …` for a deployment
    /// too big for its GPUs (the only load failure `problems` lets through).
    static func status(of error: ScenarioLoadError) -> String {
        if case .doesNotFit(let fit) = error { return "does_not_fit: \(fit.description)" }
        return "invalid: \(error.description)"
    }
}

/// The stopping rule `--ci-target 2%`: replicate a point until the 95% half-width of `metric`
/// is at most `relativeHalfWidth` of its mean after at least `minReplications`, or
/// `maxReplications` have run.
public struct CITarget: Sendable {
    public var metric: ServiceMetric
    public var relativeHalfWidth: Double
    public var maxReplications: Int
    /// The fewest replications before the target may count as met: with two or three, the
    /// sample deviation is itself so uncertain that two close values by chance end the search
    /// (`--min-replications`).
    public var minReplications: Int

    /// The default `--min-replications`.
    public static let defaultMinReplications = 5

    public init(metric: ServiceMetric, relativeHalfWidth: Double, maxReplications: Int,
                minReplications: Int = CITarget.defaultMinReplications) {
        precondition(relativeHalfWidth > 0 && maxReplications >= 2, "a CI target needs a positive width and ≥ 2 replications")
        precondition(minReplications >= 2 && minReplications <= maxReplications, "2 ≤ minReplications ≤ maxReplications")
        self.metric = metric
        self.relativeHalfWidth = relativeHalfWidth
        self.maxReplications = maxReplications
        self.minReplications = minReplications
    }

    /// Parses `2%` or `0.02`.
    public static func parseRelative(_ text: String, option: String = "--ci-target") throws(PlanningInputError) -> Double {
        let t = text.strippingBlanks
        let value = t.hasSuffix("%") ? Double(t.dropLast().strippingBlanks).map { $0 / 100 } : Double(t)
        guard let value, value > 0, value < 1 else {
            throw PlanningInputError(option: option, "'\(text)' is not a relative width; expected a percentage such as 2% or a fraction in (0, 1) such as 0.02")
        }
        return value
    }
}
