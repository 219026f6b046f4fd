import SimWorkload

/// `[workload.shared_prefix]`: `groups` system prompts of `system_prompt_tokens` tokens,
/// `users_per_group` users each, `turns` turns per conversation, each turn a question of
/// `question_tokens` (a length table) answered in exactly `output_tokens` tokens.
struct SharedPrefixSection: Decodable {
    var groups: Int
    var users_per_group: Int
    var system_prompt_tokens: Int
    var question_tokens: LengthSection
    var output_tokens: Int
    var turns: Int
}

extension ScenarioResolver {
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
