import ArgumentParser
import SimServeKit

/// `simserve validate attention`: attention kernel samples (decode and prefill rows).
struct ValidateAttention: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attention",
        abstract: "Predicted vs measured attention kernel times (decode and prefill rows).")

    @OptionGroup var options: MeasuredFileOptions

    func run() throws { try options.run(.attention) }
}
