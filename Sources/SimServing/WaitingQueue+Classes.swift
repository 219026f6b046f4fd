import SimCore

/// Per-class batching windows and concurrency caps.
extension WaitingQueue {
    /// When the earliest batching window of the waiting requests ends: each request's enqueue
    /// time plus its class's window (`windows`, nanoseconds, by class); `.zero` when a
    /// preempted (or unparked) request waits at the front. Nil when none waits.
    ///
    /// - Complexity: O(classes), amortised (entries already taken are dropped on the way).
    mutating func earliestWindowEnd(windows: [Int64]) -> SimTime? {
        if !front.isEmpty { return .zero }
        var earliest: SimTime?
        for c in arrivalsByClass.indices {
            while let head = arrivalsByClass[c].first, !isWaiting(ticket: head.ticket) {
                arrivalsByClass[c].removeFirst()
            }
            guard let head = arrivalsByClass[c].first else { continue }
            let end = head.enqueued + SimDuration(nanoseconds: windows[c])
            if earliest == nil || end < earliest! { earliest = end }
        }
        return earliest
    }

    /// Sets aside a request just taken by `removeNext` whose class is at its concurrency
    /// cap; it still counts as waiting.
    mutating func park(_ slot: Int, classIndex: Int) {
        parked[classIndex].append(slot)
        count += 1
    }

    /// One request of class `classIndex` left the running set: its oldest parked request goes
    /// to the front, to be admitted next.
    mutating func unpark(classIndex: Int) {
        guard !parked.isEmpty, let slot = parked[classIndex].popFirst() else { return }
        front.append(slot)
    }
}
