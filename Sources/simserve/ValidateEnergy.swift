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

    func run() throws {
        let rows: [EnergyValidation.Row]
        do { rows = try EnergyValidation.validate(file: measured) } catch {
            printError(error.description)
            throw ExitCode(2)
        }
        print(EnergyValidationReport(rows: rows).markdown(), terminator: "")
    }
}
