import ArgumentParser
import Foundation
import SimServeKit

/// `simserve validate energy`: predicted vs measured GPU J/output token on ML.ENERGY's vLLM runs.
struct ValidateEnergy: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "energy",
        abstract: "Predicted vs measured GPU energy per output token (ML.ENERGY vLLM runs, data/kernels/energy.csv).",
        discussion: "Simulates every row with a model preset on h100-sxm or b200; see EnergyValidation for the scenario and its assumptions.")

    @Option(help: "The measured CSV file (ML.ENERGY columns).")
    var measured = "data/kernels/energy.csv"

    @Flag(help: "Fit the vllm-0.11 preset's CPU time per sequence on the tokens/s of the H100 Llama-3.1-8B and 70B rows; report it and the fit and held-out rows.")
    var fit = false

    func run() throws {
        if fit { return try runFit() }
        let rows: [EnergyValidation.Row]
        do { rows = try EnergyValidation.validate(file: measured) } catch {
            printError(error.description)
            throw ExitCode(2)
        }
        print(EnergyValidationReport(rows: rows).markdown(), terminator: "")
    }

    func runFit() throws {
        let result: EnergyValidation.PerSequenceFit
        do { result = try EnergyValidation.fitVLLMPerSequence(file: measured) } catch {
            printError("\(error)")
            throw ExitCode(2)
        }
        print(String(format: "vllm-0.11 per_sequence_overhead_us = %.1f, fitted on the tokens/s of %d H100 rows (Llama-3.1-8B, 70B); "
                     + "RMS log ratio %.3f at the preset's value → %.3f", result.perSequenceOverheadUs, result.fitRows.count,
                     result.startLoss, result.loss))
        print("\nFit rows:\n")
        print(EnergyValidationReport(rows: result.fitRows).markdown(), terminator: "")
        print("\nHeld-out rows:\n")
        print(EnergyValidationReport(rows: result.heldOutRows).markdown(), terminator: "")
    }
}
