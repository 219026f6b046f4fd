import Foundation
import SimScenario

/// A scenario file read once, loaded many times with different overrides and seeds: the
/// starting point of every sweep point, replication and bisection step.
///
///     let template = try ScenarioTemplate(path: "Scenarios/chat.toml")
///     let scenario = try template.load(["workload.arrival.rate=8"], seed: 43)
///
/// Loading is pure: the same assignments and seed give the same `Scenario`, on any thread.
public struct ScenarioTemplate: Sendable {
    /// The scenario's TOML text.
    public var toml: String
    /// The name that messages use for it (the file name).
    public var source: String
    /// The scenario's name when it gives none (the file name without extension).
    public var defaultName: String
    /// Where relative paths inside it (a trace) are taken from.
    public var baseDirectory: String
    /// Overrides applied before each load's own.
    public var baseAssignments: [String]

    /// Reads the scenario at `path`.
    ///
    /// - Throws: ``ScenarioLoadError/unreadable(path:reason:)`` when the file cannot be read.
    public init(path: String, baseAssignments: [String] = []) throws(ScenarioLoadError) {
        do {
            toml = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "it is not readable UTF-8 text" : "no such file"
            throw .unreadable(path: path, reason: reason)
        }
        let url = URL(fileURLWithPath: path)
        source = url.lastPathComponent
        defaultName = url.deletingPathExtension().lastPathComponent
        baseDirectory = url.deletingLastPathComponent().path
        self.baseAssignments = baseAssignments
    }

    /// A template over TOML text (for tests and generated scenarios).
    public init(toml: String, source: String = "scenario.toml", defaultName: String = "scenario",
                baseDirectory: String = ".", baseAssignments: [String] = []) {
        self.toml = toml
        self.source = source
        self.defaultName = defaultName
        self.baseDirectory = baseDirectory
        self.baseAssignments = baseAssignments
    }

    /// Loads the scenario with `assignments` applied after the base ones, and `seed` (nil:
    /// the scenario's own) — and without per-request records, which planning never reads.
    public func load(_ assignments: [String] = [], seed: UInt64? = nil) throws(ScenarioLoadError) -> Scenario {
        var scenario = try ScenarioLoader.load(
            toml: toml, source: source, defaultName: defaultName, baseDirectory: baseDirectory,
            overrides: .init(assignments: baseAssignments + assignments, seed: seed))
        scenario.serving.keepRequestRecords = false
        return scenario
    }

    /// A 64-bit FNV-1a fingerprint of the text, in hex: tells the slices of one sweep from
    /// those of another scenario.
    public var fingerprint: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in toml.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
