import CGSL

/// Nonlinear least squares: finds parameters p minimising Σ rᵢ(p)² for residuals given by a
/// Swift closure — GSL's trust-region driver `gsl_multifit_nlinear_driver` with the
/// Levenberg–Marquardt step (`gsl_multifit_nlinear_trust`, default parameters, Moré scaling,
/// Jacobian by forward differences).
///
/// ```swift
/// // y = A·exp(−λt) + b
/// let fit = try NonlinearLeastSquares().fit(observations: y, initial: [1, 1, 0]) { p in
///     t.map { p[0] * exp(-p[1] * $0) + p[2] }
/// }
/// print(fit.parameters, fit.standardErrors)
/// ```
///
/// Standard errors are √diag(C) · √(χ²/dof) with C = (JᵀJ)⁻¹ at the solution
/// (`gsl_multifit_nlinear_covar`): the covariance scaled by the residual variance, so they
/// hold when the residuals' scale is unknown (GSL manual, §"Nonlinear Least-Squares
/// Fitting", example "Exponential Fitting Example").
public struct NonlinearLeastSquares: Sendable {
    /// Iteration limit of the driver.
    public var maxIterations: Int = 200
    /// Stop when every step δᵢ ≤ xtol · (|xᵢ| + xtol).
    public var stepTolerance: Double = 1e-10
    /// Stop when the scaled gradient is below this.
    public var gradientTolerance: Double = 1e-10
    /// Stop when the relative change of the residual norm is below this (0: off).
    public var residualTolerance: Double = 0

    public init() {}

    /// Fits `model(p)` to `observations` (residuals √wᵢ (model(p)ᵢ − yᵢ)); R² is computed
    /// against the (weighted) mean of the observations.
    /// - Parameters:
    ///   - weights: wᵢ ≥ 0 per observation (e.g. 1/yᵢ² for relative error); 1 when nil.
    ///   - model: predictions for all observations at parameters p, in their order.
    /// - Throws: ``FitError``.
    /// - Complexity: O(iterations · (p + 1) · cost of `model`).
    public func fit(observations y: [Double], weights: [Double]? = nil, initial: [Double],
                    model: ([Double]) -> [Double]) throws(FitError) -> NonlinearFit {
        let w = weights ?? Array(repeating: 1, count: y.count)
        guard w.count == y.count else { throw .invalidInput("\(y.count) observations, \(w.count) weights") }
        guard w.allSatisfy({ $0 >= 0 && $0.isFinite }), y.allSatisfy(\.isFinite) else {
            throw .invalidInput("observations and weights must be finite, weights ≥ 0")
        }
        let roots = w.map { $0.squareRoot() }
        var result = try fit(initial: initial, residualCount: y.count) { p, r in
            let predicted = model(p)
            for i in r.indices { r[i] = roots[i] * (predicted[i] - y[i]) }
        }
        let totalWeight = w.reduce(0, +)
        let mean = zip(w, y).reduce(0) { $0 + $1.0 * $1.1 } / totalWeight
        let total = zip(w, y).reduce(0) { $0 + $1.0 * ($1.1 - mean) * ($1.1 - mean) }
        result.rSquared = total > 0 ? 1 - result.chiSquared / total : nil
        return result
    }

    /// Fits parameters so that `residuals` is as small as possible in the least-squares sense.
    /// - Parameters:
    ///   - initial: the starting point; its length is the number of parameters p.
    ///   - residualCount: n, the number of residuals (n > p).
    ///   - residuals: writes the n residuals at parameters p into the given array (already
    ///     of length n).
    /// - Throws: ``FitError/invalidInput(_:)`` for n ≤ p or a non-finite start;
    ///   ``FitError/gsl(_:)`` when GSL fails (`GSL_EBADFUNC` when `residuals` produces a
    ///   non-finite value); ``FitError/didNotConverge(iterations:)``.
    public func fit(initial: [Double], residualCount n: Int,
                    residuals: ([Double], inout [Double]) -> Void) throws(FitError) -> NonlinearFit {
        _ = GSLErrorHandling.installed
        let p = initial.count
        guard p >= 1, n > p else { throw .invalidInput("need more residuals (\(n)) than parameters (\(p))") }
        guard initial.allSatisfy(\.isFinite) else { throw .invalidInput("the initial parameters must be finite") }
        var parameters: [Double] = []
        var covariance: [Double] = []
        var finalResiduals: [Double] = []
        var iterations = 0
        var status: Int32 = 0
        var failedOperation = ""
        withoutActuallyEscaping(residuals) { residuals in
            let context = ResidualContext(residuals, n: n, p: p)
            var settings = gsl_multifit_nlinear_default_parameters()
            guard let work = gsl_multifit_nlinear_alloc(simserve_gsl_multifit_nlinear_trust(), &settings, n, p),
                  let x = gsl_vector_alloc(p), let covar = gsl_matrix_alloc(p, p) else {
                preconditionFailure("gsl_multifit_nlinear_alloc(n: \(n), p: \(p)) returned NULL: out of memory")
            }
            defer { gsl_multifit_nlinear_free(work); gsl_vector_free(x); gsl_matrix_free(covar) }
            for i in 0..<p { gsl_vector_set(x, i, initial[i]) }
            var fdf = gsl_multifit_nlinear_fdf()
            fdf.f = residualCallback
            fdf.n = n
            fdf.p = p
            fdf.params = Unmanaged.passUnretained(context).toOpaque()
            status = withExtendedLifetime(context) { gsl_multifit_nlinear_init(x, &fdf, work) }
            guard status == GSL_SUCCESS else { failedOperation = "gsl_multifit_nlinear_init"; return }
            var info: Int32 = 0
            status = withExtendedLifetime(context) {
                gsl_multifit_nlinear_driver(maxIterations, stepTolerance, gradientTolerance, residualTolerance,
                                            nil, nil, &info, work)
            }
            iterations = Int(gsl_multifit_nlinear_niter(work))
            guard status == GSL_SUCCESS else { failedOperation = "gsl_multifit_nlinear_driver"; return }
            status = gsl_multifit_nlinear_covar(gsl_multifit_nlinear_jac(work), 0, covar)
            guard status == GSL_SUCCESS else { failedOperation = "gsl_multifit_nlinear_covar"; return }
            let position = gsl_multifit_nlinear_position(work)
            parameters = (0..<p).map { gsl_vector_get(position, $0) }
            covariance = (0..<(p * p)).map { gsl_matrix_get(covar, $0 / p, $0 % p) }
            let f = gsl_multifit_nlinear_residual(work)
            finalResiduals = (0..<n).map { gsl_vector_get(f, $0) }
        }
        if status == FitError.maximumIterationsStatus { throw .didNotConverge(iterations: iterations) }
        try FitError.check(status, failedOperation)
        let chiSquared = finalResiduals.reduce(0) { $0 + $1 * $1 }
        let dof = n - p
        let scale = chiSquared / Double(dof)
        let errors = (0..<p).map { (covariance[$0 * p + $0] * scale).squareRoot() }
        return NonlinearFit(parameters: parameters, standardErrors: errors, covariance: covariance,
                            chiSquared: chiSquared, degreesOfFreedom: dof, rSquared: nil,
                            iterations: iterations, residuals: finalResiduals)
    }
}

/// The result of ``NonlinearLeastSquares``.
public struct NonlinearFit: Equatable, Sendable {
    /// p̂, in the order of the initial guess.
    public var parameters: [Double]
    /// σ̂ᵢ = √(Cᵢᵢ · χ²/dof).
    public var standardErrors: [Double]
    /// (JᵀJ)⁻¹ at p̂, row-major p × p, not scaled by χ²/dof.
    public var covariance: [Double]
    /// Σ rᵢ² at p̂.
    public var chiSquared: Double
    /// n − p.
    public var degreesOfFreedom: Int
    /// 1 − χ² / total sum of squares; nil when fitted from bare residuals (no observations).
    public var rSquared: Double?
    /// Iterations the driver took.
    public var iterations: Int
    /// The residuals at p̂.
    public var residuals: [Double]
}

/// Carries the Swift residual closure through GSL's `void *params`.
private final class ResidualContext {
    let residuals: ([Double], inout [Double]) -> Void
    var parameters: [Double]
    var values: [Double]

    init(_ residuals: @escaping ([Double], inout [Double]) -> Void, n: Int, p: Int) {
        self.residuals = residuals
        self.parameters = Array(repeating: 0, count: p)
        self.values = Array(repeating: 0, count: n)
    }
}

/// `f` of `gsl_multifit_nlinear_fdf`: evaluates the closure at x into f.
private func residualCallback(_ x: UnsafePointer<gsl_vector>?, _ params: UnsafeMutableRawPointer?,
                              _ f: UnsafeMutablePointer<gsl_vector>?) -> Int32 {
    guard let x, let params, let f else { return Int32(GSL_EFAULT) }
    let context = Unmanaged<ResidualContext>.fromOpaque(params).takeUnretainedValue()
    for i in context.parameters.indices { context.parameters[i] = gsl_vector_get(x, i) }
    context.residuals(context.parameters, &context.values)
    for (i, value) in context.values.enumerated() {
        guard value.isFinite else { return Int32(GSL_EBADFUNC) }
        gsl_vector_set(f, i, value)
    }
    return Int32(GSL_SUCCESS)
}
