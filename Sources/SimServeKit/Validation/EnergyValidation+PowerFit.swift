import Foundation

/// The H100's busy and compute power (`busy_static_watts`, `compute_dynamic_watts` of the
/// `h100-sxm` preset), fitted on the power ML.ENERGY measured (``EnergyValidation``): no H100
/// kernel-power table is public, and H200's terms carried over (same die, same 700 W limit) put
/// the H100's runs 8–21 % under their measured watts, by a gap that grows with the batch. The
/// rows that fix the CPU time per sequence (``isPerSequenceFitRow(_:)``: Llama-3.1-8B and 70B)
/// are fitted on their W/GPU; the Llama-3.3-70B and 405B-FP8 rows on H100 (and every B200 row)
/// are held out. Memory and decode-attention power stay H200's. Two parameters, fitted as
/// logarithms by GSL's simplex on the mean squared log ratio of simulated to measured W/GPU.
///
/// Of the pairs tried, memory and decode-attention power fitted the fit rows closest (RMS log
/// ratio 0.027) but with an attention slope of 1,135 W, three times what the 700 W cap leaves
/// above the busy power, and held out worse on 405B-FP8 at TP 8 (W/GPU 11 % against 7 %); busy
/// and memory power sent the memory term to 0. This pair keeps every term physical.
extension EnergyValidation {
    /// The outcome of ``fitH100Power(file:start:tolerance:)``.
    public struct PowerFit: Sendable {
        public var busyStaticWatts: Double, computeDynamicWatts: Double
        /// The preset's values.
        public var presetBusyStaticWatts: Double, presetComputeDynamicWatts: Double
        /// The loss where the fit started and where it ended.
        public var startLoss: Double, loss: Double
        public var fitRows: [Row], heldOutRows: [Row]
    }

    /// The inline hardware table of `h100-sxm` with the two power terms.
    static func h100Hardware(busyWatts: Double, computeWatts: Double) -> String {
        String(format: "{ preset = \"h100-sxm\", busy_static_watts = %.4f, compute_dynamic_watts = %.4f }",
               busyWatts, computeWatts)
    }

    /// Fits the two terms (see the type's comment) from `start` (H200's figures by default,
    /// where the H100's came from before the fit); the simplex stops at a size of `tolerance`
    /// in log terms.
    /// - Throws: ``OpValidationError`` when the file cannot be read or has no fit row;
    ///   ``FitError`` from the simplex.
    public static func fitH100Power(file path: String, start: (busy: Double, compute: Double)? = nil,
                                    tolerance: Double = 1e-3) throws -> PowerFit {
        let preset = try Presets.hardware(named: "h100-sxm")
        let h200 = try Presets.hardware(named: "h200")
        let start = start ?? (busy: h200.busyStaticWatts ?? 0, compute: h200.computeDynamicWatts ?? 0)
        func rows(_ busy: Double, _ compute: Double) throws -> [Row] {
            try validate(file: path, hardware: ["h100-sxm": h100Hardware(busyWatts: busy, computeWatts: compute)])
        }
        func loss(_ rows: [Row]) -> Double {
            rmsLogRatio(rows.filter(isPerSequenceFitRow).map { (predicted: $0.predictedWattsPerGPU, measured: $0.measuredWattsPerGPU) })
        }
        let fit = try fitInLogs(file: path, start: [start.busy, start.compute], floor: 1, steps: [0.3, 0.3],
                                tolerance: tolerance, rows: { try rows($0[0], $0[1]) }, loss: loss)
        return PowerFit(busyStaticWatts: fit.values[0], computeDynamicWatts: fit.values[1],
                        presetBusyStaticWatts: preset.busyStaticWatts ?? 0, presetComputeDynamicWatts: preset.computeDynamicWatts ?? 0,
                        startLoss: fit.startLoss, loss: fit.loss,
                        fitRows: fit.fitted.filter(isPerSequenceFitRow), heldOutRows: fit.fitted.filter { !isPerSequenceFitRow($0) })
    }
}
