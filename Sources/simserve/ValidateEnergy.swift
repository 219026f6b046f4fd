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

    @Flag(help: "Fit the h100-sxm preset's busy and compute power on the W/GPU of the same H100 rows; report them and the fit and held-out rows.")
    var fitPower = false

    func run() throws {
        if fit && fitPower {
            printError(CommandInputError("--fit and --fit-power are exclusive: give one").description)
            throw ExitCode(2)
        }
        if fit { return try runFit() }
        if fitPower { return try runPowerFit() }
        let rows: [EnergyValidation.Row]
        do { rows = try EnergyValidation.validate(file: measured) } catch {
            printError(error.description)
            throw ExitCode(2)
        }
        print(EnergyValidationReport(rows: rows).markdown(), terminator: "")
    }

    func runFit() throws {
        let result = try fitting { try EnergyValidation.fitVLLMPerSequence(file: measured) }
        print(String(format: "vllm-0.11 per_sequence_overhead_us = %.1f, fitted on the tokens/s of %d H100 rows (Llama-3.1-8B, 70B); "
                     + "RMS log ratio %.3f at the preset's value → %.3f", result.perSequenceOverheadUs, result.fitRows.count,
                     result.startLoss, result.loss))
        printRows(fit: result.fitRows, heldOut: result.heldOutRows)
    }

    func runPowerFit() throws {
        let result = try fitting { try EnergyValidation.fitH100Power(file: measured) }
        print(String(format: "h100-sxm busy_static_watts = %.1f (preset %.1f), compute_dynamic_watts = %.1f (preset %.1f), "
                     + "fitted on the W/GPU of %d H100 rows (Llama-3.1-8B, 70B) from H200's figures; RMS log ratio %.3f there → %.3f",
                     result.busyStaticWatts, result.presetBusyStaticWatts, result.computeDynamicWatts,
                     result.presetComputeDynamicWatts, result.fitRows.count, result.startLoss, result.loss))
        printRows(fit: result.fitRows, heldOut: result.heldOutRows)
    }

    /// Runs a fit; its error is printed and exits 2.
    private func fitting<Fit>(_ body: () throws -> Fit) throws -> Fit {
        do { return try body() } catch {
            printError("\(error)")
            throw ExitCode(2)
        }
    }

    private func printRows(fit: [EnergyValidation.Row], heldOut: [EnergyValidation.Row]) {
        print("\nFit rows:\n")
        print(EnergyValidationReport(rows: fit).markdown(), terminator: "")
        print("\nHeld-out rows:\n")
        print(EnergyValidationReport(rows: heldOut).markdown(), terminator: "")
    }
}
