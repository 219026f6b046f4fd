import ArgumentParser
import Foundation
import SimServeKit

/// `simserve plan`: the maximum sustainable arrival rate under SLOs, or (with `--search`) the
/// best deployment meeting them at a target rate.
struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find the maximum rate a deployment sustains under SLOs, or the cheapest deployment for a rate.",
        discussion: """
            Bisects workload.arrival.rate, from the scenario's own rate, until every SLO just \
            holds; each of --replications seeds is bisected on its own (the same random draws at \
            every rate). The headline is the rate at which every SLO held at every replication \
            (the lowest seed's rate, checked by running each seed there and lowered until all \
            pass); the mean of the seeds' rates with its 95% Student t interval is shown beside \
            it, and each SLO's figure at the headline rate, replication by replication. An SLO is METRIC=LIMIT \
            (no worse than: ttft_p99=500ms, goodput_fraction=0.95) or METRIC OP LIMIT with OP one \
            of <, <=, >, >= (goodput>=95%). Metrics: {ttft,tpot,itl,e2e,queue_delay}_{mean,p50,\
            p90,p95,p99,max}, goodput_fraction, goodput_rps, throughput_rps, rejected_fraction, \
            usd_per_million_output_tokens, … (docs/sweeps.md). Without --slo the scenario's \
            [assert] table is used.

            With --search (or a [search] table in the scenario) it searches deployments instead: \
            every combination of the searched settings (hardware=a100-80gb,h100-sxm \
            cluster.tp=1,2,4 scheduler.max_batch_size=64,256, written like sweep's --set) runs at \
            --rate with --replications seeds; with a cluster.replicas axis (cluster.replicas=1:16) \
            the fewest replicas meeting the SLOs are found by bisection for each, without one each \
            keeps the scenario's replicas; a candidate meets them when every SLO held at every \
            replication. Candidates are ranked by --objective: cost ($/h), energy (J per output \
            token), latency (the first latency SLO's metric at the rate; within 2% of the best is \
            a tie, broken by cost), throughput (the sustainable rate per GPU, searched per \
            candidate), throughput_per_usd (per $/h), pareto, or a metric name; the table shows \
            the column it ranks by, and the Pareto set over --pareto is marked. Writes search.csv and search.json to --out.
            """)

    @OptionGroup var scenario: ScenarioOptions

    @Option(name: .customLong("slo"), help: ArgumentHelp("A service-level objective (repeatable).", valueName: "metric=limit"))
    var slos: [String] = []

    @Option(parsing: .unconditional, help: "Independent seeds: each bisected for the max rate (default 5), or run per search candidate (default 3).")
    var replications: Int?

    @Option(help: ArgumentHelp("Stop bisecting when the bracket is within this share of the rate.", valueName: "percent"))
    var tolerance = "0.5%"

    @Option(parsing: .unconditional, help: "Seeds bisected at once (default: every core).")
    var jobs: Int?

    @Flag(help: "Print the result as JSON.")
    var json = false

    @Flag(help: "Show the progress bar even when stderr is not a terminal.")
    var progress = false

    @OptionGroup var deployment: DeploymentSearchOptions

    func run() throws {
        if try deployment.isRequested(scenarioPath: scenario.scenario) {
            return try runDeploymentSearch()
        }
        let replications = self.replications ?? 5
        let search: MaxRateSearch
        do {
            try InputChecks.replications(replications)
            try InputChecks.jobs(jobs)
            try InputChecks.distinctKeys(scenario.assignments, option: "--set")
            let relative = try CITarget.parseRelative(tolerance, option: "--tolerance")
            let template = try loadTemplate(scenario.scenario, baseAssignments: scenario.assignments)
            let conditions = try sloConditions()
            search = MaxRateSearch(template: template, conditions: conditions, replications: replications,
                                   relativeTolerance: relative, seed: scenario.seed)
        } catch let error as PlanningInputError {
            printError(error.description)
            throw ExitCode(2)
        }
        let bar = ProgressBar(label: "seeds bisected", forced: progress)
        let result: MaxRateResult
        do {
            result = try search.run(jobs: jobs ?? ParallelMap.availableCores, progress: bar.update)
        } catch {
            printError(error.description)
            switch error {
            case .scenario, .noArrivalRate: throw ExitCode(2)
            case .neverMet, .alwaysMet: throw ExitCode(1)
            }
        }
        print(json ? result.json.serialized() : result.rendered(), terminator: "")
        // How far runs like this deployment held against published measurements.
        if !json, let line = try? HeldOutErrors.line(for: search.template.load()) { print(line, terminator: "") }
    }

    /// The `--slo` conditions, or the scenario's `[assert]` table when none is given.
    func sloConditions() throws -> [MetricCondition] {
        var conditions = try slos.map { try MetricCondition(parsing: $0) }
        if conditions.isEmpty {
            conditions = try scenario.load().assertions
            guard !conditions.isEmpty else {
                throw PlanningInputError(option: "--slo", "no SLO given; add --slo ttft_p99=500ms (repeatable) or an [assert] table to the scenario")
            }
        }
        return conditions
    }
}
