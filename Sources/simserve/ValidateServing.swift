import ArgumentParser
import Foundation
import SimServeKit

/// `simserve validate serving`: whole runs against published measurements of real serving.
struct ValidateServing: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serving",
        abstract: "Simulate published serving measurements (data/serving/points.csv) and report the error per metric.",
        discussion: """
            Each point with Poisson arrivals, a preset model and GPU and known lengths becomes a \
            scenario (model, GPU, TP, engine, rate, request count, lengths); its TTFT, ITL and E2E \
            medians and request throughput are compared with the measured ones. --fit refits the \
            engine terms that kernel benchmarks cannot see (CPU time per step, all-reduce skew per \
            peer GPU, each engine's prefill host time per layer and per iteration, eager decode \
            step, request overhead) on the fit points only and reports the held-out points with them; without it \
            the engine presets' own figures are used.
            """)

    @Option(help: "The points file.")
    var points: String = "data/serving/points.csv"

    @Flag(help: "Fit the engine terms on the fit points first (else the presets' figures).")
    var fit = false

    @Option(help: "Write the markdown report to this file (default: print it).")
    var markdown: String?

    @Option(name: .customLong("held-out-errors"), help: ArgumentHelp(
        "Also write each held-out point's errors (engine, GPU, TP; step time, TTFT, output tokens/s) as CSV to this file.",
        discussion: "The table `simserve run` quotes (scripts/held-out-errors.sh builds it into the binary)."))
    var heldOutErrorsPath: String?

    @Option(name: .customLong("set"), help: ArgumentHelp(
        "Lay KEY=VALUE over every point's scenario, as `simserve run --set` (repeatable).",
        discussion: "To try a figure on the points without a new build, e.g. --set 'hardware.fp8_compute_efficiency=0.7' with --points naming a file of the points it concerns. Not in the scenario --scenario prints."))
    var assignments: [String] = []

    @Option(name: .customLong("scenario"), help: ArgumentHelp(
        "Print the scenario built for the point with this id (TOML; with --fit, with the fitted terms) and exit.",
        discussion: "It names its length files relative to the points file's folder: save it there to run it."))
    var scenarioOf: String?

    func run() throws {
        do {
            let directory = URL(fileURLWithPath: points).deletingLastPathComponent().path
            var scenarios = try ServingPoint.read(path: points).compactMap(ServingPointScenario.init)
                .map { var scenario = $0; scenario.dataDirectory = directory; return scenario }
            guard !scenarios.isEmpty else { throw ServingValidationError.noPoints(path: points) }
            if let problem = ServingValidation.assignmentError(assignments, on: scenarios) {
                printError(problem)
                throw ExitCode(2)
            }
            scenarios = scenarios.map { var scenario = $0; scenario.assignments = assignments; return scenario }
            // The point to print, looked up before any fit so that an unknown id fails at once.
            let printed = try scenarioOf.map { id in
                guard let scenario = scenarios.first(where: { $0.point.id == id }) else {
                    throw ServingValidationError.unknownPoint(path: points, id: id)
                }
                return ServingValidation.contextFitted(scenario) ?? scenario
            }
            // Every point's context limit as its server's must have been (only the printed one's
            // when printing one).
            if printed == nil { scenarios = scenarios.map { ServingValidation.contextFitted($0) ?? $0 } }
            let fitted = fit ? ServingValidation.fit(scenarios) : nil
            if let printed {
                // With --fit, the fitted terms the report applies to this point.
                let applied = ServingValidation.carried(fitted?.overrides(for: printed) ?? [:], by: printed)
                print(printed.toml(engineOverrides: applied), terminator: "")
                return
            }
            let rows = ServingValidation.run(scenarios, fitted: fitted)
            // Only the points the run dropped are loaded again, to say why.
            let simulated = Set(rows.map(\.scenario.point.id))
            let dropped = scenarios.filter { !simulated.contains($0.point.id) }
            let text = ServingValidation.markdown(rows, fitted: fitted, unloadable: ServingValidation.unloadable(dropped))
            if let heldOutErrorsPath {
                do {
                    try ServingValidation.heldOutErrors(rows).csv.write(toFile: heldOutErrorsPath, atomically: true, encoding: .utf8)
                } catch {
                    printError("cannot write \(heldOutErrorsPath): \(error.localizedDescription)")
                    throw ExitCode(2)
                }
            }
            if let markdown {
                try text.write(toFile: markdown, atomically: true, encoding: .utf8)
            } else {
                print(text, terminator: "")
            }
        } catch let error as ServingValidationError {
            printError(error.description)
            throw ExitCode(2)
        } catch let error as CocoaError {
            printError("cannot write \(markdown ?? ""): \(error.localizedDescription)")
            throw ExitCode(2)
        }
    }
}
