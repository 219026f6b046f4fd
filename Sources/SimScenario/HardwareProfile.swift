import CostModel
import Foundation

/// A calibrated hardware profile (written by `simserve calibrate`) used as a scenario's
/// hardware: `[hardware] profile = "hardware/this-cpu.toml"`.
///
/// The profile's own `[hardware]` table takes the place of a preset, and the scenario's other
/// `[hardware]` keys override it field by field, as they override a preset. A relative path is
/// taken from the scenario's directory, then from the current directory. The profile must
/// name ``format`` and a ``supportedVersions`` version; everything else in it (machine,
/// measurements, fit) is documentation that the simulator does not read.
public enum HardwareProfile {
    public static let format = "simserve-hardware-profile"
    public static let currentVersion = 1
    public static let supportedVersions = 1...1

    /// The `[hardware]` table of the profile at `path`.
    /// - Throws: ``ScenarioError`` naming the path when the file is missing, is not TOML, or
    ///   has the wrong format, version or no `[hardware]` table.
    public static func hardwareTable(path: String) throws(ScenarioError) -> ConfigTable {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ScenarioError(source: path, message: FileManager.default.fileExists(atPath: path)
                                ? "the hardware profile is not readable UTF-8 text" : "no such hardware profile")
        }
        let table = try ConfigTable.parse(toml: text, source: path)
        guard case .string(format)? = table["format"] else {
            throw ScenarioError(source: path, message: "not a hardware profile: expected format = \"\(format)\"")
        }
        guard case .integer(let version)? = table["version"], supportedVersions.contains(version) else {
            throw ScenarioError(source: path, message: "hardware profile version \(table["version"]?.literalDescription ?? "missing") is not supported; this simserve reads version \(supportedVersions.upperBound)")
        }
        guard case .table(let hardware)? = table["hardware"] else {
            throw ScenarioError(source: path, message: "the hardware profile has no [hardware] table")
        }
        return hardware
    }

    /// The ``HardwareSpec`` of the profile at `path`.
    public static func load(path: String) throws(ScenarioError) -> HardwareSpec {
        let table = try hardwareTable(path: path)
        let (spec, issues) = ConfigDecoder().decodeCollectingIssues(HardwareSpec.self, from: table, keyPathPrefix: ["hardware"])
        guard let spec, issues.isEmpty else { throw ScenarioError(source: path, issues: issues) }
        return spec
    }

    /// Replaces `hardware.profile` in a scenario table by the profile's `[hardware]` table with
    /// the scenario's other `hardware` keys laid over it; problems go to `issues`, keyed
    /// `hardware.profile`. A table without `hardware.profile` comes back unchanged.
    static func expand(_ root: ConfigTable, baseDirectory: String, issues: inout [ScenarioIssue]) -> ConfigTable {
        guard case .table(var user)? = root["hardware"], let reference = user["profile"] else { return root }
        user["profile"] = nil
        guard case .string(let path) = reference else {
            issues.append(ScenarioIssue(keyPath: "hardware.profile", message: "expected a path string, found \(reference.typeDescription)"))
            return root
        }
        if user["preset"] != nil {
            issues.append(ScenarioIssue(keyPath: "hardware.profile", message: "give either hardware.profile or hardware.preset, not both"))
            return root
        }
        let candidates = path.hasPrefix("/") ? [path] : [baseDirectory + "/" + path, path]
        let found = candidates.first { FileManager.default.fileExists(atPath: $0) } ?? candidates[0]
        do {
            var result = root
            result["hardware"] = .table(try hardwareTable(path: found).overlaid(with: user))
            // A calibrated profile times the machine as a whole (its own per-iteration
            // overhead included): no serving engine's terms on top unless one is named.
            if result["engine"] == nil { result["engine"] = .string(Presets.noEngine) }
            return result
        } catch {
            issues.append(ScenarioIssue(keyPath: "hardware.profile",
                                        message: "\(found): " + error.issues.map(\.description).joined(separator: "; ")))
            return root
        }
    }
}
