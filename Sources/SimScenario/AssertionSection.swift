import SimSupport
import SimWorkload

/// The `[assert]` table of a scenario: limits that `simserve run` checks after the run (exit
/// status 3 when one fails) and that `simserve plan` uses as its SLOs when given no `--slo`.
///
/// Each key is a metric name (``ServiceMetric``); its value is one of
///
/// ```toml
/// [assert]
/// ttft_p99 = "< 500ms"                 # OP limit, OP one of <, <=, >, >=
/// goodput_fraction = ">= 0.95"         # fractions as 0.95 or "95%"
/// tpot_p99 = "50ms"                    # no OP: no worse than (<= for latency, >= for goodput)
/// queue_delay_mean = 0.02              # a bare number: seconds for a latency
/// e2e_p99 = { max = "20s" }            # structured: max (<=), min (>=), below (<), above (>)
/// throughput_rps = { min = 4, max = 6 }
/// ```
///
/// Unknown metric names are rejected with a did-you-mean, like unknown keys.
enum AssertionSection {
    /// The structured form's keys.
    static let structuredKeys: [(key: String, comparison: MetricCondition.Comparison)] = [
        ("max", .atMost), ("min", .atLeast), ("below", .lessThan), ("above", .greaterThan),
    ]

    /// The conditions of `value` (the `assert` entry of the file, nil when absent); each
    /// problem is appended to `issues`, named by key path.
    static func resolve(_ value: ConfigValue?, issues: inout [ScenarioIssue]) -> [MetricCondition] {
        guard let value else { return [] }
        guard case .table(let table) = value else {
            issues.append(ScenarioIssue(keyPath: "assert", message: "expected a table of metric = limit, found \(value.typeDescription)"))
            return []
        }
        var conditions: [MetricCondition] = []
        for name in table.keys {
            let path = "assert.\(name)"
            guard ServiceMetric.named(name) != nil else {
                issues.append(ScenarioIssue(keyPath: path, message: MetricCondition.unknownMetricMessage(name)))
                continue
            }
            func add(_ expression: String, at keyPath: String) {
                do {
                    conditions.append(try MetricCondition(metricName: name, expression: expression, option: keyPath, context: ""))
                } catch {
                    issues.append(ScenarioIssue(keyPath: keyPath, message: error.message))
                }
            }
            switch table[name]! {
            case .string(let text): add(text, at: path)
            case .integer(let number): add(String(number), at: path)
            case .float(let number): add(String(number), at: path)
            case .table(let bounds):
                if bounds.isEmpty {
                    issues.append(ScenarioIssue(keyPath: path, message: "empty; give max, min, below or above"))
                }
                for key in bounds.keys {
                    guard let comparison = structuredKeys.first(where: { $0.key == key })?.comparison else {
                        issues.append(ScenarioIssue(keyPath: "\(path).\(key)", message: DidYouMean.message(
                            for: key, notAmong: structuredKeys.map(\.key))))
                        continue
                    }
                    switch bounds[key]! {
                    case .string(let text): add(comparison.rawValue + text, at: "\(path).\(key)")
                    case .integer(let number): add(comparison.rawValue + String(number), at: "\(path).\(key)")
                    case .float(let number): add(comparison.rawValue + String(number), at: "\(path).\(key)")
                    case let other:
                        issues.append(ScenarioIssue(keyPath: "\(path).\(key)", message: "expected a limit, found \(other.typeDescription)"))
                    }
                }
            case let other:
                issues.append(ScenarioIssue(keyPath: path, message: "expected a limit such as \"< 500ms\" or a table such as { max = \"500ms\" }, found \(other.typeDescription)"))
            }
        }
        return conditions
    }
}

extension AssertionSection {
    /// The per-request latency targets that goodput counts when the scenario has no `[slo]`:
    /// each upper limit on a TTFT, TPOT or E2E percentile or maximum (`ttft_p99 < 500ms`)
    /// becomes the request's target (TTFT ≤ 500 ms), the tightest where several name one
    /// latency — the usual reading of goodput (requests meeting the latency SLO). Means and
    /// the other metrics give none. Empty when no limit qualifies.
    static func perRequestObjectives(from conditions: [MetricCondition]) -> ServiceLevelObjectives {
        var slo = ServiceLevelObjectives()
        for condition in conditions where condition.comparison.isUpperBound {
            let parts = condition.metric.name.split(separator: "_")
            guard parts.count == 2, let statistic = parts.last,
                  statistic == "max" || (statistic.hasPrefix("p") && Int(statistic.dropFirst()) != nil) else { continue }
            let limit = condition.limit
            switch parts[0] {
            case "ttft": slo.ttftSeconds = min(slo.ttftSeconds ?? limit, limit)
            case "tpot": slo.tpotSeconds = min(slo.tpotSeconds ?? limit, limit)
            case "e2e": slo.e2eSeconds = min(slo.e2eSeconds ?? limit, limit)
            default: continue
            }
        }
        return slo
    }
}
