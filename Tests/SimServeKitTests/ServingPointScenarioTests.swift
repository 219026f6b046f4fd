import XCTest
import SimServeKit
import TestSupport

/// The published serving points' scenarios: fit and held-out split, and the workload figures
/// derived from a fit point.
final class ServingPointScenarioTests: XCTestCase {
    static var points: [ServingPoint] {
        get throws { try ServingPoint.read(path: TestSupport.packageRoot.appendingPathComponent("data/serving/points.csv").path) }
    }

    /// ShareGPT's output-length spread is what its fit point's E2E mean over median says:
    /// √(1 + cv²) = (mean E2E − TTFT) / (median E2E − TTFT).
    func testShareGPTOutputSpreadFollowsItsFitPoint() throws {
        let point = try XCTUnwrap(Self.points.first { $0.id == ServingPointScenario.shareGPTShapePoint })
        let ttft = try XCTUnwrap(point.ttftMedianMs)
        let ratio = (try XCTUnwrap(point.e2eMeanMs) - ttft) / (try XCTUnwrap(point.e2eMedianMs) - ttft)
        XCTAssertEqual((ratio * ratio - 1).squareRoot(), ServingPointScenario.shareGPTOutputCV, accuracy: 0.005)
        XCTAssertEqual(point.outputDistribution, "sharegpt")
        XCTAssertEqual(try XCTUnwrap(ServingPointScenario(point)).split, .fit)
    }

    /// The fit points: the two lightest loads of each datacrunch model and the ShareGPT shape
    /// point; everything else is held out.
    func testFitPointsAreFewAndNamed() throws {
        let scenarios = try Self.points.compactMap(ServingPointScenario.init)
        let fit = scenarios.filter { $0.split == .fit }.map(\.point.id).sorted()
        XCTAssertEqual(fit, ["datacrunch_h200-01", "datacrunch_h200-02", "datacrunch_h200-06",
                             "datacrunch_h200-15", "datacrunch_h200-16"])
        XCTAssertGreaterThanOrEqual(scenarios.count - fit.count, 17)
    }
}
