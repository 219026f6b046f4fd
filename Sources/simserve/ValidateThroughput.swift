import ArgumentParser
import Foundation
import SimServeKit

/// `simserve validate throughput`: predicted vs measured offline output tokens/s on the public
/// max-throughput tables.
struct ValidateThroughput: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "throughput",
        abstract: "Predicted vs measured offline output tokens/s (data/serving/offline_throughput.csv).",
        discussion: "Simulates every cell with a model and GPU preset (TensorRT-LLM or vLLM; fp16, bf16, fp8, int8, int4); "
            + "see ThroughputValidation for the scenario and its assumptions.")

    @Option(help: "The measured CSV file (offline_throughput.csv columns).")
    var measured = "data/serving/offline_throughput.csv"

    @Option(name: .customLong("source"), help: "Only the rows of this source_id (repeatable; default: all).")
    var sources: [String] = []

    @Flag(help: "List every simulated cell.")
    var cells = false

    @Flag(help: "Fit the vllm-v0.5 preset's host terms (per step, per sequence, per TP peer) on Argonne's Llama rows and report them with the fit and held-out errors.")
    var fit = false

    @Option(help: "Fit a GPU preset's figures on a source's static batches and report them with the fit and held-out errors: mi300x (memory and fp8 efficiencies and the all-reduce wait's scale, on AMD's ROCm vLLM latency table; 128-token prompts fitted, 2,048-token ones held out).")
    var fitGpu: String?

    func run() throws {
        if let fitGpu {
            guard !fit else { throw ValidationError("--fit and --fit-gpu fit different things: give one") }
            return try runGPUFit(fitGpu)
        }
        if fit { return try runFit() }
        let rows: [ThroughputValidation.Row]
        do { rows = try ThroughputValidation.validate(file: measured, sources: Set(sources)) } catch {
            printError(error.description)
            throw ExitCode(2)
        }
        print(ThroughputValidationReport(rows: rows).markdown(cells: cells), terminator: "")
    }

    func runFit() throws {
        try report(fitting: { try ThroughputValidation.fitArgonneVLLM(file: measured) },
                   heading: { "vllm-v0.5 host terms fitted on \($0.fitRows.count) Argonne vLLM rows of Llama models (H100, A100-40GB); "
                              + "RMS log ratio \(Self.loss($0.startLoss)) at the preset's terms → \(Self.loss($0.loss))" },
                   format: "%.1f", fitRows: "Fit rows", heldOutRows: "Held-out rows (Mistral, Mixtral, Qwen2)")
    }

    func runGPUFit(_ gpu: String) throws {
        guard gpu == "mi300x" else {
            printError("--fit-gpu: '\(gpu)' is not one of 'mi300x' (the GPU whose figures are fitted on whole runs)")
            throw ExitCode(2)
        }
        try report(fitting: { try ThroughputValidation.fitMI300X(file: measured) },
                   heading: { "mi300x figures fitted on \($0.fitRows.count) \(ThroughputValidation.mi300xSource) rows (128-token prompts); "
                              + "RMS log ratio \(Self.loss($0.startLoss)) at the datasheet figures → \(Self.loss($0.loss))" },
                   format: "%.4g", fitRows: "Fit rows (128-token prompts)", heldOutRows: "Held-out rows (2,048-token prompts)")
    }

    static func loss(_ x: Double) -> String { String(format: "%.3f", x) }

    /// Runs `fit` (its errors exit with status 2) and prints the result.
    func report(fitting fit: () throws -> ThroughputValidation.TermsFit, heading: (ThroughputValidation.TermsFit) -> String,
                format: String, fitRows: String, heldOutRows: String) throws {
        let result: ThroughputValidation.TermsFit
        do { result = try fit() } catch {
            printError("\(error)")
            throw ExitCode(2)
        }
        printFit(result, heading: heading(result), format: format, fitRows: fitRows, heldOutRows: heldOutRows)
    }

    /// The fit's heading, its terms (`format`), and the fit and held-out rows' tables.
    func printFit(_ result: ThroughputValidation.TermsFit, heading: String, format: String, fitRows: String, heldOutRows: String) {
        print(heading)
        for term in result.terms { print("  \(term.key) = \(String(format: format, term.value))") }
        print("\n\(fitRows):\n")
        print(ThroughputValidationReport(rows: result.fitRows).markdown(cells: cells), terminator: "")
        print("\n\(heldOutRows):\n")
        print(ThroughputValidationReport(rows: result.heldOutRows).markdown(cells: cells), terminator: "")
    }
}
