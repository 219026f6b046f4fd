import ArgumentParser

@main
struct SimServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simserve",
        abstract: "A discrete-event simulator of LLM inference serving.",
        discussion: """
            Describe a deployment (model, GPUs, parallelism, scheduler, workload, SLOs) in a TOML \
            scenario and get the latency distributions, throughput, goodput, memory, energy and \
            cost it would show — in seconds, without a GPU.
            """,
        version: "0.1.0",
        subcommands: [Run.self, Sweep.self, Merge.self, Plan.self, Bench.self, Cost.self, Validate.self, Calibrate.self, Fuzz.self]
    )
}
