import Foundation
import SimCore

/// The `vllm-0.11` preset's CPU time per sequence in the batch (`per_sequence_overhead_us`), fitted
/// on the throughput of ML.ENERGY's vLLM 0.11 runs: the rows of Llama-3.1-8B and Llama-3.1-70B
/// on H100 (batch 8–1,024) are fitted, every other row (Llama-3.3-70B and 405B-FP8 on H100, all
/// B200 rows) held out. The measured steps exceed the simulated ones by a time that grows with
/// the batch, not with the model or the TP degree (sampling, detokenising, the scheduler's
/// bookkeeping per running request): the term that has that form. One parameter, fitted as its
/// logarithm by GSL's simplex on the mean squared log ratio of simulated to measured tokens/s.
extension EnergyValidation {
    /// The outcome of ``fitVLLMPerSequence(file:)``: the term, the loss before (the preset's
    /// value) and after, and every row simulated with the fitted term.
    public struct PerSequenceFit: Sendable {
        public var perSequenceOverheadUs: Double
        public var startLoss: Double, loss: Double
        public var fitRows: [Row], heldOutRows: [Row]
    }

    /// Whether a row is fitted: H100, Llama-3.1-8B or Llama-3.1-70B.
    public static func isPerSequenceFitRow(_ row: Row) -> Bool {
        row.gpu == "H100" && ["meta-llama/Llama-3.1-8B-Instruct", "meta-llama/Llama-3.1-70B-Instruct"].contains(row.model)
    }

    /// The inline engine table of the `vllm-0.11` preset with `perSequenceUs`.
    static func vllmEngine(perSequenceUs: Double) -> String {
        "{ preset = \"vllm-0.11\", per_sequence_overhead_us = \(String(format: "%.4f", perSequenceUs)) }"
    }

    /// Fits the term (see the type's comment) from `start` µs (the preset's value by default);
    /// the simplex stops at a size of `tolerance` in log terms (10⁻³: 0.1 % of the term).
    /// - Throws: ``OpValidationError`` when the file cannot be read or has no fit row;
    ///   ``FitError`` from the simplex.
    public static func fitVLLMPerSequence(file path: String, start: Double? = nil, tolerance: Double = 1e-3) throws -> PerSequenceFit {
        func rows(_ perSequenceUs: Double) throws -> [Row] {
            try validate(file: path, engine: vllmEngine(perSequenceUs: perSequenceUs))
        }
        func loss(_ rows: [Row]) -> Double {
            rmsLogRatio(rows.filter(isPerSequenceFitRow).map { (predicted: $0.predictedTokensPerSecond, measured: $0.measuredTokensPerSecond) })
        }
        let preset = try Presets.engine(named: "vllm-0.11", on: Presets.hardware(named: "h100-sxm"))
        let fit = try fitInLogs(file: path, start: [start ?? preset.perSequenceOverheadUs], floor: 0.1, steps: [1],
                                tolerance: tolerance, rows: { try rows($0[0]) }, loss: loss)
        return PerSequenceFit(perSequenceOverheadUs: fit.values[0], startLoss: fit.startLoss, loss: fit.loss,
                              fitRows: fit.fitted.filter(isPerSequenceFitRow), heldOutRows: fit.fitted.filter { !isPerSequenceFitRow($0) })
    }

    /// The fits' common part: `rows` simulated at `start` (which must include a fit row,
    /// ``isPerSequenceFitRow(_:)``), then GSL's simplex on the logarithms of the parameters
    /// (each at least `floor` where it starts, first steps `steps`, stopping at a size of
    /// `tolerance`) minimising `loss`, and the rows at the best values.
    /// - Throws: ``OpValidationError`` when `path` has no fit row; ``FitError`` from the simplex.
    static func fitInLogs(file path: String, start: [Double], floor: Double, steps: [Double], tolerance: Double,
                          rows: ([Double]) throws -> [Row], loss: ([Row]) -> Double)
        throws -> (values: [Double], startLoss: Double, loss: Double, fitted: [Row]) {
        let startRows = try rows(start)
        guard startRows.contains(where: isPerSequenceFitRow) else {
            throw OpValidationError.noRows(path: path, what: "vLLM rows of Llama-3.1-8B or 70B on H100")
        }
        var minimizer = SimplexMinimizer()
        minimizer.sizeTolerance = tolerance
        let best = try minimizer.minimize(initial: start.map { Foundation.log(max(floor, $0)) }, steps: steps) { p in
            (try? rows(p.map(Foundation.exp))).map(loss) ?? .infinity
        }
        let values = best.parameters.map(Foundation.exp)
        let fitted = try rows(values)
        return (values, loss(startRows), loss(fitted), fitted)
    }
}
