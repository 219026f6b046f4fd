import ArgumentParser
import Foundation
import SimServeKit

/// `simserve fuzz`: mutated scenarios, overrides and traces, checked for the properties every
/// input must keep (see ``ScenarioFuzzer``). CI runs a seeded slice; locally, a large budget.
struct Fuzz: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fuzz scenarios, overrides and traces: every input must exit 0, 2 or 3, in bounded time, with its invariants.",
        discussion: """
            Each case is a bundled scenario with 1–4 overrides drawn from every numeric key and \
            boundary values (and sometimes a generated trace), a pure function of --seed and its \
            index. Cases run in this process; every --spawn-every-th also through this executable, \
            which catches traps and hangs. Exits 1 when any case breaks a property, listing how \
            to reproduce it.
            """)

    @Option(help: "Cases to run.")
    var cases = 2000

    @Option(help: "Index of the first case (to reproduce one: --first K --cases 1).")
    var first = 0

    @Option(help: "Seed of the case generator.")
    var seed: UInt64 = 1

    @Option(name: .customLong("spawn-every"), help: "Run every n-th case through the executable (0: none).")
    var spawnEvery = 20

    @Option(help: "Seconds a spawned case may take before it counts as a hang.")
    var timeout: Double = 20

    @Option(name: .customLong("time-limit"), help: "Stop starting cases after this many seconds.")
    var timeLimit: Double?

    @Option(help: "Cases run at once (default: every core).")
    var jobs: Int?

    @Option(name: .customLong("max-requests"), help: "Cases expected to simulate more requests are refused (exit 2), as run --max-requests does.")
    var maxRequests: Double = 20_000

    @Option(help: "Directory of the scenarios to mutate.")
    var scenarios = "Scenarios"

    @Flag(help: "Show the progress bar even when stderr is not a terminal.")
    var progress = false

    func run() throws {
        guard cases >= 1, first >= 0, spawnEvery >= 0, timeout > 0 else {
            printError("--cases must be ≥ 1, --first and --spawn-every ≥ 0, --timeout > 0")
            throw ExitCode(2)
        }
        var fuzzer: ScenarioFuzzer
        do {
            fuzzer = try ScenarioFuzzer(scenarioDirectory: scenarios, seed: seed)
            fuzzer.limits.requests = maxRequests
        } catch {
            printError("cannot read the scenarios in '\(scenarios)': \(OutputFile.describe(error))")
            throw ExitCode(2)
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("simserve-fuzz-\(getpid())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        let bar = ProgressBar(label: "cases", forced: progress)
        let report = fuzzer.run(first: first, count: cases, spawnEvery: spawnEvery, executable: executable,
                                jobs: jobs ?? ParallelMap.availableCores, directory: directory, timeoutSeconds: timeout,
                                deadline: timeLimit.map { Date().addingTimeInterval($0) } ?? .distantFuture,
                                progress: bar.update)
        print("fuzz seed \(seed), cases \(first)..<\(first + cases): \(report)")
        if !report.failures.isEmpty { throw ExitCode(1) }
    }
}
