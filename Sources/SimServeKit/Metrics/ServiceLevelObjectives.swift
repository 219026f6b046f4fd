/// Latency targets a request must meet to count towards goodput. A target left nil is not
/// checked.
public struct ServiceLevelObjectives: Equatable, Sendable {
    public var ttftSeconds: Double?
    public var tpotSeconds: Double?
    public var e2eSeconds: Double?

    public init(ttftSeconds: Double? = nil, tpotSeconds: Double? = nil, e2eSeconds: Double? = nil) {
        self.ttftSeconds = ttftSeconds
        self.tpotSeconds = tpotSeconds
        self.e2eSeconds = e2eSeconds
    }

    public var isEmpty: Bool { ttftSeconds == nil && tpotSeconds == nil && e2eSeconds == nil }

    /// Whether a completed request met every target. TPOT is not checked for one-token outputs.
    public func isMet(by record: RequestRecord) -> Bool {
        if let limit = ttftSeconds, let value = record.ttft, value > limit { return false }
        if let limit = tpotSeconds, let value = record.tpot, value > limit { return false }
        if let limit = e2eSeconds, let value = record.e2e, value > limit { return false }
        return record.outcome == .completed
    }
}
