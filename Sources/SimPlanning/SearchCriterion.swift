import SimScenario
import SimSupport

/// A figure by which ``DeploymentSearch`` ranks candidates, or one axis of its Pareto set.
///
/// The objectives read as their names:
/// - `cost` (cost-first): the deployment's price per hour (GPUs × `hardware.cost_per_hour`), or
///   its GPU count where no price is known (the service-time cost model).
/// - `energy` (energy-first): joules per output token at the target rate.
/// - `latency` (latency-first): the first latency SLO's metric (`ttft_p99` without one) at the
///   target rate, minimised; candidates within ``tieBand`` of the best are a tie, broken by cost,
///   so that more GPUs are not bought for a difference the replications cannot resolve.
/// - `throughput` (throughput-first, per GPU): the sustainable rate — every SLO held at every
///   replication, searched as `plan` does — divided by the GPUs, maximised;
///   `throughput_per_usd` divides it by the price per hour instead.
/// - `gpus` and `memory` (GB of GPU memory in all) count resources; any metric name
///   (`e2e_p99`, `goodput_fraction`, …, see ``ServiceMetric``) is its mean over the replications.
public struct SearchCriterion: Sendable, CustomStringConvertible {
    public var name: String
    /// True when smaller values are better.
    public var lowerIsBetter: Bool
    /// Whether a deployment with more replicas (and otherwise the same) can only be worse: then
    /// the fewest replicas meeting the SLOs is that setting's best, and the search stops there.
    public var favoursFewerReplicas: Bool
    /// The column header of the figure it ranks by (`$/h`, `ttft_p99`, `req/s per GPU`).
    public var column: String = ""
    /// Values within this fraction of the best one rank as a tie (broken by cost); 0: none.
    public var tieBand: Double = 0
    /// Whether it needs each candidate's sustainable rate (a max-rate search per candidate).
    public var needsSustainableRate = false
    let value: @Sendable (DeploymentCandidate) -> Double?

    public var description: String { name }

    /// The criterion's value for `candidate`; nil when it could not be computed.
    public func value(of candidate: DeploymentCandidate) -> Double? { value(candidate) }

    /// The value to minimise (negated for a criterion where higher is better).
    func cost(of candidate: DeploymentCandidate) -> Double? {
        value(candidate).map { lowerIsBetter ? $0 : -$0 }
    }

    /// The deployment's price per hour (its GPU count where no price is known).
    public static let cost = SearchCriterion(name: "cost", lowerIsBetter: true, favoursFewerReplicas: true, column: "$/h") {
        $0.usdPerHour ?? Double($0.gpus)
    }

    /// The keyword criteria, in the order of `--objective`'s help.
    public static let keywords = ["cost", "energy", "latency", "throughput", "throughput_per_usd", "gpus", "memory"]

    /// The band of a latency tie: 2% of the best value (a p99 over a few thousand requests
    /// moves by about that between seeds).
    public static let latencyTieBand = 0.02

    /// The criterion called `name`: a keyword or a metric name. `latency` minimises the first
    /// latency metric among `sloMetrics` (`ttft_p99` when none is a latency).
    ///
    /// - Throws: ``PlanningInputError`` from `option` for an unknown name, with a did-you-mean.
    public static func named(_ name: String, option: String, sloMetrics: [String] = []) throws(PlanningInputError) -> SearchCriterion {
        switch name {
        case "cost":
            return cost
        case "energy":
            return SearchCriterion(name: "energy", lowerIsBetter: true, favoursFewerReplicas: true, column: "joules_per_output_token") {
                $0.figures["joules_per_output_token"]?.mean
            }
        case "throughput":
            var c = SearchCriterion(name: "throughput", lowerIsBetter: false, favoursFewerReplicas: true,
                                    column: "sustained req/s per GPU") { c in
                c.sustainableRate.flatMap { c.gpus > 0 ? $0 / Double(c.gpus) : nil }
            }
            c.needsSustainableRate = true
            return c
        case "throughput_per_usd":
            var c = SearchCriterion(name: "throughput_per_usd", lowerIsBetter: false, favoursFewerReplicas: true,
                                    column: "sustained req/s per $/h") { c in
                guard let rate = c.sustainableRate else { return nil }
                guard let price = c.usdPerHour else { return c.gpus > 0 ? rate / Double(c.gpus) : nil }
                return price > 0 ? rate / price : nil
            }
            c.needsSustainableRate = true
            return c
        case "gpus":
            return SearchCriterion(name: "gpus", lowerIsBetter: true, favoursFewerReplicas: true) { Double($0.gpus) }
        case "memory":
            return SearchCriterion(name: "memory", lowerIsBetter: true, favoursFewerReplicas: true) { $0.totalMemoryGB }
        case "latency":
            let latency = sloMetrics.first { ServiceMetric.named($0)?.isLatency ?? false } ?? "ttft_p99"
            var c = metric(latency, displayName: "latency")
            c.tieBand = latencyTieBand
            return c
        default:
            guard ServiceMetric.named(name) != nil else {
                let known = keywords + ServiceMetric.allNames
                let hint = DidYouMean.suggestion(for: name, among: known).map { "; did you mean '\($0)'?" }
                    ?? "; expected one of \(keywords.joined(separator: ", ")) or a metric name such as ttft_p99"
                throw PlanningInputError(option: option, "'\(name)' is not a criterion" + hint)
            }
            return metric(name, displayName: name)
        }
    }

    /// A metric's mean over the replications.
    static func metric(_ metricName: String, displayName: String) -> SearchCriterion {
        let metric = ServiceMetric.named(metricName)!
        return SearchCriterion(name: displayName, lowerIsBetter: metric.lowerIsBetter, favoursFewerReplicas: false,
                               column: metric.name) {
            $0.figures[metric.name]?.mean
        }
    }

    /// The metric names whose means the candidates must carry for `criteria`.
    static func metricNames(for criteria: [SearchCriterion]) -> [String] {
        criteria.compactMap { c in
            switch c.name {
            case "cost", "gpus", "memory", "throughput", "throughput_per_usd": nil
            case "energy": "joules_per_output_token"
            case "latency": c.column
            default: ServiceMetric.named(c.name)?.name
            }
        }
    }
}
