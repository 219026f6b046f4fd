/// One stage of a staged load (inference-perf's `stages`, a GuideLLM sweep): the arrival
/// process runs at `ratePerSecond` for `durationSeconds`, then the next stage begins. A
/// request belongs to the stage in which it arrived.
public struct LoadStage: Equatable, Sendable {
    public var ratePerSecond: Double
    public var durationSeconds: Double

    public init(ratePerSecond: Double, durationSeconds: Double) {
        self.ratePerSecond = ratePerSecond
        self.durationSeconds = durationSeconds
    }
}

extension Array where Element == LoadStage {
    /// When each stage starts, seconds (the first at 0).
    public var startSeconds: [Double] {
        var start = 0.0
        return map { stage in defer { start += stage.durationSeconds }; return start }
    }

    /// The sum of the stages' durations.
    public var totalSeconds: Double { reduce(0) { $0 + $1.durationSeconds } }

    /// The stage in which a request arriving at `seconds` falls (the last for any time past
    /// the end), given the stages' `starts`.
    ///
    /// - Complexity: O(log stages).
    package static func stage(at seconds: Double, starts: [Double]) -> Int {
        var (lo, hi) = (0, starts.count - 1)
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= seconds { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }
}
