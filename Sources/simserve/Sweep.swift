import ArgumentParser
import Foundation
import SimServeKit

/// `simserve sweep`: a scenario at every point of a grid of overrides, in parallel, one row per
/// point in sweep.csv and sweep.jsonl.
struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a scenario over a grid of settings and write one row per point (CSV and JSONL).",
        discussion: """
            Every --set is an axis (added to those of a [sweep] table in the scenario, replacing \
            one with the same key): a list (cluster.tp=1,2,4), a range with both ends included \
            (workload.arrival.rate=10:100:10, scheduler.batching_window=0ms:20ms:5ms) or one value. \
            The grid is their cartesian product, the first --set varying slowest. Each row holds \
            the point's settings and every figure of the run's summary (latency_seconds.ttft.p99, \
            …); with --replications R each figure is the mean over seeds seed…seed+R−1 followed by \
            its 95% confidence half-width (….ci95). --shard i/n runs points k with k mod n = i; \
            `simserve merge` joins the slices into the unsharded output. See docs/sweeps.md.
            """)

    @OptionGroup var scenario: ScenarioOptions

    @OptionGroup var size: RunSizeOptions

    @Option(parsing: .unconditional, help: "Independent replications per point (seeds seed, seed+1, …).")
    var replications = 1

    @Option(name: .customLong("ci-target"), help: ArgumentHelp(
        "Add replications to a point until the 95% half-width of --ci-metric is within this share of its mean (e.g. 2%).",
        valueName: "percent"))
    var ciTarget: String?

    @Option(name: .customLong("ci-metric"), help: "The metric --ci-target applies to.")
    var ciMetric = "ttft_p99"

    @Option(name: .customLong("max-replications"), help: "The most replications --ci-target may run per point.")
    var maxReplications = 30

    @Option(name: .customLong("min-replications"), help: "The fewest replications before --ci-target may count as met (≥ 2).")
    var minReplications = CITarget.defaultMinReplications

    @Option(parsing: .unconditional, help: "Points simulated at once (default: every core).")
    var jobs: Int?

    @Option(help: ArgumentHelp("Run only slice i of n (0 ≤ i < n): the points k with k mod n = i.", valueName: "i/n"))
    var shard: String?

    @Option(help: "Directory for sweep.csv, sweep.jsonl and sweep-manifest.json (default results/<scenario>-sweep).")
    var out: String?

    @Flag(help: "Show the progress bar even when stderr is not a terminal.")
    var progress = false

    func run() throws {
        let sweep: ParameterSweep
        let slice: Shard
        do {
            try InputChecks.distinctKeys(scenario.assignments, option: "--set")
            let template = try loadTemplate(scenario.scenario)
            let fromFile = try SweepTable.parameters(of: template, section: "sweep")
            let grid = try SweepGrid(SweepTable.merging(fromFile, with: scenario.assignments.map(SweepParameter.init(parsing:))))
            slice = try shard.map(Shard.init(parsing:)) ?? .all
            try InputChecks.replications(replications)
            try InputChecks.jobs(jobs)
            try InputChecks.replications(maxReplications, option: "--max-replications")
            try InputChecks.gridSize(points: (grid.count + slice.count - 1) / slice.count,
                                     replications: ciTarget == nil ? replications : maxReplications, option: "--set")
            try InputChecks.outputDirectory(out ?? "results/" + template.defaultName + "-sweep")
            var target: CITarget?
            if let ciTarget {
                guard let metric = ServiceMetric.named(ciMetric) else {
                    throw PlanningInputError(option: "--ci-metric", MetricCondition.unknownMetricMessage(ciMetric))
                }
                guard maxReplications >= max(2, replications) else {
                    throw PlanningInputError(option: "--max-replications", "must be ≥ 2 and ≥ --replications (\(replications)), got \(maxReplications)")
                }
                let minimum = max(minReplications, replications)
                guard minReplications >= 2, minimum <= maxReplications else {
                    throw PlanningInputError(option: "--min-replications", "must be ≥ 2 and ≤ --max-replications (\(maxReplications)), got \(minReplications)")
                }
                target = CITarget(metric: metric, relativeHalfWidth: try CITarget.parseRelative(ciTarget),
                                  maxReplications: maxReplications, minReplications: minimum)
                var stderr = StandardError()
                print("--ci-target \(ciTarget) on \(metric.name): at least \(minimum), at most \(maxReplications) replications per point", to: &stderr)
            }
            sweep = ParameterSweep(template: template, grid: grid, replications: replications, ciTarget: target,
                                   seed: scenario.seed)
        } catch let error as PlanningInputError {
            printError(error.description)
            throw ExitCode(2)
        }
        let jobs = self.jobs ?? ParallelMap.availableCores
        let indices = sweep.grid.indices(in: slice)
        let limits: RunSizeEstimate.Limits
        do { limits = try size.limits() } catch { throw error.exit() }
        let problems = sweep.problems(indices: indices, jobs: jobs, sizeLimits: limits)
        guard problems.isEmpty else {
            printError("the sweep has points that do not load:\n" + problems.map { "  " + $0.replacingOccurrences(of: "\n", with: "\n    ") }.joined(separator: "\n"))
            throw ExitCode(2)
        }

        let started = Date()
        let bar = ProgressBar(label: "points", forced: progress)
        let rows = sweep.run(indices: indices, jobs: jobs, progress: bar.update)
        let directory = out ?? "results/" + sweep.template.defaultName + "-sweep"
        do {
            try SweepFiles(sweep: sweep, shard: slice, rows: rows).write(to: directory)
        } catch {
            printError(error.description)
            throw ExitCode(1)
        }
        print(SweepSummary.render(rows: rows, parameters: sweep.grid.parameters.map(\.key)), terminator: "")
        let unfit = rows.filter { $0["status"] != .string("ok") }.count
        let notes = (slice == .all ? "" : " (shard \(slice) of \(sweep.grid.count) points)")
            + (unfit > 0 ? " · \(unfit) point\(unfit == 1 ? "" : "s") did not fit (status column)" : "")
        var stderr = StandardError()
        print(String(format: "(%d points%@ in %.1f s on %d thread%@ · wrote %@/sweep.csv, sweep.jsonl)", rows.count, notes,
                     Date().timeIntervalSince(started), min(jobs, max(1, rows.count)), jobs == 1 ? "" : "s", directory),
              to: &stderr)
    }
}

/// Reads a scenario file for a planning command, or prints why not and exits with status 2.
func loadTemplate(_ path: String, baseAssignments: [String] = []) throws -> ScenarioTemplate {
    do {
        return try ScenarioTemplate(path: path, baseAssignments: baseAssignments)
    } catch {
        printError(error.description)
        throw ExitCode(2)
    }
}
