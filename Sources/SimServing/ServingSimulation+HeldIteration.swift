import SimCore

/// Iterations without events (issue 15): a launched iteration's end is held back from the
/// event queue. When the handler that launched it returns and no event waits at or before that
/// end, the end is certainly the next event: the clock moves to it and it is handled at once,
/// without a trip through the queue. A replica whose batch runs undisturbed (only decoding,
/// say, between arrivals) thus runs iteration after iteration with no event at all.
///
/// The outputs are those of the reference stepping, byte for byte: the same handler runs at
/// the same simulated time, and events keep their order — scheduling anything else first
/// puts the held end into the queue, so it keeps its place ahead of what was scheduled after
/// it (ties at one time leave in scheduling order).
extension ServingSimulation {
    /// An iteration end not yet in the event queue.
    struct HeldIterationEnd {
        let replica: Int
        let time: SimTime
    }

    /// Schedules `event` at `time`, after the held iteration end (if any) — its scheduling order.
    func schedule(_ event: ServingEvent, at time: SimTime) {
        releaseHeldIteration()
        engine.schedule(event, at: time)
    }

    func schedule(_ event: ServingEvent, after delay: SimDuration) {
        schedule(event, at: engine.now + delay)
    }

    /// The end of the iteration just launched on `replica`: held back when iterations may run
    /// without events, else scheduled.
    func scheduleIterationEnd(on replica: Replica, at time: SimTime) {
        releaseHeldIteration()
        if configuration.eventlessIterations {
            heldIteration = HeldIterationEnd(replica: replica.index, time: time)
        } else {
            engine.schedule(.iterationDone(replica: replica.index), at: time)
        }
    }

    /// Puts the held iteration end, if any, into the event queue.
    func releaseHeldIteration() {
        guard let held = heldIteration else { return }
        heldIteration = nil
        engine.schedule(.iterationDone(replica: held.replica), at: held.time)
    }

    /// An iteration end, held or taken from the event queue (another replica's end or an
    /// arrival came first): a decode step that ends alone goes on as a decode run — the same
    /// verbs at the same simulated time, so the outputs are the reference stepping's — else the
    /// general verbs handle it. The reference stepping itself (`eventlessIterations` off)
    /// always takes the general verbs.
    func handleIterationEnd(on replica: Replica, until horizon: SimTime?) {
        if configuration.eventlessIterations, replica.endsDecodeStepAlone, allowsDecodeRun(on: replica) {
            runDecodeSteps(on: replica, until: horizon)
        } else {
            handleIterationDone(on: replica)
        }
    }

    /// The next event, the held iteration end (if any) first put into the queue — what
    /// ``releaseHeldIteration()`` then `engine.nextEvent(until:)` do, in one pass over the queue.
    func nextEvent(until horizon: SimTime?) -> ServingEvent? {
        guard let held = heldIteration else { return engine.nextEvent(until: horizon) }
        heldIteration = nil
        return engine.schedule(.iterationDone(replica: held.replica), at: held.time, thenNextEventUntil: horizon)
    }

    /// Between events: when the held iteration end comes before every waiting event and not
    /// after the horizon, moves the clock to it, handles it and returns true; else leaves it
    /// held, for ``nextEvent(until:)`` to put into the queue, and returns false.
    func handleHeldIteration(until horizon: SimTime?) -> Bool {
        guard let held = heldIteration else { return false }
        if engine.nextEventTime.map({ held.time < $0 }) ?? true, horizon.map({ held.time <= $0 }) ?? true {
            heldIteration = nil
            engine.advanceClock(to: held.time)
            handleIterationEnd(on: replicas[held.replica], until: horizon)
            return true
        }
        return false
    }
}
