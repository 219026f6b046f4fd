import ArgumentParser
import Foundation
import SimServeKit

/// `simserve bench`: times simserve itself on fixed cases, each in a fresh process so that its
/// peak memory is its own.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure simserve's speed and peak memory on fixed cases (use a release build).")

    @Option(help: "Run only these cases (comma-separated names).")
    var cases: String?

    @Option(help: "Directory of the public request traces.")
    var traces = "../shared/data/traces"

    @Option(help: "Runs per case; the table reports the median and the best wall time.")
    var repetitions = 1

    @Option(name: .customLong("run-one"), help: .hidden)
    var runOne: String?

    /// Every iteration end an event, as before issue 15 (to compare the two).
    @Flag(help: .hidden)
    var referenceStepping = false

    func run() throws {
        let all = BenchmarkCase.standard(traceDirectory: traces)
        if let runOne {
            guard let chosen = all.first(where: { $0.name == runOne }) else { throw ExitCode(2) }
            let m: BenchmarkCase.Measurement
            do { m = try chosen.run(eventlessIterations: !referenceStepping) } catch {
                printError("\(error)")
                throw ExitCode(2)
            }
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            print("\(m.wallSeconds) \(m.requests) \(m.events) \(m.iterations) \(m.simulatedSeconds) \(usage.ru_maxrss) \(m.detail)")
            return
        }
        let names = cases.map { $0.split(separator: ",").map(String.init) } ?? all.map(\.name)
        for name in names where !all.contains(where: { $0.name == name }) {
            printError("unknown case '\(name)'; cases: \(all.map(\.name).joined(separator: ", "))")
            throw ExitCode(2)
        }
        #if DEBUG
        var stderr = StandardError()
        print("warning: this is a debug build; measure with `swift build -c release`", to: &stderr)
        #endif
        print("| case | requests | simulated | iterations | events | wall median (s) | wall best (s) | events/s (best) | process (s, best) | peak RSS (MB) | detail (last run) |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
        for name in names {
            var walls: [Double] = []
            var processBest = Double.infinity
            var fields: [String] = []
            for _ in 0..<max(1, repetitions) {
                let started = Date()
                fields = try runChild(name)
                processBest = min(processBest, Date().timeIntervalSince(started))
                walls.append(Double(fields[0]) ?? .nan)
            }
            walls.sort()
            let wall = walls[walls.count / 2]
            let requests = Int(fields[1]) ?? 0, events = Int(fields[2]) ?? 0
            let rssMB = (Double(fields[5]) ?? 0) / 1024
            let best = walls[0]
            print("| \(name) | \(requests) | \(String(format: "%.0f s", Double(fields[4]) ?? 0)) | \(fields[3]) | \(events) | "
                  + String(format: "%.3f | %.3f | %.2fM | %.3f | %.0f | ", wall, best, Double(events) / best / 1e6, processBest, rssMB)
                  + fields[6...].joined(separator: " ") + " |")
        }
    }

    private func runChild(_ name: String) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        if !FileManager.default.isExecutableFile(atPath: process.executableURL!.path),
           let path = Bundle.main.executablePath {
            process.executableURL = URL(fileURLWithPath: path)
        }
        process.arguments = ["bench", "--traces", traces, "--run-one", name] + (referenceStepping ? ["--reference-stepping"] : [])
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let fields = String(decoding: data, as: UTF8.self).split(separator: " ").map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard process.terminationStatus == 0, fields.count >= 6 else {
            printError("benchmark case '\(name)' failed (status \(process.terminationStatus))")
            throw ExitCode(1)
        }
        return fields
    }
}
