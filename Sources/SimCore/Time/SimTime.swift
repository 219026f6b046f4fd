/// A point in simulated time, in integer nanoseconds since the start of the simulation.
///
/// Integer nanoseconds keep event order exact: adding many small float durations never drifts,
/// and two events computed the same way always compare equal. A run of a day fits easily
/// (`Int64` nanoseconds span about 292 years).
///
/// Conversions never trap on size: a time or duration beyond what `Int64` nanoseconds hold
/// saturates at the largest (or smallest) one, and so do sums. Inputs are held well inside
/// that range by ``SimTime/inputLimitSeconds``, checked where they are parsed; saturation is
/// the backstop for values computed from them (a long exponential gap at a tiny rate).
public struct SimTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var nanoseconds: Int64

    @inlinable
    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// The time `seconds` after the start, rounded to the nearest nanosecond; beyond the
    /// range of `Int64` nanoseconds (±292 years, infinities included) it saturates.
    @inlinable
    public init(seconds: Double) {
        precondition(!seconds.isNaN, "SimTime(seconds:) needs a number, got NaN")
        self.nanoseconds = Int64(saturatingNanoseconds: seconds)
    }

    public static let zero = SimTime(nanoseconds: 0)

    /// The latest representable time (about 292 years): "never" in computed times.
    public static let max = SimTime(nanoseconds: .max)

    /// The largest time or duration, in seconds, that any input (a scenario, an override, a
    /// flag, a trace) may give: 10⁹ s, about 31.7 years.
    ///
    /// Simulated time is `Int64` nanoseconds, which end at about 9.22 × 10⁹ s (292 years);
    /// keeping each input under a ninth of that leaves room for the sums a run makes (a
    /// trace's last arrival plus its service, a warm-up plus a horizon) without saturating.
    public static let inputLimitSeconds = 1e9

    /// Seconds since the start, as a `Double` (for metrics and output).
    @inlinable
    public var seconds: Double { Double(nanoseconds) * 1e-9 }

    @inlinable
    public static func < (lhs: SimTime, rhs: SimTime) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    @inlinable
    public static func + (lhs: SimTime, rhs: SimDuration) -> SimTime {
        SimTime(nanoseconds: lhs.nanoseconds.saturatingAdd(rhs.nanoseconds))
    }

    @inlinable
    public static func - (lhs: SimTime, rhs: SimTime) -> SimDuration {
        SimDuration(nanoseconds: lhs.nanoseconds.saturatingAdd(-Swift.max(rhs.nanoseconds, -Int64.max)))
    }

    public var description: String { "\(seconds)s" }
}

/// A span of simulated time, in integer nanoseconds.
public struct SimDuration: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var nanoseconds: Int64

    @inlinable
    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// A duration of `seconds`, rounded to the nearest nanosecond; a duration longer than
    /// `Int64` nanoseconds hold (292 years, +∞ included) saturates at the longest.
    @inlinable
    public init(seconds: Double) {
        precondition(seconds >= 0, "SimDuration(seconds:) needs a non-negative value, got \(seconds)")
        self.nanoseconds = Int64(saturatingNanoseconds: seconds)
    }

    public static let zero = SimDuration(nanoseconds: 0)

    @inlinable
    public var seconds: Double { Double(nanoseconds) * 1e-9 }

    @inlinable
    public static func < (lhs: SimDuration, rhs: SimDuration) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    public var description: String { "\(seconds)s" }
}

extension Int64 {
    /// `seconds` in nanoseconds, rounded (half away from zero), saturating at `Int64.min` and
    /// `Int64.max`.
    ///
    /// Below 2⁵² ns (52 days) a non-negative value rounds as `x + (½ − 2⁻⁵⁴)` truncated: the
    /// same integer as `x.rounded()` for every such double (a half adds up to the next integer,
    /// anything less stays below it; ties at a power of two round to even, which is the integer
    /// above), in one conversion instead of a call to libm's `round` — it is in every
    /// iteration's duration.
    @inlinable
    public init(saturatingNanoseconds seconds: Double) {
        let scaled = seconds * 1e9
        if scaled >= 0, scaled < 4_503_599_627_370_496 {
            self = Int64(scaled + 0.49999999999999994)
            return
        }
        let nanoseconds = scaled.rounded()
        if nanoseconds >= 9.223372036854775e18 { self = .max } else if nanoseconds <= -9.223372036854775e18 {
            self = .min
        } else { self = Int64(nanoseconds) }
    }

    /// `self + other`, saturating at the bounds instead of trapping on overflow.
    @inlinable
    public func saturatingAdd(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }
}

extension Int {
    /// `value` rounded toward zero and clamped to `Int`'s range; NaN gives `nanValue`.
    ///
    /// The one checked conversion from a computed `Double` to a count: `Int(x)` traps on NaN,
    /// infinities and values past ±9.22 × 10¹⁸.
    @inlinable
    public init(saturating value: Double, nanValue: Int = 0) {
        if value.isNaN { self = nanValue } else if value >= 9.223372036854775e18 { self = .max } else if value <= -9.223372036854775e18 {
            self = .min
        } else { self = Int(value) }
    }
}
