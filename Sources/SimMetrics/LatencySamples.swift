/// One latency figure's samples (TTFT, TPOT, E2E or queue delay of the measured requests),
/// summarised exactly while memory allows and by a log histogram past that.
///
/// While at most `exactLimit` samples have come, they are kept and summarised exactly
/// (``SampleSummary/init(samples:)``: nearest rank on the sorted samples). The sample past the
/// limit folds them, in arrival order, into a ``LogHistogram`` and every later one goes there:
/// memory then stays constant whatever the run's length, and each reported percentile is
/// within ``relativeError`` (2⁻¹³ ≈ 0.012 %) of the exact nearest-rank one — or within 1 µs
/// for values under 1 µs; count, min and max stay exact, the mean exact to rounding (summed
/// in arrival order rather than sorted). A run that keeps per-request records keeps every
/// sample (the records cost more than the samples), so its percentiles are always exact.
public struct LatencySamples {
    /// Samples kept exactly at most (beyond: the histogram).
    package let exactLimit: Int
    package private(set) var exact: [Double] = []
    package private(set) var histogram: LogHistogram?

    /// Samples kept exactly at most when records are not kept: 2¹⁷ (1 MB each).
    public static let defaultExactLimit = 1 << 17
    /// Largest relative error of a percentile once the samples are folded.
    public static let relativeError = LogHistogram.relativeError

    package init(exactLimit: Int = .max) {
        precondition(exactLimit >= 0)
        self.exactLimit = exactLimit
    }


    /// Whether the samples were folded into the histogram (percentiles approximate).
    package var isApproximate: Bool { histogram != nil }

    package var count: Int { histogram?.count ?? exact.count }

    /// - Complexity: O(1) amortised; the fold, once, O(`exactLimit`).
    @inline(__always)
    package mutating func append(_ value: Double) {
        if histogram != nil {
            histogram!.add(value, weight: 1)
            return
        }
        exact.append(value)
        if exact.count > exactLimit { fold() }
    }

    private mutating func fold() {
        var h = LogHistogram()
        for value in exact { h.add(value, weight: 1) }
        histogram = h
        exact = []
    }

    /// Mean, percentiles and extremes; nil without samples.
    package var summary: SampleSummary? {
        if let histogram { return SampleSummary(histogram: histogram) }
        return SampleSummary(samples: exact)
    }
}
