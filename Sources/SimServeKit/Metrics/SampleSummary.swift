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

    /// The summary of a histogram's samples (percentiles within its resolution).
    init?(histogram h: LogHistogram) {
        guard let mean = h.mean else { return nil }
        count = h.count
        self.mean = mean
        min = h.min
        p50 = h.quantile(0.50)!
        p90 = h.quantile(0.90)!
        p95 = h.quantile(0.95)!
        p99 = h.quantile(0.99)!
        max = h.max
    }
}
