import SimCore
import SimServeKit

/// Fits the simulator's GEMM parameters to measured GPU op times (``MeasuredOpRow``): the same
/// weighted least squares on relative error as the CPU calibration, but predicting through the
/// simulator's own ``SimServeKit/RooflineCostModel`` with a hardware preset's peaks, so that
/// what is fitted is exactly what is simulated.
///
/// Fitted: `compute_efficiency`, `memory_efficiency`, `kernel_launch_us`,
/// `roofline_sharpness`; the preset's peak FLOP/s, bandwidth and `gemm_tile_rows` are kept.
/// Rows of one source (one model's file) are fitted; every other source is held out — the
/// error that matters is on models the fit never saw.
public struct MeasuredOpsFit: Sendable {
    /// The preset with the fitted parameters.
    public var hardware: HardwareSpec
    public var parameters: [FittedParameter]
    public var rSquared: Double?
    public var fitSource: String
    public var fitRows: Int
    public var fitMAPE: Double
    /// MAPE (%) over all held-out rows, and by source: (source, MAPE, rows).
    public var heldOutMAPE: Double
    public var heldOutBySource: [(source: String, mape: Double, rows: Int)]
    /// Held-out MAPE of the preset as it was, before the fit (%).
    public var presetHeldOutMAPE: Double

    /// Fits on the rows of `fitSource` (the first source when nil) and holds out the rest.
    /// - Throws: ``MeasuredOpsError/noHeldOutRows(fitSource:)`` when every row is from one
    ///   source; ``SimCore/FitError`` when the fit fails.
    public static func fit(rows: [MeasuredOpRow], hardware base: HardwareSpec,
                           fitSource: String? = nil) throws -> MeasuredOpsFit {
        guard let first = rows.first else { throw MeasuredOpsError.noRows(source: "the measured files") }
        let source = fitSource ?? first.source
        let fitRows = rows.filter { $0.source == source }
        let heldRows = rows.filter { $0.source != source }
        guard !fitRows.isEmpty else { throw MeasuredOpsError.noRows(source: source) }
        guard !heldRows.isEmpty else { throw MeasuredOpsError.noHeldOutRows(fitSource: source) }
        func spec(_ p: [Double]) -> HardwareSpec {
            var h = base
            h.computeEfficiency = abs(p[0])
            h.memoryEfficiency = abs(p[1])
            h.kernelLaunchUs = p[2]
            h.shape.rooflineSharpness = min(31.9, max(1, p[3]))
            return h
        }
        let times = fitRows.map(\.measuredSeconds)
        let initial = [base.computeEfficiency, base.memoryEfficiency, base.kernelLaunchUs, min(8, base.shape.rooflineSharpness)]
        let fit = try NonlinearLeastSquares().fit(observations: times, weights: times.map { 1 / ($0 * $0) },
                                                  initial: initial) { p in
            let h = spec(p)
            return fitRows.map { $0.predictedSeconds(on: h) }
        }
        let hardware = spec(fit.parameters)
        func mape(_ set: [MeasuredOpRow], _ h: HardwareSpec) -> Double {
            meanAbsolutePercentageError(predicted: set.map { $0.predictedSeconds(on: h) }, measured: set.map(\.measuredSeconds))
        }
        let sources = Array(Set(heldRows.map(\.source))).sorted()
        let se = fit.standardErrors
        return MeasuredOpsFit(
            hardware: hardware,
            parameters: [
                FittedParameter(name: "compute_efficiency", value: hardware.computeEfficiency, standardError: se[0], unit: ""),
                FittedParameter(name: "memory_efficiency", value: hardware.memoryEfficiency, standardError: se[1], unit: ""),
                FittedParameter(name: "kernel_launch_us", value: hardware.kernelLaunchUs, standardError: se[2], unit: "µs"),
                FittedParameter(name: "roofline_sharpness", value: hardware.shape.rooflineSharpness, standardError: se[3], unit: ""),
            ],
            rSquared: fit.rSquared, fitSource: source, fitRows: fitRows.count, fitMAPE: mape(fitRows, hardware),
            heldOutMAPE: mape(heldRows, hardware),
            heldOutBySource: sources.map { s in
                let set = heldRows.filter { $0.source == s }
                return (s, mape(set, hardware), set.count)
            },
            presetHeldOutMAPE: mape(heldRows, base))
    }
}
