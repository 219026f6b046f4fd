/// How a percentile is read off a set of samples.
public enum PercentileDefinition: Sendable {
    /// The smallest sample with at least k % of the samples at or below it: simserve's own
    /// definition, which always reports a latency some request had.
    case nearestRank
    /// NumPy's default (`np.percentile`, `np.median`): the samples sorted, the value at the
    /// fractional rank h = (n − 1)·k/100, interpolated linearly between the samples at ⌊h⌋ and
    /// ⌈h⌉. What the benchmark clients people publish from report — vLLM's and SGLang's
    /// `bench_serving`, AccelMark's load generator — so a median of an even count is the mean
    /// of the two middle samples. With few requests the two definitions differ by the gap
    /// between neighbouring samples: ten requests' median E2E can move by half the
    /// longest request's time.
    case linear

    /// The `q`-quantile (0…1) of `sorted` (ascending, not empty) under this definition.
    public func value(_ q: Double, ofSorted sorted: [Double]) -> Double {
        precondition(!sorted.isEmpty && (0...1).contains(q))
        let n = sorted.count
        switch self {
        case .nearestRank:
            let index = Int((q * Double(n)).rounded(.up)) - 1
            return sorted[max(0, min(n - 1, index))]
        case .linear:
            let h = Double(n - 1) * q
            let below = Int(h.rounded(.down))
            let above = min(n - 1, below + 1)
            return sorted[below] + (h - Double(below)) * (sorted[above] - sorted[below])
        }
    }
}
