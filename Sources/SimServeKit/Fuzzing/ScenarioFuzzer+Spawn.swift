import Foundation

extension ScenarioFuzzer {
    /// Runs `fuzzCase` through the real executable (`simserve run --no-files` with the same
    /// limits), killing it after `timeoutSeconds`: a trap (a signal) or a hang is a violation,
    /// and so is any status but 0, 2 or 3.
    public func checkSpawned(_ fuzzCase: FuzzCase, executable: URL, directory: String,
                             timeoutSeconds: Double) -> Outcome {
        let started = Date()
        var arguments = ["run", baseDirectory + "/" + fuzzCase.scenario, "--no-files",
                         "--max-requests", String(Int(limits.requests)),
                         "--memory-limit", String(format: "%.3fGB", limits.bytes / 1e9)]
        for assignment in baseAssignments + fuzzCase.assignments { arguments += ["--set", assignment] }
        if let trace = fuzzCase.trace {
            let path = directory + "/" + trace.name
            try? Data(trace.text.utf8).write(to: URL(fileURLWithPath: path))
            arguments += ["--trace", path]
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        do {
            try process.run()
        } catch {
            return Outcome(status: -1, seconds: 0, violations: ["cannot start \(executable.path): \(error)"])
        }
        let reader = Thread { _ = errors.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        if done.wait(timeout: .now() + timeoutSeconds) == .timedOut {
            process.terminate()
            done.wait()
            return Outcome(status: -1, seconds: Date().timeIntervalSince(started),
                           violations: ["no exit after \(timeoutSeconds) s (a hang)"])
        }
        let seconds = Date().timeIntervalSince(started)
        let status = process.terminationStatus
        if process.terminationReason == .uncaughtSignal {
            return Outcome(status: 128 + status, seconds: seconds, violations: ["killed by signal \(status) (a trap)"])
        }
        return Outcome(status: status, seconds: seconds,
                       violations: [0, 2, 3].contains(status) ? [] : ["exit status \(status)"])
    }
}

/// What a fuzzing session found, for its closing line.
public struct FuzzReport: Sendable, CustomStringConvertible {
    public var cases = 0
    public var spawned = 0
    public var byStatus: [Int32: Int] = [:]
    public var failures: [(FuzzCase, [String])] = []
    public var slowestSeconds = 0.0
    public var slowest: FuzzCase?
    public var seconds = 0.0

    public init() {}

    mutating func add(_ fuzzCase: FuzzCase, _ outcome: ScenarioFuzzer.Outcome, spawned isSpawned: Bool) {
        cases += 1
        if isSpawned { spawned += 1 }
        byStatus[outcome.status, default: 0] += 1
        if !outcome.violations.isEmpty { failures.append((fuzzCase, outcome.violations)) }
        if outcome.seconds > slowestSeconds { (slowestSeconds, slowest) = (outcome.seconds, fuzzCase) }
    }

    public var description: String {
        let statuses = byStatus.keys.sorted().map { "exit \($0): \(byStatus[$0]!)" }.joined(separator: ", ")
        var text = String(format: "%d cases (%d through the executable) in %.1f s: %@; %d failing; slowest %.2f s",
                          cases, spawned, seconds, statuses, failures.count, slowestSeconds)
            + (slowest.map { " (case \($0.index): \($0))" } ?? "")
        for (fuzzCase, violations) in failures.prefix(20) {
            text += "\n  case \(fuzzCase.index): \(violations.joined(separator: "; "))\n    \(fuzzCase)"
        }
        return text
    }
}

extension ScenarioFuzzer {
    /// Runs cases `first..<first+count`: every case in process, and every `spawnEvery`-th also
    /// through `executable` (none when nil), `jobs` at a time, stopping early at `deadline`.
    public func run(first: Int = 0, count: Int, spawnEvery: Int = 0, executable: URL? = nil, jobs: Int,
                    directory: String, timeoutSeconds: Double = 20, deadline: Date = .distantFuture,
                    progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }) -> FuzzReport {
        let started = Date()
        let fuzzer = self
        let outcomes = ParallelMap.map(count: count, jobs: jobs, finished: progress) { k -> (FuzzCase, Outcome, Bool)? in
            guard Date() < deadline else { return nil }
            let fuzzCase = fuzzer.makeCase(first + k)
            if let executable, spawnEvery > 0, k % spawnEvery == 0 {
                return (fuzzCase, fuzzer.checkSpawned(fuzzCase, executable: executable, directory: directory,
                                                      timeoutSeconds: timeoutSeconds), true)
            }
            return (fuzzCase, fuzzer.check(fuzzCase, directory: directory), false)
        }
        var report = FuzzReport()
        for case let (fuzzCase, outcome, spawned)? in outcomes { report.add(fuzzCase, outcome, spawned: spawned) }
        report.seconds = Date().timeIntervalSince(started)
        return report
    }
}
