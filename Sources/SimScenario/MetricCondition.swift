import SimOutput
import SimServing
import SimSupport

/// A limit on one metric of a run — an SLO for `simserve plan`, an `[assert]` entry for
/// `simserve run`: `ttft_p99 < 500ms`, `goodput_fraction >= 0.95`.
///
/// Written `name OP value` with OP one of `<`, `<=`, `>`, `>=`, or `name=value`, which means
/// "no worse than": at most the value for a metric where lower is better (latency, cost), at
/// least for one where higher is better (goodput, throughput).
///
///     try MetricCondition(parsing: "ttft_p99=500ms")      // ttft_p99 <= 500 ms
///     try MetricCondition(parsing: "goodput>=95%")        // goodput_fraction >= 0.95
public struct MetricCondition: Sendable, CustomStringConvertible {
    public enum Comparison: String, Sendable, CaseIterable {
        case lessThan = "<", atMost = "<=", greaterThan = ">", atLeast = ">="

        func holds(_ value: Double, _ limit: Double) -> Bool {
            switch self {
            case .lessThan: value < limit
            case .atMost: value <= limit
            case .greaterThan: value > limit
            case .atLeast: value >= limit
            }
        }

        /// True for `<` and `<=`: the limit is a ceiling.
        public var isUpperBound: Bool { self == .lessThan || self == .atMost }
    }

    public var metric: ServiceMetric
    public var comparison: Comparison
    public var limit: Double

    public init(metric: ServiceMetric, comparison: Comparison, limit: Double) {
        self.metric = metric
        self.comparison = comparison
        self.limit = limit
    }

    /// Whether `value` meets the condition.
    public func isMet(by value: Double) -> Bool { comparison.holds(value, limit) }

    /// `ttft_p99 < 500 ms`.
    public var description: String { "\(metric.name) \(comparison.rawValue) \(metric.format(limit))" }

    /// Parses `name=value` or `name OP value` (blanks allowed around OP).
    ///
    /// - Throws: ``PlanningInputError`` from `option` naming the text: no operator, an unknown
    ///   metric (with a did-you-mean), or a value that is not a limit for that metric.
    public init(parsing text: String, option: String = "--slo") throws(PlanningInputError) {
        guard let opStart = text.firstIndex(where: { "<>=".contains($0) }) else {
            throw PlanningInputError(option: option, "'\(text)' has no comparison; expected e.g. ttft_p99=500ms or goodput_fraction>=0.95")
        }
        let name = String(text[..<opStart]).strippingBlanks
        try self.init(metricName: name, expression: String(text[opStart...]).strippingBlanks,
                      option: option, context: "'\(text)'")
    }

    /// A condition from a metric name and `OP value` or `=value` or a bare `value`, as in
    /// `[assert] ttft_p99 = "< 500ms"`. `context` names the entry in messages.
    public init(metricName name: String, expression: String, option: String, context: String) throws(PlanningInputError) {
        guard let metric = ServiceMetric.named(name) else {
            throw PlanningInputError(option: option, Self.unknownMetricMessage(name))
        }
        var rest = Substring(expression)
        var comparison: Comparison = metric.lowerIsBetter ? .atMost : .atLeast
        for candidate in [Comparison.atMost, .atLeast, .lessThan, .greaterThan] where rest.hasPrefix(candidate.rawValue) {
            comparison = candidate
            rest = rest.dropFirst(candidate.rawValue.count)
            break
        }
        if rest.hasPrefix("=") { rest = rest.dropFirst() }
        let valueText = rest.strippingBlanks
        guard let limit = metric.parseLimit(valueText), limit.isFinite else {
            let expected = switch metric.unit {
            case .seconds: "a duration such as 500ms or 0.5 (seconds)"
            case .fraction: "a fraction such as 0.95 or 95%"
            case .number: "a number"
            }
            throw PlanningInputError(option: option, (context.isEmpty ? "" : "\(context): ")
                + "'\(valueText)' is not a limit for \(metric.name); expected \(expected)")
        }
        if let allowed = Self.allowedRange(metric: metric, comparison: comparison, limit: limit) {
            throw PlanningInputError(option: option, (context.isEmpty ? "" : "\(context): ")
                + "'\(valueText)' can never be met by \(metric.name) \(comparison.rawValue) limit; allowed: \(allowed)")
        }
        self.init(metric: metric, comparison: comparison, limit: limit)
    }

    /// The allowed limits, when `limit` lies outside them: every metric is ≥ 0, fractions are
    /// at most 1, durations at most ``SimTime/inputLimitSeconds``; a strict bound at the edge
    /// (`< 0`, `> 1` for a fraction) can never hold either. Nil when `limit` is allowed.
    static func allowedRange(metric: ServiceMetric, comparison: Comparison, limit: Double) -> String? {
        let upper: Double = switch metric.unit {
        case .seconds: 1e9
        case .fraction: 1
        case .number: .greatestFiniteMagnitude
        }
        let strictLow = comparison == .lessThan, strictHigh = comparison == .greaterThan
        let ok = (strictLow ? limit > 0 : limit >= 0) && (strictHigh ? limit < upper : limit <= upper)
        guard !ok else { return nil }
        let low = strictLow ? "0 < limit" : "0 ≤ limit"
        return switch metric.unit {
        case .seconds: "\(low) ≤ 1e9 s"
        case .fraction: "\(low) \(strictHigh ? "<" : "≤") 1 (0%...100%)"
        case .number: "\(low) (a finite number)"
        }
    }

    /// `"'ttft_p9' is not a known metric; did you mean 'ttft_p99'?"`, or the list of names.
    public static func unknownMetricMessage(_ name: String) -> String {
        if let hint = DidYouMean.suggestion(for: name, among: ServiceMetric.allNames) {
            return "'\(name)' is not a known metric; did you mean '\(hint)'?"
        }
        return "'\(name)' is not a known metric; known: {ttft,tpot,itl,e2e,queue_delay}_{mean,p50,p90,p95,p99,max}, "
            + ServiceMetric.all.filter { $0.unit != .seconds }.map(\.name).joined(separator: ", ")
    }

    /// The condition checked against a run.
    public func evaluate(_ summary: RunSummary) -> Outcome {
        let measured = metric.value(in: summary)
        return Outcome(condition: self, measured: measured, passed: measured.map(isMet(by:)) ?? false)
    }

    /// A condition checked: what was measured and whether it passed. A metric the run could not
    /// compute (no request completed) fails.
    public struct Outcome: Sendable, CustomStringConvertible {
        public var condition: MetricCondition
        public var measured: Double?
        public var passed: Bool

        package init(condition: MetricCondition, measured: Double?, passed: Bool) {
            self.condition = condition
            self.measured = measured
            self.passed = passed
        }

        /// `ttft_p99 = 612.4 ms, limit < 500 ms`.
        public var description: String {
            let value = measured.map(condition.metric.format) ?? "not computed"
            return "\(condition.metric.name) = \(value), limit \(condition.comparison.rawValue) \(condition.metric.format(condition.limit))"
        }
    }
}
