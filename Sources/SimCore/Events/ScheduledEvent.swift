/// An event waiting in the queue: its payload, when it fires, and its place in the total order.
///
/// Events are ordered by time, then by the sequence number the queue gave them when they were
/// scheduled. The order is total and defined here only, so two runs of the same scenario fire
/// the same events in the same order.
public struct ScheduledEvent<Payload>: Comparable {
    public let time: SimTime
    public let sequence: UInt64
    public let payload: Payload

    @inlinable
    public init(time: SimTime, sequence: UInt64, payload: Payload) {
        self.time = time
        self.sequence = sequence
        self.payload = payload
    }

    @inlinable
    public static func < (lhs: Self, rhs: Self) -> Bool {
        if lhs.time != rhs.time { return lhs.time < rhs.time }
        return lhs.sequence < rhs.sequence
    }

    @inlinable
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.time == rhs.time && lhs.sequence == rhs.sequence
    }
}
