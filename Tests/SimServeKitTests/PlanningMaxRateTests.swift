import Foundation
import XCTest
import SimServeKit
import TestSupport

/// `simserve plan`'s maximum-rate search against queueing theory, and its failure modes.
final class PlanningMaxRateTests: XCTestCase {
    /// An M/M/1 with μ = 100/s, 4,000 requests per run and a 1 s warm-up.
    static func mm1(requests: Int = 4000, service: ServiceTimeDistribution = .exponential(meanSeconds: 0.01)) -> ScenarioTemplate {
        ScenarioTemplate(toml: TestSupport.queueingScenario(rate: 90, service: service, requests: requests),
                         baseAssignments: ["warmup=1s"])
    }

    /// An SLO on the mean wait in queue, W_q = λ/(μ(μ − λ)) ≤ W, binds at λ* = Wμ²/(1 + Wμ):
    /// 50/s for W = 10 ms. The search's 95% interval covers it, is a few percent wide, and each
    /// seed's bisection bracket is within the tolerance.
    func testBisectionFindsTheClosedFormRateForAMeanWaitSLO() throws {
        let (mu, w) = (100.0, 0.010)
        let exact = w * mu * mu / (1 + w * mu)
        XCTAssertEqual(exact, 50, accuracy: 1e-9)
        let slo = try MetricCondition(parsing: "queue_delay_mean=10ms")
        let search = MaxRateSearch(template: Self.mm1(), conditions: [slo], replications: 6, relativeTolerance: 0.005)
        let result = try search.run(jobs: ParallelMap.availableCores)
        let halfWidth = try XCTUnwrap(result.halfWidth)
        print(result.rendered())
        XCTAssertEqual(result.rate, exact, accuracy: halfWidth, "the 95% CI misses λ*")
        XCTAssertLessThan(halfWidth / exact, 0.06)
        for seed in result.perSeed {
            XCTAssertLessThanOrEqual(seed.failedRate - seed.sustainedRate, 0.005 * seed.sustainedRate + 1e-12)
        }
        XCTAssertLessThanOrEqual(result.bracketWidth, 0.005 * result.rate)
        XCTAssertEqual(result.perSeed.map(\.seed), [1, 2, 3, 4, 5, 6])
        // At the headline rate every replication's mean wait is within the limit.
        let check = try XCTUnwrap(result.atEstimate.first)
        XCTAssertEqual(check.held, 6)
        XCTAssertLessThanOrEqual(result.sustainedRate, result.sustainedByEverySeed)
    }

    /// Same seeds, same answer, whatever the number of threads.
    func testSearchIsDeterministic() throws {
        let slo = try MetricCondition(parsing: "queue_delay_mean<=10ms")
        let search = MaxRateSearch(template: Self.mm1(requests: 300), conditions: [slo], replications: 2, relativeTolerance: 0.02)
        let a = try search.run(jobs: 1), b = try search.run(jobs: 2)
        XCTAssertEqual(a.json, b.json)
    }

    func testSLOsThatNeverHoldOrNeverBindAreReported() throws {
        let fixed = Self.mm1(requests: 30, service: .fixed(seconds: 0.01))
        let never = MaxRateSearch(template: fixed, conditions: [try MetricCondition(parsing: "e2e_mean<5ms")], replications: 1)
        XCTAssertThrowsError(try never.run(jobs: 1)) { error in
            let text = "\(error)"
            XCTAssertEqual(text, "no rate meets the SLOs: at 8.583e-05 req/s (seed 1) still e2e_mean = 10 ms, limit < 5 ms")
        }
        let always = MaxRateSearch(template: fixed, conditions: [try MetricCondition(parsing: "rejected_fraction<=0.5")], replications: 1)
        XCTAssertThrowsError(try always.run(jobs: 1)) { error in
            XCTAssertEqual("\(error)", "the SLOs never bind: they still hold at 9.437e+07 req/s (seed 1); is a limit missing?")
        }
    }

    func testConditionsParseBothForms() throws {
        let a = try MetricCondition(parsing: "ttft_p99=500ms")
        XCTAssertEqual(a.description, "ttft_p99 <= 500 ms")
        let b = try MetricCondition(parsing: "goodput>=95%")
        XCTAssertEqual(b.metric.name, "goodput_fraction")
        XCTAssertEqual(b.limit, 0.95, accuracy: 1e-12)
        XCTAssertEqual(try MetricCondition(parsing: "goodput_fraction=0.9").comparison, .atLeast)
        XCTAssertEqual(try MetricCondition(parsing: "tpot_p99 < 0.05").limit, 0.05)
        func message(_ text: String) -> String? {
            do { _ = try MetricCondition(parsing: text); return nil } catch { return error.description }
        }
        XCTAssertEqual(message("ttft_p99"), "--slo: 'ttft_p99' has no comparison; expected e.g. ttft_p99=500ms or goodput_fraction>=0.95")
        XCTAssertEqual(message("tft_p99=1s"), "--slo: 'tft_p99' is not a known metric; did you mean 'ttft_p99'?")
        XCTAssertEqual(message("ttft_p99=soon"), "--slo: 'ttft_p99=soon': 'soon' is not a limit for ttft_p99; expected a duration such as 500ms or 0.5 (seconds)")
    }

    /// Through the CLI: an SLO on the mean time in system W = 1/(μ − λ) binds at λ* = μ − 1/W
    /// (50/s for W = 20 ms); `plan --json` reports it with its confidence interval.
    func testPlanCommandFindsMuMinusOneOverW() throws {
        let url = try TestSupport.temporaryDirectory().appendingPathComponent("mm1.toml")
        try TestSupport.queueingScenario(rate: 90, service: .exponential(meanSeconds: 0.01), requests: 4000)
            .write(to: url, atomically: true, encoding: .utf8)
        let r = try TestSupport.runCLI(["plan", url.path, "--set", "warmup=1s", "--slo", "e2e_mean=20ms",
                                        "--replications", "6", "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let rate = try XCTUnwrap(json["max_rate"] as? Double)
        let low = try XCTUnwrap(json["ci95_low"] as? Double), high = try XCTUnwrap(json["ci95_high"] as? Double)
        XCTAssertLessThanOrEqual(low, 50)
        XCTAssertGreaterThanOrEqual(high, 50)
        XCTAssertLessThan((high - low) / 2 / rate, 0.06)
        XCTAssertEqual((json["seeds"] as? [Any])?.count, 6)

        let text = try TestSupport.runCLI(["plan", url.path, "--set", "requests=300", "--slo", "e2e_mean=20ms", "--replications", "2",
                                           "--tolerance", "5%"])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.hasPrefix("sustainable rate: "), text.stdout)
        XCTAssertTrue(text.stdout.contains("(95% CI over 2 seeds: "), text.stdout)
        XCTAssertTrue(text.stdout.contains("e2e_mean"), text.stdout)
    }

    func testPlanCommandRejectsBadInput() throws {
        let url = try TestSupport.temporaryDirectory().appendingPathComponent("mm1.toml")
        try TestSupport.queueingScenario(rate: 90, service: .fixed(seconds: 0.01), requests: 30)
            .write(to: url, atomically: true, encoding: .utf8)
        var r = try TestSupport.runCLI(["plan", url.path])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stderr, "error: --slo: no SLO given; add --slo ttft_p99=500ms (repeatable) or an [assert] table to the scenario\n")
        r = try TestSupport.runCLI(["plan", url.path, "--slo", "ttft_p99=fast"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("'fast' is not a limit for ttft_p99"), r.stderr)
        r = try TestSupport.runCLI(["plan", url.path, "--slo", "e2e_mean<5ms", "--replications", "1"])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stderr.hasPrefix("error: no rate meets the SLOs"), r.stderr)
    }
}
