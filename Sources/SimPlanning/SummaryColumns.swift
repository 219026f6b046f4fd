import SimOutput
import SimScenario
import SimServing
import SimSupport

/// The JSON summary of a run as flat columns, for one row of a sweep table: nested keys joined
/// by dots (`latency_seconds.ttft.p99`, `throughput.goodput_requests_per_second`), in the
/// summary's own order, so every run of every scenario gives the same columns.
///
/// Left out: `schema_version`, `scenario` and `seed` (the sweep names those itself),
/// `null_reasons` and `random_streams` (per-run detail that the run's own summary keeps).
public enum SummaryColumns {
    static let omitted: Set<String> = ["schema_version", "scenario", "seed", "null_reasons", "random_streams"]

    /// The suffix of a column holding the 95% confidence half-width of the column before it.
    public static let intervalSuffix = ".ci95"

    /// The summary of `result` as columns.
    public static func columns(of result: RunResult, scenario: Scenario) -> [(String, JSONValue)] {
        let json = SummaryJSON.make(summary: result.summary, run: scenario.description(streamSeeds: result.streamSeeds))
        return flatten(json)
    }

    /// The scalar leaves of a JSON object, keyed by their dotted paths.
    public static func flatten(_ json: JSONValue) -> [(String, JSONValue)] {
        var columns: [(String, JSONValue)] = []
        func walk(_ value: JSONValue, _ path: String) {
            switch value {
            case .object(let members):
                for (key, member) in members where !(path.isEmpty && omitted.contains(key)) {
                    walk(member, path.isEmpty ? key : path + "." + key)
                }
            case .array(let items):
                for (i, item) in items.enumerated() { walk(item, "\(path).\(i)") }
            default:
                columns.append((path, value))
            }
        }
        walk(json, "")
        return columns
    }

    /// The columns of a point that did not run: every column of ``combine(_:intervals:)``,
    /// each null.
    public static func nullColumns(keys: [String], intervals: Bool) -> [(String, JSONValue)] {
        keys.flatMap { key -> [(String, JSONValue)] in
            intervals && isMeasured(key) ? [(key, .null), (key + intervalSuffix, .null)] : [(key, .null)]
        }
    }

    /// `columns` laid onto `keys` (with their `.ci95` columns when `intervals`): the value of
    /// each key, null where the run had none; columns not among `keys` are left out. This keeps
    /// every row of a table on one header even when an override changed the classes or tenants.
    public static func project(_ columns: [(String, JSONValue)], onto keys: [String],
                               intervals: Bool) -> [(String, JSONValue)] {
        var values: [String: JSONValue] = [:]
        for (key, value) in columns { values[key] = value }
        return nullColumns(keys: keys, intervals: intervals).map { key, _ in (key, values[key] ?? .null) }
    }

    /// The column names of every run of a scenario with `classes` request classes (1 without
    /// classes: "default") and `tenants` tenants, taken from a one-request run: the summary
    /// schema depends on nothing else. Per-class and per-tenant columns are numbered in the
    /// scenario's order (`classes.0.ttft.p99`, `tenants.1.rejected`).
    public static func schemaKeys(classes: Int, tenants: Int) -> [String] {
        var toml = """
            requests = 1
            [cost_model]
            kind = "service_time"
            service_time = { kind = "fixed", seconds = 0.001 }
            [workload]
            arrival = { kind = "poisson", rate = 1.0 }

            """
        if classes <= 1 {
            toml += "prompt_tokens = { kind = \"fixed\", value = 1 }\noutput_tokens = { kind = \"fixed\", value = 1 }\n"
        } else {
            for c in 0..<classes {
                toml += "[[workload.classes]]\nname = \"class\(c)\"\nshare = \(1.0 / Double(classes))\n"
                    + "prompt_tokens = { kind = \"fixed\", value = 1 }\noutput_tokens = { kind = \"fixed\", value = 1 }\n"
            }
        }
        for t in 0..<tenants {
            toml += "[[workload.tenants]]\nname = \"tenant\(t)\"\nshare = \(1.0 / Double(tenants))\n"
                + "tokens_per_second = 1000000\nburst_tokens = 1000000\n"
        }
        do {
            let scenario = try ScenarioLoader.load(toml: toml, source: "schema probe")
            return columns(of: ServingSimulation(configuration: scenario.serving).run(), scenario: scenario).map(\.0)
        } catch {
            preconditionFailure("the built-in schema probe scenario does not load: \(error)")
        }
    }

    /// ``schemaKeys(classes:tenants:)`` for the scenario in `toml`, counting its
    /// `[[workload.classes]]` and `[[workload.tenants]]` entries (after `assignments`).
    public static func schemaKeys(scenarioTOML toml: String, assignments: [String]) -> [String] {
        var table = (try? ConfigTable.parse(toml: toml, source: "schema")) ?? ConfigTable()
        for assignment in assignments { try? table.applyOverride(assignment) }
        func count(_ key: String) -> Int {
            if case .array(let entries)? = table[path: ["workload", key]] { entries.count } else { 0 }
        }
        return schemaKeys(classes: max(1, count("classes")), tenants: count("tenants"))
    }

    /// Whether a column is a measured figure that gets a confidence interval when replicated:
    /// a nested key outside `slo`, other than a class's or tenant's name (top-level keys such as
    /// `model` and `gpus` describe the run).
    static func isMeasured(_ key: String) -> Bool {
        key.contains(".") && !key.hasPrefix("slo.") && !key.hasSuffix(".name")
    }

    /// The columns of several replications of one point combined: each measured figure as the
    /// mean over the replications where it is not null, followed by its 95% half-width
    /// (`….ci95`, null below two values) when `intervals` is true; other columns from the first
    /// replication.
    ///
    /// Every replication must have the same columns (they do: the summary schema is stable).
    public static func combine(_ runs: [[(String, JSONValue)]], intervals: Bool) -> [(String, JSONValue)] {
        precondition(!runs.isEmpty, "combine needs at least one replication")
        var combined: [(String, JSONValue)] = []
        for (c, (key, first)) in runs[0].enumerated() {
            guard isMeasured(key), !first.isText else {
                combined.append((key, first))
                continue
            }
            let values = runs.map { run -> Double? in
                precondition(run[c].0 == key, "replications disagree on column \(c): \(run[c].0) vs \(key)")
                return run[c].1.doubleValue
            }
            let estimate = MeanEstimate(values.compactMap { $0 })
            if runs.count == 1 {
                combined.append((key, first))
            } else {
                combined.append((key, .number(estimate?.mean)))
            }
            if intervals {
                combined.append((key + intervalSuffix, .number(estimate?.halfWidth())))
            }
        }
        return combined
    }
}

extension JSONValue {
    /// Whether the value is a string (a name, a status), which replications do not average.
    var isText: Bool {
        if case .string = self { true } else { false }
    }

    /// The value as a number, for `.int` and `.number`; nil otherwise.
    public var doubleValue: Double? {
        switch self {
        case .int(let i): Double(i)
        case .number(let d): d
        default: nil
        }
    }
}
