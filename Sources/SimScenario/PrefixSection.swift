import SimWorkload

/// `prefix = { groups, tokens [, popularity] }`: `tokens` shared by each of `groups` groups,
/// popularity the Zipf exponent of the group draw (0: uniform).
struct PrefixSection: Decodable {
    var groups: Int
    var tokens: Int
    var popularity: Double?
}

extension ScenarioResolver {
    mutating func resolvePrefix(_ p: PrefixSection, _ path: String) -> SharedPrefix? {
        let before = issues.count
        check(p.groups >= 1 && p.groups <= 1_000_000, "\(path).groups", "must be in 1...1000000, got \(p.groups)")
        check(p.tokens >= 1 && p.tokens <= InputBounds.maxTokensPerRequest, "\(path).tokens",
              "must be in 1...\(InputBounds.maxTokensPerRequest) tokens, got \(p.tokens)")
        if let context = maxContextTokens, p.tokens <= InputBounds.maxTokensPerRequest {
            check(p.tokens < context, "\(path).tokens",
                  "must be less than the model's context of \(context) tokens (the prompt follows the prefix), got \(p.tokens)")
        }
        let popularity = p.popularity ?? 0
        check(popularity >= 0 && popularity.isFinite, "\(path).popularity", "must be ≥ 0, got \(popularity)")
        return issues.count == before ? SharedPrefix(groups: p.groups, tokens: p.tokens, popularity: popularity) : nil
    }
}
