/// The order in which a replica admits its waiting requests.
public enum QueuePolicy: Equatable, Sendable {
    /// First come, first served.
    case fcfs
    /// Strict priority by request class (lower number first), FCFS within a priority.
    case priority(agingSeconds: Double?)
    /// Shortest remaining work first: prompt + expected output tokens (SRPT-like, on what the
    /// scheduler can know at admission), FCFS among equals.
    case shortestRemaining(agingSeconds: Double?)

    /// With aging, a request that has waited this long is admitted before any other (so
    /// nothing starves); nil: no aging.
    public var agingSeconds: Double? {
        switch self {
        case .fcfs: nil
        case .priority(let a), .shortestRemaining(let a): a
        }
    }
}
