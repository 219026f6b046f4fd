import Foundation
import XCTest
import SimServeKit
import TestSupport

/// A `[sweep]` table in the scenario: the same grid as the `--set` form.
final class SweepTableTests: XCTestCase {
    static let scenario = TestSupport.queueingScenario(
        rate: 50, service: .exponential(meanSeconds: 0.01), requests: 200, seed: 3)

    private func write(_ text: String, _ name: String = "mm1.toml") throws -> URL {
        let url = try TestSupport.temporaryDirectory().appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    func testTableReadsListsRangesAndNestedKeysLikeSet() throws {
        let template = ScenarioTemplate(toml: Self.scenario + """

            [sweep]
            "workload.arrival.rate" = "20:40:10"
            cluster.replicas = [1, 2]
            scheduler = { batching_window = ["0ms", "5ms:10ms:5ms"] }
            seed = 4
            """)
        let parameters = try SweepTable.parameters(of: template, section: "sweep")
        let expected = try ["workload.arrival.rate=20:40:10", "cluster.replicas=1,2", "scheduler.batching_window=0ms,5ms:10ms:5ms", "seed=4"]
            .map(SweepParameter.init(parsing:))
        XCTAssertEqual(parameters, expected)
        // --set replaces an axis with the same key and appends the others.
        let merged = SweepTable.merging(parameters, with: try [SweepParameter(parsing: "cluster.replicas=3"),
                                                               SweepParameter(parsing: "requests=100")])
        XCTAssertEqual(merged.map(\.key), ["workload.arrival.rate", "cluster.replicas", "scheduler.batching_window", "seed", "requests"])
        XCTAssertEqual(merged[1].values, ["3"])
        XCTAssertEqual(try SweepParameter(parsing: "cluster.replicas=2:4").values, ["2", "3", "4"], "integer lo:hi steps by 1")
        // A single run ignores the table.
        XCTAssertNoThrow(try template.load())
    }

    func testBadEntriesAreRejectedWithTheirKeyPath() throws {
        func message(_ table: String) -> String? {
            do {
                _ = try SweepTable.parameters(of: ScenarioTemplate(toml: Self.scenario + "\n[sweep]\n" + table, source: "s.toml"),
                                              section: "sweep")
                return nil
            } catch { return error.description }
        }
        XCTAssertEqual(message("cluster.tp = []"), "s.toml: sweep.cluster.tp: empty; give at least one value")
        XCTAssertEqual(message("\"workload.arrival.rate\" = \"40:20:10\""),
                       "s.toml: sweep.workload.arrival.rate: 'workload.arrival.rate=40:20:10': the end (20) must be ≥ the start (40)")
    }

    /// `sweep` over the table gives the same sweep.csv as over the `--set` options; a `--set`
    /// on top overrides an axis; an unknown key in the table stops the sweep naming the key.
    func testSweepCommandReadsTheTable() throws {
        let plain = try write(Self.scenario, "plain.toml")
        let tabled = try write(Self.scenario + "\n[sweep]\n\"workload.arrival.rate\" = \"20:40:20\"\ncluster.replicas = [1, 2]\n", "tabled.toml")
        let base = plain.deletingLastPathComponent()
        let a = base.appendingPathComponent("a"), b = base.appendingPathComponent("b")
        let viaSet = try TestSupport.runCLI(["sweep", plain.path, "--set", "workload.arrival.rate=20:40:20",
                                             "--set", "cluster.replicas=1,2", "--out", a.path])
        XCTAssertEqual(viaSet.status, 0, viaSet.stderr)
        let viaTable = try TestSupport.runCLI(["sweep", tabled.path, "--out", b.path])
        XCTAssertEqual(viaTable.status, 0, viaTable.stderr)
        let csvA = try String(contentsOf: a.appendingPathComponent("sweep.csv"), encoding: .utf8)
        let csvB = try String(contentsOf: b.appendingPathComponent("sweep.csv"), encoding: .utf8)
        XCTAssertEqual(csvA, csvB)
        XCTAssertEqual(csvA.split(separator: "\n").count, 5)

        let c = base.appendingPathComponent("c")
        let overridden = try TestSupport.runCLI(["sweep", tabled.path, "--set", "cluster.replicas=3", "--out", c.path])
        XCTAssertEqual(overridden.status, 0, overridden.stderr)
        let rows = try String(contentsOf: c.appendingPathComponent("sweep.csv"), encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(rows.count, 3)
        XCTAssertTrue(rows[1].hasPrefix("0,20,3,"), String(rows[1]))

        let typo = try write(Self.scenario + "\n[sweep]\ncluster.replicaz = [1, 2]\n", "typo.toml")
        let bad = try TestSupport.runCLI(["sweep", typo.path, "--out", base.appendingPathComponent("d").path])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("cluster.replicaz: unknown key; did you mean 'replicas'?"), bad.stderr)
        let empty = try write(Self.scenario + "\n[sweep]\ncluster.replicas = []\n", "empty.toml")
        let emptyRun = try TestSupport.runCLI(["sweep", empty.path, "--out", base.appendingPathComponent("e").path])
        XCTAssertEqual(emptyRun.status, 2)
        XCTAssertTrue(emptyRun.stderr.contains("empty.toml: sweep.cluster.replicas: empty"), emptyRun.stderr)
    }
}
