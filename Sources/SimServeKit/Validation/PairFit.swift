/// Least squares in two bounded parameters whose residuals come from simulations (no closed
/// form, a few evaluations affordable): Levenberg–Marquardt on a forward-difference Jacobian,
/// each step clamped to the ranges, then a pattern search at the difference steps until no
/// neighbour a step away fits better; standard errors from the Jacobian at the optimum,
/// s² (JᵀJ)⁻¹ with s² = Σ r² / (n − 2).
enum PairFit {
    struct Result {
        var values: (Double, Double)
        var standardErrors: (Double, Double)
        /// Σ r² at the values.
        var sumOfSquares: Double
    }

    /// - Parameters: `ranges`, each parameter's allowed values (the search starts at their
    ///   midpoints); `steps`, each parameter's difference step (also the convergence tolerance:
    ///   the search stops once a step moves neither by more than half of its own);
    ///   `residuals`, the residuals at a pair of values, the same count at every pair.
    /// - Complexity: at most `iterations` × 6 + 800 evaluations of `residuals`.
    static func minimise(ranges: (ClosedRange<Double>, ClosedRange<Double>), steps: (Double, Double),
                         iterations: Int = 12, residuals: (Double, Double) -> [Double]) -> Result {
        func clamp(_ v: Double, _ r: ClosedRange<Double>) -> Double { min(max(v, r.lowerBound), r.upperBound) }
        func sumOfSquares(_ r: [Double]) -> Double { r.reduce(0) { $0 + $1 * $1 } }
        var (a, b) = ((ranges.0.lowerBound + ranges.0.upperBound) / 2, (ranges.1.lowerBound + ranges.1.upperBound) / 2)
        var r = residuals(a, b)
        var current = sumOfSquares(r)
        var damping = 1e-3
        /// Forward differences, stepping down where the upper bound is in the way.
        func differences(_ a: Double, _ b: Double, _ r: [Double]) -> [(Double, Double)] {
            let ha = a + steps.0 <= ranges.0.upperBound ? steps.0 : -steps.0
            let hb = b + steps.1 <= ranges.1.upperBound ? steps.1 : -steps.1
            let ra = residuals(a + ha, b), rb = residuals(a, b + hb)
            return r.indices.map { ((ra[$0] - r[$0]) / ha, (rb[$0] - r[$0]) / hb) }
        }
        /// JᵀJ (its three entries) and Jᵀr.
        func normal(_ jacobian: [(Double, Double)], _ r: [Double]) -> (saa: Double, sab: Double, sbb: Double, ga: Double, gb: Double) {
            var n = (saa: 0.0, sab: 0.0, sbb: 0.0, ga: 0.0, gb: 0.0)
            for (i, (ja, jb)) in jacobian.enumerated() {
                n.saa += ja * ja; n.sab += ja * jb; n.sbb += jb * jb
                n.ga += ja * r[i]; n.gb += jb * r[i]
            }
            return n
        }
        for _ in 0..<iterations {
            // Normal equations JᵀJ δ = −Jᵀr.
            let (saa, sab, sbb, ga, gb) = normal(differences(a, b, r), r)
            var moved = false
            for _ in 0..<6 {
                let (daa, dbb) = (saa * (1 + damping), sbb * (1 + damping))
                let det = daa * dbb - sab * sab
                guard det > 0 else { damping *= 10; continue }
                let da = (-ga * dbb + gb * sab) / det, db = (-gb * daa + ga * sab) / det
                let (na, nb) = (clamp(a + da, ranges.0), clamp(b + db, ranges.1))
                let nr = residuals(na, nb)
                let next = sumOfSquares(nr)
                if next < current {
                    let small = abs(na - a) < steps.0 / 2 && abs(nb - b) < steps.1 / 2
                    (a, b, r, current) = (na, nb, nr, next)
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
        // no neighbour a step away in either parameter fits better.
        for _ in 0..<200 {
            var best: (Double, Double, [Double], Double)?
            for (da, db) in [(steps.0, 0.0), (-steps.0, 0), (0, steps.1), (0, -steps.1)] {
                let (na, nb) = (clamp(a + da, ranges.0), clamp(b + db, ranges.1))
                guard na != a || nb != b else { continue }
                let nr = residuals(na, nb)
                let next = sumOfSquares(nr)
                if next < (best?.3 ?? current) { best = (na, nb, nr, next) }
            }
            guard let move = best else { break }
            (a, b, r, current) = move
        }
        let (saa, sab, sbb, _, _) = normal(differences(a, b, r), r)
        let det = saa * sbb - sab * sab
        let s2 = r.count > 2 ? current / Double(r.count - 2) : .infinity
        let errors = det > 0 ? ((s2 * sbb / det).squareRoot(), (s2 * saa / det).squareRoot()) : (Double.infinity, Double.infinity)
        return Result(values: (a, b), standardErrors: errors, sumOfSquares: current)
    }
}
