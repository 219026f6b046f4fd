import SimOutput
import SimWorkload

/// Resolving how load generators shape a workload: `[[workload.stages]]` (a rate per stage)
/// and `[workload.shared_prefix]` (multi-turn conversations over shared system prompts).
extension ScenarioResolver {
    /// The kinds of arrival process a stage can set the rate of.
    static let stageableArrivalKinds = ["constant", "poisson", "gamma"]

    mutating func resolveStages(_ sections: [StageSection], arrival: ArrivalSection?) -> [LoadStage]? {
        let before = issues.count
        check(!sections.isEmpty, "workload.stages", "needs at least one stage")
        if let kind = arrival?.kind, !Self.stageableArrivalKinds.contains(kind) {
            issue("workload.arrival.kind", "'\(kind)' has no single rate for workload.stages to set; use 'constant', 'poisson' or 'gamma'")
        }
        let stages = sections.enumerated().map { i, s in
            let path = "workload.stages[\(i)]"
            check(InputBounds.rates.contains(s.rate), "\(path).rate", "must be a number of requests per second in \(InputBounds.rateText), got \(s.rate)")
            let seconds = s.duration.seconds
            check(seconds > 0 && seconds.isFinite, "\(path).duration", "must be > 0, got \(seconds) s")
            return LoadStage(ratePerSecond: s.rate, durationSeconds: seconds)
        }
        return issues.count == before ? stages : nil
    }

    mutating func resolveConversations(_ s: SharedPrefixSection) -> SharedPrefixConversations? {
        let path = "workload.shared_prefix"
        let before = issues.count
        check(s.groups >= 1 && s.groups <= 100_000, "\(path).groups", "must be in 1...100000, got \(s.groups)")
        check(s.users_per_group >= 1 && s.users_per_group <= 100_000, "\(path).users_per_group",
              "must be in 1...100000, got \(s.users_per_group)")
        if issues.count == before {
            check(s.groups * s.users_per_group <= 1_000_000, "\(path).users_per_group",
                  "groups × users_per_group must be at most 1000000, got \(s.groups * s.users_per_group)")
        }
        check(s.system_prompt_tokens >= 0 && s.system_prompt_tokens <= InputBounds.maxTokensPerRequest, "\(path).system_prompt_tokens", "must be in 0...\(InputBounds.maxTokensPerRequest) tokens, got \(s.system_prompt_tokens)")
        check(s.output_tokens >= 1 && s.output_tokens <= InputBounds.maxTokensPerRequest, "\(path).output_tokens", "must be in 1...\(InputBounds.maxTokensPerRequest) tokens, got \(s.output_tokens)")
        check(s.turns >= 1 && s.turns <= 1000, "\(path).turns", "must be in 1...1000, got \(s.turns)")
        let question = resolveLength(s.question_tokens, "\(path).question_tokens")
        guard issues.count == before, let question else { return nil }
        return SharedPrefixConversations(groups: s.groups, usersPerGroup: s.users_per_group,
                                         systemPromptTokens: s.system_prompt_tokens, questionTokens: question,
                                         outputTokens: s.output_tokens, turns: s.turns)
    }
}
