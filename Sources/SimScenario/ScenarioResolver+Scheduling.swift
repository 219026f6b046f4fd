import CostModel
import SimCore
import SimOutput
import SimServing
import SimSupport
import SimWorkload

/// Resolving scheduling choices: queue policy, speculative decoding, class policies.
extension ScenarioResolver {
    mutating func resolveQueuePolicy(_ s: SchedulerSection?) -> QueuePolicy {
        let name = s?.queue_policy ?? "fcfs"
        let aging = s?.aging?.seconds
        if let aging { check(aging > 0 && aging.isFinite, "scheduler.aging", "must be > 0, got \(aging) s") }
        switch name {
        case "fcfs":
            if aging != nil {
                irrelevant("scheduler.aging", "only used with queue_policy \"priority\" or \"shortest_remaining\"",
                           decidedBy: "scheduler.queue_policy")
            }
            return .fcfs
        case "priority": return .priority(agingSeconds: aging)
        case "shortest_remaining": return .shortestRemaining(agingSeconds: aging)
        default:
            issue("scheduler.queue_policy", DidYouMean.message(for: name, notAmong: ["fcfs", "priority", "shortest_remaining"]))
            return .fcfs
        }
    }

    mutating func resolveSpeculation(_ s: SpeculativeSection, usesHardware: Bool) -> SpeculativeDecoding? {
        let before = issues.count
        check(usesHardware, "speculative", "needs the roofline cost model (a model and hardware)")
        check(s.proposal_tokens >= 1 && s.proposal_tokens <= 64, "speculative.proposal_tokens", "must be in 1...64, got \(s.proposal_tokens)")
        check(s.acceptance_rate >= 0 && s.acceptance_rate <= 1, "speculative.acceptance_rate", "must be in [0, 1], got \(s.acceptance_rate)")
        var draft: ModelSpec?
        do {
            draft = decode(ModelSpec.self, from: try Presets.table(.model, named: s.draft), prefix: ["speculative", "draft"])
        } catch {
            issue("speculative.draft", error.description)
        }
        guard issues.count == before, let draft else { return nil }
        return SpeculativeDecoding(draft: draft, proposalTokens: s.proposal_tokens, acceptanceRate: s.acceptance_rate)
    }

    /// The serving side of the workload's classes, with the batching windows and concurrency
    /// caps their `[[workload.classes]]` entries give (checked here).
    mutating func classPolicies(of workload: Workload, sections: [ClassSection]?) -> [ClassPolicy] {
        guard case .synthetic(let synthetic) = workload else { return [] }
        return synthetic.classes.enumerated().map { i, c in
            var policy = ClassPolicy(name: c.name, priority: c.priority, slo: c.slo, maxNewTokens: c.maxNewTokens)
            guard let section = sections?[i] else { return policy }
            if let window = section.batching_window?.seconds {
                check(window >= 0 && window.isFinite, "workload.classes[\(i)].batching_window", "must be ≥ 0, got \(window) s")
                policy.batchingWindow = SimDuration(seconds: window >= 0 && window.isFinite ? window : 0)
            }
            resolveAdaptiveWindow(section, of: i, into: &policy)
            if let cap = section.max_running {
                check(cap >= 1, "workload.classes[\(i)].max_running", "must be ≥ 1 request, got \(cap)")
                policy.maxRunning = max(1, cap)
            }
            return policy
        }
    }
}

extension ScenarioResolver {
    /// `batching_window_min` and `batching_window_max` of class `i`: both, in place of
    /// `batching_window`, 0 ≤ min ≤ max.
    mutating func resolveAdaptiveWindow(_ section: ClassSection, of i: Int, into policy: inout ClassPolicy) {
        let key = "workload.classes[\(i)]"
        let (low, high) = (section.batching_window_min?.seconds, section.batching_window_max?.seconds)
        guard low != nil || high != nil else { return }
        check(section.batching_window == nil, "\(key).batching_window",
              "give either batching_window (fixed) or batching_window_min and batching_window_max (adaptive), not both")
        guard let low, let high else {
            issue("\(key).batching_window_\(low == nil ? "min" : "max")",
                  "missing; an adaptive window needs both batching_window_min and batching_window_max")
            return
        }
        check(low >= 0 && low.isFinite, "\(key).batching_window_min", "must be ≥ 0, got \(low) s")
        check(high.isFinite && high >= low, "\(key).batching_window_max",
              "must be ≥ batching_window_min (\(low) s) and finite, got \(high) s")
        guard low >= 0, low.isFinite, high.isFinite, high >= low else { return }
        policy.batchingWindow = SimDuration(seconds: high)
        policy.batchingWindowMin = SimDuration(seconds: low)
    }
}
