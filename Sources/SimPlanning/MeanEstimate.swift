import SimCore

/// The mean of independent replications of a figure with its confidence interval.
///
/// Each replication runs the whole scenario with its own seed, so the replication means are
/// independent and identically distributed even though the requests within a run are
/// strongly correlated; the interval is the Student t interval on those means:
/// x̄ ± t₀.₉₇₅,ₙ₋₁ · s/√n (Law, *Simulation Modeling and Analysis*, 5th ed., §9.4.1 — the method
/// of independent replications).
///
///     let e = MeanEstimate([0.081, 0.093, 0.088, 0.090])
///     e.mean              // 0.088
///     e.halfWidth()       // 95% half-width, ≈ 0.0082
public struct MeanEstimate: Equatable, Sendable {
    /// The number of values.
    public var count: Int
    /// Their mean.
    public var mean: Double
    /// Their sample standard deviation (n − 1 in the denominator); nil for one value.
    public var standardDeviation: Double?

    /// The estimate from `values`; nil when there are none.
    ///
    /// - Complexity: O(n).
    public init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        let n = Double(values.count)
        count = values.count
        mean = values.reduce(0, +) / n
        if values.count >= 2 {
            let m = mean
            standardDeviation = (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (n - 1)).squareRoot()
        }
    }

    /// The standard error of the mean, s/√n; nil for one value.
    public var standardError: Double? {
        standardDeviation.map { $0 / Double(count).squareRoot() }
    }

    /// The half-width of the two-sided Student t interval at `level`; nil for one value.
    public func halfWidth(level: Double = 0.95) -> Double? {
        guard let standardError else { return nil }
        return StatisticalFunctions.studentTQuantile(0.5 + level / 2, degreesOfFreedom: Double(count - 1)) * standardError
    }

    /// The half-width at `level` relative to |mean|; nil for one value or a zero mean.
    public func relativeHalfWidth(level: Double = 0.95) -> Double? {
        guard let h = halfWidth(level: level), mean != 0 else { return nil }
        return h / abs(mean)
    }

    /// Whether `value` lies inside the interval at `level` (never, with one value).
    public func contains(_ value: Double, level: Double = 0.95) -> Bool {
        guard let h = halfWidth(level: level) else { return false }
        return abs(value - mean) <= h
    }
}
