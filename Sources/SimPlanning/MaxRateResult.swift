import Foundation
import SimScenario
import SimSupport

/// The answer of ``MaxRateSearch``: the rate at which every SLO held at every replication (the
/// headline), the mean of the seeds' maximum rates with its uncertainty, and each SLO's figure
/// at the headline rate, replication by replication.
public struct MaxRateResult: Sendable {
    /// One SLO at the headline rate.
    public struct Check: Sendable {
        public var condition: MetricCondition
        /// The mean of its metric over the replications; nil when none could compute it.
        public var estimate: MeanEstimate?
        /// Each replication's figure, in seed order (nil: not computed).
        public var perReplication: [Double?] = []
        /// Replications at which it held.
        public var held: Int = 0
        /// The replication figure furthest on the wrong side (the largest for an upper limit).
        public var worst: Double? {
            let values = perReplication.compactMap { $0 }
            return condition.comparison.isUpperBound ? values.max() : values.min()
        }
    }

    /// The scenario's own rate, where every search started.
    public var startRate: Double
    public var perSeed: [MaxRateSearch.SeedSearch]
    /// The mean of the seeds' λ* with its Student t interval.
    public var estimate: MeanEstimate
    /// The headline: the rate at which every SLO held at every replication (checked by running
    /// each seed there), unless ``heldEverywhere`` is false.
    public var sustainedRate: Double
    /// Steps of 2 × tolerance taken below the lowest per-seed rate before every replication held.
    public var stepsDown: Int
    /// Each SLO at ``sustainedRate``.
    public var atEstimate: [Check]
    public var relativeTolerance: Double

    /// The mean of the seeds' maximum rates (requests/s): the point estimate of λ*, not a rate
    /// to provision for — about half the seeds fail there.
    public var rate: Double { estimate.mean }
    /// Whether every SLO held at every replication at ``sustainedRate``.
    public var heldEverywhere: Bool { atEstimate.allSatisfy { $0.held == perSeed.count } }
    /// The 95% half-width of `rate` over seeds; nil with one replication.
    public var halfWidth: Double? { estimate.halfWidth() }
    /// The widest final bisection bracket of any seed (requests/s).
    public var bracketWidth: Double { perSeed.map { $0.failedRate - $0.sustainedRate }.max() ?? 0 }
    /// The lowest rate that every seed sustained: a conservative answer.
    public var sustainedByEverySeed: Double { perSeed.map(\.sustainedRate).min() ?? 0 }
    /// Simulations run by the bisections.
    public var evaluations: Int { perSeed.reduce(0) { $0 + $1.evaluations } }

    /// The result for people: the headline rate (every SLO held at every replication), the
    /// mean of the seeds' maximum rates beside it, then each SLO at the headline rate:
    ///
    ///     sustainable rate: 47.66 req/s — every SLO held at all 8 replications there
    ///       mean of the seeds' maximum rates 49.71 req/s ± 0.88 (95% CI 48.83 – 50.59); bisection bracket ≤ 0.24 req/s per seed; …
    ///     at 47.66 req/s (8 replications, each checked):
    ///       queue_delay_mean  9.1 ms ± 0.41 ms, worst 9.8 ms   limit <= 10 ms   held 8/8
    public func rendered() -> String {
        var lines: [String] = []
        let n = perSeed.count
        let r = TextTable.fmt(sustainedRate, 2)
        if heldEverywhere {
            lines.append("sustainable rate: \(r) req/s — every SLO held at " + (n == 1 ? "the 1 replication" : "all \(n) replications") + " there")
        } else {
            let held = atEstimate.map(\.held).min() ?? 0
            lines.append("sustainable rate: none verified — at \(r) req/s (\(stepsDown) steps below the lowest seed's) an SLO still held at only \(held)/\(n) replications")
        }
        var mean = "  mean of the seeds' maximum rates \(TextTable.fmt(rate, 2)) req/s"
        if let h = halfWidth {
            mean += " ± \(TextTable.fmt(h, 2)) (95% CI over \(n) seeds: \(TextTable.fmt(rate - h, 2)) – \(TextTable.fmt(rate + h, 2)))"
        } else {
            mean += " (1 seed: no confidence interval; use --replications ≥ 2)"
        }
        lines.append(mean)
        lines.append("  bisection bracket ≤ \(TextTable.fmt(bracketWidth, 3)) req/s per seed; lowest seed's rate "
            + "\(TextTable.fmt(sustainedByEverySeed, 2)) req/s\(stepsDown > 0 ? ", stepped down \(stepsDown)× to hold at every seed" : ""); "
            + "\(evaluations) simulations from \(TextTable.fmt(startRate, 2)) req/s")
        lines.append("at \(r) req/s (\(n) replication\(n == 1 ? "" : "s"), each checked):")
        let width = atEstimate.map(\.condition.metric.name.count).max() ?? 0
        for check in atEstimate {
            let metric = check.condition.metric
            let name = metric.name.padding(toLength: width, withPad: " ", startingAt: 0)
            var value = "not computed"
            if let e = check.estimate {
                value = metric.format(e.mean) + (e.halfWidth().map { " ± " + metric.format($0) } ?? "")
                if n > 1, let worst = check.worst { value += ", worst " + metric.format(worst) }
            }
            lines.append("  \(name)  \(value)   limit \(check.condition.comparison.rawValue) \(metric.format(check.condition.limit))   held \(check.held)/\(n)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The result as JSON (`simserve plan --json`).
    public var json: JSONValue {
        .object([
            ("sustainable_rate", .number(sustainedRate)),
            ("sustainable_rate_rule", .string("every SLO held at every replication")),
            ("held_at_every_replication", .bool(heldEverywhere)),
            ("steps_down", .int(stepsDown)),
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
                         ("limit", .number(c.condition.limit)), ("mean_at_sustainable_rate", .number(c.estimate?.mean)),
                         ("ci95_half_width", .number(c.estimate?.halfWidth())),
                         ("per_replication", .array(c.perReplication.map { .number($0) })),
                         ("held", .int(c.held))])
            })),
        ])
    }
}
