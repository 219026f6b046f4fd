import Foundation

extension BenchmarkCase {
    /// Runs the case once in a scratch directory of its own (the generated trace, the run's
    /// files), removed after. `eventlessIterations` off: the reference stepping, every
    /// iteration end an event (``ServingConfiguration/eventlessIterations``).
    public func run(eventlessIterations: Bool = true) throws -> Measurement {
        let scratch = NSTemporaryDirectory() + "/simserve-bench-\(ProcessInfo.processInfo.processIdentifier)"
        try OutputFile.createDirectory(scratch)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let tracePath = scratch + "/trace-100k.csv"
        if kind == .traceRead || toml.contains(Self.generatedTracePlaceholder) {
            try GeneratedTrace.write(to: tracePath)
        }
        let text = toml.replacingOccurrences(of: Self.generatedTracePlaceholder, with: tracePath)
            .replacingOccurrences(of: "dir = \"\"", with: "dir = \"\(scratch)/out\"")
        let clock = ContinuousClock()
        switch kind {
        case .simulation:
            var scenario = try ScenarioLoader.load(toml: text, source: name, baseDirectory: baseDirectory)
            scenario.serving.eventlessIterations = eventlessIterations
            var result: RunResult?
            let elapsed = clock.measure { result = ServingSimulation(configuration: scenario.serving).run() }
            var m = Measurement(result!, seconds: elapsed.seconds)
            m.detail = String(format: "%.2f µs/iteration", elapsed.seconds / Double(max(1, m.iterations)) * 1e6)
            return m
        case .wholeRun(let writesFiles):
            var scenario: Scenario?
            var result: RunResult?
            var json = ""
            let load = try clock.measure { scenario = try ScenarioLoader.load(toml: text, source: name, baseDirectory: baseDirectory) }
            if !writesFiles { scenario!.serving.keepRequestRecords = false }
            scenario!.serving.eventlessIterations = eventlessIterations
            let simulate = clock.measure {
                result = ScenarioRunner.run(scenario!)
                json = SummaryJSON.make(summary: result!.summary, run: scenario!.description(streamSeeds: result!.streamSeeds))
                    .serialized()
            }
            let write = try clock.measure {
                if writesFiles { try ResultWriter(settings: scenario!.output).write(result!, summaryJSON: json) }
            }
            var m = Measurement(result!, seconds: load.seconds + simulate.seconds + write.seconds)
            m.detail = String(format: "load %.3f s · simulate %.3f s · write %.3f s", load.seconds, simulate.seconds, write.seconds)
            return m
        case .traceRead:
            let bytes = (try FileManager.default.attributesOfItem(atPath: tracePath)[.size] as? Int) ?? 0
            let repetitions = 5
            var rows = 0
            let elapsed = try clock.measure {
                for _ in 0..<repetitions { rows = try TraceReader.read(path: tracePath).count }
            }
            var m = Measurement(wallSeconds: elapsed.seconds, requests: rows, events: 0, iterations: 0, simulatedSeconds: 0)
            m.detail = String(format: "%.0f MB/s (%.1f MB × %d)", Double(bytes * repetitions) / elapsed.seconds / 1e6,
                              Double(bytes) / 1e6, repetitions)
            return m
        case .requestCSVWrite:
            var scenario = try ScenarioLoader.load(toml: text, source: name, baseDirectory: baseDirectory)
            scenario.serving.eventlessIterations = eventlessIterations
            let result = ScenarioRunner.run(scenario)
            let path = scratch + "/requests.csv"
            let elapsed = try clock.measure {
                try RequestCSV.write(result.records, classNames: result.summary.classes.map(\.name),
                                     tenantNames: result.summary.tenants.map(\.name), to: path)
            }
            let bytes = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            var m = Measurement(result, seconds: elapsed.seconds)
            m.detail = String(format: "%.0f MB/s (%.1f MB)", Double(bytes) / elapsed.seconds / 1e6, Double(bytes) / 1e6)
            return m
        }
    }
}

extension BenchmarkCase.Measurement {
    init(_ result: RunResult, seconds: Double) {
        self.init(wallSeconds: seconds, requests: result.summary.arrived, events: result.events,
                  iterations: result.summary.iterations, simulatedSeconds: result.summary.simulatedSeconds)
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
