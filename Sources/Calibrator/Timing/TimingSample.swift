/// Repeated wall-clock timings of one kernel call, summarised robustly: the median is what
/// the fit uses; quartiles and extremes show the spread (this machine's two cores are shared,
/// so single slow repetitions are expected and the median is preferred to the mean).
public struct TimingSample: Codable, Equatable, Sendable {
    /// Timed repetitions (warm-up runs excluded).
    public var repetitions: Int
    public var medianSeconds: Double
    public var minSeconds: Double
    public var maxSeconds: Double
    /// First and third quartiles.
    public var lowerQuartileSeconds: Double, upperQuartileSeconds: Double

    /// Summarises raw timings.
    public init(seconds: [Double]) {
        precondition(!seconds.isEmpty, "a timing sample needs ≥ 1 repetition")
        let sorted = seconds.sorted()
        func quantile(_ q: Double) -> Double {
            let position = q * Double(sorted.count - 1)
            let lower = Int(position.rounded(.down)), upper = Int(position.rounded(.up))
            let fraction = position - Double(lower)
            return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
        }
        repetitions = sorted.count
        medianSeconds = quantile(0.5)
        minSeconds = sorted[0]
        maxSeconds = sorted[sorted.count - 1]
        lowerQuartileSeconds = quantile(0.25)
        upperQuartileSeconds = quantile(0.75)
    }

    /// Interquartile range over the median.
    public var relativeSpread: Double {
        medianSeconds > 0 ? (upperQuartileSeconds - lowerQuartileSeconds) / medianSeconds : 0
    }
}
