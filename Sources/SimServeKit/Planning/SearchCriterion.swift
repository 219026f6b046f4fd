/// A figure by which ``DeploymentSearch`` ranks candidates, or one axis of its Pareto set.
///
/// `cost` is the deployment's price per hour (GPUs × `hardware.cost_per_hour`), or its GPU
/// count where no price is known (the service-time cost model); `energy` is joules per output
/// token; `throughput` is output tokens/s per GPU; `latency` is `ttft_p99`; `gpus` and `memory`
/// (GB of GPU memory in all) count resources; any metric name (`e2e_p99`, `goodput_fraction`,
/// …, see ``ServiceMetric``) is its mean over the replications.
public struct SearchCriterion: Sendable, CustomStringConvertible {
    public var name: String
    /// True when smaller values are better.
    public var lowerIsBetter: Bool
    /// Whether a deployment with more replicas (and otherwise the same) can only be worse: then
    /// the fewest replicas meeting the SLOs is that setting's best, and the search stops there.
    public var favoursFewerReplicas: Bool
    let value: @Sendable (DeploymentCandidate) -> Double?

    public var description: String { name }

    /// The criterion's value for `candidate`; nil when it could not be computed.
    public func value(of candidate: DeploymentCandidate) -> Double? { value(candidate) }

    /// The value to minimise (negated for a criterion where higher is better).
    func cost(of candidate: DeploymentCandidate) -> Double? {
        value(candidate).map { lowerIsBetter ? $0 : -$0 }
    }

    /// The deployment's price per hour (its GPU count where no price is known).
    public static let cost = SearchCriterion(name: "cost", lowerIsBetter: true, favoursFewerReplicas: true) {
        $0.usdPerHour ?? Double($0.gpus)
    }

    /// The keyword criteria, in the order of `--objective`'s help.
    public static let keywords = ["cost", "energy", "latency", "throughput", "gpus", "memory"]

    /// The criterion called `name`: a keyword or a metric name.
    ///
    /// - Throws: ``PlanningInputError`` from `option` for an unknown name, with a did-you-mean.
    public static func named(_ name: String, option: String) throws(PlanningInputError) -> SearchCriterion {
        switch name {
        case "cost":
            return cost
        case "energy":
            return SearchCriterion(name: "energy", lowerIsBetter: true, favoursFewerReplicas: true) {
                $0.figures["joules_per_output_token"]?.mean
            }
        case "throughput":
            return SearchCriterion(name: "throughput", lowerIsBetter: false, favoursFewerReplicas: true) { c in
                c.figures["output_tokens_per_second"].flatMap { c.gpus > 0 ? $0.mean / Double(c.gpus) : nil }
            }
        case "gpus":
            return SearchCriterion(name: "gpus", lowerIsBetter: true, favoursFewerReplicas: true) { Double($0.gpus) }
        case "memory":
            return SearchCriterion(name: "memory", lowerIsBetter: true, favoursFewerReplicas: true) { $0.totalMemoryGB }
        case "latency":
            return metric("ttft_p99", displayName: "latency")
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
        return SearchCriterion(name: displayName, lowerIsBetter: metric.lowerIsBetter, favoursFewerReplicas: false) {
            $0.figures[metric.name]?.mean
        }
    }

    /// The metric names whose means the candidates must carry for `criteria`.
    static func metricNames(for criteria: [SearchCriterion]) -> [String] {
        criteria.compactMap { c in
            switch c.name {
            case "cost", "gpus", "memory": nil
            case "energy": "joules_per_output_token"
            case "throughput": "output_tokens_per_second"
            case "latency": "ttft_p99"
            default: ServiceMetric.named(c.name)?.name
            }
        }
    }
}
