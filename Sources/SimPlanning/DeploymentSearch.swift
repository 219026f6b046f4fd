import SimScenario

/// The cheapest (or fastest, most frugal, …) deployment that meets the SLOs at a target
/// arrival rate, over a ``SearchSpace`` of GPU types, TP degrees, replica counts and scheduler
/// settings.
///
/// Every setting of the non-replica axes is one *group*. A group is loaded once to check that
/// the model fits its GPUs (a setting that does not is a `does_not_fit` candidate, with the
/// reason) and that it is within the memory cap. Then its replica counts are bisected: more
/// replicas behind the router never make the SLOs harder to meet at a fixed arrival rate, so
/// the search runs the largest count, and if it meets the SLOs, bisects down to the fewest that
/// do — ⌈log₂ n⌉ + 1 evaluations instead of n. An objective that more replicas can improve
/// (latency, or a Pareto set over latency) also runs every count above that minimum.
///
/// Each evaluation runs the scenario at the target rate with `replications` seeds (s, s+1, …);
/// a candidate meets the SLOs when every SLO held at every replication (the rule of `plan`'s
/// headline rate), and its figures are the means over them. Groups run in parallel
/// on `jobs` threads; the result depends only on the inputs, never on `jobs`.
public struct DeploymentSearch: Sendable {
    public var template: ScenarioTemplate
    public var space: SearchSpace
    /// The arrival rate every candidate must sustain (requests/s).
    public var targetRate: Double
    /// The SLOs: every one must hold at every replication.
    public var conditions: [MetricCondition]
    /// What ranks the candidates that meet the SLOs; nil ranks by the Pareto set.
    public var objective: SearchCriterion?
    /// The criteria of the Pareto set (marked in every result, and the ranking when
    /// `objective` is nil).
    public var paretoCriteria: [SearchCriterion]
    public var replications: Int
    /// The most GPU memory a deployment may hold in all (GB); nil: no cap.
    public var memoryCapGB: Double?
    /// The first seed (nil: the scenario's own).
    public var seed: UInt64?

    public init(template: ScenarioTemplate, space: SearchSpace, targetRate: Double, conditions: [MetricCondition],
                objective: SearchCriterion?, paretoCriteria: [SearchCriterion], replications: Int,
                memoryCapGB: Double? = nil, seed: UInt64? = nil) {
        precondition(targetRate > 0 && targetRate.isFinite, "the target rate must be positive, got \(targetRate)")
        precondition(replications >= 1, "replications must be ≥ 1, got \(replications)")
        precondition(objective != nil || !paretoCriteria.isEmpty, "a Pareto ranking needs criteria")
        self.template = template
        self.space = space
        self.targetRate = targetRate
        self.conditions = conditions
        self.objective = objective
        self.paretoCriteria = paretoCriteria
        self.replications = replications
        self.memoryCapGB = memoryCapGB
        self.seed = seed
    }

    /// The metrics every candidate reports: the SLOs', the criteria's and a fixed set.
    public var reportedMetrics: [String] {
        var names = conditions.map(\.metric.name)
        names += SearchCriterion.metricNames(for: (objective.map { [$0] } ?? []) + paretoCriteria)
        names += ["ttft_p99", "tpot_p99", "e2e_p99", "goodput_fraction", "output_tokens_per_second",
                  "joules_per_output_token", "usd_per_million_output_tokens"]
        var seen: Set<String> = []
        return names.filter { seen.insert($0).inserted }
    }

    /// Whether the search may stop at the fewest replicas meeting the SLOs.
    var stopsAtFewestReplicas: Bool {
        if let objective { return objective.favoursFewerReplicas }
        return paretoCriteria.allSatisfy(\.favoursFewerReplicas)
    }

    /// Runs the search. `progress(done, total)` counts groups.
    ///
    /// - Throws: ``DeploymentSearchError`` when a setting does not load for a reason other than
    ///   memory (an unknown key, a value out of range: every such problem, grouped), or the
    ///   workload has no arrival rate to set.
    public func run(jobs: Int, progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in })
        throws(DeploymentSearchError) -> DeploymentSearchResult {
        let groups = space.grid.count
        // Load every setting once to report all bad input before running anything; the
        // scenarios are dropped (each holds its cost tables) and reloaded by their group.
        let loaded = ParallelMap.map(count: groups, jobs: jobs) { [self] g -> LoadCheck in
            do throws(ScenarioLoadError) {
                let scenario = try load(group: g)
                guard case .synthetic(let workload) = scenario.serving.workload, workload.closedLoop == nil, workload.stages.isEmpty else {
                    return .noArrivalRate
                }
                return .loads
            } catch {
                if case .doesNotFit = error { return .loads }
                return .invalid(error.description)
            }
        }
        var problems: [String] = []
        for (g, check) in loaded.enumerated() {
            switch check {
            case .loads: continue
            case .noArrivalRate: throw .noArrivalRate
            case .invalid(let message):
                let point = space.grid.point(g)
                problems.append("setting \(g) (\(point.assignments.joined(separator: ", "))): \(message)")
            }
        }
        guard problems.isEmpty else { throw .invalid(problems) }
        // Fewer settings than threads (a search of the replica count alone): the spare threads
        // run each candidate's replications side by side.
        let replicationJobs = max(1, jobs / groups)
        let perGroup = ParallelMap.map(count: groups, jobs: jobs, finished: progress) { [self] g in
            searchGroup(g, loaded: Result { () throws(ScenarioLoadError) in try load(group: g) }, replicationJobs: replicationJobs)
        }
        return DeploymentSearchResult(search: self, candidates: perGroup.flatMap { $0 })
    }

    /// What loading a setting showed.
    private enum LoadCheck: Sendable {
        case loads, noArrivalRate, invalid(String)
    }

    /// Group `g`'s scenario with the fewest searched replicas.
    func load(group g: Int) throws(ScenarioLoadError) -> Scenario {
        try template.load(assignments(group: g, replicas: space.replicas?.first), seed: seed)
    }

    /// The assignments of group `g` with `replicas` (nil: the scenario's own).
    func assignments(group g: Int, replicas: Int?) -> [String] {
        space.grid.point(g).assignments + (replicas.map { ["\(SearchSpace.replicaKey)=\($0)"] } ?? [])
    }

    /// Searches one group's replica counts.
    func searchGroup(_ g: Int, loaded: Result<Scenario, ScenarioLoadError>, replicationJobs: Int) -> [DeploymentCandidate] {
        let scenario: Scenario
        switch loaded {
        case .success(let s): scenario = s
        case .failure(let error):
            let reason = if case .doesNotFit(let fit) = error { fit.description } else { error.description }
            let replicas = space.replicas?.first ?? 1
            return [candidate(group: g, replicas: replicas, scenario: nil, status: .doesNotFit(reason))]
        }
        let counts = space.replicas ?? [scenario.serving.replicas]
        let gpusPerReplica = scenario.serving.gpusPerReplica
        var allowed = counts
        if let cap = memoryCapGB, let memory = scenario.hardware?.memoryGB {
            allowed = counts.filter { Double($0 * gpusPerReplica) * memory <= cap * (1 + 1e-12) }
            if allowed.isEmpty {
                let need = Double(counts[0] * gpusPerReplica) * memory
                return [candidate(group: g, replicas: counts[0], scenario: scenario, status: .overMemoryCap(
                    "\(counts[0] * gpusPerReplica) × \(ServiceMetric.trimmed(memory, 1)) GB = \(ServiceMetric.trimmed(need, 1)) GB > cap \(ServiceMetric.trimmed(cap, 1)) GB"))]
            }
        }
        var evaluated: [Int: DeploymentCandidate] = [:]
        func meets(_ index: Int) -> Bool {
            let r = allowed[index]
            if evaluated[r] == nil { evaluated[r] = evaluate(group: g, replicas: r, scenario: scenario, jobs: replicationJobs) }
            return evaluated[r]!.meetsSLOs
        }
        if meets(allowed.count - 1) {
            // Invariant: allowed[hi] meets the SLOs; every index ≤ lo is known (or assumed) not to.
            var lo = -1, hi = allowed.count - 1
            while hi - lo > 1 {
                let mid = (lo + hi) / 2
                if meets(mid) { hi = mid } else { lo = mid }
            }
            if !stopsAtFewestReplicas {
                for index in hi..<allowed.count { _ = meets(index) }
            }
        }
        var found = evaluated.keys.sorted().map { evaluated[$0]! }
        if needsSustainableRate {
            let rateSearch = MaxRateSearch(template: template, conditions: conditions, replications: replications,
                                           relativeTolerance: 0.01, seed: seed)
            for i in found.indices where found[i].meetsSLOs {
                var s = scenario
                s.serving.replicas = found[i].replicas
                found[i].sustainableRate = rateSearch.sustainableRate(of: s, startRate: targetRate, jobs: replicationJobs)
            }
        }
        return found
    }

    /// Whether the objective or a Pareto criterion ranks by each candidate's sustainable rate.
    var needsSustainableRate: Bool {
        (objective?.needsSustainableRate ?? false) || paretoCriteria.contains(where: \.needsSustainableRate)
    }

    /// Runs group `g` with `replicas` at the target rate over the replications.
    func evaluate(group g: Int, replicas: Int, scenario base: Scenario, jobs: Int) -> DeploymentCandidate {
        var scenario = base.withArrivalRate(targetRate)
        scenario.serving.replicas = replicas
        let metrics = reportedMetrics.map { ServiceMetric.named($0)! }
        let runs = ParallelMap.map(count: replications, jobs: jobs) { [scenario] r in
            let summary = ScenarioRunner.run(scenario.withSeed(base.seed &+ UInt64(r))).summary
            return metrics.map { $0.value(in: summary) }
        }
        let values = metrics.indices.map { m in runs.compactMap { $0[m] } }
        var figures: [String: MeanEstimate] = [:]
        for (m, metric) in metrics.enumerated() { figures[metric.name] = MeanEstimate(values[m]) }
        // The rule of the headline rate: a candidate meets the SLOs when every one held at
        // every replication, not on the mean.
        let misses = conditions.compactMap { condition -> String? in
            let m = metrics.firstIndex { $0.name == condition.metric.name }!
            let failing = runs.filter { run in !(run[m].map(condition.isMet(by:)) ?? false) }
            guard !failing.isEmpty else { return nil }
            let worst = failing.compactMap { $0[m] }.max { condition.comparison.isUpperBound ? $0 < $1 : $0 > $1 }
            return MetricCondition.Outcome(condition: condition, measured: worst, passed: false).description
                + " (missed at \(failing.count)/\(runs.count) replications)"
        }
        var result = candidate(group: g, replicas: replicas, scenario: base,
                               status: misses.isEmpty ? .meetsSLOs : .missesSLOs(misses.joined(separator: "; ")))
        result.replications = replications
        result.figures = figures
        return result
    }

    /// A candidate without figures.
    func candidate(group g: Int, replicas: Int, scenario: Scenario?, status: DeploymentCandidate.Status) -> DeploymentCandidate {
        let point = space.grid.point(g)
        var settings = zip(point.keys, point.values).map { (key: $0, value: $1) }
        if space.replicas != nil { settings.append((key: SearchSpace.replicaKey, value: String(replicas))) }
        let gpus = replicas * (scenario?.serving.gpusPerReplica ?? 1)
        let hardware = scenario?.hardware
        let pools = scenario?.serving.disaggregation  // prefill and decode pools: each its own GPUs and price
        return DeploymentCandidate(
            groupIndex: g, settings: settings, replicas: replicas, gpus: pools?.gpus ?? gpus,
            hardware: pools?.hardwareLabel ?? hardware?.name,
            totalMemoryGB: pools?.memoryGB ?? hardware.map { Double(gpus) * $0.memoryGB },
            usdPerHour: pools?.usdPerHour ?? hardware.map { Double(gpus) * $0.costPerHour },
            status: status, replications: 0, figures: [:])
    }
}

/// Why a deployment search could not run.
public enum DeploymentSearchError: Error, Sendable, CustomStringConvertible {
    /// Settings that do not load (bad keys or values), one line each.
    case invalid([String])
    /// The workload replays a trace, runs closed-loop clients or load stages: there is no one
    /// rate to set.
    case noArrivalRate

    public var description: String {
        switch self {
        case .invalid(let problems):
            "the search has settings that do not load:\n" + problems.map { "  " + $0.replacingOccurrences(of: "\n", with: "\n    ") }.joined(separator: "\n")
        case .noArrivalRate:
            "the search needs a workload with one arrival rate (workload.arrival); this one replays a trace, runs closed-loop clients or runs workload.stages"
        }
    }
}
