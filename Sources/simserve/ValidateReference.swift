import ArgumentParser
import Calibrator
import Foundation
import SimServeKit

/// `simserve validate reference`: the scheduler's batches run for real on this CPU, against
/// the calibrated cost model's prediction of them.
struct ValidateReference: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reference",
        abstract: "Run a small transformer on this CPU over the simulator's own schedule and compare with the calibrated prediction.",
        discussion: """
            Runs the scenario twice with the same seed. Closed loop: for each iteration the \
            scheduler chooses, a random-weight transformer of the scenario's model shapes (FP32, \
            the calibrator's SIMD kernels) runs that batch and the measured time is the \
            iteration's duration. Pure prediction: the cost model of the scenario's hardware \
            (the profile `simserve calibrate` wrote for this CPU) alone. Reports per-iteration \
            error (the same batch, measured vs predicted) and the error of the TTFT and E2E \
            mean and p90. Needs AVX2 + FMA and Linux.
            """)

    @Option(help: "The scenario (its [model] must be dense, gated, fp32).")
    var scenario: String = "Scenarios/reference-cpu.toml"

    @Option(help: "The hardware profile (replaces the scenario's hardware.profile).")
    var profile: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a scenario key (repeatable).", valueName: "key.path=value"))
    var assignments: [String] = []

    @Option(help: "Kernel threads (1 by default: on a shared machine, one thread's CPU time is its uncontended time; calibrate the profile with the same --threads).")
    var threads: Int = 1

    @Option(help: "Times each batch is run; the --statistic of the repeats is used.")
    var repetitions: Int = 3

    @Option(help: "cpu_median (median process CPU time per thread: the calibration's statistic, robust on a shared machine), cpu_min, min or median (wall clock) of the repeats.")
    var statistic: String = "cpu_median"

    @Option(help: "Write the markdown section to this file (default: print it).")
    var markdown: String?

    @Option(help: "Write every measured iteration (shape, measured, predicted) to this CSV.")
    var iterationsCSV: String?

    func run() throws {
        do {
            try check()
        } catch let error as ExitCode {
            throw error
        } catch let error as CustomStringConvertible & Error {
            printError(error.description)
            throw ExitCode(2)
        }
    }

    private func check() throws {
        guard let machine = MachineDescription.current(), machine.hasAVX2AndFMA else {
            throw CommandInputError("the reference executor needs Linux and a CPU with AVX2 + FMA")
        }
        guard let choice = ReferenceExecutor.Statistic(rawValue: statistic) else {
            throw CommandInputError("--statistic: '\(statistic)' is not one of " + ReferenceExecutor.Statistic.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", "))
        }
        guard repetitions >= 1 else { throw CommandInputError("--repetitions must be ≥ 1, got \(repetitions)") }
        guard threads >= 1 else { throw CommandInputError("--threads must be ≥ 1, got \(threads)") }
        var overrides = ScenarioLoader.Overrides(assignments: assignments)
        if let profile {
            let absolute = profile.hasPrefix("/") ? profile : FileManager.default.currentDirectoryPath + "/" + profile
            overrides.assignments.append("hardware.profile=\"\(absolute)\"")
        }
        let loaded = try ScenarioLoader.load(path: scenario, overrides: overrides)
        guard let model = loaded.model, ReferenceTransformer.canRun(model) else {
            throw CommandInputError("\(scenario): the reference executor runs dense, gated-MLP, fp32 models (weight_dtype and kv_dtype \"fp32\") with head_dim a multiple of 16")
        }
        let serving = loaded.serving
        let bytes = ReferenceTransformer.memoryBytes(model: model, slots: serving.scheduler.maxBatchSize)
        guard bytes < machine.memoryGB * 1e9 / 2 else {
            throw CommandInputError(String(format: "\(scenario): the reference transformer would take %.1f GB (weights twice, KV caches of %d slots × %d tokens); this machine has %.1f GB — use a smaller [model], max_context or max_batch_size",
                                          bytes / 1e9, serving.scheduler.maxBatchSize, model.maxContext, machine.memoryGB))
        }
        FileHandleStandardError.write("Building the reference transformer (\(model.name), \(model.layers) layers, d \(model.hiddenSize))...\n")
        let transformer = ReferenceTransformer(model: model, slots: serving.scheduler.maxBatchSize, threads: threads)
        let executor = ReferenceExecutor(transformer: transformer, predictor: serving.costModel,
                                         repetitions: repetitions, statistic: choice)
        executor.warmUp()
        let started = Date()
        let result = ReferenceCheck.run(configuration: serving, source: executor) {
            executor.iterations.map { ($0.measuredSeconds, $0.predictedSeconds, $0.shape.prefillTokens > 0) }
        }
        let elapsed = Date().timeIntervalSince(started)
        let load = MachineDescription.loadAverage().map { String(format: "%.2f", $0) } ?? "unknown"
        let setup = [
            "`simserve validate reference` (release build) on \(machine.summary).",
            "Scenario `\(scenario)`: \(result.closedLoop.records.count) requests, seed \(loaded.seed) — model `\(model.name)` (\(model.layers) layers, d \(model.hiddenSize), \(model.heads) heads / \(model.kvHeads) KV heads, D \(model.headDim), f \(model.intermediateSize), vocab \(model.vocabSize), fp32, random weights); hardware `\(loaded.hardware?.name ?? "?")` from the profile; max batch \(serving.scheduler.maxBatchSize), \(serving.scheduler.maxTokensPerIteration) tokens per iteration.",
            "Each batch run \(repetitions)× on \(threads) threads, the \(choice.rawValue) time used; \(String(format: "%.0f", elapsed)) s in all; load average \(load) at the end.",
        ]
        let text = result.markdown(setup: setup)
        if let iterationsCSV { try write(executor.iterationsCSV(), to: iterationsCSV) }
        if let markdown {
            try write(text, to: markdown)
            FileHandleStandardError.write("wrote \(markdown)\n")
        } else {
            print(text, terminator: "")
        }
    }

    private func write(_ text: String, to path: String) throws {
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw CommandInputError("cannot write \(path): \(error.localizedDescription)")
        }
    }
}
