/// The largest context limit a scenario loads with, by bisection: the search `validate serving`
/// and `validate energy` make for a run whose model's own limit leaves simserve's KV cache less
/// than one sequence of it (``ServingValidation/contextFitted(_:)``,
/// ``EnergyValidation/contextLimitThatLoads(model:loads:)``).
enum LargestContextLimit {
    /// The largest limit in `range` for which `loads` holds, when it holds at the range's lower
    /// bound (loading is taken as monotone: a smaller limit leaves the KV cache more room);
    /// nil when it does not.
    /// - Complexity: O(log(range)) calls of `loads`.
    static func search(_ range: ClosedRange<Int>, loads: (Int) -> Bool) -> Int? {
        guard loads(range.lowerBound) else { return nil }
        var (low, high) = (range.lowerBound, range.upperBound)   // loads(low); the largest is in low...high
        while low < high {
            let middle = low + (high - low + 1) / 2
            if loads(middle) { low = middle } else { high = middle - 1 }
        }
        return low
    }
}
