import ArgumentParser
import Foundation
import SimServeKit

/// Checks of command-line values made before any work starts, each naming the option, the
/// value and the allowed range (see the README's "Limits").
enum InputChecks {
    /// Replications per point or per candidate: 1...10,000.
    static let replications = 1...10_000
    /// Simulations one `sweep` or `plan --search` may run: points × replications.
    static let maxSimulations = 100_000

    static func replications(_ value: Int, option: String = "--replications") throws(PlanningInputError) {
        guard replications.contains(value) else {
            throw PlanningInputError(option: option, "must be in 1...\(replications.upperBound), got \(value)")
        }
    }

    /// Worker threads, when given: at least 1.
    static func jobs(_ value: Int?, option: String = "--jobs") throws(PlanningInputError) {
        guard let value, value < 1 else { return }
        throw PlanningInputError(option: option, "must be ≥ 1, got \(value)")
    }

    static func rate(_ value: Double, option: String = "--rate") throws(PlanningInputError) {
        guard InputBounds.rates.contains(value) else {
            throw PlanningInputError(option: option, "must be a number of requests per second in 1e-6...1e7, got \(value)")
        }
    }

    /// A grid of `points` each run `replications` times stays within ``maxSimulations``.
    static func gridSize(points: Int, replications: Int, option: String) throws(PlanningInputError) {
        let (total, overflow) = points.multipliedReportingOverflow(by: replications)
        guard !overflow, total <= maxSimulations else {
            throw PlanningInputError(option: option, "\(points) points × \(replications) replications is more than \(maxSimulations) simulations; narrow the grid or split it with --shard")
        }
    }

    /// The same key given twice in one list of `--set` or `--search` (the last would win
    /// silently): an error naming both.
    static func distinctKeys(_ assignments: [String], option: String) throws(PlanningInputError) {
        var seen: [String: String] = [:]
        for assignment in assignments {
            guard let equals = assignment.firstIndex(of: "=") else { continue }
            let key = assignment[..<equals].trimmingCharacters(in: .whitespaces)
            if let first = seen[key] {
                throw PlanningInputError(option: option, "'\(key)' is given twice ('\(first)' and '\(assignment)'); give it once (a list of values goes in one: \(key)=a,b)")
            }
            seen[key] = assignment
        }
    }

    /// `--out` (or the default directory) can be written, checked before the run.
    static func outputDirectory(_ path: String, option: String = "--out") throws(PlanningInputError) {
        do {
            try OutputFile.checkDirectory(path)
        } catch {
            throw PlanningInputError(option: option, error.description)
        }
    }
}

extension PlanningInputError {
    /// Prints the error and exits with status 2.
    func exit() -> ExitCode {
        printError(description)
        return ExitCode(2)
    }
}

/// The run-size options every command that simulates shares.
struct RunSizeOptions: ParsableArguments {
    @Option(name: .customLong("max-requests"), parsing: .unconditional,
            help: "Refuse a run expected to simulate more requests than this (default 1e8).")
    var maxRequests: Double = 1e8

    @Option(name: .customLong("memory-limit"), parsing: .unconditional,
            help: ArgumentHelp("Refuse a run that may keep more request state than this (default 8GB).", valueName: "size"))
    var memoryLimit = "8GB"

    func limits() throws(PlanningInputError) -> RunSizeEstimate.Limits {
        do {
            guard maxRequests >= 1, maxRequests.isFinite else {
                throw PlanningInputError(option: "--max-requests", "must be ≥ 1, got \(maxRequests)")
            }
            let gigabytes: Double
            do {
                gigabytes = try DeploymentSearch.gigabytes(memoryLimit)
            } catch {
                throw PlanningInputError(option: "--memory-limit", "'\(memoryLimit)' is not a memory size; expected e.g. 8GB or 1.5TB")
            }
            return RunSizeEstimate.Limits(requests: maxRequests, bytes: gigabytes * 1e9)
        }
    }

    /// Refuses `scenario` when its estimated size passes the limits.
    func check(_ scenario: Scenario) throws(PlanningInputError) {
        if let refusal = RunSizeEstimate(scenario.serving).refusal(try limits()) {
            throw PlanningInputError(option: "run size", refusal)
        }
    }
}
