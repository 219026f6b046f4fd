import ArgumentParser
import SimServeKit

/// `simserve validate`: the simulator against queueing theory and measured GPU times.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check simserve against queueing theory, measured GPU kernel times, published serving measurements and measured serving energy.",
        subcommands: [ValidateQueueing.self, ValidateOps.self, ValidateAttention.self, ValidateAllReduce.self,
                      ValidateCostModel.self, ValidateTPScaling.self, ValidateSplitwise.self, ValidateReference.self, ValidateKernels.self, ValidateServing.self,
                      ValidateEnergy.self, ValidateThroughput.self, ValidateMAMF.self])
}

/// The options of the one-file validation commands.
struct MeasuredFileOptions: ParsableArguments {
    @Option(help: "The measured CSV file.")
    var measured: String

    @Option(help: "Hardware preset, or \(OpValidation.calibratedHardwareName) (fitted on the A100 data).")
    var hardware: String = OpValidation.calibratedHardwareName

    @Option(help: "Engine preset the measurements ran under: its elementwise kernels (pytorch: eager modules, the GPU's eager_elementwise figures where it has them) and its time for an eagerly launched all-reduce. Default: none (the GPU's own figures).")
    var engine: String = "none"

    @Option(help: "Worst rows to list.")
    var worst: Int = 10

    @Flag(help: "Print JSON: {\"ops\": {op: MAPE}, \"mape\": …, \"mape_time_weighted\": …} (fractions).")
    var json = false

    /// Validates the file as `kind` and prints the report; usage errors exit with status 2.
    func run(_ kind: OpValidation.FileKind) throws {
        do {
            let gpu = try OpValidation.hardware(named: hardware)
            let report = try OpValidation.validate(file: measured, kind: kind, hardware: gpu,
                                                   engine: try Presets.engine(named: engine, on: gpu))
            let title = "\(measured) on \(gpu.name): predicted vs measured \(kind.rawValue) times"
            print(json ? report.json() : report.text(title: title, worst: worst), terminator: "")
        } catch let error as CustomStringConvertible & Error {
            printError(error.description)
            throw ExitCode(2)
        }
    }
}
