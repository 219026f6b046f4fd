import Foundation

/// The answer of ``MaxRateSearch``: the maximum sustainable arrival rate with its uncertainty,
/// and each SLO's figure at that rate.
public struct MaxRateResult: Sendable {
    /// One SLO at the estimated rate: the mean of its metric over the replications there.
    public struct Check: Sendable {
        public var condition: MetricCondition
        /// Nil when no replication could compute the metric.
        public var estimate: MeanEstimate?
    }

    /// The scenario's own rate, where every search started.
    public var startRate: Double
    public var perSeed: [MaxRateSearch.SeedSearch]
    /// The mean of the seeds' λ* with its Student t interval.
    public var estimate: MeanEstimate
    public var atEstimate: [Check]
    public var relativeTolerance: Double

    /// The estimated maximum sustainable rate (requests/s).
    public var rate: Double { estimate.mean }
    /// The 95% half-width of `rate` over seeds; nil with one replication.
    public var halfWidth: Double? { estimate.halfWidth() }
    /// The widest final bisection bracket of any seed (requests/s).
    public var bracketWidth: Double { perSeed.map { $0.failedRate - $0.sustainedRate }.max() ?? 0 }
    /// The lowest rate that every seed sustained: a conservative answer.
    public var sustainedByEverySeed: Double { perSeed.map(\.sustainedRate).min() ?? 0 }
    /// Simulations run by the bisections.
    public var evaluations: Int { perSeed.reduce(0) { $0 + $1.evaluations } }

    /// The result for people:
    ///
    ///     max sustainable rate: 49.71 req/s ± 0.88 (95% CI over 8 seeds: 48.83 – 50.59)
    ///       bisection bracket ≤ 0.24 req/s per seed; every seed sustained 47.66 req/s
    ///     at 49.71 req/s (8 replications):
    ///       queue_delay_mean  9.962 ms ± 0.41 ms   limit <= 10 ms   at the limit (within the CI)
    public func rendered() -> String {
        var lines: [String] = []
        let r = SummaryTable.fmt(rate, 2)
        if let h = halfWidth {
            lines.append("max sustainable rate: \(r) req/s ± \(SummaryTable.fmt(h, 2)) (95% CI over \(perSeed.count) seeds: "
                + "\(SummaryTable.fmt(rate - h, 2)) – \(SummaryTable.fmt(rate + h, 2)))")
        } else {
            lines.append("max sustainable rate: \(r) req/s (1 seed: no confidence interval; use --replications ≥ 2)")
        }
        lines.append("  bisection bracket ≤ \(SummaryTable.fmt(bracketWidth, 3)) req/s per seed; every seed sustained "
            + "\(SummaryTable.fmt(sustainedByEverySeed, 2)) req/s; \(evaluations) simulations from \(SummaryTable.fmt(startRate, 2)) req/s")
        lines.append("at \(r) req/s (\(perSeed.count) replication\(perSeed.count == 1 ? "" : "s")):")
        let width = atEstimate.map(\.condition.metric.name.count).max() ?? 0
        for check in atEstimate {
            let metric = check.condition.metric
            let name = metric.name.padding(toLength: width, withPad: " ", startingAt: 0)
            var value = "not computed"
            var verdict = "—"
            if let e = check.estimate {
                value = metric.format(e.mean) + (e.halfWidth().map { " ± " + metric.format($0) } ?? "")
                verdict = e.contains(check.condition.limit) ? "at the limit (within the CI)"
                    : check.condition.isMet(by: e.mean) ? "met" : "missed"
            }
            lines.append("  \(name)  \(value)   limit \(check.condition.comparison.rawValue) \(metric.format(check.condition.limit))   \(verdict)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The result as JSON (`simserve plan --json`).
    public var json: JSONValue {
        .object([
            ("max_rate", .number(rate)),
            ("ci95_half_width", .number(halfWidth)),
            ("ci95_low", .number(halfWidth.map { rate - $0 })),
            ("ci95_high", .number(halfWidth.map { rate + $0 })),
            ("bracket_width", .number(bracketWidth)),
            ("sustained_by_every_seed", .number(sustainedByEverySeed)),
            ("relative_tolerance", .number(relativeTolerance)),
            ("start_rate", .number(startRate)),
            ("evaluations", .int(evaluations)),
            ("seeds", .array(perSeed.map { s in
                .object([("seed", .int(Int(truncatingIfNeeded: s.seed))), ("sustained_rate", .number(s.sustainedRate)),
                         ("failed_rate", .number(s.failedRate)), ("evaluations", .int(s.evaluations))])
            })),
            ("slos", .array(atEstimate.map { c in
                .object([("metric", .string(c.condition.metric.name)), ("comparison", .string(c.condition.comparison.rawValue)),
                         ("limit", .number(c.condition.limit)), ("mean_at_max_rate", .number(c.estimate?.mean)),
                         ("ci95_half_width", .number(c.estimate?.halfWidth()))])
            })),
        ])
    }
}
