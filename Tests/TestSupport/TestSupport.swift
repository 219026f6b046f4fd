import SimCore
import Foundation
import SimServeKit

/// Helpers shared by the test targets.
public enum TestSupport {
    /// The package's root directory (where Package.swift is).
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    /// Loads a scenario from TOML text and runs it.
    public static func run(_ toml: String, overrides: [String] = [], seed: UInt64? = nil,
                           file: StaticString = #filePath, line: UInt = #line) throws -> (Scenario, RunResult) {
        let scenario = try ScenarioLoader.load(toml: toml, source: "test.toml",
                                               overrides: .init(assignments: overrides, seed: seed))
        return (scenario, ServingSimulation(configuration: scenario.serving).run())
    }

    /// The error a scenario gives, as text (fails when it loads).
    public static func loadError(_ toml: String, overrides: [String] = []) -> String? {
        do {
            _ = try ScenarioLoader.load(toml: toml, source: "test.toml", overrides: .init(assignments: overrides))
            return nil
        } catch {
            return error.description
        }
    }

    /// The GPU preset `name` with its kernel-shape figures edited: how a kernel term is tested
    /// with and without its key.
    public static func hardware(_ name: String, editing edit: (inout KernelShapeParameters) -> Void = { _ in }) throws -> HardwareSpec {
        var hardware = try Presets.hardware(named: name)
        edit(&hardware.shape)
        return hardware
    }

    /// The error of a small scenario on the h200 preset with `lines` added to its `[hardware]`
    /// table (nil when it loads): how the kernel keys' checks are tested.
    public static func hardwareKeyError(_ lines: String) -> String? {
        loadError("""
            requests = 4
            model = "llama-2-7b"
            [hardware]
            preset = "h200"
            \(lines)
            [workload]
            arrival = { kind = "poisson", rate = 1.0 }
            prompt_tokens = { kind = "fixed", value = 16 }
            output_tokens = { kind = "fixed", value = 4 }
            """)
    }

    /// Runs the built `simserve` executable and returns its exit status and output.
    public static func runCLI(_ arguments: [String], in directory: URL? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? packageRoot
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdoutData, as: UTF8.self),
                String(decoding: stderrData, as: UTF8.self))
    }

    /// The `simserve` binary built beside the test bundle.
    public static var executable: URL {
        let bundle = Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") }
        let directory = bundle.map { URL(fileURLWithPath: $0.bundlePath).deletingLastPathComponent() }
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return directory.appendingPathComponent("simserve")
    }

    /// A fresh temporary directory.
    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("simserve-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// An M/G/1 (or M/G/c) scenario in the degenerate mode, keeping per-request records.
    public static func queueingScenario(rate: Double, service: ServiceTimeDistribution, requests: Int,
                                        seed: Int = 1, servers: Int = 1) -> String {
        QueueingValidation.Case(name: "queueing", rate: rate, service: service, servers: servers)
            .scenario(requests: requests, seed: seed, keepRecords: true)
    }
}

/// The deterministic generator of randomised tests' inputs (simulation draws never use it:
/// they go through GSL streams).
public typealias SeededGenerator = SplitMix64

/// Records every iteration a serving simulation starts, in order (a ``ServingObserver``).
public final class IterationLog: ServingObserver {
    public private(set) var records: [IterationRecord] = []
    public init() {}
    public func iterationStarted(_ iteration: IterationRecord) { records.append(iteration) }
    /// Each iteration's batch shape.
    public var shapes: [BatchShape] { records.map(\.shape) }

    /// Loads a scenario from TOML text and runs it with a new log observing it.
    public static func run(_ toml: String, source: String = "test.toml") throws -> (log: IterationLog, summary: RunSummary) {
        let scenario = try ScenarioLoader.load(toml: toml, source: source)
        let log = IterationLog()
        let result = ScenarioRunner.run(scenario, observer: log)
        return (log, result.summary)
    }
}
