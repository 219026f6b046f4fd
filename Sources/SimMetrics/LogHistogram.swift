/// A histogram of positive values in logarithmic buckets of fixed relative width, for
/// quantiles of streams too long to keep (one inter-token gap per token).
///
/// A bucket is a run of doubles sharing their exponent and top 12 mantissa bits (the
/// HdrHistogram idea, read straight from the IEEE 754 bit pattern): its width is at most 2⁻¹²
/// of its values, and a quantile reported as its bucket's midpoint is within 2⁻¹³ ≈ 0.012% of
/// the exact sample quantile. Count, mean, min and max are exact. Memory is about 4096 buckets
/// per power of two spanned — 1 MB for 1 µs to 1000 s.
package struct LogHistogram {
    /// Mantissa bits that name a bucket.
    private static let mantissaBits: UInt64 = 12
    private static let shift: UInt64 = 52 - mantissaBits
    /// Values at or below this (zero gaps) are counted apart.
    private let smallest: Double
    private let offset: Int
    private var counts: [Int] = []
    package private(set) var count = 0
    private var sum = 0.0
    package private(set) var min = Double.infinity
    package private(set) var max = -Double.infinity
    private var atOrBelowSmallest = 0

    /// Largest relative error of a reported quantile.
    package static let relativeError = 1.0 / Double(1 << (mantissaBits + 1))

    package init(smallest: Double = 1e-6) {
        precondition(smallest > 0 && smallest.isFinite)
        self.smallest = smallest
        self.offset = Int(smallest.bitPattern >> Self.shift)
    }

    /// Adds `weight` samples of `value`.
    ///
    /// - Complexity: O(1) amortised.
    @inline(__always)
    package mutating func add(_ value: Double, weight: Int) {
        guard weight > 0 else { return }
        count += weight
        sum += value * Double(weight)
        if value < min { min = value }
        if value > max { max = value }
        guard value > smallest, value.isFinite else { atOrBelowSmallest += weight; return }
        let index = Int(value.bitPattern >> Self.shift) - offset
        if index >= counts.count { counts.append(contentsOf: repeatElement(0, count: index + 1 - counts.count)) }
        counts[index] += weight
    }

    package var mean: Double? { count > 0 ? sum / Double(count) : nil }

    /// The q-quantile (nearest rank), within `relativeError` of the exact one; clamped to
    /// [min, max].
    package func quantile(_ q: Double) -> Double? {
        guard count > 0 else { return nil }
        let target = Swift.max(1, Int((q * Double(count)).rounded(.up)))
        if target <= atOrBelowSmallest { return min }
        var seen = atOrBelowSmallest
        // Every bucket below the smallest value's is empty: start there.
        let first = min > smallest && min.isFinite ? Swift.max(0, Int(min.bitPattern >> Self.shift) - offset) : 0
        for index in first..<counts.count {
            let c = counts[index]
            guard c > 0 else { continue }
            seen += c
            if seen >= target {
                let lower = Double(bitPattern: UInt64(index + offset) << Self.shift)
                let upper = Double(bitPattern: UInt64(index + offset + 1) << Self.shift)
                return Swift.min(max, Swift.max(min, (lower + upper) / 2))
            }
        }
        return max
    }
}
