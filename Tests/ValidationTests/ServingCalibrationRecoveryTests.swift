import XCTest
import TestSupport

/// `calibrate --from-serving` recovers known engine terms at the calibration's default scale
/// (three replications per evaluation, 100 requests per stage, stages with their own sampling
/// noise; minutes in a debug build: `make validation`, not `make test`). The fast suite runs
/// the same check at 40 requests, one replication, no noise
/// (`ServingCalibrationTests.testRecoversKnownEngineTermsAtSmallScale`).
final class ServingCalibrationRecoveryTests: XCTestCase {
    func testRecoversKnownEngineTermsWithinTheReportedUncertainty() throws {
        XCTAssertEqual(try ServingRecoveryCheck.failures(replications: 3), [])
    }
}
