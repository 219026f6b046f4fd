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
}
