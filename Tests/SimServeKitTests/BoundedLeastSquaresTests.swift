import XCTest
@testable import SimServeKit

/// The bounded least squares that fits an engine's prefill host time per layer and per
/// iteration (and, where the engine carries it, the time to add each arriving request): it
/// recovers known values from residuals shaped as the TTFTs are (time = layers × a +
/// iterations × b + requests × c + the rest), with standard errors that hold the truth, and
/// stays inside its ranges.
final class BoundedLeastSquaresTests: XCTestCase {
    /// Points as the fit sees them: layers, prefill iterations before the first token, the
    /// rest of the time (µs).
    static let points: [(layers: Double, iterations: Double, rest: Double)] = [
        (32, 1, 40_000), (32, 5, 250_000), (80, 1, 90_000), (80, 3, 1_200_000),
        (126, 1, 210_000), (36, 1, 25_000), (32, 2, 120_000), (80, 5, 1_900_000),
    ]

    static func residuals(truth: (Double, Double), noise: [Double]) -> (Double, Double) -> [Double] {
        let measured = points.enumerated().map { i, p in
            (p.rest + p.layers * p.iterations * truth.0 + p.iterations * truth.1) * (1 + noise[i])
        }
        return { a, b in
            points.enumerated().map { i, p in (p.rest + p.layers * p.iterations * a + p.iterations * b - measured[i]) / measured[i] }
        }
    }

    func testRecoversExactValuesWithoutNoise() {
        let f = Self.residuals(truth: (150, 9_000), noise: Array(repeating: 0, count: Self.points.count))
        let fit = BoundedLeastSquares.minimise(ranges: (0...2000, 0...50_000), steps: (20, 500), residuals: f)
        XCTAssertEqual(fit.values.0, 150, accuracy: 1)
        XCTAssertEqual(fit.values.1, 9_000, accuracy: 50)
        XCTAssertLessThan(fit.sumOfSquares, 1e-8)
    }

    func testStandardErrorsHoldTheTruthUnderNoise() {
        let noise = [0.03, -0.02, 0.01, -0.04, 0.02, -0.01, 0.04, -0.03]
        let fit = BoundedLeastSquares.minimise(ranges: (0...2000, 0...50_000), steps: (20, 500),
                                               residuals: Self.residuals(truth: (150, 9_000), noise: noise))
        XCTAssertTrue(fit.standardErrors.0.isFinite && fit.standardErrors.0 > 0)
        XCTAssertTrue(fit.standardErrors.1.isFinite && fit.standardErrors.1 > 0)
        XCTAssertLessThan(abs(fit.values.0 - 150), 3 * fit.standardErrors.0)
        XCTAssertLessThan(abs(fit.values.1 - 9_000), 3 * fit.standardErrors.1)
    }

    /// A truth outside a range ends on its bound, never past it.
    func testStaysInsideItsRanges() {
        let f = Self.residuals(truth: (-100, 20_000), noise: Array(repeating: 0, count: Self.points.count))
        let fit = BoundedLeastSquares.minimise(ranges: (0...2000, 0...50_000), steps: (20, 500), residuals: f)
        XCTAssertEqual(fit.values.0, 0)
        XCTAssertGreaterThan(fit.values.1, 0)
        XCTAssertLessThanOrEqual(fit.values.1, 50_000)
    }

    /// Three parameters, the third (a time per request taken in) told apart by points that
    /// send different numbers of requests at once.
    func testRecoversThreeValues() {
        let requests: [Double] = [1, 10, 1, 80, 1, 10, 80, 80]
        let truth = [450.0, 3_000, 2_000]
        func time(_ i: Int, _ x: [Double]) -> Double {
            let p = Self.points[i]
            return p.rest + p.layers * p.iterations * x[0] + p.iterations * x[1] + requests[i] * x[2]
        }
        let measured = Self.points.indices.map { time($0, truth) }
        let fit = BoundedLeastSquares.minimise(ranges: [0...2000, 0...50_000, 0...10_000], steps: [10, 100, 50]) { x in
            Self.points.indices.map { (time($0, x) - measured[$0]) / measured[$0] }
        }
        XCTAssertEqual(fit.values[0], 450, accuracy: 10)
        XCTAssertEqual(fit.values[1], 3_000, accuracy: 300)
        XCTAssertEqual(fit.values[2], 2_000, accuracy: 50)
        XCTAssertLessThan(fit.sumOfSquares, 1e-4)
    }
}
