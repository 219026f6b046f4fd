import ArgumentParser
import Foundation
import SimServeKit

/// The options of `simserve plan`'s deployment search.
struct DeploymentSearchOptions: ParsableArguments {
    @Option(name: .customLong("search"), help: ArgumentHelp(
        "A deployment choice to search, as sweep's --set: hardware=a100-80gb,h100-sxm, cluster.tp=1,2,4, cluster.replicas=1:8 (repeatable).",
        valueName: "key.path=values"))
    var axes: [String] = []

    @Option(parsing: .unconditional, help: ArgumentHelp("The arrival rate every candidate must sustain, requests/s (default: the scenario's).", valueName: "req/s"))
    var rate: Double?

    @Option(help: ArgumentHelp("What ranks the candidates meeting the SLOs: cost ($/h), energy (J/token), latency (the first latency SLO's metric at the rate), throughput (sustainable req/s per GPU), throughput_per_usd (per $/h), pareto, or a metric name.", valueName: "objective"))
    var objective = "cost"

    @Option(help: ArgumentHelp("The criteria of the Pareto set, comma-separated.", valueName: "criteria"))
    var pareto = "cost,ttft_p99,energy"

    @Option(name: .customLong("memory-cap"), parsing: .unconditional, help: ArgumentHelp("The most GPU memory a candidate may hold in all (e.g. 320GB, 1.5TB).", valueName: "size"))
    var memoryCap: String?

    @Option(parsing: .unconditional, help: "Rows of the ranked table printed.")
    var top = 20

    @Option(help: "Directory for search.csv and search.json (default results/<scenario>-search).")
    var out: String?

    @Flag(inversion: .prefixedNo, help: "Also find the best candidate's maximum sustainable rate, with a confidence interval.")
    var headroom = true

    /// Whether `plan` searches deployments: `--search` given, or a `[search]` table in the file.
    func isRequested(scenarioPath: String) throws -> Bool {
        if !axes.isEmpty { return true }
        guard let template = try? ScenarioTemplate(path: scenarioPath) else { return false }
        return (try? SweepTable.parameters(of: template, section: "search").isEmpty == false) ?? true
    }
}

extension Plan {
    /// `simserve plan --search …`: the best deployment meeting the SLOs at the target rate.
    func runDeploymentSearch() throws {
        let search: DeploymentSearch
        let options = deployment
        do {
            let replications = self.replications ?? 3
            try InputChecks.replications(replications)
            try InputChecks.jobs(jobs)
            try InputChecks.distinctKeys(scenario.assignments, option: "--set")
            try InputChecks.distinctKeys(options.axes, option: "--search")
            guard options.top >= 1 else { throw PlanningInputError(option: "--top", "must be ≥ 1, got \(options.top)") }
            let template = try loadTemplate(scenario.scenario, baseAssignments: scenario.assignments)
            let fromFile = try SweepTable.parameters(of: template, section: "search")
            var given: [SweepParameter] = []
            for axis in options.axes {
                do throws(PlanningInputError) {
                    given.append(try SweepParameter(parsing: axis))
                } catch {
                    throw PlanningInputError(option: "--search", error.message)
                }
            }
            let space = try SearchSpace(SweepTable.merging(fromFile, with: given))
            try InputChecks.gridSize(points: space.grid.count * (space.replicas?.count ?? 1), replications: replications,
                                     option: "--search")
            try InputChecks.outputDirectory(options.out ?? "results/" + template.defaultName + "-search")
            let conditions = try sloConditions()
            let paretoCriteria = try options.pareto.split(separator: ",").map {
                try SearchCriterion.named($0.trimmingCharacters(in: .whitespaces), option: "--pareto",
                                          sloMetrics: conditions.map(\.metric.name))
            }
            guard !paretoCriteria.isEmpty else { throw PlanningInputError(option: "--pareto", "give at least one criterion") }
            let objective = options.objective == "pareto" ? nil : try SearchCriterion.named(options.objective, option: "--objective",
                                                                                                    sloMetrics: conditions.map(\.metric.name))
            let rate: Double
            if let given = options.rate {
                try InputChecks.rate(given)
                rate = given
            } else {
                rate = try DeploymentSearch.defaultTargetRate(of: scenario.load())
            }
            search = DeploymentSearch(
                template: template, space: space, targetRate: rate, conditions: conditions, objective: objective,
                paretoCriteria: paretoCriteria, replications: replications,
                memoryCapGB: try options.memoryCap.map(DeploymentSearch.gigabytes), seed: scenario.seed)
        } catch let error as PlanningInputError {
            printError(error.description)
            throw ExitCode(2)
        }
        let jobs = self.jobs ?? ParallelMap.availableCores
        let started = Date()
        let bar = ProgressBar(label: "settings searched", forced: progress)
        let result: DeploymentSearchResult
        do {
            result = try search.run(jobs: jobs, progress: bar.update)
        } catch {
            printError(error.description)
            throw ExitCode(2)
        }
        let directory = options.out ?? "results/" + search.template.defaultName + "-search"
        do {
            try result.write(to: directory)
        } catch {
            printError(error.description)
            throw ExitCode(1)
        }
        if json {
            print(result.json.serialized(), terminator: "")
        } else {
            print(result.rendered(limit: options.top), terminator: "")
            // How far runs like the best candidate held against published measurements.
            if let best = result.best, let line = try? HeldOutErrors.line(for: search.template.load(best.assignments)) {
                print("\nbest candidate (\(best.label)):\n" + line, terminator: "")
            }
        }
        fflush(nil)  // the table before the timing line on stderr
        var stderr = StandardError()
        print(String(format: "(searched in %.1f s on %d thread%@ · wrote %@/search.csv, search.json)",
                     Date().timeIntervalSince(started), jobs, jobs == 1 ? "" : "s", directory), to: &stderr)
        if options.headroom, !json, let best = result.best {
            let maxRate = search.headroom(of: best)
            print("\nheadroom of the best candidate (\(best.label)):")
            do {
                print(try maxRate.run(jobs: jobs).rendered(), terminator: "")
            } catch {
                print("  " + error.description)
            }
        }
        if result.best == nil { throw ExitCode(1) }
    }
}
