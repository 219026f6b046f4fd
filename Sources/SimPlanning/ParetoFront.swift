/// The Pareto set of points under several criteria, every criterion to be minimised.
///
/// A point *dominates* another when it is no worse on every criterion and strictly better on
/// at least one. The Pareto set (front) is the points that no other point dominates. Points
/// that tie on every criterion do not dominate each other, so both stay in the set.
///
///     ParetoFront.indices(of: [[1, 5], [2, 2], [3, 3], [2, 2]])   // [0, 1, 3]
///
/// Criteria to maximise go in negated.
public enum ParetoFront {
    /// Whether `a` dominates `b` (both the same length; smaller is better).
    public static func dominates(_ a: [Double], _ b: [Double]) -> Bool {
        precondition(a.count == b.count, "points of different dimensions: \(a.count) and \(b.count)")
        var strictlyBetter = false
        for (x, y) in zip(a, b) {
            if x > y { return false }
            if x < y { strictlyBetter = true }
        }
        return strictlyBetter
    }

    /// The indices of the non-dominated points, in increasing order.
    ///
    /// - Complexity: O(n² · d) for n points of d criteria.
    public static func indices(of points: [[Double]]) -> [Int] {
        points.indices.filter { i in
            !points.indices.contains { j in j != i && dominates(points[j], points[i]) }
        }
    }
}
