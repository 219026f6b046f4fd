import CGSL

/// A failure reported by GSL, with its status code and the operation that failed.
public struct GSLError: Error, Equatable, Sendable, CustomStringConvertible {
    /// GSL's status code (`GSL_EDOM`, `GSL_ENOMEM`, ...).
    public var status: Int32
    /// What simserve asked GSL to do.
    public var operation: String

    public init(status: Int32, operation: String) {
        self.status = status
        self.operation = operation
    }

    public var description: String {
        let reason = String(cString: gsl_strerror(status))
        return "GSL failed in \(operation): \(reason) (status \(status))"
    }

    /// Throws when `status` is not `GSL_SUCCESS`.
    static func check(_ status: Int32, _ operation: @autoclosure () -> String) throws(GSLError) {
        if status != GSL_SUCCESS { throw GSLError(status: status, operation: operation()) }
    }
}

/// Replaces GSL's default error handler (which aborts the process) exactly once, so that GSL
/// failures come back as status codes and then as `GSLError`s.
enum GSLErrorHandling {
    static let installed: Bool = {
        gsl_set_error_handler_off()
        return true
    }()
}
