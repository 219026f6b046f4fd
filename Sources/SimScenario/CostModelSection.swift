import SimSupport
import SimWorkload

/// `[cost_model]`: `kind = "roofline"` (the default: a model on hardware) or
/// `kind = "service_time"` with its `service_time` distribution.
struct CostModelSection: Decodable {
    var kind: String?
    var service_time: ServiceTimeSection?
}

extension ScenarioResolver {
    /// The service-time distribution of `kind = "service_time"`; nil under the roofline cost
    /// model. `preemption` is `scheduler.preemption`, which only the roofline can swap for.
    mutating func resolveCostModel(_ section: CostModelSection?, kind: String, preemption: String?) -> ServiceTimeDistribution? {
        switch kind {
        case "roofline":
            check(section?.service_time == nil, "cost_model.service_time",
                  "only used when cost_model.kind = \"service_time\"")
        case "service_time":
            check(preemption != "swap", "scheduler.preemption", "swap needs the roofline cost model (a model and hardware)")
            if let distribution = section?.service_time {
                return resolveServiceTime(distribution)
            }
            issue("cost_model.service_time", "missing; the service-time cost model needs a distribution, e.g. { kind = \"exponential\", mean = \"10ms\" }")
        default:
            issue("cost_model.kind", DidYouMean.message(for: kind, notAmong: ["roofline", "service_time"]))
        }
        return nil
    }
}
