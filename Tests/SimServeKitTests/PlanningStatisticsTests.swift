import XCTest
@testable import SimServeKit
import TestSupport

/// Replication statistics: the Student t interval, and its coverage of the true M/M/1 mean wait.
final class PlanningStatisticsTests: XCTestCase {
    func testMeanEstimateMatchesTheTextbookInterval() throws {
        let e = try XCTUnwrap(MeanEstimate([1, 2, 3, 4, 5]))
        XCTAssertEqual(e.mean, 3)
        XCTAssertEqual(e.standardDeviation!, 2.5.squareRoot(), accuracy: 1e-12)
        // t(0.975, 4) = 2.776445105
        XCTAssertEqual(e.halfWidth()!, 2.776445105 * (2.5 / 5).squareRoot(), accuracy: 1e-8)
        XCTAssertEqual(e.relativeHalfWidth()!, e.halfWidth()! / 3, accuracy: 1e-12)
        XCTAssertNil(MeanEstimate([7])?.halfWidth())
        XCTAssertNil(MeanEstimate([]))
    }

    /// Coverage: in 100 seeded trials of R independent replications each, the 95% confidence
    /// interval on the mean wait in queue of an M/M/1 (ρ = 0.5, W_q = 10 ms) covers the
    /// closed-form value at least 90 times. Small runs keep it fast (1,000 requests, 4
    /// replications; with 600 requests the replication means are skewed enough to pull the
    /// coverage to 93%); a warm-up of 1 s (about eight relaxation times) removes the
    /// empty-start bias.
    func testReplicationIntervalCoversTheMM1MeanWait() throws {
        let (lambda, mu) = (50.0, 100.0)
        let truth = try XCTUnwrap(QueueingTheory.mm1MeanWait(arrivalRate: lambda, serviceRate: mu))
        XCTAssertEqual(truth, 0.01, accuracy: 1e-12)
        let template = ScenarioTemplate(toml: TestSupport.queueingScenario(
            rate: lambda, service: .exponential(meanSeconds: 0.01), requests: 1000), baseAssignments: ["warmup=1s"])
        let scenario = try template.load()
        let (trials, replications) = (100, 4)
        let covered = ParallelMap.map(count: trials, jobs: ParallelMap.availableCores) { trial -> Bool in
            let means = (0..<replications).map { r -> Double in
                let seed = UInt64(1 + trial * replications + r)
                return ServingSimulation(configuration: scenario.withSeed(seed).serving).run().summary.queueDelay!.mean
            }
            return MeanEstimate(means)!.contains(truth)
        }
        let coverage = covered.filter { $0 }.count
        print("M/M/1 ρ=0.5: the 95% CI covered W_q in \(coverage) of \(trials) trials")
        XCTAssertGreaterThanOrEqual(coverage, 90)
        XCTAssertLessThanOrEqual(coverage, 100)
    }
}
