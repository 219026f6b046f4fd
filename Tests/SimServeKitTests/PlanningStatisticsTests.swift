import XCTest
@testable import SimPlanning
import SimServeKit
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

    /// Coverage: in 100 seeded trials of R independent replications each, the confidence
    /// intervals at 80% and 95% on the mean wait in queue of an M/M/1 (ρ = 0.5, W_q = 10 ms)
    /// cover the closed-form value as often as their level says: each count lies inside the
    /// central 99.8% of Binomial(100, level), so an interval too narrow *or* too wide fails
    /// (67–91 at 80%, 87–100 at 95%). Small runs keep it fast (1,000 requests, 4
    /// replications; with 600 requests the replication means are skewed enough to pull the
    /// 95% coverage to 93%); a warm-up of 1 s (about eight relaxation times) removes the
    /// empty-start bias.
    func testReplicationIntervalCoversTheMM1MeanWait() throws {
        let (lambda, mu) = (50.0, 100.0)
        let truth = try XCTUnwrap(QueueingTheory.mm1MeanWait(arrivalRate: lambda, serviceRate: mu))
        XCTAssertEqual(truth, 0.01, accuracy: 1e-12)
        let template = ScenarioTemplate(toml: TestSupport.queueingScenario(
            rate: lambda, service: .exponential(meanSeconds: 0.01), requests: 1000), baseAssignments: ["warmup=1s"])
        let scenario = try template.load()
        let (trials, replications) = (100, 4)
        let levels = [0.8, 0.95]
        let covered = ParallelMap.map(count: trials, jobs: ParallelMap.availableCores) { trial -> [Bool] in
            let means = (0..<replications).map { r -> Double in
                let seed = UInt64(1 + trial * replications + r)
                return ServingSimulation(configuration: scenario.withSeed(seed).serving).run().summary.queueDelay!.mean
            }
            return levels.map { MeanEstimate(means)!.contains(truth, level: $0) }
        }
        for (i, level) in levels.enumerated() {
            let coverage = covered.filter { $0[i] }.count
            let band = Self.binomialBand(trials: trials, probability: level, tail: 0.001)
            print("M/M/1 ρ=0.5: the \(Int(level * 100))% CI covered W_q in \(coverage) of \(trials) trials (band \(band))")
            XCTAssertTrue(band.contains(coverage), "\(Int(level * 100))% interval: \(coverage) of \(trials), expected \(band)")
        }
        XCTAssertLessThan(Self.binomialBand(trials: trials, probability: 0.8, tail: 0.001).upperBound, trials)
    }

    /// The smallest range of counts that leaves out at most `tail` of Binomial(n, p) on each
    /// side.
    static func binomialBand(trials n: Int, probability p: Double, tail: Double) -> ClosedRange<Int> {
        let pmf = (0...n).map { k -> Double in
            let logChoose = lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
            return exp(logChoose + Double(k) * log(p) + Double(n - k) * log1p(-p))
        }
        var lower = 0, below = 0.0
        while below + pmf[lower] <= tail { below += pmf[lower]; lower += 1 }
        var upper = n, above = 0.0
        while above + pmf[upper] <= tail { above += pmf[upper]; upper -= 1 }
        return lower...upper
    }
}
