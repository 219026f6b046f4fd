import ArgumentParser
import Foundation
import SimServeKit

/// `simserve validate costmodel`: every file of the Vidur profiling data → a markdown section.
struct ValidateCostModel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "costmodel",
        abstract: "Validate the cost model on every measured file and write a markdown report section.")

    @Option(help: "The vidur-profiling directory (a100/, network/).")
    var data: String = "../shared/data/vidur-profiling"

    @Option(help: "Write the markdown section to this file (default: print it).")
    var markdown: String?

    @Option(help: "Hardware preset, or \(OpValidation.calibratedHardwareName) (fitted on the A100 data).")
    var hardware: String = OpValidation.calibratedHardwareName

    func run() throws {
        let text: String
        do {
            text = try CostModelReport.markdown(directory: data, hardware: try OpValidation.hardware(named: hardware))
        } catch let error as CustomStringConvertible & Error {
            printError(error.description)
            throw ExitCode(2)
        }
        guard let markdown else { print(text, terminator: ""); return }
        do {
            try text.write(toFile: markdown, atomically: true, encoding: .utf8)
        } catch {
            printError("cannot write \(markdown): \(error.localizedDescription)")
            throw ExitCode(1)
        }
        var stderr = StandardError()
        print("wrote \(markdown)", to: &stderr)
    }
}
