import XCTest
@testable import SimCore
import TestSupport

final class EventQueueTests: XCTestCase {
    func testEventsLeaveInTimeOrder() {
        var queue = EventQueue<String>()
        queue.schedule("c", at: SimTime(nanoseconds: 30))
        queue.schedule("a", at: SimTime(nanoseconds: 10))
        queue.schedule("b", at: SimTime(nanoseconds: 20))
        XCTAssertEqual(queue.nextTime, SimTime(nanoseconds: 10))
        XCTAssertEqual([queue.popNext(), queue.popNext(), queue.popNext()].map { $0?.payload }, ["a", "b", "c"])
        XCTAssertNil(queue.popNext())
        XCTAssertNil(queue.nextTime)
    }

    /// Ties are broken by insertion order, whatever the payload and however the heap is shaped.
    /// Scheduling one event and taking the next in one pass gives what scheduling it and then
    /// popping gives — the same event, the same order afterwards — whether the new event comes
    /// first, ties with the earliest (it leaves after it) or comes later; and the simulation's
    /// form of it keeps the clock, the count and the horizon as `schedule` + `nextEvent` do.
    func testScheduleAndPopNextEqualsScheduleThenPop() {
        for seed in 0..<30 {
            var generator = SeededGenerator(seed: UInt64(seed))
            var fused = EventQueue<Int>(), separate = EventQueue<Int>()
            var fusedOrder: [Int] = [], separateOrder: [Int] = []
            for i in 0..<400 {
                let time = SimTime(nanoseconds: Int64(generator.next() % 50))
                if generator.next() % 3 == 0 {
                    fusedOrder.append(fused.scheduleAndPopNext(i, at: time).payload)
                    separate.schedule(i, at: time)
                    separateOrder.append(separate.popNext()!.payload)
                } else {
                    fused.schedule(i, at: time)
                    separate.schedule(i, at: time)
                }
            }
            while let event = fused.popNext() { fusedOrder.append(event.payload) }
            while let event = separate.popNext() { separateOrder.append(event.payload) }
            fused.checkInvariants()
            XCTAssertEqual(fusedOrder, separateOrder, "seed \(seed)")
        }
        // Into an empty queue, and ahead of everything waiting: the new event itself.
        var queue = EventQueue<String>()
        XCTAssertEqual(queue.scheduleAndPopNext("only", at: SimTime(nanoseconds: 5)).payload, "only")
        XCTAssertTrue(queue.isEmpty)
        queue.schedule("later", at: SimTime(nanoseconds: 9))
        XCTAssertEqual(queue.scheduleAndPopNext("first", at: SimTime(nanoseconds: 7)).payload, "first")
        XCTAssertEqual(queue.scheduleAndPopNext("tie", at: SimTime(nanoseconds: 9)).payload, "later")
        XCTAssertEqual(queue.popNext()?.payload, "tie")

        var sim = Simulation<String>()
        sim.schedule("a", at: SimTime(nanoseconds: 10))
        sim.schedule("b", at: SimTime(nanoseconds: 30))
        var reference = sim
        XCTAssertEqual(sim.schedule("c", at: SimTime(nanoseconds: 20), thenNextEventUntil: nil), "a")
        reference.schedule("c", at: SimTime(nanoseconds: 20))
        XCTAssertEqual(reference.nextEvent(until: nil), "a")
        XCTAssertEqual(sim.now, reference.now)
        // Past the horizon: nothing handled, the event waits, the clock at the horizon.
        XCTAssertNil(sim.schedule("d", at: SimTime(nanoseconds: 40), thenNextEventUntil: SimTime(nanoseconds: 15)))
        reference.schedule("d", at: SimTime(nanoseconds: 40))
        XCTAssertNil(reference.nextEvent(until: SimTime(nanoseconds: 15)))
        XCTAssertEqual(sim.now, SimTime(nanoseconds: 15))
        XCTAssertEqual(sim.pendingEvents, reference.pendingEvents)
        XCTAssertEqual(sim.eventsHandled, reference.eventsHandled)
        var rest: [String] = [], referenceRest: [String] = []
        while let event = sim.nextEvent() { rest.append(event) }
        while let event = reference.nextEvent() { referenceRest.append(event) }
        XCTAssertEqual(rest, ["c", "b", "d"])
        XCTAssertEqual(rest, referenceRest)
    }

    func testSimultaneousEventsLeaveInSchedulingOrder() {
        for seed in 0..<20 {
            var generator = SeededGenerator(seed: UInt64(seed))
            var queue = EventQueue<Int>()
            var expected: [(Int64, Int)] = []
            for i in 0..<500 {
                let time = Int64(generator.next() % 7)
                queue.schedule(i, at: SimTime(nanoseconds: time))
                expected.append((time, i))
            }
            queue.checkInvariants()
            expected.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            var popped: [Int] = []
            while let event = queue.popNext() { popped.append(event.payload) }
            XCTAssertEqual(popped, expected.map(\.1), "seed \(seed)")
        }
    }

    func testOrderIsDefinedByTimeThenSequence() {
        let early = ScheduledEvent(time: SimTime(nanoseconds: 5), sequence: 9, payload: ())
        let late = ScheduledEvent(time: SimTime(nanoseconds: 6), sequence: 1, payload: ())
        let tie = ScheduledEvent(time: SimTime(nanoseconds: 5), sequence: 10, payload: ())
        XCTAssertLessThan(early, late)
        XCTAssertLessThan(early, tie)
        XCTAssertFalse(tie < early)
    }

    func testSimulationRunsHandlersAndStopsAtHorizon() {
        var sim = Simulation<Int>()
        sim.schedule(0, at: .zero)
        var seen: [(Int, Double)] = []
        let reason = sim.run(until: SimTime(seconds: 0.35)) { n, sim in
            seen.append((n, sim.now.seconds))
            sim.schedule(n + 1, after: SimDuration(seconds: 0.1))
        }
        XCTAssertEqual(reason, .reachedHorizon)
        XCTAssertEqual(seen.map(\.0), [0, 1, 2, 3])
        XCTAssertEqual(seen.last!.1, 0.3, accuracy: 1e-12)
        XCTAssertEqual(sim.now, SimTime(seconds: 0.35))
        XCTAssertEqual(sim.pendingEvents, 1)
    }

    func testNextEventDrivesADomainLoop() {
        var sim = Simulation<String>()
        sim.schedule("b", at: SimTime(seconds: 2))
        sim.schedule("a", at: SimTime(seconds: 1))
        XCTAssertEqual(sim.nextEvent(), "a")
        XCTAssertEqual(sim.now, SimTime(seconds: 1))
        XCTAssertNil(sim.nextEvent(until: SimTime(seconds: 1.5)))
        XCTAssertEqual(sim.now, SimTime(seconds: 1.5))
        XCTAssertEqual(sim.nextEvent(), "b")
        XCTAssertNil(sim.nextEvent())
        XCTAssertEqual(sim.eventsHandled, 2)
    }

    /// A client that handles an event it never scheduled moves the clock itself: not an event
    /// handled, and what it schedules next counts from the new time.
    func testAdvanceClockMovesTimeWithoutAnEvent() {
        var sim = Simulation<String>()
        sim.schedule("later", at: SimTime(seconds: 3))
        sim.advanceClock(to: SimTime(seconds: 1))
        XCTAssertEqual(sim.now, SimTime(seconds: 1))
        XCTAssertEqual(sim.eventsHandled, 0)
        sim.schedule("soon", after: SimDuration(seconds: 0.5))
        XCTAssertEqual(sim.nextEvent(), "soon")
        XCTAssertEqual(sim.now, SimTime(seconds: 1.5))
        sim.advanceClock(to: SimTime(seconds: 2.999))
        XCTAssertEqual(sim.nextEvent(), "later")
        XCTAssertEqual(sim.eventsHandled, 2)
    }

    func testSimTimeIsExactIntegerNanoseconds() {
        var t = SimTime.zero
        for _ in 0..<1_000_000 { t = t + SimDuration(seconds: 1e-7) }
        XCTAssertEqual(t.nanoseconds, 100_000_000)
        XCTAssertEqual(SimTime(seconds: 1.5) - SimTime(seconds: 0.5), SimDuration(seconds: 1))
    }
}
