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
                rate: 95, service: #"{ kind = "exponential", mean = "10ms" }"#, requests: 5_000, seed: seed))
            let records = result.records
            XCTAssertEqual(records.count, 5_000)
            var wait = 0.0
            for i in records.indices {
                let service = records[i].firstToken! - records[i].firstScheduled!
                if i > 0 {
                    let previousService = records[i - 1].firstToken! - records[i - 1].firstScheduled!
                    wait = max(0, wait + previousService - (records[i].arrival - records[i - 1].arrival))
                }
                XCTAssertEqual(records[i].queueDelay!, wait, accuracy: 4e-9, "seed \(seed), request \(i)")
            }
        }
    }

    /// M/M/1 and M/D/1 at ρ = 0.5: the mean wait within 4 standard errors of theory, with
    /// enough requests that a 1% bias would show (standard error < 0.3%).
    func testMM1AndMD1MeanWaitAtHalfLoad() throws {
        let n = 400_000
        for (service, theory) in [
            (#"{ kind = "exponential", mean = "10ms" }"#, QueueingTheory.mm1MeanWait(arrivalRate: 50, serviceRate: 100)!),
            (#"{ kind = "fixed", seconds = "10ms" }"#, QueueingTheory.md1MeanWait(arrivalRate: 50, serviceTime: 0.01)!),
        ] {
            let (_, result) = try TestSupport.run(TestSupport.queueingScenario(rate: 50, service: service, requests: n))
            let waits = result.records.map { $0.queueDelay! }
            let (mean, standardError) = batchMeans(waits)
            XCTAssertLessThan(standardError / theory, 0.004, "\(service): run too short to see a 1% bias")
            XCTAssertEqual(mean, theory, accuracy: 4 * standardError, "\(service): mean wait \(mean) vs theory \(theory)")
        }
    }

    /// Little's law on the simulated queue: the time-average number waiting, measured by
    /// sweeping the queue's arrivals and departures, equals λ·W_q.
    func testLittlesLaw() throws {
        let (_, result) = try TestSupport.run(TestSupport.queueingScenario(
            rate: 80, service: #"{ kind = "exponential", mean = "10ms" }"#, requests: 50_000))
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

/// Mean and its standard error by the method of batch means (30 batches), which accounts for
/// the strong correlation between successive waits.
func batchMeans(_ samples: [Double], batches: Int = 30) -> (mean: Double, standardError: Double) {
    let size = samples.count / batches
    let means = (0..<batches).map { b in samples[b * size..<(b + 1) * size].reduce(0, +) / Double(size) }
    let mean = means.reduce(0, +) / Double(batches)
    let variance = means.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(batches - 1)
    return (mean, (variance / Double(batches)).squareRoot())
}
