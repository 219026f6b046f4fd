import Foundation
import SimServeKit
import TestSupport
import XCTest

/// The fuzzer's 2,000-case slice (issue 13; about half a minute in a debug build): every 40th
/// case through the real executable; every case exits 0, 2 or 3 and every successful run keeps
/// its conservation invariants. The fast suite runs the first 600 cases of the same seed
/// (`FuzzSliceTests`).
final class FuzzSliceValidationTests: XCTestCase {
    func testTwoThousandCaseSliceKeepsEveryProperty() throws {
        var fuzzer = try ScenarioFuzzer(scenarioDirectory: TestSupport.packageRoot.appendingPathComponent("Scenarios").path, seed: 13)
        fuzzer.limits.requests = 1_000
        let directory = try TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = fuzzer.run(count: 2_000, spawnEvery: 40, executable: TestSupport.executable,
                                jobs: ParallelMap.availableCores, directory: directory.path, timeoutSeconds: 30)
        print("fuzz slice: \(report)")
        XCTAssertEqual(report.cases, 2_000)
        XCTAssertEqual(report.spawned, 50)
        XCTAssertTrue(report.failures.isEmpty, report.description)
        XCTAssertGreaterThan(report.byStatus[0, default: 0], 300, report.description)
    }
}
