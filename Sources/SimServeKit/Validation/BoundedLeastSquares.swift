import SimCore

/// Least squares in a few bounded parameters whose residuals come from simulations (no closed
/// form, a few evaluations affordable): Levenberg–Marquardt on a forward-difference Jacobian,
/// each step clamped to the ranges, then a pattern search at the difference steps until no
/// neighbour a step away fits better; standard errors from the Jacobian at the optimum,
/// s² (JᵀJ)⁻¹ with s² = Σ r² / (n − p).
enum BoundedLeastSquares {
    struct Result {
        var values: [Double]
        var standardErrors: [Double]
        /// Σ r² at the values.
        var sumOfSquares: Double
    }

    /// - Parameters: `ranges`, each parameter's allowed values (the search starts at their
    ///   midpoints); `steps`, each parameter's difference step (also the convergence tolerance:
    ///   the search stops once a step moves none by more than half of its own);
    ///   `residuals`, the residuals at the parameters' values, the same count at every point.
    /// - Complexity: at most `iterations` × (p + 6) + 200 × 2p evaluations of `residuals`,
    ///   p the number of parameters.
    static func minimise(ranges: [ClosedRange<Double>], steps: [Double], iterations: Int = 12,
                         residuals: ([Double]) -> [Double]) -> Result {
        precondition(!ranges.isEmpty && ranges.count == steps.count, "one step per parameter range")
        let p = ranges.count
        func clamp(_ v: [Double]) -> [Double] { v.indices.map { min(max(v[$0], ranges[$0].lowerBound), ranges[$0].upperBound) } }
        func sumOfSquares(_ r: [Double]) -> Double { r.reduce(0) { $0 + $1 * $1 } }
        var x = ranges.map { ($0.lowerBound + $0.upperBound) / 2 }
        var r = residuals(x)
        var current = sumOfSquares(r)
        var damping = 1e-3
        /// Forward differences, stepping down where the upper bound is in the way: J[i][k].
        func jacobian(_ x: [Double], _ r: [Double]) -> [[Double]] {
            var columns: [[Double]] = []
            for k in 0..<p {
                let h = x[k] + steps[k] <= ranges[k].upperBound ? steps[k] : -steps[k]
                var moved = x
                moved[k] += h
                let rk = residuals(moved)
                columns.append(r.indices.map { (rk[$0] - r[$0]) / h })
            }
            return r.indices.map { i in (0..<p).map { columns[$0][i] } }
        }
        /// JᵀJ and Jᵀr.
        func normal(_ j: [[Double]], _ r: [Double]) -> (jtj: [[Double]], jtr: [Double]) {
            var jtj = Array(repeating: Array(repeating: 0.0, count: p), count: p)
            var jtr = Array(repeating: 0.0, count: p)
            for (i, row) in j.enumerated() {
                for a in 0..<p {
                    jtr[a] += row[a] * r[i]
                    for b in 0..<p { jtj[a][b] += row[a] * row[b] }
                }
            }
            return (jtj, jtr)
        }
        for _ in 0..<iterations {
            // Normal equations (JᵀJ + λ diag JᵀJ) δ = −Jᵀr.
            let (jtj, jtr) = normal(jacobian(x, r), r)
            var moved = false
            for _ in 0..<6 {
                var damped = jtj
                for k in 0..<p { damped[k][k] *= 1 + damping }
                guard let inverse = SmallMatrix.inverse(damped) else { damping *= 10; continue }
                let delta = SmallMatrix.product(inverse, jtr.map { -$0 })
                let next = clamp(zip(x, delta).map { $0 + $1 })
                let nr = residuals(next)
                let value = sumOfSquares(nr)
                if value < current {
                    let small = (0..<p).allSatisfy { abs(next[$0] - x[$0]) < steps[$0] / 2 }
                    (x, r, current) = (next, nr, value)
                    damping = max(damping / 10, 1e-6)
                    moved = !small
                    break
                }
                damping *= 10
            }
            if !moved { break }
        }
        // The simulated residuals move in small steps, so the last Gauss–Newton steps can stall
        // in a long valley: a pattern search at the difference steps finishes the descent until
        // no neighbour a step away in any parameter fits better.
        for _ in 0..<200 {
            var best: ([Double], [Double], Double)?
            for k in 0..<p {
                for sign in [1.0, -1.0] {
                    var neighbour = x
                    neighbour[k] += sign * steps[k]
                    neighbour = clamp(neighbour)
                    guard neighbour != x else { continue }
                    let nr = residuals(neighbour)
                    let value = sumOfSquares(nr)
                    if value < (best?.2 ?? current) { best = (neighbour, nr, value) }
                }
            }
            guard let move = best else { break }
            (x, r, current) = move
        }
        let (jtj, _) = normal(jacobian(x, r), r)
        let s2 = r.count > p ? current / Double(r.count - p) : .infinity
        var errors = Array(repeating: Double.infinity, count: p)
        if let inverse = SmallMatrix.inverse(jtj) {
            for k in 0..<p where inverse[k][k] > 0 { errors[k] = (s2 * inverse[k][k]).squareRoot() }
        }
        return Result(values: x, standardErrors: errors, sumOfSquares: current)
    }

    /// Two parameters: ``minimise(ranges:steps:iterations:residuals:)`` with pairs.
    static func minimise(ranges: (ClosedRange<Double>, ClosedRange<Double>), steps: (Double, Double),
                         iterations: Int = 12, residuals: (Double, Double) -> [Double])
        -> (values: (Double, Double), standardErrors: (Double, Double), sumOfSquares: Double) {
        let fit = minimise(ranges: [ranges.0, ranges.1], steps: [steps.0, steps.1], iterations: iterations) {
            residuals($0[0], $0[1])
        }
        return ((fit.values[0], fit.values[1]), (fit.standardErrors[0], fit.standardErrors[1]), fit.sumOfSquares)
    }
}
