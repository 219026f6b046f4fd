import Foundation
import XCTest
import SimServeKit
import TestSupport

/// `simserve plan`: a headline rate that held at every replication, and objectives that rank
/// by what their names say — through the CLI.
final class PlannerHeadlineTests: XCTestCase {
    func scenario(rate: Double = 90, servers: Int = 1) throws -> URL {
        let url = try TestSupport.temporaryDirectory().appendingPathComponent("queue.toml")
        try TestSupport.queueingScenario(rate: rate, service: .exponential(meanSeconds: 0.01), requests: 1500, servers: servers)
            .write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// The headline is a rate at which every SLO held at every replication (each seed re-run
    /// there), at or below the lowest seed's bisected rate; the mean of the seeds' rates is
    /// shown beside it.
    func testHeadlineRateHeldAtEveryReplication() throws {
        let url = try scenario()
        let r = try TestSupport.runCLI(["plan", url.path, "--set", "warmup=1s", "--slo", "e2e_mean=20ms", "--slo", "ttft_p99=80ms",
                                        "--replications", "4", "--tolerance", "2%", "--json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let headline = try XCTUnwrap(json["sustainable_rate"] as? Double)
        let mean = try XCTUnwrap(json["max_rate"] as? Double)
        XCTAssertEqual(json["held_at_every_replication"] as? Bool, true)
        XCTAssertEqual(json["sustainable_rate_rule"] as? String, "every SLO held at every replication")
        let seeds = try XCTUnwrap(json["seeds"] as? [[String: Any]])
        XCTAssertEqual(seeds.count, 4)
        let lowest = seeds.compactMap { $0["sustained_rate"] as? Double }.min()!
        XCTAssertLessThanOrEqual(headline, lowest + 1e-9)
        XCTAssertLessThanOrEqual(headline, mean)
        for slo in try XCTUnwrap(json["slos"] as? [[String: Any]]) {
            let values = try XCTUnwrap(slo["per_replication"] as? [Double])
            let limit = try XCTUnwrap(slo["limit"] as? Double)
            XCTAssertEqual(values.count, 4)
            XCTAssertTrue(values.allSatisfy { $0 <= limit }, "\(slo)")
            XCTAssertEqual(slo["held"] as? Int, 4)
        }

        let text = try TestSupport.runCLI(["plan", url.path, "--set", "warmup=1s", "--slo", "e2e_mean=20ms",
                                           "--replications", "3", "--tolerance", "2%"])
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.hasPrefix("sustainable rate: "), text.stdout)
        XCTAssertTrue(text.stdout.contains("— every SLO held at all 3 replications there"), text.stdout)
        XCTAssertTrue(text.stdout.contains("mean of the seeds' maximum rates "), text.stdout)
        XCTAssertTrue(text.stdout.contains("held 3/3"), text.stdout)
    }

    /// The deployment search applies the same rule: a candidate meets the SLOs only when each
    /// one held at every replication, not on the mean.
    func testSearchCandidatesMeetTheSLOsAtEveryReplication() throws {
        let url = try scenario(rate: 100, servers: 2)
        let out = try TestSupport.temporaryDirectory().path
        let r = try TestSupport.runCLI(["plan", url.path, "--set", "warmup=1s", "--rate", "350", "--slo", "queue_delay_mean=1.3ms",
                                        "--search", "cluster.replicas=1:10", "--replications", "3", "--no-headroom", "--json", "--out", out])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        for c in try XCTUnwrap(json["candidates"] as? [[String: Any]]) where c["status"] as? String == "misses_slos" {
            XCTAssertTrue((c["reason"] as? String ?? "").contains("replications)"), "\(c)")
        }
    }

    /// `latency` minimises the SLO's latency metric at the rate, and a value within 2% of the
    /// best is a tie broken by cost: it does not buy every replica the search allows.
    func testLatencyObjectiveMinimisesTheSLOMetricWithoutBuyingEveryReplica() throws {
        let url = try scenario(rate: 100, servers: 2)
        let out = try TestSupport.temporaryDirectory().path
        let r = try TestSupport.runCLI(["plan", url.path, "--set", "warmup=1s", "--rate", "350", "--slo", "e2e_mean=12ms",
                                        "--search", "cluster.replicas=1:10", "--replications", "3", "--objective", "latency",
                                        "--no-headroom", "--json", "--out", out])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(json["objective_column"] as? String, "e2e_mean")
        let met = try XCTUnwrap(json["candidates"] as? [[String: Any]]).filter { $0["status"] as? String == "meets_slos" }
        let latency = { (c: [String: Any]) in c["e2e_mean"] as! Double }
        let best = met.map(latency).min()!
        let winner = met[0]
        XCTAssertLessThanOrEqual(latency(winner), best * 1.02)
        let gpus = { (c: [String: Any]) in c["gpus"] as! Int }
        for c in met where latency(c) <= best * 1.02 { XCTAssertGreaterThanOrEqual(gpus(c), gpus(winner)) }
        XCTAssertLessThan(gpus(winner), 10, "the tie band stops the search from buying every replica")
    }

    /// `throughput` ranks by the sustainable rate per GPU, searched per candidate, and the
    /// table shows that column.
    func testThroughputObjectiveRanksBySustainableRatePerGPU() throws {
        let url = try scenario(rate: 100, servers: 2)
        let out = try TestSupport.temporaryDirectory().path
        let args = ["plan", url.path, "--set", "warmup=1s", "--rate", "350", "--slo", "queue_delay_mean=1.3ms",
                    "--search", "cluster.replicas=4:8", "--replications", "2", "--objective", "throughput", "--no-headroom", "--out", out]
        let text = try TestSupport.runCLI(args)
        XCTAssertEqual(text.status, 0, text.stderr)
        XCTAssertTrue(text.stdout.contains("objective throughput (ranks by sustained req/s per GPU, highest first"), text.stdout)
        XCTAssertTrue(text.stdout.contains("sustained req/s per GPU"), text.stdout)
        let r = try TestSupport.runCLI(args + ["--json"])
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let best = try XCTUnwrap((json["candidates"] as? [[String: Any]])?.first)
        let rate = try XCTUnwrap(best["sustainable_rate"] as? Double)
        XCTAssertGreaterThanOrEqual(rate, 350)
        XCTAssertEqual(try XCTUnwrap(best["objective_value"] as? Double), rate / Double(best["gpus"] as! Int), accuracy: 1e-9)
    }
}
