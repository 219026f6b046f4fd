import SimCore

/// What the end of one iteration produced on a replica, as values for the simulation to hand
/// on: the gaps before the tokens of measured requests (to the metrics), the requests whose
/// last token it was (to the metrics and, in a closed loop, to their clients).
///
/// The scheduler fills it while it applies the iteration (``Replica/finishIteration(requests:now:into:)``)
/// and touches nothing outside the replica; the simulation reads it and empties it before the
/// next iteration. The simulation keeps one buffer for all its replicas (one iteration ends at a
/// time), emptied keeping its capacity: no allocation per iteration.
struct IterationOutcome {
    /// `count` gaps of `nanoseconds` before tokens of measured requests, of load stage
    /// `stage`, or of the run as a whole when `stage` is nil — in the order the scheduler
    /// found them.
    struct TokenGaps: Equatable {
        let nanoseconds: Int64
        let count: Int
        let stage: Int?
    }

    /// The gaps are `gapStorage[0..<gapCount]`, in order (`gaps(at:)`): the storage only
    /// grows, so that emptying the buffer at every iteration is one store.
    private var gapStorage: [TokenGaps] = []
    private(set) var gapCount = 0
    /// Requests that produced their last token, in the order they did.
    private(set) var finished: [RequestState] = []

    @inline(__always)
    func gaps(at index: Int) -> TokenGaps { gapStorage[index] }

    var isEmpty: Bool { gapCount == 0 && finished.isEmpty }

    /// `count` tokens of measured requests came `nanoseconds` after the one before; `stage`:
    /// of that load stage only (nil: of the run).
    @inline(__always)
    mutating func gaps(nanoseconds: Int64, count: Int, stage: Int? = nil) {
        let gaps = TokenGaps(nanoseconds: nanoseconds, count: count, stage: stage)
        if gapCount < gapStorage.count { gapStorage[gapCount] = gaps } else { gapStorage.append(gaps) }
        gapCount += 1
    }

    mutating func finished(_ request: RequestState) { finished.append(request) }

    /// Empties it for the next iteration, keeping its storage.
    @inline(__always)
    mutating func removeAll() {
        gapCount = 0
        if !finished.isEmpty { finished.removeAll(keepingCapacity: true) }
    }
}
