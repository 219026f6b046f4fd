/// Mean, percentiles and extremes of a set of samples, computed from the raw samples (never by
/// averaging percentiles of parts).
///
/// Percentiles use the nearest-rank definition on the sorted samples: pₖ is the smallest sample
/// with at least k% of the samples at or below it.
public struct SampleSummary: Equatable, Sendable {
    public var count: Int
    public var mean: Double
    public var min: Double
    public var p50: Double
    public var p90: Double
    public var p95: Double
    public var p99: Double
    public var max: Double

    /// The summary of `samples`, or nil when there are none.
    ///
    /// - Complexity: O(n log n).
    public init?(samples: [Double]) {
        guard !samples.isEmpty else { return nil }
        let sorted = samples.sorted()
        let n = sorted.count
        func rank(_ q: Double) -> Double {
            let index = Int((q * Double(n)).rounded(.up)) - 1
            return sorted[Swift.max(0, Swift.min(n - 1, index))]
        }
        count = n
        mean = sorted.reduce(0, +) / Double(n)
        min = sorted[0]
        p50 = rank(0.50)
        p90 = rank(0.90)
        p95 = rank(0.95)
        p99 = rank(0.99)
        max = sorted[n - 1]
    }

    /// The summary of weighted samples (value, weight), as if each value appeared `weight`
    /// times.
    ///
    /// - Complexity: O(n log n) in the number of distinct pairs.
    public init?(weighted pairs: [(value: Double, weight: Int)]) {
        let sorted = pairs.filter { $0.weight > 0 }.sorted { $0.value < $1.value }
        let total = sorted.reduce(0) { $0 + $1.weight }
        guard total > 0 else { return nil }
        func rank(_ q: Double) -> Double {
            let target = Swift.max(1, Int((q * Double(total)).rounded(.up)))
            var seen = 0
            for pair in sorted {
                seen += pair.weight
                if seen >= target { return pair.value }
            }
            return sorted[sorted.count - 1].value
        }
        count = total
        mean = sorted.reduce(0) { $0 + $1.value * Double($1.weight) } / Double(total)
        min = sorted[0].value
        p50 = rank(0.50)
        p90 = rank(0.90)
        p95 = rank(0.95)
        p99 = rank(0.99)
        max = sorted[sorted.count - 1].value
    }
}
