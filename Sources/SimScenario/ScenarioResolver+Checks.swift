import CostModel
import SimSupport

/// The resolver's checks: each records an issue named by its key path and lets resolving go on.
extension ScenarioResolver {
    mutating func decode<T: Decodable>(_ type: T.Type, from table: ConfigTable, prefix: [String]) -> T? {
        let (value, found) = ConfigDecoder().decodeCollectingIssues(T.self, from: table, keyPathPrefix: prefix)
        issues.append(contentsOf: found)
        return value
    }

    mutating func issue(_ keyPath: String, _ message: String) {
        issues.append(ScenarioIssue(keyPath: keyPath, message: message))
    }

    /// A setting that `decider` makes irrelevant: an error when the file itself says both (a
    /// contradiction to fix), a warning when a `--set` of `decider` made it so — the comparison
    /// a scenario suggests (`--set scheduler.queue_policy=fcfs` on a file with an aging time)
    /// runs, saying what it ignores. An unknown key stays an error.
    mutating func irrelevant(_ keyPath: String, _ message: String, decidedBy decider: String) {
        let overridden = overrides.assignments.contains { assignment in
            assignment.split(separator: "=", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } == decider
        }
        if overridden {
            warnings.append(ScenarioIssue(keyPath: keyPath, message: "ignored: \(message) (\(decider) set by --set)"))
        } else {
            issue(keyPath, message)
        }
    }

    mutating func check(_ condition: Bool, _ keyPath: String, _ message: @autoclosure () -> String) {
        if !condition { issue(keyPath, message()) }
    }

    mutating func positive(_ value: Int, _ keyPath: String) -> Int {
        check(value >= 1, keyPath, "must be ≥ 1, got \(value)")
        return max(1, value)
    }

    mutating func choice<T: RawRepresentable & CaseIterable>(_ raw: String, _ keyPath: String, _ type: T.Type) -> T
    where T.RawValue == String {
        if let value = T(rawValue: raw) { return value }
        issue(keyPath, DidYouMean.message(for: raw, notAmong: T.allCases.map(\.rawValue)))
        return T.allCases.first!
    }

    /// A data type a field does not take: "'int4' is not one of 'fp16', 'bf16', ...".
    mutating func checkDataType(_ value: DataType, among allowed: [DataType], _ keyPath: String) {
        check(allowed.contains(value), keyPath,
              "'\(value.rawValue)' is not one of " + allowed.map { "'\($0.rawValue)'" }.joined(separator: ", "))
    }

    func relative(_ path: String) -> String {
        path.hasPrefix("/") ? path : baseDirectory + "/" + path
    }

    /// A class's or tenant's name: letters, digits, '_' and '-' (it becomes a CSV cell and a
    /// column name).
    mutating func checkName(_ name: String, _ path: String) {
        check(!name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" },
              path, "must be a non-empty name of letters, digits, '_' or '-', got '\(name)'")
    }
}
