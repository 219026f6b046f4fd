import XCTest
import SimCore

/// The small-matrix inverse the fits' normal equations use: exact on a regular matrix that
/// needs pivoting, nil on a singular one.
final class SmallMatrixTests: XCTestCase {
    func testInverseSolvesARegularSystem() throws {
        let a: [[Double]] = [[0, 2, 1], [1, 1, 0], [3, 0, 1]]
        let x = SmallMatrix.product(try XCTUnwrap(SmallMatrix.inverse(a)), [5, 3, 4])
        XCTAssertEqual(x[0], 1, accuracy: 1e-12)
        XCTAssertEqual(x[1], 2, accuracy: 1e-12)
        XCTAssertEqual(x[2], 1, accuracy: 1e-12)
        let identity = try XCTUnwrap(SmallMatrix.inverse([[4, 0], [0, 0.5]]))
        XCTAssertEqual(identity, [[0.25, 0], [0, 2]])
    }

    func testSingularHasNoInverse() {
        XCTAssertNil(SmallMatrix.inverse([[1, 2], [2, 4]]))
        XCTAssertNil(SmallMatrix.inverse([[0, 0], [0, 0]]))
    }
}
