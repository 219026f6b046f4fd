/// The median of `values` (the mean of the two middle ones when their count is even); the
/// validation reports' one definition of it. `values` must not be empty.
public func median(_ values: [Double]) -> Double {
    let sorted = values.sorted(), middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
