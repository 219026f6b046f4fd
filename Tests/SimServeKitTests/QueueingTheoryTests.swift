import XCTest
import SimServeKit
import TestSupport

/// The simulator in its degenerate mode against closed-form queueing theory.
final class QueueingTheoryTests: XCTestCase {
    func testFormulas() throws {
        XCTAssertEqual(try XCTUnwrap(QueueingTheory.mm1MeanWait(arrivalRate: 90, serviceRate: 100)), 0.09, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(QueueingTheory.md1MeanWait(arrivalRate: 50, serviceTime: 0.01)), 0.005, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(QueueingTheory.erlangC(servers: 2, offeredLoad: 1)), 1.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(QueueingTheory.erlangC(servers: 1, offeredLoad: 0.7)), 0.7, accuracy: 1e-12)
        XCTAssertNil(QueueingTheory.mm1MeanWait(arrivalRate: 100, serviceRate: 100))
    }

    /// The simulated waits equal, to the nanosecond, Lindley's recursion
    /// W₍ₙ₊₁₎ = max(0, Wₙ + Sₙ − Aₙ₊₁) over the same arrival and service times: FCFS, work-
    /// conserving, one at a time — whatever the load.
    func testWaitsFollowLindleysRecursionExactly() throws {
        for seed in 1...3 {
            let (_, result) = try TestSupport.run(TestSupport.queueingScenario(
                rate: 95, service: .exponential(meanSeconds: 0.01), requests: 5_000, seed: seed))
            let records = result.records
            XCTAssertEqual(records.count, 5_000)
            var wait = 0.0
            for i in records.indices {
                if i > 0 {
                    let previousService = records[i - 1].firstToken! - records[i - 1].firstScheduled!
                    wait = max(0, wait + previousService - (records[i].arrival - records[i - 1].arrival))
                }
                XCTAssertEqual(records[i].queueDelay!, wait, accuracy: 4e-9, "seed \(seed), request \(i)")
            }
        }
    }

    /// M/M/1 and M/D/1 at ρ = 0.5, M/G/1 (Gamma service, CV 2) and M/M/4 through
    /// `QueueingValidation` at a small scale (10 replications of a few thousand requests):
    /// theory inside the 99.9% confidence interval and the standard error within a few
    /// percent. The same cases at full scale, where a 1% bias would show: ValidationTests
    /// (`make validation`).
    func testMeanWaitsAtSmallScale() throws {
        for (index, requests, maxRelativeSE) in [(0, 16_000, 0.015), (2, 13_000, 0.015), (4, 6_000, 0.06), (5, 5_000, 0.06)] {
            let c = QueueingValidation.standardCases[index]
            let row = try QueueingValidation.run(c, requestsPerReplication: requests, replications: 10)
            XCTAssertLessThan(row.standardErrorSeconds / row.theorySeconds, maxRelativeSE, c.name)
            XCTAssertTrue(row.contains(theoryAt: 0.999),
                          "\(c.name): simulated \(row.simulatedSeconds) s, theory \(row.theorySeconds) s, SE \(row.standardErrorSeconds)")
            XCTAssertEqual(row.relativeError, 0, accuracy: 5 * maxRelativeSE, c.name)
        }
    }

    /// Little's law on the simulated queue: the time-average number waiting, measured by
    /// sweeping the queue's arrivals and departures, equals λ·W_q.
    func testLittlesLaw() throws {
        let (_, result) = try TestSupport.run(TestSupport.queueingScenario(
            rate: 80, service: .exponential(meanSeconds: 0.01), requests: 50_000))
        var changes: [(Double, Int)] = []
        for r in result.records {
            changes.append((r.arrival, +1))
            changes.append((r.firstScheduled!, -1))
        }
        changes.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        var area = 0.0, inQueue = 0, last = 0.0
        for (time, delta) in changes {
            area += Double(inQueue) * (time - last)
            inQueue += delta
            last = time
        }
        let span = result.records.last!.arrival - result.records.first!.arrival
        let lambda = Double(result.records.count - 1) / span
        let meanWait = result.records.reduce(0) { $0 + $1.queueDelay! } / Double(result.records.count)
        XCTAssertEqual(area / last, lambda * meanWait, accuracy: 0.02 * lambda * meanWait)
    }
}

