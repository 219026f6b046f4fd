/// A client of the deployment with its share of the requests and a token-bucket rate limit
/// on what it may ask for (prompt + output tokens per request).
public struct Tenant: Equatable, Sendable {
    public var name: String
    /// Fraction of arrivals from this tenant (the shares of a workload sum to 1).
    public var share: Double
    /// The bucket's refill rate, tokens per second.
    public var tokensPerSecond: Double
    /// The bucket's size (and its level at the start), tokens: the largest burst admitted at
    /// once. A request asking for more is always rejected.
    public var burstTokens: Double

    public init(name: String, share: Double = 1, tokensPerSecond: Double, burstTokens: Double) {
        self.name = name
        self.share = share
        self.tokensPerSecond = tokensPerSecond
        self.burstTokens = burstTokens
    }
}
