import Foundation
import SimServeKit
import TestSupport
import XCTest

/// CI's slice of the fuzzer (issue 13): 600 seeded cases of mutated scenarios, overrides and
/// traces, every 40th through the real executable. Every case must exit 0, 2 or 3 (no trap,
/// no hang past 30 s) and every successful run keep its conservation invariants. The 2,000-case
/// slice runs in ValidationTests (`make validation`); locally, `simserve fuzz --cases 100000`
/// runs a large budget.
final class FuzzSliceTests: XCTestCase {
    func testSeededSliceKeepsEveryProperty() throws {
        var fuzzer = try ScenarioFuzzer(scenarioDirectory: TestSupport.packageRoot.appendingPathComponent("Scenarios").path, seed: 13)
        fuzzer.limits.requests = 1_000
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = fuzzer.run(count: 600, spawnEvery: 40, executable: TestSupport.executable,
                                jobs: ParallelMap.availableCores, directory: directory.path, timeoutSeconds: 30)
        print("fuzz slice: \(report)")
        XCTAssertEqual(report.cases, 600)
        XCTAssertEqual(report.spawned, 15)
        XCTAssertTrue(report.failures.isEmpty, report.description)
        // The slice reaches the simulation often, not only the validators.
        XCTAssertGreaterThan(report.byStatus[0, default: 0], 90, report.description)
    }

    /// Cases are a function of (seed, index): the same index gives the same case.
    func testCasesAreReproducibleFromTheirIndex() throws {
        let fuzzer = try ScenarioFuzzer(scenarioDirectory: TestSupport.packageRoot.appendingPathComponent("Scenarios").path, seed: 13)
        XCTAssertEqual(fuzzer.makeCase(1234).description, fuzzer.makeCase(1234).description)
        XCTAssertNotEqual(fuzzer.makeCase(1234).description, fuzzer.makeCase(1235).description)
    }
}
