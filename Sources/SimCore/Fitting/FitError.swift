import CGSL

/// Why a least-squares fit could not be made.
///
/// Bad input (too few points, mismatched lengths, non-finite values) is caught before GSL is
/// called; what GSL itself reports comes back as ``gsl(_:)`` with its status code.
public enum FitError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The data cannot be fitted as given: `reason` says why.
    case invalidInput(String)
    /// GSL returned a failure status (`GSL_EDOM`, `GSL_ENOMEM`, `GSL_ENOPROG`, ...).
    case gsl(GSLError)
    /// The trust-region driver stopped at its iteration limit without meeting a tolerance.
    case didNotConverge(iterations: Int)

    public var description: String {
        switch self {
        case .invalidInput(let reason): return "cannot fit: \(reason)"
        case .gsl(let error): return error.description
        case .didNotConverge(let iterations):
            return "the nonlinear fit did not converge in \(iterations) iterations"
        }
    }

    /// Throws ``gsl(_:)`` when `status` is not `GSL_SUCCESS`.
    static func check(_ status: Int32, _ operation: @autoclosure () -> String) throws(FitError) {
        if status != GSL_SUCCESS { throw .gsl(GSLError(status: status, operation: operation())) }
    }

    /// GSL's status for "iteration limit reached" (`GSL_EMAXITER`).
    static let maximumIterationsStatus = Int32(GSL_EMAXITER)
}
