import Foundation
import SimServeKit
import TestSupport
import XCTest

/// Iterations without events (issue 15): an iteration whose end is certainly the next event is
/// handled without the event queue. The reference stepping (every iteration end an event) must
/// give the same summary JSON and requests.csv byte for byte, with fewer events handled.
final class EventlessIterationTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws { directory = try TestSupport.temporaryDirectory() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    /// Every bundled scenario, cut to a size that a debug build runs in seconds.
    func testBundledScenariosMatchTheReferenceStepping() throws {
        let scenarios = TestSupport.packageRoot.appendingPathComponent("Scenarios")
        let names = try FileManager.default.contentsOfDirectory(atPath: scenarios.path).filter { $0.hasSuffix(".toml") }.sorted()
        XCTAssertGreaterThan(names.count, 15)
        var fewerEvents = 0
        for name in names {
            let path = scenarios.appendingPathComponent(name).path
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let cut = text.contains("stages") ? [] : text.contains("\nduration") ? ["duration=90s"] : ["requests=400"]
            let scenario = try ScenarioLoader.load(path: path, overrides: .init(assignments: cut))
            let (eventless, stepped) = try compare(scenario, label: name)
            if eventless < stepped { fewerEvents += 1 }
        }
        // Not a property of every scenario (a replica might never run undisturbed), but of most.
        XCTAssertGreaterThan(fewerEvents, names.count / 2)
    }

    /// A horizon that cuts the run short: iterations ending after it are not run.
    func testHorizonCutsBothAlike() throws {
        let path = TestSupport.packageRoot.appendingPathComponent("Scenarios/chat.toml").path
        for horizon in ["7s", "12.345678s"] {
            let scenario = try ScenarioLoader.load(path: path, overrides: .init(assignments: ["horizon=\(horizon)"]))
            let (eventless, stepped) = try compare(scenario, label: "chat, horizon \(horizon)")
            XCTAssertLessThan(eventless, stepped)
        }
    }

    /// Ties: fixed 10 ms iterations and arrivals evenly 10 ms apart end and arrive at the same
    /// nanosecond, where the order of the events decides who is admitted when.
    func testSimultaneousArrivalsAndIterationEndsKeepTheirOrder() throws {
        for (rate, batch) in [(100.0, 4), (50.0, 2), (200.0, 8), (100.0, 1)] {
            let toml = """
                name = "ties"
                seed = 1
                requests = 300
                [cost_model]
                kind = "service_time"
                service_time = { kind = "fixed", seconds = "10ms" }
                [scheduler]
                max_batch_size = \(batch)
                [workload]
                arrival = { kind = "constant", rate = \(rate) }
                prompt_tokens = { kind = "fixed", value = 1 }
                output_tokens = { kind = "uniform", min = 1, max = 6 }
                """
            let scenario = try ScenarioLoader.load(toml: toml, source: "ties.toml")
            let (eventless, stepped) = try compare(scenario, label: "ties, rate \(rate), batch \(batch)")
            XCTAssertLessThan(eventless, stepped)
        }
    }

    /// Seeds × rates on a few shapes (one replica, routed replicas, a central queue, memory pressure).
    func testRandomisedSeedsAndRatesMatch() throws {
        let root = TestSupport.packageRoot.appendingPathComponent("Scenarios")
        let shapes: [(String, [String])] = [
            ("chat.toml", []),
            ("multi-replica-routing.toml", ["duration=40s"]),
            ("multi-replica-routing.toml", ["duration=40s", "cluster.router=\"central_queue\""]),
            ("memory-pressure.toml", []),
        ]
        for (file, base) in shapes {
            for seed: UInt64 in [1, 2, 3, 5, 8] {
                for rate in ["0.5", "4.0", "40.0"] {
                    let assignments = base + ["workload.arrival.rate=\(rate)"] + (base.isEmpty ? ["requests=150"] : [])
                    let scenario = try ScenarioLoader.load(path: root.appendingPathComponent(file).path,
                                                           overrides: .init(assignments: assignments, seed: seed))
                    _ = try compare(scenario, label: "\(file) seed \(seed) rate \(rate) \(base)")
                }
            }
        }
    }

    /// The fuzzer's mutated scenarios and traces: every case that loads and fits runs alike both ways.
    func testFuzzedScenariosMatch() throws {
        var fuzzer = try ScenarioFuzzer(scenarioDirectory: TestSupport.packageRoot.appendingPathComponent("Scenarios").path, seed: 15)
        fuzzer.limits.requests = 1_000
        var simulated = 0
        for index in 0..<240 {
            let fuzzCase = fuzzer.makeCase(index)
            var overrides = ScenarioLoader.Overrides(assignments: fuzzCase.assignments)
            if let trace = fuzzCase.trace {
                let path = directory.appendingPathComponent(trace.name).path
                try Data(trace.text.utf8).write(to: URL(fileURLWithPath: path))
                overrides.tracePath = path
            }
            let toml = fuzzer.scenarios.first { $0.name == fuzzCase.scenario }!.toml
            guard let scenario = try? ScenarioLoader.load(toml: toml, source: fuzzCase.scenario, baseDirectory: fuzzer.baseDirectory,
                                                          overrides: overrides),
                  RunSizeEstimate(scenario.serving).refusal(fuzzer.limits) == nil
            else { continue }
            _ = try compare(scenario, label: fuzzCase.description)
            simulated += 1
        }
        XCTAssertGreaterThan(simulated, 40)
    }

    /// An observer (the timeline) sees every iteration, decode runs included: the same trace,
    /// byte for byte, as under the reference stepping.
    func testTimelineSeesEveryIterationOfADecodeRun() throws {
        let path = TestSupport.packageRoot.appendingPathComponent("Scenarios/chat.toml").path
        var traces: [String] = []
        for eventlessIterations in [true, false] {
            var scenario = try ScenarioLoader.load(path: path, overrides: .init(assignments: ["requests=200"]))
            scenario.serving.eventlessIterations = eventlessIterations
            let recorder = TimelineRecorder(costModel: scenario.serving.costModel)
            let result = ScenarioRunner.run(scenario, observer: recorder)
            XCTAssertGreaterThan(result.summary.iterations, 1_000)
            traces.append(recorder.json())
        }
        XCTAssertEqual(traces[0], traces[1])
    }

    /// Through the CLI: the hidden `--reference-stepping` prints the same JSON summary.
    func testCLIReferenceSteppingPrintsTheSameSummary() throws {
        let scenario = TestSupport.packageRoot.appendingPathComponent("Scenarios/chat.toml").path
        let arguments = ["run", scenario, "--no-files", "--json", "--set", "requests=300"]
        let eventless = try TestSupport.runCLI(arguments)
        let stepped = try TestSupport.runCLI(arguments + ["--reference-stepping"])
        XCTAssertEqual(eventless.status, 0, eventless.stderr)
        XCTAssertEqual(stepped.status, 0, stepped.stderr)
        XCTAssertTrue(eventless.stdout.contains("\"completed\""))
        XCTAssertEqual(eventless.stdout, stepped.stdout)
    }

    /// Runs `scenario` both ways, asserts byte-identical summary JSON and requests.csv, and
    /// returns the events each handled.
    private func compare(_ scenario: Scenario, label: String,
                         file: StaticString = #filePath, line: UInt = #line) throws -> (eventless: Int, stepped: Int) {
        var outputs: [(json: String, csv: Data, events: Int)] = []
        for eventlessIterations in [true, false] {
            var run = scenario
            run.serving.keepRequestRecords = true
            run.serving.eventlessIterations = eventlessIterations
            let result = ScenarioRunner.run(run)
            let json = SummaryJSON.make(summary: result.summary, run: run.description(streamSeeds: result.streamSeeds)).serialized()
            let path = directory.appendingPathComponent("requests-\(eventlessIterations).csv").path
            try RequestCSV.write(result.records, classNames: result.summary.classes.map(\.name),
                                 tenantNames: result.summary.tenants.map(\.name), to: path)
            outputs.append((json, try Data(contentsOf: URL(fileURLWithPath: path)), result.events))
        }
        XCTAssertEqual(outputs[0].json, outputs[1].json, "summary differs: \(label)", file: file, line: line)
        XCTAssertTrue(outputs[0].csv == outputs[1].csv, "requests.csv differs: \(label)", file: file, line: line)
        XCTAssertLessThanOrEqual(outputs[0].events, outputs[1].events, label, file: file, line: line)
        return (outputs[0].events, outputs[1].events)
    }
}
