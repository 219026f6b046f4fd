import XCTest
import SimCore

final class CholeskyFactorTests: XCTestCase {
    /// L·Lᵀ gives back the covariance, and whitening makes rᵀC⁻¹r a plain sum of squares.
    func testFactorsAndWhitens() throws {
        let covariance: [[Double]] = [[4, 1.8], [1.8, 1]]
        let factor = try CholeskyFactor(covariance: covariance)
        for i in 0..<2 {
            for j in 0..<2 {
                let product = (0..<2).reduce(0) { $0 + factor.lower[i][$1] * factor.lower[j][$1] }
                XCTAssertEqual(product, covariance[i][j], accuracy: 1e-12)
            }
        }
        XCTAssertEqual(factor.lower[0][1], 0)
        let r = [2.0, 1.0]
        // C⁻¹ = [[1, -1.8], [-1.8, 4]] / 0.76
        let direct = (r[0] * r[0] - 3.6 * r[0] * r[1] + 4 * r[1] * r[1]) / 0.76
        XCTAssertEqual(factor.whiten(r).reduce(0) { $0 + $1 * $1 }, direct, accuracy: 1e-12)
    }

    func testRefusesMatricesThatAreNoCovariance() {
        XCTAssertThrowsError(try CholeskyFactor(covariance: [[1, 2], [2, 1]])) { error in   // not positive-definite
            guard case FitError.gsl = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try CholeskyFactor(covariance: [[1, 0.5], [0.4, 1]])) { error in
            XCTAssertTrue("\(error)".contains("symmetric"), "\(error)")
        }
        XCTAssertThrowsError(try CholeskyFactor(covariance: [[1, 0]]))
        XCTAssertThrowsError(try CholeskyFactor(covariance: []))
        XCTAssertThrowsError(try CholeskyFactor(covariance: [[.nan]]))
    }
}
