import ArgumentParser

/// `simserve validate`: the simulator's error against theory and measured data.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check simserve against queueing theory and measured GPU data.",
        subcommands: [ValidateQueueing.self])
}
