import SimCore
import SimWorkload

/// Batching windows that adapt to load, per request class (`batching_window_min` /
/// `batching_window_max` in a `[[workload.classes]]` entry).
///
/// Policy: when the replica decides whether waiting requests may be admitted, each adaptive
/// class's window is
///
///     w = max(min, max / 2^(n − 1)),   n = requests waiting on the replica (all classes),
///
/// so a lone request — a batch that would launch nearly empty — waits the longest window for
/// company, and every further request waiting halves it, down to `min`: a burst is not held
/// behind a window it no longer needs. (A queue that would fill the batch launches at once,
/// window or not.) The rule has no memory: the same queue gives the same window, and runs stay
/// reproducible. Classes with a fixed window keep it.
struct AdaptiveWindows: Sendable {
    /// Per class, nanoseconds (min = max for a class with a fixed window).
    let minimum: [Int64]
    let maximum: [Int64]

    /// Nil unless some class has an adaptive window; `fixed` is each class's window (the
    /// maximum for adaptive ones).
    init?(classes: [ClassPolicy], fixed: [Int64]?) {
        guard let fixed, classes.contains(where: { $0.batchingWindowMin != nil }) else { return nil }
        maximum = fixed
        minimum = zip(classes, fixed).map { c, w in c.batchingWindowMin.map { min($0.nanoseconds, w) } ?? w }
    }

    /// Each class's window on `replica` now.
    func windows(on replica: Replica) -> [Int64] {
        let halvings = min(62, max(0, replica.waiting.count - 1))
        return zip(minimum, maximum).map { lo, hi in max(lo, hi >> halvings) }
    }
}
