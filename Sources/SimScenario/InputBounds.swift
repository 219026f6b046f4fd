import CostModel
import SimWorkload

extension ScenarioResolver {
    /// `value` if it lies in `range`, else an issue naming it and the range (and the lower bound).
    @discardableResult
    mutating func bounded(_ value: Int, _ range: ClosedRange<Int>, _ keyPath: String, unit: String = "") -> Int {
        check(range.contains(value), keyPath, "must be in \(range.lowerBound)...\(range.upperBound)\(unit), got \(value)")
        return min(max(value, range.lowerBound), range.upperBound)
    }

    /// A token count of a length distribution: 1...10⁷.
    mutating func checkTokens(_ value: Int?, _ keyPath: String) {
        guard let value else { return }
        check(value <= InputBounds.maxTokensPerRequest, keyPath,
              "must be at most \(InputBounds.maxTokensPerRequest) tokens (10⁷), got \(value)")
    }
}
