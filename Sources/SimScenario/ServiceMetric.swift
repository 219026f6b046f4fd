import SimMetrics
import SimOutput
import SimServing
import SimSupport

/// A named figure of a run that an SLO, an `[assert]` entry, `simserve plan` or a sweep's
/// `--ci-target` can refer to: `ttft_p99`, `tpot_p99`, `queue_delay_mean`, `goodput_fraction`…
///
/// Names are `<latency>_<statistic>` for the latencies `ttft`, `tpot`, `itl`, `e2e`,
/// `queue_delay` and the statistics `mean`, `p50`, `p90`, `p95`, `p99`, `max` (in seconds), plus
/// the throughput, resource, energy and cost figures listed in ``all``. Each says which
/// direction is better, which is what a bare `--slo name=value` means: at most the value for a
/// latency or a cost, at least the value for goodput or throughput.
public struct ServiceMetric: Sendable, CustomStringConvertible {
    /// What a metric's numbers are, for reading limits and printing values.
    public enum Unit: Sendable {
        /// Seconds: limits read as durations (`500ms`, `0.5`), printed in ms below 1 s.
        case seconds
        /// A fraction in [0, 1]: limits read as `0.95` or `95%`.
        case fraction
        /// Any other number (requests/s, tokens/J, dollars, counts).
        case number
    }

    public var name: String
    public var unit: Unit
    /// True when smaller values are better (latency, cost): a bare limit is then a maximum.
    public var lowerIsBetter: Bool
    /// What it measures, for `--help` and docs.
    public var summary: String
    let value: @Sendable (RunSummary) -> Double?

    public var description: String { name }

    /// Whether it is a latency (a duration: TTFT, TPOT, ITL, E2E or queue delay).
    public var isLatency: Bool { unit == .seconds }

    /// The metric's value in a run's summary; nil when the run could not compute it.
    public func value(in summary: RunSummary) -> Double? { value(summary) }

    /// The metric called `name` (or one of its aliases), or nil.
    public static func named(_ name: String) -> ServiceMetric? {
        let canonical = aliases[name] ?? name
        return all.first { $0.name == canonical }
    }

    /// Other spellings accepted for a metric.
    public static let aliases = ["goodput": "goodput_fraction", "slo_attainment": "goodput_fraction"]

    /// Every name accepted, aliases included (for did-you-mean).
    public static var allNames: [String] { all.map(\.name) + aliases.keys.sorted() }

    /// Every metric, latencies first.
    public static let all: [ServiceMetric] = latencies + others

    private static let latencies: [ServiceMetric] = {
        let distributions: [(String, String, @Sendable (RunSummary) -> SampleSummary?)] = [
            ("ttft", "time to first token", { $0.ttft }), ("tpot", "time per output token", { $0.tpot }),
            ("itl", "inter-token latency", { $0.itl }), ("e2e", "end-to-end latency", { $0.e2e }),
            ("queue_delay", "wait before first scheduled", { $0.queueDelay }),
        ]
        let statistics: [(String, @Sendable (SampleSummary) -> Double)] = [
            ("mean", { $0.mean }), ("p50", { $0.p50 }), ("p90", { $0.p90 }), ("p95", { $0.p95 }),
            ("p99", { $0.p99 }), ("max", { $0.max }),
        ]
        return distributions.flatMap { latency, what, get in
            statistics.map { statistic, pick in
                ServiceMetric(name: "\(latency)_\(statistic)", unit: .seconds, lowerIsBetter: true,
                              summary: "\(statistic) \(what) (s)", value: { get($0).map(pick) })
            }
        }
    }()

    private static let others: [ServiceMetric] = [
        ServiceMetric(name: "goodput_fraction", unit: .fraction, lowerIsBetter: false,
                      summary: "share of measured completed requests meeting every [slo] target",
                      value: { $0.sloAttainment }),
        ServiceMetric(name: "goodput_rps", unit: .number, lowerIsBetter: false,
                      summary: "requests/s meeting every [slo] target", value: { $0.goodputRequestsPerSecond }),
        ServiceMetric(name: "throughput_rps", unit: .number, lowerIsBetter: false,
                      summary: "completed requests/s", value: { $0.requestsPerSecond }),
        ServiceMetric(name: "output_tokens_per_second", unit: .number, lowerIsBetter: false,
                      summary: "output tokens/s", value: { $0.outputTokensPerSecond }),
        ServiceMetric(name: "rejected_fraction", unit: .fraction, lowerIsBetter: true,
                      summary: "share of arrived requests rejected",
                      value: { $0.arrived > 0 ? Double($0.rejected) / Double($0.arrived) : nil }),
        ServiceMetric(name: "preemptions", unit: .number, lowerIsBetter: true,
                      summary: "requests preempted", value: { Double($0.preemptions) }),
        ServiceMetric(name: "kv_utilization_peak", unit: .fraction, lowerIsBetter: true,
                      summary: "peak share of KV blocks in use", value: { $0.kvUtilizationPeak }),
        ServiceMetric(name: "mfu", unit: .fraction, lowerIsBetter: false,
                      summary: "model FLOPs utilisation", value: { $0.mfu }),
        ServiceMetric(name: "joules_per_output_token", unit: .number, lowerIsBetter: true,
                      summary: "energy per output token (J)", value: { $0.joulesPerOutputToken }),
        ServiceMetric(name: "usd_per_million_output_tokens", unit: .number, lowerIsBetter: true,
                      summary: "cost per 1M output tokens ($)", value: { $0.usdPerMillionOutputTokens }),
        ServiceMetric(name: "usd_per_request", unit: .number, lowerIsBetter: true,
                      summary: "cost per completed request ($)", value: { $0.usdPerRequest }),
    ]

    /// A limit for this metric from text: a duration for seconds (`500ms`, `0.5`), a number or
    /// a percentage for a fraction (`0.95`, `95%`), a number otherwise. Nil when unreadable.
    public func parseLimit(_ text: String) -> Double? {
        let t = text.strippingBlanks
        switch unit {
        case .seconds:
            return DurationValue(parsing: t)?.seconds
        case .fraction:
            if t.hasSuffix("%") { return Double(t.dropLast().strippingBlanks).map { $0 / 100 } }
            return Double(t)
        case .number:
            return Double(t)
        }
    }

    /// `value` for people, without trailing zeros: `612.4 ms`, `500 ms`, `1.25 s`, `0.953`, `41.7`.
    public func format(_ value: Double) -> String {
        switch unit {
        case .seconds where abs(value) < 1: return Self.trimmed(value * 1000, 3) + " ms"
        case .seconds: return Self.trimmed(value, 4) + " s"
        case .fraction: return Self.trimmed(value, 4)
        case .number: return Self.trimmed(value, abs(value) >= 100 ? 1 : 4)
        }
    }

    /// `x` rounded to `digits` decimals, trailing zeros (and a bare point) removed.
    package static func trimmed(_ x: Double, _ digits: Int) -> String {
        var text = TextTable.fmt(x, digits)
        guard text.contains("."), !text.contains("e") else { return text }
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
