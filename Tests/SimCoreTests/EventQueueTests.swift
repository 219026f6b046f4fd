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
