/// Dense linear algebra on the few-by-few matrices of a fit's normal equations (two to five
/// parameters), where a library call's setup outweighs the arithmetic.
public enum SmallMatrix {
    /// Gauss–Jordan inverse with partial pivoting of a small square matrix; nil when singular
    /// (a pivot not above 1e-300 in magnitude).
    public static func inverse(_ matrix: [[Double]]) -> [[Double]]? {
        let k = matrix.count
        var a = matrix.enumerated().map { i, row in row + (0..<k).map { $0 == i ? 1.0 : 0.0 } }
        for column in 0..<k {
            guard let pivot = (column..<k).max(by: { abs(a[$0][column]) < abs(a[$1][column]) }),
                  abs(a[pivot][column]) > 1e-300 else { return nil }
            a.swapAt(column, pivot)
            let scale = a[column][column]
            a[column] = a[column].map { $0 / scale }
            for row in 0..<k where row != column {
                let factor = a[row][column]
                if factor != 0 { a[row] = zip(a[row], a[column]).map { $0 - factor * $1 } }
            }
        }
        return a.map { Array($0[k...]) }
    }

    /// `matrix` · `vector`.
    public static func product(_ matrix: [[Double]], _ vector: [Double]) -> [Double] {
        matrix.map { row in zip(row, vector).reduce(0) { $0 + $1.0 * $1.1 } }
    }
}
