import HeapModule

/// A time-ordered queue of events with a deterministic tie-break.
///
/// Events at the same time leave in the order they were scheduled (FIFO), whatever the payload.
/// Backed by swift-collections' min-max `Heap`.
public struct EventQueue<Payload> {
    @usableFromInline var heap = Heap<ScheduledEvent<Payload>>()
    @usableFromInline var nextSequence: UInt64 = 0

    public init() {}

    /// Events waiting.
    @inlinable public var count: Int { heap.count }
    @inlinable public var isEmpty: Bool { heap.isEmpty }

    /// The time of the next event, or `nil` when the queue is empty.
    @inlinable public var nextTime: SimTime? { heap.min?.time }

    /// Schedules `payload` at `time`.
    ///
    /// - Complexity: O(log n).
    @inlinable
    public mutating func schedule(_ payload: Payload, at time: SimTime) {
        heap.insert(ScheduledEvent(time: time, sequence: nextSequence, payload: payload))
        nextSequence &+= 1
    }

    /// Removes and returns the earliest event (ties: the one scheduled first).
    ///
    /// - Complexity: O(log n).
    @inlinable
    public mutating func popNext() -> ScheduledEvent<Payload>? {
        heap.popMin()
    }

    /// Schedules `payload` at `time` and removes the earliest event — what `schedule` then
    /// `popNext` do — with one pass over the heap: the new event takes the place of the earliest
    /// one, unless it comes first itself (then the heap is left as it was).
    ///
    /// - Complexity: O(log n).
    @inlinable
    public mutating func scheduleAndPopNext(_ payload: Payload, at time: SimTime) -> ScheduledEvent<Payload> {
        let event = ScheduledEvent(time: time, sequence: nextSequence, payload: payload)
        nextSequence &+= 1
        guard let earliest = heap.min, earliest < event else { return event }
        return heap.replaceMin(with: event)
    }

    /// Checks the heap's ordering invariant. Free in release builds.
    public func checkInvariants() {
        #if DEBUG
        let events = heap.unordered
        let sequences = Set(events.map(\.sequence))
        precondition(sequences.count == events.count, "EventQueue holds duplicate sequence numbers")
        precondition(events.allSatisfy { $0.sequence < nextSequence },
                     "EventQueue holds a sequence number not yet issued (next \(nextSequence))")
        #endif
    }
}
