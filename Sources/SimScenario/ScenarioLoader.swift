import Foundation

/// Reads a scenario file, applies command-line overrides, and resolves it into a `Scenario`.
///
/// ```swift
/// let scenario = try ScenarioLoader.load(path: "Scenarios/chat.toml",
///                                        overrides: ["workload.arrival.rate=40"])
/// ```
public enum ScenarioLoader {
    /// What the command line may change on top of the file.
    public struct Overrides: Sendable {
        /// `key.path=value` assignments, applied in order before decoding.
        public var assignments: [String] = []
        public var seed: UInt64?
        /// A trace CSV replacing the scenario's workload.
        public var tracePath: String?
        public var outputDirectory: String?

        public init(assignments: [String] = [], seed: UInt64? = nil, tracePath: String? = nil,
                    outputDirectory: String? = nil) {
            self.assignments = assignments
            self.seed = seed
            self.tracePath = tracePath
            self.outputDirectory = outputDirectory
        }
    }

    /// Loads the scenario at `path`. Relative paths inside it (a trace) are taken from the
    /// scenario's own directory.
    public static func load(path: String, overrides: Overrides = Overrides()) throws(ScenarioLoadError) -> Scenario {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "it is not readable UTF-8 text" : "no such file"
            throw .unreadable(path: path, reason: reason)
        }
        let url = URL(fileURLWithPath: path)
        return try load(toml: text, source: url.lastPathComponent,
                        defaultName: url.deletingPathExtension().lastPathComponent,
                        baseDirectory: url.deletingLastPathComponent().path, overrides: overrides)
    }

    /// Loads a scenario from TOML text (`source` names it in messages).
    public static func load(toml: String, source: String, defaultName: String = "scenario",
                            baseDirectory: String = ".", overrides: Overrides = Overrides()) throws(ScenarioLoadError) -> Scenario {
        var table: ConfigTable
        do {
            table = try ConfigTable.parse(toml: toml, source: source)
            // `model = "name"` is shorthand for `[model] preset = "name"`; expand it so that
            // `--set model.layers=40` can override one field of the preset. The engine's too,
            // when an override reaches into it (`engine = "none"` takes no fields otherwise).
            let reachesIntoEngine = overrides.assignments.contains { $0.hasPrefix("engine.") }
            for section in ["model", "hardware"] + (reachesIntoEngine ? ["engine"] : []) {
                if case .string(let name)? = table[section] { table[section] = .table(["preset": .string(name)]) }
            }
            for assignment in overrides.assignments { try table.applyOverride(assignment) }
        } catch {
            throw .invalid(error)
        }
        var resolver = ScenarioResolver(source: source, defaultName: defaultName, baseDirectory: baseDirectory,
                                        overrides: overrides)
        return try resolver.resolve(table)
    }
}
