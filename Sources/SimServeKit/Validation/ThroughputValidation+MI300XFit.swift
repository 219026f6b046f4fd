import Foundation
import SimCore

/// The MI300X's figures fitted on whole runs: AMD's ROCm vLLM latency table (`rocm_vllm_dev`
/// in `data/serving/offline_throughput.csv`: Llama-3.1-70B and 405B in fp8 on eight MI300X,
/// vLLM 0.10.0 V1 on ROCm 6.4.1, one static batch of 1–128 prompts of 128 or 2,048 tokens
/// generating 2,048 each). No public MI300X kernel table is in the repository, so the three
/// figures a decode-dominated run separates are fitted on it: the fraction of HBM bandwidth the
/// kernels stream at (`memory_efficiency`: weights and KV each step, the part that grows with
/// the model), the fp8 GEMMs' fraction of the fp8 peak (`fp8_compute_efficiency`: what grows
/// with the batch) and the machine's wait at each all-reduce relative to the NVIDIA servers the
/// engine's figure was fitted on (`all_reduce_skew_scale`: 160–252 all-reduces a step at TP 8,
/// what a batch of one pays beyond its bytes). **Split: fitted on the 128-token prompts of both
/// models (16 rows); the 2,048-token prompts (16 rows: 16× the prefill, longer contexts) held
/// out**; Argonne's MI300X rows (vLLM of mid-2024, fp16) are a second, older check. Loss: the
/// root mean squared log ratio of simulated to measured output tokens/s (GSL's Nelder–Mead
/// simplex), the efficiencies fitted through a logistic, the scale as a logarithm, from the
/// preset's datasheet-scaled figures.
extension ThroughputValidation {
    /// The figures fitted, in this order.
    public static let mi300xKeys = ["memory_efficiency", "fp8_compute_efficiency", "all_reduce_skew_scale"]
    /// The source whose rows are fitted and held out.
    public static let mi300xSource = "rocm_vllm_dev"

    /// Whether a row of ``mi300xSource`` is fitted: its 128-token prompts.
    public static func isMI300XFitRow(_ row: Row) -> Bool { row.inputTokens <= 128 }

    /// The inline hardware table of `mi300x` with the figures `values` (``mi300xKeys``).
    public static func mi300xHardware(_ values: [Double]) -> String {
        "{ preset = \"mi300x\", " + zip(mi300xKeys, values).map { "\($0) = \(String(format: "%.4f", $1))" }
            .joined(separator: ", ") + " }"
    }

    /// Fits the three MI300X figures on the fit rows of ``mi300xSource`` in `file` (see the
    /// type's comment); `start` replaces the datasheet figures (memory 0.8, fp8 0.7, scale 1)
    /// as the starting point; the simplex stops at a size of `tolerance` in its coordinates.
    /// - Throws: ``OpValidationError`` when the file cannot be read or lacks such rows;
    ///   ``FitError`` from the simplex.
    public static func fitMI300X(file path: String, start: [Double]? = nil, tolerance: Double = 1e-3) throws -> TermsFit {
        let rows = try read(file: path, sources: [mi300xSource]).filter { $0.gpu == "mi300x" && $0.failure == nil }
        let fitRows = rows.filter(isMI300XFitRow)
        let heldOut = rows.filter { !isMI300XFitRow($0) }
        guard fitRows.count >= mi300xKeys.count, !heldOut.isEmpty else {
            throw OpValidationError.noRows(path: path, what: "\(mi300xSource) rows on mi300x with 128-token and longer prompts")
        }
        func logit(_ x: Double) -> Double { Foundation.log(x / (1 - x)) }
        func logistic(_ y: Double) -> Double { 1 / (1 + Foundation.exp(-y)) }
        return try fitTerms(keys: mi300xKeys, fitRows: fitRows, heldOut: heldOut, initial: start ?? [0.8, 0.7, 1],
                            tolerance: tolerance,
                            parameters: { [logit(min(0.99, $0[0])), logit(min(0.99, $0[1])), Foundation.log(max(0.01, $0[2]))] },
                            values: { [logistic($0[0]), logistic($0[1]), min(10, Foundation.exp($0[2]))] },
                            simulate: { predict($0, hardware: mi300xHardware($1)) })
    }
}
