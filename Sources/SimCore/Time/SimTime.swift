/// A point in simulated time, in integer nanoseconds since the start of the simulation.
///
/// Integer nanoseconds keep event order exact: adding many small float durations never drifts,
/// and two events computed the same way always compare equal. A run of a day fits easily
/// (`Int64` nanoseconds span about 292 years).
public struct SimTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var nanoseconds: Int64

    @inlinable
    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// The time `seconds` after the start, rounded to the nearest nanosecond.
    @inlinable
    public init(seconds: Double) {
        precondition(seconds.isFinite, "SimTime(seconds:) needs a finite value, got \(seconds)")
        self.nanoseconds = Int64((seconds * 1e9).rounded())
    }

    public static let zero = SimTime(nanoseconds: 0)

    /// Seconds since the start, as a `Double` (for metrics and output).
    @inlinable
    public var seconds: Double { Double(nanoseconds) * 1e-9 }

    @inlinable
    public static func < (lhs: SimTime, rhs: SimTime) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    @inlinable
    public static func + (lhs: SimTime, rhs: SimDuration) -> SimTime {
        SimTime(nanoseconds: lhs.nanoseconds + rhs.nanoseconds)
    }

    @inlinable
    public static func - (lhs: SimTime, rhs: SimTime) -> SimDuration {
        SimDuration(nanoseconds: lhs.nanoseconds - rhs.nanoseconds)
    }

    public var description: String { "\(seconds)s" }
}

/// A span of simulated time, in integer nanoseconds.
public struct SimDuration: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var nanoseconds: Int64

    @inlinable
    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// A duration of `seconds`, rounded to the nearest nanosecond.
    @inlinable
    public init(seconds: Double) {
        precondition(seconds.isFinite && seconds >= 0,
                     "SimDuration(seconds:) needs a finite, non-negative value, got \(seconds)")
        self.nanoseconds = Int64((seconds * 1e9).rounded())
    }

    public static let zero = SimDuration(nanoseconds: 0)

    @inlinable
    public var seconds: Double { Double(nanoseconds) * 1e-9 }

    @inlinable
    public static func < (lhs: SimDuration, rhs: SimDuration) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    public var description: String { "\(seconds)s" }
}
