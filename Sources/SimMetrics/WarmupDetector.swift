/// Detects the end of the start-up transient of an output sequence with MSER-5 (White 1997;
/// White, Cobb and Spratt 2000, "A comparison of five steady-state truncation heuristics").
///
/// The sequence (per-request TTFTs in completion order) is cut into batches of 5 and their
/// means Z₁…Z_m taken. For each candidate truncation d (whole batches) the statistic
///
///     MSER(d) = 1/(m − d)² · Σ_{j>d} (Z_j − Z̄_d)²,    Z̄_d = mean of Z_{d+1}…Z_m
///
/// weighs the variance of what is kept against how much is kept; the truncation is 5·d* for
/// the d* that minimises it over the first half of the batches (at most half the run is cut, as
/// White et al. advise: a late excursion of a heavily loaded queue would otherwise pull the
/// minimum towards the end and discard most of the run).
public enum WarmupDetector {
    /// Observations per batch.
    public static let batchSize = 5

    /// The number of leading observations to drop, or nil when the sequence has fewer than
    /// four batches (too short to tell).
    ///
    /// - Complexity: O(n).
    public static func truncation(of series: [Double]) -> Int? {
        let m = series.count / batchSize
        guard m >= 4 else { return nil }
        let batches = (0..<m).map { j in
            series[(j * batchSize)..<((j + 1) * batchSize)].reduce(0, +) / Double(batchSize)
        }
        // Suffix sums of Z and Z², so that each MSER(d) is O(1).
        var sum = [Double](repeating: 0, count: m + 1), squares = [Double](repeating: 0, count: m + 1)
        for j in stride(from: m - 1, through: 0, by: -1) {
            sum[j] = sum[j + 1] + batches[j]
            squares[j] = squares[j + 1] + batches[j] * batches[j]
        }
        var best = 0, bestValue = Double.infinity
        for d in 0...(m / 2) {
            let kept = Double(m - d)
            let mean = sum[d] / kept
            let value = max(0, squares[d] - kept * mean * mean) / (kept * kept)
            if value < bestValue {
                bestValue = value
                best = d
            }
        }
        return best * batchSize
    }
}
