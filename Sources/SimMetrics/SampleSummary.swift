/// Mean, percentiles and extremes of a set of samples, computed from the raw samples (never by
/// averaging percentiles of parts).
///
/// Percentiles use the nearest-rank definition on the sorted samples unless told otherwise
/// (``PercentileDefinition``): pₖ is the smallest sample with at least k% of the samples at or
/// below it.
public struct SampleSummary: Equatable, Sendable {
    public var count: Int
    public var mean: Double
    public var min: Double
    public var p50: Double
    public var p90: Double
    public var p95: Double
    public var p99: Double
    public var max: Double

    /// The summary of `samples`, its percentiles read as `percentiles` defines them; nil when
    /// there are none.
    ///
    /// - Complexity: O(n) (a radix sort; O(n log n) with NaNs or negative zeros).
    public init?(samples: [Double], percentiles: PercentileDefinition = .nearestRank) {
        guard !samples.isEmpty else { return nil }
        let sorted = Self.ascending(samples)
        let n = sorted.count
        func rank(_ q: Double) -> Double { percentiles.value(q, ofSorted: sorted) }
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
    package init?(histogram h: LogHistogram) {
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

    /// `samples` in ascending order, as `sorted()` gives them: by an LSD radix sort on their
    /// bit patterns (8 passes of 8 bits, a pass skipped when every sample shares its byte),
    /// or by `sorted()` when a NaN or a −0 is among them (which compare equal to others, so
    /// their place in `sorted()` depends on their order of arrival).
    package static func ascending(_ samples: [Double]) -> [Double] {
        guard samples.count > 64 else { return samples.sorted() }
        // Keys that order as the doubles do: positives with the sign bit set, negatives inverted.
        var keys = [UInt64](unsafeUninitializedCapacity: samples.count) { buffer, count in
            for (i, x) in samples.enumerated() {
                let bits = x.bitPattern
                buffer[i] = bits >> 63 == 0 ? bits | (1 << 63) : ~bits
            }
            count = samples.count
        }
        for x in samples where x.isNaN || (x == 0 && x.sign == .minus) { return samples.sorted() }
        var scratch = [UInt64](repeating: 0, count: keys.count)
        var counts = [Int](repeating: 0, count: 256)
        for shift in stride(from: UInt64(0), to: 64, by: 8) {
            for i in 0..<256 { counts[i] = 0 }
            for key in keys { counts[Int((key >> shift) & 0xFF)] += 1 }
            if counts.contains(keys.count) { continue }  // one byte value: the pass changes nothing
            var total = 0
            for i in 0..<256 {
                let c = counts[i]
                counts[i] = total
                total += c
            }
            for key in keys {
                let digit = Int((key >> shift) & 0xFF)
                scratch[counts[digit]] = key
                counts[digit] += 1
            }
            swap(&keys, &scratch)
        }
        return keys.map { key in Double(bitPattern: key >> 63 == 1 ? key & ~(1 << 63) : ~key) }
    }
}
