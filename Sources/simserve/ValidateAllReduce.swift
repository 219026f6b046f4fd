import ArgumentParser
import SimServeKit

/// `simserve validate allreduce`: NCCL all-reduce times by workers and size.
struct ValidateAllReduce: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allreduce",
        abstract: "Predicted vs measured all-reduce times by workers and message size.")

    @OptionGroup var options: MeasuredFileOptions

    func run() throws { try options.run(.allReduce) }
}
