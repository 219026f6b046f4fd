import ArgumentParser
import Foundation
import SimServeKit

/// `simserve validate queueing`: M/M/1, M/D/1 and M/G/1 mean waits against theory.
struct ValidateQueueing: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queueing",
        abstract: "Mean wait in queue of the degenerate simulator vs M/M/1, M/D/1 and M/G/1 theory.")

    @Option(help: "Requests per replication.")
    var requests = 2_000_000

    @Option(help: "Independent replications per case (seeds 1…R).")
    var replications = 10

    @Option(help: "Also write the table to this markdown file.")
    var markdown: String?

    func run() throws {
        guard requests >= 1000, replications >= 2 else {
            printError("--requests must be ≥ 1000 and --replications ≥ 2")
            throw ExitCode(2)
        }
        var rows: [QueueingValidation.Row] = []
        for c in QueueingValidation.standardCases {
            rows.append(try QueueingValidation.run(c, requestsPerReplication: requests, replications: replications))
        }
        let table = QueueingValidation.markdown(rows)
        print(table, terminator: "")
        if let markdown {
            try table.write(toFile: markdown, atomically: true, encoding: .utf8)
        }
    }
}
