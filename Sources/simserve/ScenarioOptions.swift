import ArgumentParser
import SimServeKit

/// The options every command that runs a scenario shares: the file and a few overrides.
struct ScenarioOptions: ParsableArguments {
    @Argument(help: "The scenario file (TOML).")
    var scenario: String

    @Option(name: .customLong("set"), help: ArgumentHelp(
        "Override a scenario key: --set workload.arrival.rate=40 (repeatable).", valueName: "key.path=value"))
    var assignments: [String] = []

    @Option(help: "Seed of every random stream (replaces the scenario's seed).")
    var seed: UInt64?

    var overrides: ScenarioLoader.Overrides {
        ScenarioLoader.Overrides(assignments: assignments, seed: seed)
    }

    /// Loads the scenario, or prints why not and exits with status 2.
    func load(tracePath: String? = nil, outputDirectory: String? = nil) throws -> Scenario {
        var overrides = self.overrides
        overrides.tracePath = tracePath
        overrides.outputDirectory = outputDirectory
        do {
            try InputChecks.distinctKeys(assignments, option: "--set")
        } catch {
            throw error.exit()
        }
        do {
            let loaded = try ScenarioLoader.load(path: scenario, overrides: overrides)
            var stderr = StandardError()
            for warning in loaded.warnings { print("warning: \(warning)", to: &stderr) }
            return loaded
        } catch {
            printError(error.description)
            throw ExitCode(2)
        }
    }
}

/// Writes `message` to standard error, prefixed with "error: ".
func printError(_ message: String) {
    var stderr = StandardError()
    print("error: " + message, to: &stderr)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandleStandardError.write(string)
    }
}
