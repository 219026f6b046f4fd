import ArgumentParser
import SimServeKit

/// `simserve validate ops`: a Vidur `<model>.mlp.csv` of one layer's token-level ops.
struct ValidateOps: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ops",
        abstract: "Predicted vs measured times of one layer's token-level ops (a Vidur *.mlp.csv).")

    @OptionGroup var options: MeasuredFileOptions

    func run() throws { try options.run(.layerOps) }
}
