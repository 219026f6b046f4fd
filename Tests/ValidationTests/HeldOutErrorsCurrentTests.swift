import Foundation
import XCTest
import TestSupport
import SimServeKit

/// The held-out table built into the binary (`HeldOutErrors.shipped`, which `simserve run`
/// quotes) is the serving report's own: recomputed from data/serving/points.csv with the
/// presets' figures it is the same, to its four decimals. Slow (every published point is
/// simulated; `make validation-tests`); after a change to the report, rebuild the table with
/// `scripts/held-out-errors.sh`.
final class HeldOutErrorsCurrentTests: XCTestCase {
    func testShippedTableIsTheServingReportsHeldOutPoints() throws {
        let scenarios = try publishedServingScenarios(contextFitted: true)
        let recomputed = ServingValidation.heldOutErrors(ServingValidation.run(scenarios))
        XCTAssertEqual(recomputed.csv, HeldOutErrors.shipped.csv)
    }
}
