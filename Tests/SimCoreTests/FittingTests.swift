import Foundation
import XCTest
@testable import SimCore

/// Fits of synthetic data drawn from known parameters plus seeded noise must recover the
/// parameters within their reported uncertainty: |p̂ − p| < 3σ̂ for every parameter, at
/// every seed (a failure names its seed).
final class FittingTests: XCTestCase {
    let seeds: [UInt64] = Array(1...12)

    func testLinearFitRecoversLineWithinThreeSigma() throws {
        let (intercept, slope, sigma) = (2.0, 0.5, 0.3)
        let x = (0..<40).map { Double($0) * 0.25 }
        for seed in seeds {
            let noise = RandomStream(seed: seed, name: "fit.linear")
            let y = x.map { intercept + slope * $0 + noise.gaussian(mean: 0, sigma: sigma) }
            let fit = try LinearFit(x: x, y: y)
            XCTAssertLessThan(abs(fit.slope - slope), 3 * fit.slopeStandardError, "seed \(seed)")
            XCTAssertLessThan(abs(fit.intercept - intercept), 3 * fit.interceptStandardError, "seed \(seed)")
            XCTAssertGreaterThan(fit.rSquared, 0.9, "seed \(seed)")
            XCTAssertEqual(fit.degreesOfFreedom, 38)
        }
    }

    /// With wᵢ = 1/σᵢ² and known σᵢ, GSL's unscaled covariance is the right one.
    func testWeightedLinearFitUsesTheWeights() throws {
        let x = (1...30).map(Double.init)
        let sigmas = x.map { 0.05 * $0 }   // error growing with x, as timing noise does
        for seed in seeds {
            let noise = RandomStream(seed: seed, name: "fit.wlinear")
            let y = zip(x, sigmas).map { 1.0 + 3.0 * $0 + noise.gaussian(mean: 0, sigma: $1) }
            let fit = try LinearFit(x: x, y: y, weights: sigmas.map { 1 / ($0 * $0) })
            XCTAssertLessThan(abs(fit.slope - 3), 3 * fit.slopeStandardError, "seed \(seed)")
            XCTAssertLessThan(abs(fit.intercept - 1), 3 * fit.interceptStandardError, "seed \(seed)")
        }
    }

    /// GSL's own example model, y = A·exp(−λt) + b (manual, "Exponential Fitting Example").
    func testNonlinearFitRecoversExponentialWithinThreeSigma() throws {
        let truth = [5.0, 1.5, 1.0]
        let t = (0..<60).map { 3.0 * Double($0) / 59 }
        func model(_ p: [Double]) -> [Double] { t.map { p[0] * exp(-p[1] * $0) + p[2] } }
        for seed in seeds {
            let noise = RandomStream(seed: seed, name: "fit.exponential")
            let y = model(truth).map { $0 + noise.gaussian(mean: 0, sigma: 0.1) }
            let fit = try NonlinearLeastSquares().fit(observations: y, initial: [1, 1, 0], model: model)
            for i in 0..<3 {
                XCTAssertLessThan(abs(fit.parameters[i] - truth[i]), 3 * fit.standardErrors[i],
                                  "seed \(seed), parameter \(i): \(fit.parameters[i]) ± \(fit.standardErrors[i])")
            }
            XCTAssertEqual(fit.degreesOfFreedom, 57)
            XCTAssertGreaterThan(fit.iterations, 0)
            XCTAssertGreaterThan(try XCTUnwrap(fit.rSquared), 0.99, "seed \(seed)")
            // χ²/dof estimates the noise variance 0.1².
            XCTAssertEqual(fit.chiSquared / Double(fit.degreesOfFreedom), 0.01, accuracy: 0.005, "seed \(seed)")
        }
    }

    /// A roofline of the cost model's shape, fitted on relative error (weights 1/y²), as the
    /// calibrator fits kernel timings. Small shapes (n = 256), where the fixed time is a large
    /// share, are what make the launch term identifiable, as in the calibrator's shape set.
    func testNonlinearFitRecoversRooflineOnRelativeError() throws {
        let truth = [20.0, 0.8, 0.6]   // launch µs, η_c, η_m
        let sizes = [1.0, 4, 16, 64, 256, 1024]
        func model(_ p: [Double]) -> [Double] {
            sizes.flatMap { m in [256.0, 1024, 4096].map { n in
                let compute = 2 * m * n * n / (100e9 * p[1]), memory = 4 * n * n / (20e9 * p[2])
                return p[0] * 1e-6 + max(compute, memory)
            } }
        }
        for seed in seeds {
            let noise = RandomStream(seed: seed, name: "fit.roofline")
            let y = model(truth).map { $0 * (1 + noise.gaussian(mean: 0, sigma: 0.02)) }
            let fit = try NonlinearLeastSquares().fit(observations: y, weights: y.map { 1 / ($0 * $0) },
                                                      initial: [5, 0.5, 0.5], model: model)
            for i in 0..<3 {
                XCTAssertLessThan(abs(fit.parameters[i] - truth[i]), 3 * fit.standardErrors[i],
                                  "seed \(seed), parameter \(i): \(fit.parameters[i]) ± \(fit.standardErrors[i])")
            }
        }
    }

    func testBadInputIsReportedNotCrashed() {
        XCTAssertThrowsError(try LinearFit(x: [1, 2], y: [1, 2])) { error in
            guard case FitError.invalidInput? = error as? FitError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try LinearFit(x: [1, 1, 1], y: [1, 2, 3])) { error in
            guard case FitError.gsl? = error as? FitError else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try NonlinearLeastSquares().fit(initial: [1, 2], residualCount: 2) { _, _ in }) { error in
            guard case FitError.invalidInput? = error as? FitError else { return XCTFail("\(error)") }
        }
        // A residual that turns non-finite comes back as GSL_EBADFUNC.
        XCTAssertThrowsError(try NonlinearLeastSquares().fit(initial: [1], residualCount: 3) { p, r in
            for i in r.indices { r[i] = log(p[0] - 2) }
        }) { error in
            guard case FitError.gsl(let gsl)? = error as? FitError else { return XCTFail("\(error)") }
            XCTAssertTrue(gsl.description.contains("gsl_multifit_nlinear"), gsl.description)
        }
    }
}
