/// The run loop of a discrete-event simulation: a clock and a queue of events.
///
/// The simulation owns no domain state. Its client schedules events and handles each one when
/// it fires; handling may schedule more. Two simulations in one process are independent (no
/// shared or static state).
///
/// ```swift
/// var sim = Simulation<MyEvent>()
/// sim.schedule(.arrival, at: .zero)
/// sim.run { event, sim in ... }
/// ```
public struct Simulation<Payload> {
    /// The current simulated time: the time of the event being handled, or of the last one.
    public var now: SimTime { currentTime }
    @usableFromInline var currentTime: SimTime = .zero
    @usableFromInline var queue = EventQueue<Payload>()
    /// Events handled so far.
    public var eventsHandled: Int { handledCount }
    @usableFromInline var handledCount: Int = 0

    public init() {}

    /// Events still waiting.
    @inlinable public var pendingEvents: Int { queue.count }

    /// The time of the next event, or `nil` when none is waiting.
    @inlinable public var nextEventTime: SimTime? { queue.nextTime }

    /// Schedules `payload` at the absolute time `time`, which must not be in the past.
    @inlinable
    public mutating func schedule(_ payload: Payload, at time: SimTime) {
        precondition(time >= now, "cannot schedule an event at \(time), before now (\(now))")
        queue.schedule(payload, at: time)
    }

    /// Schedules `payload` `delay` after now.
    @inlinable
    public mutating func schedule(_ payload: Payload, after delay: SimDuration) {
        queue.schedule(payload, at: now + delay)
    }

    /// Removes the next event and advances the clock to it, or returns `nil` when the queue is
    /// empty or the next event lies after `horizon` (then the clock moves to `horizon`).
    ///
    /// This is the step a domain model that owns its simulation drives:
    /// `while let event = sim.nextEvent(until: horizon) { handle(event) }`.
    ///
    /// - Complexity: O(log n) in the number of waiting events.
    @inlinable
    public mutating func nextEvent(until horizon: SimTime? = nil) -> Payload? {
        guard let next = queue.nextTime else { return nil }
        if let horizon, next > horizon {
            currentTime = horizon
            return nil
        }
        let event = queue.popNext()!
        currentTime = event.time
        handledCount += 1
        return event.payload
    }

    /// `schedule(payload, at: time)` followed by `nextEvent(until: horizon)`, with one pass over
    /// the queue where the next event is handled (a client that schedules one event just before
    /// it takes the next, as a held-back iteration end is).
    ///
    /// - Complexity: O(log n) in the number of waiting events.
    @inlinable
    public mutating func schedule(_ payload: Payload, at time: SimTime, thenNextEventUntil horizon: SimTime?) -> Payload? {
        precondition(time >= now, "cannot schedule an event at \(time), before now (\(now))")
        let next = queue.nextTime.map { Swift.min($0, time) } ?? time
        if let horizon, next > horizon {
            queue.schedule(payload, at: time)
            currentTime = horizon
            return nil
        }
        let event = queue.scheduleAndPopNext(payload, at: time)
        currentTime = event.time
        handledCount += 1
        return event.payload
    }

    /// Moves the clock forward to `time` without handling an event: for a client that knows
    /// the event it would have scheduled at `time` is the next one (none waiting before or at
    /// it) and handles it directly. Not counted in `eventsHandled`.
    @inlinable
    public mutating func advanceClock(to time: SimTime) {
        precondition(time >= now, "cannot move the clock back to \(time) from \(now)")
        precondition(queue.nextTime.map { time < $0 } ?? true, "an event waits before \(time)")
        currentTime = time
    }

    /// Handles events in time order until the queue is empty or the next event lies after
    /// `horizon` (events at exactly `horizon` are handled). Returns why it stopped.
    ///
    /// `handle` receives each event and the simulation itself, to schedule follow-ups.
    @discardableResult
    public mutating func run(
        until horizon: SimTime? = nil,
        _ handle: (Payload, inout Simulation<Payload>) -> Void
    ) -> StopReason {
        while let next = queue.nextTime {
            if let horizon, next > horizon {
                currentTime = horizon
                return .reachedHorizon
            }
            let event = queue.popNext()!
            currentTime = event.time
            handledCount += 1
            handle(event.payload, &self)
        }
        return .queueEmpty
    }

    /// Why `run` returned.
    public enum StopReason: Equatable, Sendable {
        case queueEmpty
        case reachedHorizon
    }
}
