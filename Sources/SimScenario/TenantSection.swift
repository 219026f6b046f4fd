import SimWorkload

/// `[[workload.tenants]]`: one tenant, its share of the requests and its token bucket.
struct TenantSection: Decodable {
    var name: String
    var share: Double
    /// Bucket refill rate, tokens (prompt + output) per second.
    var tokens_per_second: Double
    /// Bucket size, tokens.
    var burst_tokens: Double
}

extension ScenarioResolver {
    mutating func resolveTenants(_ sections: [TenantSection]) -> [Tenant]? {
        let before = issues.count
        check(!sections.isEmpty, "workload.tenants", "needs at least one tenant")
        var seen = Set<String>()
        let tenants = sections.enumerated().map { i, t -> Tenant in
            let path = "workload.tenants[\(i)]"
            checkName(t.name, "\(path).name")
            check(seen.insert(t.name).inserted, "\(path).name", "'\(t.name)' names two tenants")
            check(t.share > 0 && t.share.isFinite, "\(path).share", "must be > 0, got \(t.share)")
            check(t.tokens_per_second > 0 && t.tokens_per_second.isFinite, "\(path).tokens_per_second",
                  "must be a positive number of tokens per second, got \(t.tokens_per_second)")
            check(t.burst_tokens >= 1 && t.burst_tokens.isFinite, "\(path).burst_tokens",
                  "must be ≥ 1 token (the largest request the tenant may send), got \(t.burst_tokens)")
            return Tenant(name: t.name, share: t.share, tokensPerSecond: t.tokens_per_second, burstTokens: t.burst_tokens)
        }
        return issues.count == before ? tenants : nil
    }
}
