import SimCore

/// The standard error of an estimate by bootstrap: the estimate repeated on resamples (with
/// replacement) of the rows it was made from, and the spread of the repeats. The resamples are
/// drawn by ``SplitMix64`` from a fixed seed, so the figure is the same on every run.
enum BootstrapSpread {
    /// - Parameters: `count`, the rows the estimate is made from; `estimate`, the estimate on
    ///   the rows at the given indices (repeats allowed).
    /// - Complexity: `resamples` evaluations of `estimate`.
    static func standardError(rows count: Int, resamples: Int = 200, seed: UInt64,
                              estimate: ([Int]) -> Double) -> Double {
        guard count > 0, resamples > 1 else { return 0 }
        var random = SplitMix64(seed: seed)
        let repeats = (0..<resamples).map { _ in estimate((0..<count).map { _ in random.below(count) }) }
        let mean = repeats.reduce(0, +) / Double(resamples)
        return (repeats.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(resamples - 1)).squareRoot()
    }
}
