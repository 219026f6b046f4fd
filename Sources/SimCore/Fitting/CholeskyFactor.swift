import CGSL

/// The lower-triangular factor L of a symmetric positive-definite matrix C = L·Lᵀ
/// (`gsl_linalg_cholesky_decomp1`), used to whiten residuals whose errors are correlated:
/// with C their covariance, L⁻¹·r has independent unit-variance components, so Σ(L⁻¹r)² is
/// the generalised least-squares χ² = rᵀC⁻¹r.
///
/// ```swift
/// let noise = try CholeskyFactor(covariance: [[4, 1.8], [1.8, 1]])
/// let white = noise.whiten([2, 1])   // L⁻¹ · [2, 1]
/// ```
public struct CholeskyFactor: Equatable, Sendable {
    /// L, row by row (the upper triangle is zero).
    public let lower: [[Double]]

    public var dimension: Int { lower.count }

    /// Factors `covariance`.
    /// - Throws: ``FitError/invalidInput(_:)`` when it is empty, not square, not symmetric or
    ///   not finite; ``FitError/gsl(_:)`` (`GSL_EDOM`) when it is not positive-definite.
    public init(covariance: [[Double]]) throws(FitError) {
        _ = GSLErrorHandling.installed
        let n = covariance.count
        guard n >= 1, covariance.allSatisfy({ $0.count == n }) else {
            throw .invalidInput("a covariance must be a non-empty square matrix, got \(n) rows of \(covariance.map(\.count))")
        }
        guard covariance.allSatisfy({ $0.allSatisfy(\.isFinite) }) else { throw .invalidInput("the covariance must be finite") }
        for i in 0..<n {
            for j in 0..<i where abs(covariance[i][j] - covariance[j][i]) > 1e-12 * max(1, abs(covariance[i][j])) {
                throw .invalidInput("the covariance must be symmetric: [\(i)][\(j)] = \(covariance[i][j]), [\(j)][\(i)] = \(covariance[j][i])")
            }
        }
        guard let matrix = gsl_matrix_alloc(n, n) else { throw .invalidInput("cannot allocate a \(n)×\(n) matrix") }
        defer { gsl_matrix_free(matrix) }
        for i in 0..<n { for j in 0..<n { gsl_matrix_set(matrix, i, j, covariance[i][j]) } }
        try FitError.check(gsl_linalg_cholesky_decomp1(matrix), "gsl_linalg_cholesky_decomp1")
        lower = (0..<n).map { i in (0..<n).map { j in j <= i ? gsl_matrix_get(matrix, i, j) : 0 } }
    }

    /// L⁻¹ · `vector` (forward substitution).
    /// - Precondition: `vector.count == dimension`.
    public func whiten(_ vector: [Double]) -> [Double] {
        precondition(vector.count == dimension, "whiten: \(vector.count) values for a \(dimension)×\(dimension) factor")
        var result = vector
        for i in 0..<dimension {
            var sum = result[i]
            for j in 0..<i { sum -= lower[i][j] * result[j] }
            result[i] = sum / lower[i][i]
        }
        return result
    }
}
