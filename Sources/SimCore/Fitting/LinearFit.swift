import CGSL

/// A straight line y = intercept + slope · x fitted by least squares, with the covariance of
/// its two parameters — `gsl_fit_linear` (unweighted) or `gsl_fit_wlinear` (weighted).
///
/// ```swift
/// let fit = try LinearFit(x: [1, 2, 3, 4], y: [2.1, 3.9, 6.2, 7.8])
/// print(fit.slope, "±", fit.slopeStandardError)
/// ```
///
/// Unweighted, GSL estimates the variance of the errors from the residuals (sum of squares
/// / (n − 2)) and scales the covariance by it (GSL manual, §"Linear regression"). Weighted
/// with wᵢ = 1/σᵢ², the covariance comes from the weights alone; when the σᵢ are only
/// relative, pass `scaleByResidualVariance: true` to scale it by χ²/(n − 2) as well.
public struct LinearFit: Equatable, Sendable {
    /// c₁ of y = c₀ + c₁x.
    public var slope: Double
    /// c₀ of y = c₀ + c₁x.
    public var intercept: Double
    /// Var(c₀), Cov(c₀, c₁), Var(c₁).
    public var interceptVariance: Double, covariance: Double, slopeVariance: Double
    /// Σ wᵢ (yᵢ − c₀ − c₁xᵢ)² (wᵢ = 1 unweighted): GSL's `sumsq` or `chisq`.
    public var residualSumOfSquares: Double
    /// 1 − residual / total (weighted) sum of squares about the (weighted) mean of y.
    public var rSquared: Double
    /// Number of points.
    public var count: Int

    /// Degrees of freedom left for the error estimate, n − 2.
    public var degreesOfFreedom: Int { count - 2 }
    public var slopeStandardError: Double { slopeVariance.squareRoot() }
    public var interceptStandardError: Double { interceptVariance.squareRoot() }

    /// The fitted line at `x`.
    public func predict(_ x: Double) -> Double { intercept + slope * x }

    /// Fits `y` against `x`, weighting point i by `weights[i]` (1/σᵢ²) when given.
    /// - Throws: ``FitError/invalidInput(_:)`` for fewer than 3 points, different lengths,
    ///   non-finite values or negative weights; ``FitError/gsl(_:)`` when GSL fails
    ///   (e.g. `GSL_EDOM` when every x is equal).
    /// - Complexity: O(n).
    public init(x: [Double], y: [Double], weights: [Double]? = nil,
                scaleByResidualVariance: Bool = false) throws(FitError) {
        _ = GSLErrorHandling.installed
        let n = x.count
        guard n == y.count, weights.map({ $0.count == n }) ?? true else {
            throw .invalidInput("x has \(n) values, y \(y.count)" + (weights.map { ", weights \($0.count)" } ?? ""))
        }
        guard n >= 3 else { throw .invalidInput("a line with an error estimate needs ≥ 3 points, got \(n)") }
        guard x.allSatisfy(\.isFinite), y.allSatisfy(\.isFinite) else {
            throw .invalidInput("x and y must be finite")
        }
        if let weights, !weights.allSatisfy({ $0 >= 0 && $0.isFinite }) {
            throw .invalidInput("weights must be finite and ≥ 0")
        }
        var c0 = 0.0, c1 = 0.0, cov00 = 0.0, cov01 = 0.0, cov11 = 0.0, sumsq = 0.0
        let status: Int32
        if let weights {
            status = gsl_fit_wlinear(x, 1, weights, 1, y, 1, n, &c0, &c1, &cov00, &cov01, &cov11, &sumsq)
        } else {
            status = gsl_fit_linear(x, 1, y, 1, n, &c0, &c1, &cov00, &cov01, &cov11, &sumsq)
        }
        try FitError.check(status, weights == nil ? "gsl_fit_linear" : "gsl_fit_wlinear")
        guard cov00.isFinite, cov11.isFinite, c1.isFinite else {
            throw .gsl(GSLError(status: Int32(GSL_EDOM), operation: "gsl_fit_linear (x values all equal?)"))
        }
        if weights != nil, scaleByResidualVariance {
            let scale = sumsq / Double(n - 2)
            cov00 *= scale; cov01 *= scale; cov11 *= scale
        }
        let w = weights ?? Array(repeating: 1, count: n)
        let totalWeight = w.reduce(0, +)
        let mean = zip(w, y).reduce(0) { $0 + $1.0 * $1.1 } / totalWeight
        let total = zip(w, y).reduce(0) { $0 + $1.0 * ($1.1 - mean) * ($1.1 - mean) }
        self.slope = c1
        self.intercept = c0
        self.interceptVariance = cov00
        self.covariance = cov01
        self.slopeVariance = cov11
        self.residualSumOfSquares = sumsq
        self.rSquared = total > 0 ? 1 - sumsq / total : 1
        self.count = n
    }
}
