import ArgumentParser
import Foundation
import SimServeKit

/// `simserve run`: one simulation → summary table, JSON summary and per-request CSV.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Simulate a scenario and report its latency, throughput, goodput, energy and cost.",
        discussion: """
            Prints a summary table and writes summary.json and requests.csv to the output \
            directory (output.dir in the scenario, or --out). The same scenario and seed give \
            byte-identical files.
            """)

    @OptionGroup var scenario: ScenarioOptions

    @OptionGroup var size: RunSizeOptions

    @Option(help: "Directory for summary.json and requests.csv (replaces output.dir).")
    var out: String?

    @Option(help: "Replay this request trace (CSV) instead of the scenario's workload.")
    var trace: String?

    @Option(help: ArgumentHelp("Write a timeline of the run (Chrome trace-event JSON, for Perfetto).", valueName: "out.json"))
    var timeline: String?

    @Option(help: "Iterations recorded in the timeline at most.")
    var timelineLimit = 200_000

    @Flag(help: "Print the JSON summary instead of the table.")
    var json = false

    @Flag(help: "Write no files.")
    var noFiles = false

    /// Every iteration end an event (the reference stepping): the same outputs, more events.
    @Flag(help: .hidden)
    var referenceStepping = false

    func run() throws {
        var loaded = try scenario.load(tracePath: trace, outputDirectory: out)
        // Nothing is written: no per-request records, memory follows what is in flight.
        if noFiles { loaded.serving.keepRequestRecords = false }
        if referenceStepping { loaded.serving.eventlessIterations = false }
        do throws(PlanningInputError) {
            if !noFiles { try InputChecks.outputDirectory(loaded.output.directory, option: out == nil ? "output.dir" : "--out") }
            if let timeline {
                let parent = (timeline as NSString).deletingLastPathComponent
                try InputChecks.outputDirectory(parent.isEmpty ? "." : parent, option: "--timeline")
            }
            try size.check(loaded)
        } catch {
            throw error.exit()
        }
        let started = Date()
        let recorder = timeline.map { _ in TimelineRecorder(limit: timelineLimit, costModel: loaded.serving.costModel) }
        let result = ScenarioRunner.run(loaded, observer: recorder)
        let wallSeconds = Date().timeIntervalSince(started)
        let description = loaded.description(streamSeeds: result.streamSeeds)
        let summaryJSON = SummaryJSON.make(summary: result.summary, run: description).serialized()
        print(json ? summaryJSON : SummaryTable.render(result.summary, run: description), terminator: "")
        // How far such runs held against published measurements (VALIDATION.md, "End to end").
        if !json, let line = HeldOutErrors.line(for: loaded) { print(line, terminator: "") }

        if !noFiles {
            do {
                try ResultWriter(settings: loaded.output).write(result, summaryJSON: summaryJSON)
            } catch {
                printError("\(error)")
                throw ExitCode(1)
            }
        }
        if let timeline, let recorder {
            do {
                try recorder.write(to: timeline)
            } catch {
                printError("\(error)")
                throw ExitCode(1)
            }
        }
        var stderr = StandardError()
        if loaded.detectsWarmup {
            let cut = result.summary.warmupDetectedRequests.map {
                String(format: "first %d completed requests, arrivals before %.3f s", $0, result.summary.warmupSeconds)
            } ?? "none (fewer than 20 requests completed)"
            print("(warm-up detected by MSER-5: \(cut))", to: &stderr)
        }
        let written = noFiles ? "" : " · wrote \(loaded.output.directory)/"
        print(String(format: "(%d requests, %d events in %.2f s wall%@)", result.summary.arrived, result.events,
                     wallSeconds, written), to: &stderr)
        try checkAssertions(loaded.assertions, against: result.summary)  // [assert]: exit status 3 on a miss
    }
}
