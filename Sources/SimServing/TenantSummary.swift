import SimMetrics

/// What became of one tenant's requests.
public struct TenantSummary: Sendable {
    public var name: String
    public var arrived: Int
    public var completed: Int
    public var rejected: Int
    public var rejectedByReason: [RejectionReason: Int]
}
