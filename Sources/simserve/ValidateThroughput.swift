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

    func run() throws {
        let rows: [ThroughputValidation.Row]
        do { rows = try ThroughputValidation.validate(file: measured, sources: Set(sources)) } catch {
            printError(error.description)
            throw ExitCode(2)
        }
        print(ThroughputValidationReport(rows: rows).markdown(cells: cells), terminator: "")
    }
}
