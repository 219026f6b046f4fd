import CGSL

/// Derivative-free minimisation of a Swift closure: GSL's Nelder–Mead simplex
/// (`gsl_multimin_fminimizer_nmsimplex2`). For objectives that are not smooth enough for a
/// Jacobian by finite differences — a discrete-event simulation's output moves in steps.
///
/// ```swift
/// let best = try SimplexMinimizer().minimize(initial: [1, 1], steps: [0.5, 0.5]) { p in
///     (p[0] - 3) * (p[0] - 3) + (p[1] + 1) * (p[1] + 1)
/// }   // ≈ [3, −1]
/// ```
public struct SimplexMinimizer: Sendable {
    /// Iteration limit.
    public var maxIterations: Int = 400
    /// Stop when the simplex's characteristic size falls below this.
    public var sizeTolerance: Double = 1e-4

    public init() {}

    /// The result: the best point, its value, the iterations taken.
    public struct Minimum: Equatable, Sendable {
        public var parameters: [Double]
        public var value: Double
        public var iterations: Int
    }

    /// Minimises `objective` from `initial` with initial simplex steps `steps`.
    /// - Throws: ``FitError/invalidInput(_:)`` for mismatched or non-finite input.
    public func minimize(initial: [Double], steps: [Double], objective: ([Double]) -> Double) throws(FitError) -> Minimum {
        _ = GSLErrorHandling.installed
        let n = initial.count
        guard n >= 1, steps.count == n else { throw .invalidInput("\(n) parameters, \(steps.count) steps") }
        guard initial.allSatisfy(\.isFinite), steps.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw .invalidInput("the initial point must be finite and the steps finite and > 0")
        }
        var result = Minimum(parameters: initial, value: .infinity, iterations: 0)
        withoutActuallyEscaping(objective) { objective in
            let context = ObjectiveContext(objective, n: n)
            guard let state = gsl_multimin_fminimizer_alloc(simserve_gsl_multimin_fminimizer_nmsimplex2(), n),
                  let x = gsl_vector_alloc(n), let ss = gsl_vector_alloc(n) else {
                preconditionFailure("gsl_multimin_fminimizer_alloc(\(n)) returned NULL: out of memory")
            }
            defer { gsl_multimin_fminimizer_free(state); gsl_vector_free(x); gsl_vector_free(ss) }
            for i in 0..<n { gsl_vector_set(x, i, initial[i]); gsl_vector_set(ss, i, steps[i]) }
            var function = gsl_multimin_function()
            function.f = objectiveCallback
            function.n = n
            function.params = Unmanaged.passUnretained(context).toOpaque()
            withExtendedLifetime(context) {
                gsl_multimin_fminimizer_set(state, &function, x, ss)
                var iteration = 0
                while iteration < maxIterations {
                    iteration += 1
                    if gsl_multimin_fminimizer_iterate(state) != GSL_SUCCESS { break }
                    if gsl_multimin_test_size(gsl_multimin_fminimizer_size(state), sizeTolerance) == GSL_SUCCESS { break }
                }
                let best = gsl_multimin_fminimizer_x(state)
                result = Minimum(parameters: (0..<n).map { gsl_vector_get(best, $0) },
                                 value: gsl_multimin_fminimizer_minimum(state), iterations: iteration)
            }
        }
        return result
    }
}

/// Carries the Swift objective through GSL's `void *params`.
private final class ObjectiveContext {
    let objective: ([Double]) -> Double
    var parameters: [Double]
    init(_ objective: @escaping ([Double]) -> Double, n: Int) {
        self.objective = objective
        self.parameters = Array(repeating: 0, count: n)
    }
}

private func objectiveCallback(_ x: UnsafePointer<gsl_vector>?, _ params: UnsafeMutableRawPointer?) -> Double {
    guard let x, let params else { return .infinity }
    let context = Unmanaged<ObjectiveContext>.fromOpaque(params).takeUnretainedValue()
    for i in context.parameters.indices { context.parameters[i] = gsl_vector_get(x, i) }
    let value = context.objective(context.parameters)
    return value.isFinite ? value : .infinity
}
