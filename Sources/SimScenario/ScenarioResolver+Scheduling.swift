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
}
