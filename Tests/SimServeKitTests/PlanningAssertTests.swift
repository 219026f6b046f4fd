import Foundation
import XCTest
import SimServeKit
import TestSupport

/// `[assert]` in a scenario: checked by `simserve run` (exit status 3 on a miss), validated at
/// load, and used by `simserve plan` as its SLOs.
final class PlanningAssertTests: XCTestCase {
    static let base = TestSupport.queueingScenario(rate: 50, service: .fixed(seconds: 0.01),
                                                   requests: 300, seed: 2)

    private func write(_ assertTable: String) throws -> URL {
        let url = try TestSupport.temporaryDirectory().appendingPathComponent("asserted.toml")
        try (Self.base + "\n[assert]\n" + assertTable + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    func testPassingAssertionsExitZero() throws {
        let url = try write("""
            ttft_p99 = "< 500ms"
            goodput_fraction = ">= 95%"
            queue_delay_mean = 0.5
            e2e_max = { max = "2s" }
            throughput_rps = { min = 1, below = 1000 }
            """)
        let r = try TestSupport.runCLI(["run", url.path, "--no-files"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("assertions: all 6 passed"), r.stderr)
    }

    func testFailedAssertionsExitThreeAndSayWhich() throws {
        let url = try write("""
            ttft_p99 = "< 1ms"
            goodput_fraction = ">= 0.95"
            e2e_mean = { max = "2ms" }
            """)
        let r = try TestSupport.runCLI(["run", url.path, "--no-files"])
        XCTAssertEqual(r.status, 3, r.stderr)
        let lines = r.stderr.split(separator: "\n").map(String.init)
        let failed = lines.filter { $0.hasPrefix("assertion failed: ") }
        // Without [slo], goodput counts the requests within the [assert] latency limits (TTFT
        // ≤ 1 ms here): none is, so goodput_fraction fails too.
        XCTAssertEqual(failed.count, 3, r.stderr)
        XCTAssertTrue(failed[0].hasPrefix("assertion failed: ttft_p99 = "), failed[0])
        XCTAssertTrue(failed[0].hasSuffix(" ms, limit < 1 ms"), failed[0])
        XCTAssertEqual(failed[1], "assertion failed: goodput_fraction = 0, limit >= 0.95")
        XCTAssertTrue(failed[2].hasPrefix("assertion failed: e2e_mean = "), failed[2])
        XCTAssertEqual(lines.last, "error: 3 of 3 assertions failed")
        XCTAssertTrue(r.stdout.contains("TTFT"), "the summary still prints")
    }

    func testUnknownMetricsAndBadLimitsAreRejectedAtLoad() throws {
        let url = try write("""
            tft_p99 = "< 500ms"
            tpot_p99 = "< fast"
            e2e_p99 = { mx = "1s" }
            goodput_fraction = [0.9]
            """)
        let r = try TestSupport.runCLI(["run", url.path, "--no-files"])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stderr, """
            error: Scenario 'asserted.toml' is not valid (4 problems):
              - assert.tft_p99: 'tft_p99' is not a known metric; did you mean 'ttft_p99'?
              - assert.tpot_p99: 'fast' is not a limit for tpot_p99; expected a duration such as 500ms or 0.5 (seconds)
              - assert.e2e_p99.mx: 'mx' is not one of 'max', 'min', 'below', 'above'; did you mean 'max'?
              - assert.goodput_fraction: expected a limit such as "< 500ms" or a table such as { max = "500ms" }, found an array

            """)
    }

    func testAssertionsResolveIntoTheScenario() throws {
        let scenario = try ScenarioLoader.load(toml: Self.base + "\n[assert]\nttft_p99 = \"<= 0.2\"\ngoodput = 0.9\n", source: "t.toml")
        XCTAssertEqual(scenario.assertions.map(\.description), ["ttft_p99 <= 200 ms", "goodput_fraction >= 0.9"])
        XCTAssertTrue(try ScenarioLoader.load(toml: Self.base, source: "t.toml").assertions.isEmpty)
    }

    /// With no --slo, `simserve plan` takes the scenario's [assert] table as its SLOs.
    func testPlanUsesTheAssertTable() throws {
        let url = try write(#"e2e_mean = "< 20ms""#)
        let r = try TestSupport.runCLI(["plan", url.path, "--replications", "2", "--tolerance", "5%"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("e2e_mean"), r.stdout)
        XCTAssertTrue(r.stdout.contains("limit < 20 ms"), r.stdout)
    }
}
