import SimCore

/// A token bucket (Turner 1986; the rate limiter of API gateways): it fills at a fixed rate up
/// to its size, and a request passes only if the bucket holds what it asks for, which is then
/// taken out. Over any span T it passes at most rate · T + size tokens.
struct TokenBucket {
    let tokensPerSecond: Double
    let burstTokens: Double
    private(set) var level: Double
    private var lastRefill: SimTime = .zero

    init(tokensPerSecond: Double, burstTokens: Double) {
        self.tokensPerSecond = tokensPerSecond
        self.burstTokens = burstTokens
        self.level = burstTokens
    }

    /// Takes `tokens` out if the bucket, refilled up to `now`, holds them; returns whether it
    /// did.
    mutating func take(_ tokens: Double, at now: SimTime) -> Bool {
        level = min(burstTokens, level + (now - lastRefill).seconds * tokensPerSecond)
        lastRefill = now
        guard tokens <= level else { return false }
        level -= tokens
        return true
    }
}
