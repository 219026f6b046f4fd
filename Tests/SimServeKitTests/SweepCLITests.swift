import Foundation
import XCTest
import TestSupport

/// `simserve sweep` and `simserve merge` through the real executable.
final class SweepCLITests: XCTestCase {
    /// The degenerate M/M/1 scenario: the cheapest to simulate.
    static let scenario = TestSupport.queueingScenario(
        rate: 50, service: .exponential(meanSeconds: 0.01), requests: 200, seed: 3)

    private func write(_ text: String = scenario) throws -> URL {
        let url = try TestSupport.temporaryDirectory().appendingPathComponent("mm1.toml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    private func read(_ directory: URL, _ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }

    private func rows(_ directory: URL) throws -> [[String: Any]] {
        let text = String(decoding: try read(directory, "sweep.jsonl"), as: UTF8.self)
        return try text.split(separator: "\n").map {
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    /// A sweep in four shards, merged in any order, is byte-identical to the unsharded sweep —
    /// whatever the number of threads each used.
    func testShardedSweepMergesToTheUnshardedOutput() throws {
        let scenario = try write()
        let base = scenario.deletingLastPathComponent()
        let axes = ["--set", "workload.arrival.rate=20:80:20", "--set", "cluster.replicas=1,2", "--replications", "2"]
        let whole = base.appendingPathComponent("whole")
        let result = try TestSupport.runCLI(["sweep", scenario.path] + axes + ["--jobs", "2", "--out", whole.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse(result.stderr.contains("progress"), "no progress bar when stderr is not a terminal")
        XCTAssertTrue(result.stdout.contains("TTFT p99 (ms)"), result.stdout)

        var slices: [String] = []
        for i in 0..<4 {
            let out = base.appendingPathComponent("shard\(i)").path
            let r = try TestSupport.runCLI(["sweep", scenario.path] + axes + ["--jobs", "1", "--shard", "\(i)/4", "--out", out])
            XCTAssertEqual(r.status, 0, r.stderr)
            slices.append(out)
        }
        let merged = base.appendingPathComponent("merged")
        let m = try TestSupport.runCLI(["merge", slices[2], slices[0], slices[3], slices[1], "--out", merged.path])
        XCTAssertEqual(m.status, 0, m.stderr)
        for name in ["sweep.csv", "sweep.jsonl", "sweep-manifest.json"] {
            XCTAssertEqual(try read(whole, name), try read(merged, name), "\(name) differs after merging")
        }

        // One row per point, in grid order, with its inputs, every summary figure and the CIs.
        let csv = String(decoding: try read(whole, "sweep.csv"), as: UTF8.self).split(separator: "\n")
        XCTAssertEqual(csv.count, 9)
        let header = csv[0].split(separator: ",").map(String.init)
        XCTAssertEqual(Array(header.prefix(6)), ["point", "workload.arrival.rate", "cluster.replicas", "seed", "replications", "status"])
        for column in ["latency_seconds.ttft.p99", "latency_seconds.ttft.p99.ci95", "throughput.goodput_requests_per_second",
                       "energy.energy_joules", "cost.usd_per_request", "requests.arrived",
                       "scaling.strong_efficiency", "scaling.weak_efficiency"] {
            XCTAssertTrue(header.contains(column), column)
        }
        let table = try rows(whole)
        XCTAssertEqual(table.map { $0["point"] as? Int }, Array(0..<8))
        XCTAssertEqual(table.map { $0["workload.arrival.rate"] as? Int }, [20, 20, 40, 40, 60, 60, 80, 80])
        XCTAssertEqual(table.map { $0["cluster.replicas"] as? Int }, [1, 2, 1, 2, 1, 2, 1, 2])
        for row in table {
            XCTAssertEqual(row["replications"] as? Int, 2)
            XCTAssertEqual(row["seed"] as? Int, 3)
            XCTAssertEqual(row["requests.arrived"] as? Double, 200)
            XCTAssertGreaterThan(row["latency_seconds.queue_delay.mean.ci95"] as? Double ?? 0, 0)
        }
        // cluster.replicas varies, so the whole sweep has scaling columns, from throughput per
        // GPU against the best of the compared rows; 40/s on 2 replicas is the weak scaling of
        // 20/s on 1, while 20/s on 2 replicas (10/s per GPU) has no partner.
        let x = table.map { ($0["throughput.output_tokens_per_second"] as? Double ?? .nan) / Double($0["cluster.replicas"] as? Int ?? 1) }
        XCTAssertEqual(try XCTUnwrap(table[3]["scaling.weak_efficiency"] as? Double), x[3] / max(x[0], x[3]), accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(table[3]["scaling.strong_efficiency"] as? Double), x[3] / max(x[2], x[3]), accuracy: 1e-12)
        XCTAssertTrue(table[1]["scaling.weak_efficiency"] is NSNull)
        for row in table {
            for column in ["scaling.strong_efficiency", "scaling.weak_efficiency"] {
                if let e = row[column] as? Double { XCTAssertLessThanOrEqual(e, 1) }
            }
        }
    }

    /// A replicated point is the mean of `simserve run` with seeds seed, seed+1, …
    func testReplicationsAreTheMeanOfRunsWithConsecutiveSeeds() throws {
        let scenario = try write()
        let out = scenario.deletingLastPathComponent().appendingPathComponent("r")
        let r = try TestSupport.runCLI(["sweep", scenario.path, "--replications", "3", "--seed", "11", "--out", out.path, "--progress"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("progress: 1/1 points"), r.stderr)
        var means: [Double] = []
        for seed in 11...13 {
            let run = try TestSupport.runCLI(["run", scenario.path, "--seed", "\(seed)", "--json", "--no-files"])
            let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            let latency = try XCTUnwrap(json["latency_seconds"] as? [String: Any])
            means.append(try XCTUnwrap((latency["ttft"] as? [String: Any])?["mean"] as? Double))
        }
        let row = try XCTUnwrap(try rows(out).first)
        let expected = means.reduce(0, +) / 3
        XCTAssertEqual(try XCTUnwrap(row["latency_seconds.ttft.mean"] as? Double), expected, accuracy: 1e-12 * expected)
    }

    /// --ci-target adds replications until the relative half-width is met (or the cap).
    func testCITargetAddsReplicationsUntilMet() throws {
        let scenario = try write()
        let out = scenario.deletingLastPathComponent().appendingPathComponent("ci")
        let r = try TestSupport.runCLI(["sweep", scenario.path, "--ci-target", "15%", "--ci-metric", "queue_delay_mean",
                                        "--max-replications", "60", "--out", out.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let row = try XCTUnwrap(try rows(out).first)
        let n = try XCTUnwrap(row["replications"] as? Int)
        XCTAssertGreaterThan(n, 2, "one 200-request M/M/1 run is far noisier than ±15%")
        XCTAssertLessThan(n, 60)
        XCTAssertEqual(row["ci_target_met"] as? Bool, true)
        XCTAssertTrue(r.stderr.contains("--ci-target 15% on queue_delay_mean: at least 5, at most 60 replications per point"), r.stderr)
        let mean = try XCTUnwrap(row["latency_seconds.queue_delay.mean"] as? Double)
        let halfWidth = try XCTUnwrap(row["latency_seconds.queue_delay.mean.ci95"] as? Double)
        XCTAssertLessThanOrEqual(halfWidth / mean, 0.15)
    }

    /// A loose target is not met by the first two replications agreeing by chance: the stated
    /// minimum runs first; a minimum below 2 or above the cap is refused.
    func testCITargetRunsTheStatedMinimumFirst() throws {
        let scenario = try write()
        let out = scenario.deletingLastPathComponent().appendingPathComponent("ci-min")
        let r = try TestSupport.runCLI(["sweep", scenario.path, "--ci-target", "90%", "--ci-metric", "queue_delay_mean",
                                        "--min-replications", "4", "--out", out.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try XCTUnwrap(try rows(out).first)["replications"] as? Int, 4)
        let bad = try TestSupport.runCLI(["sweep", scenario.path, "--ci-target", "5%", "--min-replications", "1"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("--min-replications: must be ≥ 2 and ≤ --max-replications (30), got 1"), bad.stderr)
    }

    func testMergeRejectsIncompleteOrForeignSlices() throws {
        let scenario = try write()
        let base = scenario.deletingLastPathComponent()
        func sweep(_ extra: [String], _ name: String) throws -> String {
            let out = base.appendingPathComponent(name).path
            let r = try TestSupport.runCLI(["sweep", scenario.path, "--set", "workload.arrival.rate=20,40,60", "--out", out] + extra)
            XCTAssertEqual(r.status, 0, r.stderr)
            return out
        }
        let a0 = try sweep(["--shard", "0/2"], "a0"), a1 = try sweep(["--shard", "1/2"], "a1")
        let b1 = try sweep(["--shard", "1/2", "--seed", "9"], "b1")
        let out = base.appendingPathComponent("m").path
        var r = try TestSupport.runCLI(["merge", a0, "--out", out])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("error: shard 1/2 missing; a whole sweep needs all 2"), r.stderr)
        r = try TestSupport.runCLI(["merge", a0, a0, "--out", out])
        XCTAssertTrue(r.stderr.contains("shard 0/2 is given twice"), r.stderr)
        r = try TestSupport.runCLI(["merge", a0, b1, "--out", out])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("is a slice of another sweep than '\(a0)': seed from the scenario vs 9"), r.stderr)
        r = try TestSupport.runCLI(["merge", a0, a1, "--out", out])
        XCTAssertEqual(r.status, 0, r.stderr)
    }

    func testBadInputExitsWithStatus2() throws {
        let scenario = try write()
        var r = try TestSupport.runCLI(["sweep", scenario.path, "--set", "cluster.replica=1,2", "--out", "/tmp/unused"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("point 0 (cluster.replica=1) and 1 other point"), r.stderr)
        XCTAssertTrue(r.stderr.contains("cluster.replica: unknown key; did you mean 'replicas'?"), r.stderr)
        r = try TestSupport.runCLI(["sweep", scenario.path, "--shard", "2/2"])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stderr, "error: --shard: '2/2' is not valid; expected i/n with 0 ≤ i < n (e.g. 0/4)\n")
        r = try TestSupport.runCLI(["sweep", scenario.path, "--ci-target", "2%", "--ci-metric", "ttft_p999"])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stderr, "error: --ci-metric: 'ttft_p999' is not a known metric; did you mean 'ttft_p99'?\n")
        r = try TestSupport.runCLI(["sweep", scenario.path, "--ci-target", "two"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("--ci-target: 'two' is not a relative width"), r.stderr)
    }

    /// A deployment that does not fit its GPUs is a row that says so, not a failed sweep.
    func testPointsThatDoNotFitAreReportedInTheirRow() throws {
        let scenario = try write("""
            requests = 5
            model = "llama-2-70b"
            hardware = "a100-80gb"
            [workload]
            arrival = { kind = "poisson", rate = 1.0 }
            prompt_tokens = { kind = "fixed", value = 100 }
            output_tokens = { kind = "fixed", value = 5 }
            """)
        let out = scenario.deletingLastPathComponent().appendingPathComponent("fit")
        let r = try TestSupport.runCLI(["sweep", scenario.path, "--set", "cluster.tp=1,4", "--out", out.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("1 point did not fit"), r.stderr)
        let table = try rows(out)
        XCTAssertTrue((table[0]["status"] as? String)?.hasPrefix("does_not_fit: ") == true, "\(table[0]["status"] ?? "")")
        XCTAssertTrue(table[0]["latency_seconds.ttft.p99"] is NSNull)
        XCTAssertEqual(table[1]["status"] as? String, "ok")
        XCTAssertEqual(table[1]["gpus"] as? Int, 4)
        XCTAssertEqual(Set(table[0].keys), Set(table[1].keys))
    }

    /// A scenario with request classes and tenants sweeps with their columns, numbered in the
    /// scenario's order and named; an element of the classes can be an axis; a point that does
    /// not fit has the same columns, null.
    func testClassesAndTenantsSweepOnOneHeader() throws {
        let scenario = try write("""
            requests = 300
            model = "llama-2-7b"
            hardware = "a100-80gb"
            [workload]
            arrival = { kind = "poisson", rate = 3.0 }
            [[workload.classes]]
            name = "chat"
            share = 0.5
            prompt_tokens = { kind = "fixed", value = 200 }
            output_tokens = { kind = "fixed", value = 20 }
            [[workload.classes]]
            name = "bulk"
            share = 0.5
            prompt_tokens = { kind = "fixed", value = 400 }
            output_tokens = { kind = "fixed", value = 20 }
            [[workload.tenants]]
            name = "only"
            share = 1.0
            tokens_per_second = 100000
            burst_tokens = 100000
            """)
        let out = scenario.deletingLastPathComponent().appendingPathComponent("classes")
        let result = try TestSupport.runCLI([
            "sweep", scenario.path, "--set", "workload.classes[1].batching_window=0ms,40ms",
            "--set", "model=llama-2-7b,llama-2-70b", "--replications", "2", "--out", out.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let rows = try rows(out)
        XCTAssertEqual(rows.count, 4)
        for row in rows {
            XCTAssertEqual(Set(row.keys), Set(rows[0].keys))
        }
        let fits = rows.filter { ($0["model"] as? String) == "llama-2-7b" }
        XCTAssertEqual(fits.map { $0["classes.1.name"] as? String }, ["bulk", "bulk"])
        XCTAssertEqual(fits.map { $0["tenants.0.name"] as? String }, ["only", "only"])
        let bulkTTFT = fits.map { $0["classes.1.ttft.p50"] as! Double }
        XCTAssertGreaterThan(bulkTTFT[1], bulkTTFT[0] + 0.015, "the 40 ms window delays the bulk class")
        XCTAssertNotNil(fits[0]["classes.0.ttft.p50.ci95"] as? Double)
        let tooBig = try XCTUnwrap(rows.first { ($0["status"] as? String)?.hasPrefix("does_not_fit") == true })
        XCTAssertTrue(tooBig["classes.1.ttft.p50"] is NSNull)
    }
}
