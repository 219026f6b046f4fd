import SimCore

/// Decode runs (issue 15): while a replica's batch only decodes and nothing it depends on
/// changes — no event before its next iteration ends (an arrival, another replica's iteration,
/// a window), no member finishing, no prompt to prefill or admit, the KV blocks the members
/// cross into free — its iterations follow one another in one loop, each one's end and the
/// next one's start reduced to ``Replica/finishDecodeStep(requests:now:into:)`` and
/// ``Replica/startDecodeStep()``. Every iteration is still costed, timed, measured and
/// recorded as one (the clock moves to each end; gaps, usage and energy are added in the same
/// order), so the outputs are those of stepping one iteration at a time, byte for byte; the
/// run ends at the first iteration that needs the general verbs, which take over.
extension ServingSimulation {
    /// Whether iterations of `replica` may run in a decode run: it shares its GPUs or its
    /// iterations' ends with nothing (no disaggregated pools, no pipeline stages). An observer
    /// still sees every iteration (``begin(_:on:)`` tells it).
    func allowsDecodeRun(on replica: Replica) -> Bool {
        disaggregation == nil && replica.pipeline == nil
    }

    /// Handles the end, now, of `replica`'s iteration — a decode step for which
    /// ``Replica/endsDecodeStepAlone`` holds — and runs its next decode steps while they stay
    /// alone and end before the next event and not after `horizon`; the first that does not is
    /// left to the event loop as the held iteration end, or the general verbs take over.
    func runDecodeSteps(on replica: Replica, until horizon: SimTime?) {
        // Nothing is scheduled inside the run, so the next event stays where it is.
        let nextEvent = engine.nextEventTime
        while true {
            replica.finishDecodeStep(requests: &requests, now: engine.now, into: &outcome)
            handOn(&outcome)
            replica.isBusy = false
            usage.iterationEnded(replica: replica.index, kvBlocksUsed: replica.kv.used, kvCapacity: replica.kv.capacity,
                                at: engine.now)
            guard replica.startsDecodeStepAlone else { return launchNext(on: replica) }
            let end = begin(replica.startDecodeStep(), on: replica)
            guard nextEvent.map({ end < $0 }) ?? true, horizon.map({ end <= $0 }) ?? true,
                  replica.endsDecodeStepAlone
            else { return scheduleIterationEnd(on: replica, at: end) }
            engine.advanceClock(to: end)
        }
    }
}
