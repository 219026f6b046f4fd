import Foundation
import XCTest
import SimServeKit
import TestSupport

/// Tenants with token-bucket rate limits (`[[workload.tenants]]`).
final class TenantRateLimitTests: XCTestCase {
    /// Near-steady arrivals (Gamma, CV 0.05) of 100-token requests.
    static func scenario(rate: Double, tenants: String) -> String {
        """
        seed = 4
        requests = 2000
        model = "llama-2-7b"
        hardware = "a100-80gb"
        [workload]
        arrival = { kind = "gamma", rate = \(rate), cv = 0.05 }
        prompt_tokens = { kind = "fixed", value = 60 }
        output_tokens = { kind = "fixed", value = 40 }
        \(tenants)
        """
    }

    /// Steady arrivals asking for twice the bucket's rate (4 req/s × 100 tokens against 200
    /// tokens/s): the bucket passes rate · T + burst tokens, so half the requests (less the
    /// first burst of 3) are rejected, `rate_limited`. (A burst of one request would waste
    /// refill whenever jitter leaves the bucket a little short: 60% rejected.)
    func testBucketAtHalfTheDemandRejectsHalf() throws {
        let (_, result) = try TestSupport.run(Self.scenario(rate: 4, tenants: """
            [[workload.tenants]]
            name = "only"
            share = 1
            tokens_per_second = 200
            burst_tokens = 300
            """))
        let s = result.summary
        XCTAssertEqual(Double(s.rejected) / Double(s.arrived), 0.5, accuracy: 0.01)
        XCTAssertEqual(s.rejectedByReason[.rateLimited], s.rejected)
        XCTAssertEqual(s.tenants.map(\.name), ["only"])
        XCTAssertEqual(s.tenants[0].rejectedByReason[.rateLimited], s.rejected)
        XCTAssertEqual(s.completed + s.rejected, s.arrived)
        XCTAssertEqual(result.records.filter { $0.rejection == .rateLimited }.count, s.rejected)
        // A bucket that covers the demand rejects nothing.
        let (_, ample) = try TestSupport.run(Self.scenario(rate: 4, tenants: """
            [[workload.tenants]]
            name = "only"
            share = 1
            tokens_per_second = 450
            burst_tokens = 300
            """))
        XCTAssertEqual(ample.summary.rejected, 0)
    }

    /// Two tenants: the limited one (half its demand) loses about half its requests, the
    /// other none; the JSON summary counts them per tenant and per reason.
    func testLimitsArePerTenantAndCountedInJSON() throws {
        let toml = Self.scenario(rate: 4, tenants: """
            [[workload.tenants]]
            name = "free"
            share = 0.5
            tokens_per_second = 100
            burst_tokens = 300
            [[workload.tenants]]
            name = "paid"
            share = 0.5
            tokens_per_second = 10000
            burst_tokens = 1000
            """)
        let (_, result) = try TestSupport.run(toml)
        let (free, paid) = (result.summary.tenants[0], result.summary.tenants[1])
        XCTAssertEqual(Double(free.arrived) / Double(result.summary.arrived), 0.5, accuracy: 0.04)
        XCTAssertEqual(paid.rejected, 0)
        XCTAssertGreaterThan(Double(free.rejected) / Double(free.arrived), 0.45)
        XCTAssertLessThan(Double(free.rejected) / Double(free.arrived), 0.65)
        XCTAssertEqual(free.completed + free.rejected, free.arrived)

        let directory = try TestSupport.temporaryDirectory()
        let path = directory.appendingPathComponent("tenants.toml")
        try toml.write(to: path, atomically: true, encoding: .utf8)
        let cli = try TestSupport.runCLI(["run", path.path, "--json", "--no-files"])
        XCTAssertEqual(cli.status, 0, cli.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(cli.stdout.utf8)) as? [String: Any])
        let requests = try XCTUnwrap(json["requests"] as? [String: Any])
        let reasons = try XCTUnwrap(requests["rejected_by_reason"] as? [String: Any])
        XCTAssertEqual(reasons["rate_limited"] as? Int, free.rejected)
        let tenants = try XCTUnwrap(json["tenants"] as? [[String: Any]])
        XCTAssertEqual(tenants.map { $0["name"] as? String }, ["free", "paid"])
        XCTAssertEqual(tenants[0]["rejected"] as? Int, free.rejected)
        XCTAssertEqual((tenants[0]["rejected_by_reason"] as? [String: Any])?["rate_limited"] as? Int, free.rejected)
    }

    func testTenantErrors() throws {
        let error = try XCTUnwrap(TestSupport.loadError(Self.scenario(rate: 4, tenants: """
            [[workload.tenants]]
            name = "a"
            share = 0
            tokens_per_second = -1
            burst_tokens = 0.5
            """)))
        XCTAssertTrue(error.contains("workload.tenants[0].share: must be > 0, got 0.0"), error)
        XCTAssertTrue(error.contains("workload.tenants[0].tokens_per_second: must be a positive number of tokens per second, got -1.0"), error)
        XCTAssertTrue(error.contains("workload.tenants[0].burst_tokens: must be ≥ 1 token"), error)
    }
}
