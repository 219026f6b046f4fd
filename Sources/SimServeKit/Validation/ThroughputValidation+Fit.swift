import Foundation
import SimCore

/// The host terms of mid-2024 vLLM (the V0 engine before 0.6's asynchronous output processing),
/// fitted on Argonne's static batches (`argonne_lib` in `data/serving/offline_throughput.csv`):
/// the CPU time per step (`iteration_overhead_us`), per sequence in the batch
/// (`per_sequence_overhead_us`) and per tensor-parallel peer (`tp_step_overhead_us_per_peer`,
/// the driver handing each step's inputs to its workers). Fitted on the rows of the Llama
/// models (``isArgonneVLLMFitRow(_:)``), on H100 and A100-40GB; the Mistral, Mixtral and Qwen2
/// rows are held out. The fit minimises the mean squared log ratio of simulated to measured
/// output tokens/s over the fit rows (GSL's Nelder–Mead simplex), each term fitted as the
/// logarithm of its value, from the `vllm-v0.5` preset's own figures.
extension ThroughputValidation {
    /// The terms fitted, in this order.
    public static let argonneVLLMKeys = ["iteration_overhead_us", "per_sequence_overhead_us", "tp_step_overhead_us_per_peer"]

    /// The outcome of a fit on whole runs (``fitArgonneVLLM(file:start:tolerance:)``,
    /// ``fitMI300X(file:start:tolerance:)``): the terms, the fit rows and the held-out rows,
    /// each simulated with the fitted terms.
    public struct TermsFit: Sendable {
        public var terms: [(key: String, value: Double)]
        public var fitRows: [Row]
        public var heldOutRows: [Row]
        /// The root mean squared log ratio over the fit rows at the start and at the end.
        public var startLoss: Double, loss: Double
    }

    /// Whether an Argonne vLLM row is fitted: the Llama models (meta-llama/*); the others are
    /// held out.
    public static func isArgonneVLLMFitRow(_ row: Row) -> Bool { row.model.hasPrefix("meta-llama/") }

    /// The Argonne vLLM rows the fit uses: a model and GPU preset, on H100 or A100-40GB
    /// (MI300X runs vLLM's ROCm build, another stack).
    static func argonneVLLMRows(_ rows: [Row]) -> [Row] {
        rows.filter { $0.source == "argonne_lib" && $0.engine == "vllm" && $0.failure == nil
            && ($0.gpu == "h100-sxm" || $0.gpu == "a100-40gb") }
    }

    /// `rows` simulated with `engine` and `hardware` (inline TOML tables, or each row's own
    /// presets when nil); rows that cannot be simulated keep their `failure`.
    public static func predict(_ rows: [Row], engine: String? = nil, hardware: String? = nil) -> [Row] {
        rows.map { row in
            var r = row
            if r.failure == nil { simulate(&r, engine: engine, hardware: hardware) }
            return r
        }
    }

    /// The inline engine table of `vllm-v0.5` with the terms `values` (``argonneVLLMKeys``).
    public static func argonneVLLMEngine(_ values: [Double]) -> String {
        "{ preset = \"vllm-v0.5\", "
            + zip(argonneVLLMKeys, values).map { "\($0) = \(String(format: "%.4f", $1))" }.joined(separator: ", ") + " }"
    }

    /// Fits the `vllm-v0.5` host terms on the Llama rows of `file` (see the type's comment);
    /// `start` replaces the preset's terms as the starting point; the simplex stops at a size of
    /// `tolerance` in log terms (10⁻³: 0.1 % of each term).
    /// - Throws: ``OpValidationError`` when the file cannot be read; ``FitError`` from the simplex.
    public static func fitArgonneVLLM(file path: String, start: [Double]? = nil, tolerance: Double = 1e-3) throws -> TermsFit {
        let rows = argonneVLLMRows(try read(file: path, sources: ["argonne_lib"]))
        let fitRows = rows.filter(isArgonneVLLMFitRow)
        let heldOut = rows.filter { !isArgonneVLLMFitRow($0) }
        guard fitRows.count >= argonneVLLMKeys.count else {
            throw OpValidationError.noRows(path: path, what: "Argonne vLLM rows of Llama models on h100-sxm or a100-40gb")
        }
        let preset = try Presets.engine(named: "vllm-v0.5", on: Presets.hardware(named: "h100-sxm"))
        let initial = start ?? [preset.iterationOverheadUs, preset.perSequenceOverheadUs, preset.tpStepOverheadUsPerPeer]
        let scales = [100.0, 1.0, 100.0]
        return try fitTerms(keys: argonneVLLMKeys, fitRows: fitRows, heldOut: heldOut, initial: initial, tolerance: tolerance,
                            parameters: { zip($0, scales).map { Foundation.log(max(0.01, $0) / $1) } },
                            values: { zip($0, scales).map { Foundation.exp($0) * $1 } },
                            simulate: { predict($0, engine: argonneVLLMEngine($1)) })
    }

    /// Minimises the root mean squared log ratio of simulated to measured output tokens/s over
    /// `fitRows` (GSL's Nelder–Mead simplex, steps of 0.5 in the fitted coordinates, stopping at
    /// a size of `tolerance`): `parameters` maps term values to those coordinates and `values`
    /// back, `simulate` runs rows with given values; the held-out rows are simulated with the result.
    static func fitTerms(keys: [String], fitRows: [Row], heldOut: [Row], initial: [Double], tolerance: Double,
                         parameters: ([Double]) -> [Double], values: @escaping ([Double]) -> [Double],
                         simulate: @escaping ([Row], [Double]) -> [Row]) throws -> TermsFit {
        func loss(_ rows: [Row]) -> Double {
            rmsLogRatio(rows.map { (predicted: $0.predictedTokensPerSecond, measured: $0.measuredTokensPerSecond) })
        }
        let p0 = parameters(initial)
        var minimizer = SimplexMinimizer()
        minimizer.sizeTolerance = tolerance
        let best = try minimizer.minimize(initial: p0, steps: p0.map { _ in 0.5 }) { loss(simulate(fitRows, values($0))) }
        let fitted = values(best.parameters)
        return TermsFit(terms: Array(zip(keys, fitted)).map { (key: $0, value: $1) },
                        fitRows: simulate(fitRows, fitted), heldOutRows: simulate(heldOut, fitted),
                        startLoss: loss(simulate(fitRows, initial)), loss: best.value)
    }
}
