/// One fitted parameter with its standard error, as written to the profile and printed.
public struct FittedParameter: Equatable, Sendable {
    /// The profile key it maps to (`compute_efficiency`, `kernel_launch_us`, ...).
    public var name: String
    public var value: Double
    /// √(Cᵢᵢ · χ²/dof) from the fit (delta method for transformed parameters).
    public var standardError: Double
    public var unit: String

    public init(name: String, value: Double, standardError: Double, unit: String) {
        self.name = name
        self.value = value
        self.standardError = standardError
        self.unit = unit
    }
}

/// Mean absolute percentage error of predictions against measurements, %.
public func meanAbsolutePercentageError(predicted: [Double], measured: [Double]) -> Double {
    precondition(predicted.count == measured.count, "MAPE needs as many predictions as measurements")
    guard !measured.isEmpty else { return .nan }
    return 100 * zip(predicted, measured).reduce(0) { $0 + abs($1.0 - $1.1) / $1.1 } / Double(measured.count)
}
