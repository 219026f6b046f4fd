import ArgumentParser
import Calibrator
import Foundation
import SimServeKit

/// `simserve calibrate`: time real SIMD kernels on this CPU and fit the cost model to them,
/// or (`--from`) fit it to measured GPU op times.
struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time SIMD matmuls and attention on this CPU and fit the cost model (or fit measured GPU op times).",
        discussion: """
            Without --from: times a blocked AVX2 GEMM on LLM-shaped products (m = 1 to 512 \
            tokens), a STREAM triad, causal prefill attention and decode attention; fits launch \
            time, compute and memory efficiencies and the roofline's sharpness by weighted least \
            squares (GSL); reports each parameter ± standard error, R², and the error on held-out \
            shapes (another model's layer); writes a versioned profile that scenarios load with \
            `[hardware] profile = "hardware/this-cpu.toml"`. About a minute (--quick: ~20 s).

            With --from FILE.csv (repeatable; a directory means its *.mlp.csv files) and \
            --hardware PRESET: fits compute_efficiency, memory_efficiency, kernel_launch_us and \
            roofline_sharpness of the preset to measured GPU op times, predicting through the \
            simulator's own cost model; fits on one file's rows (--fit-on, default the first) \
            and reports the error on every other file's rows. Accepted layout (Vidur profiler \
            <model>.mlp.csv): a header line, comma-separated, '#' comments; columns n_head, \
            n_kv_head, n_embd, n_expanded_embd, vocab_size, use_gated_mlp (True/False), \
            num_tokens, num_tensor_parallel_workers, and time_stats.<op>.median in milliseconds \
            for any of attn_pre_proj, attn_post_proj, mlp_up_proj, mlp_down_proj; other columns \
            are ignored. Writes the fitted preset as a hardware profile (--out, default \
            hardware/<preset>-fitted.toml) that scenarios load the same way.

            Both write every measurement with the fitted prediction beside the profile, as \
            <profile>.measurements.csv (op, split = train/held_out/reference, measured_s, \
            predicted_s, error_percent, then the shape columns).

            With --from-kernels DIR --gpu PRESET: fits the GPU's kernel parameters (GEMM, \
            decode and prefill attention, all-reduce) to NVIDIA aiconfigurator's measured \
            tables in DIR (data/kernels), on the FIT rows of the rule of `simserve validate \
            kernels`; reports each parameter ± standard error beside the preset's, and the \
            error on the held-out rows. Writes hardware/<preset>-kernels.toml unless --out.
            """)

    @Option(help: "Where to write the hardware profile (default: hardware/this-cpu.toml; with --from, hardware/<preset>-fitted.toml).")
    var out: String?

    @Flag(help: "Fewer shapes and repetitions (about 20 s).")
    var quick = false

    @Option(help: "Kernel threads (default: this machine's logical CPUs).")
    var threads: Int?

    @Option(help: "The time fitted per kernel: cpu_median (CPU time per kernel thread: robust when other processes share the cores), min or median (wall clock).")
    var statistic: String = "cpu_median"

    @Option(help: "The profile's hardware name (default: cpu-<threads>c).")
    var name: String?

    @Option(help: ArgumentHelp("Measured GPU op times to fit instead of timing this CPU (repeatable).", valueName: "FILE.csv"))
    var from: [String] = []

    @Option(help: "With --from: the hardware preset whose peaks the measurements ran on (a100-80gb, h100-sxm, ...).")
    var hardware: String?

    @Option(help: "With --from: the file name whose rows are fitted (default: the first file's).")
    var fitOn: String?

    @Flag(help: "With --from: fit the elementwise kernels' figures (efficiency, fixed time, one row's rate of norm, rope, activation, add, embedding) instead of the GEMM terms; fitted on the two Llama-2 files unless --fit-on names others (comma-separated); prints the [hardware] keys.")
    var elementwise = false

    @Option(help: "With --from: fit the GPU's figures for this GEMM library generation (cublas-12.1: PyTorch's CUDA 12.1 wheels, the stacks of 2023–mid-2024) on the linear ops, instead of its own GEMM terms; fitted on the two Llama-2 files unless --fit-on names others (comma-separated); prints the [hardware] key.")
    var gemmLibrary: String?

    @Flag(help: "With --from: fit an engine's time for an eagerly launched all-reduce (eager_all_reduce_us) to Vidur all-reduce files (*.all_reduce.csv: num_workers, size, devices_per_node, time_stats.all_reduce.median), on the first file's single-node rows of at most 1 MiB unless --fit-on names others; reports the others as held out; prints the [engine] key.")
    var eagerAllReduce = false

    @Option(help: ArgumentHelp("Measured kernel tables to fit one GPU's kernel parameters on (aic_*.csv).", valueName: "DIR"))
    var fromKernels: String?

    @Option(help: "With --from-kernels: the GPU preset to fit (h100-sxm, h200, b200, a100-80gb, l40s).")
    var gpu: String?

    @Option(help: ArgumentHelp("With --from-kernels: hold a kernel parameter at a value known from elsewhere instead of fitting it; the rest of its group is fitted around it (repeatable).", valueName: "NAME=VALUE"))
    var hold: [String] = []

    @Option(help: "With --from-kernels: fit the GPU's figures for this engine's own decode-attention kernel over an fp8 KV cache (trtllm-xqa: TensorRT-LLM's XQA, on the tables' TensorRT-LLM rows) instead of its kernel parameters; prints the [hardware] key, the error against the GPU's own figures and the rate its large reads achieved, at which --hold fp8_kv_efficiency=… holds the streaming efficiency.")
    var decodeAttentionKernel: String?

    @Option(help: "With --from-kernels: fit the GPU's figures for this attention library (flash-attention-2: PyTorch's scaled_dot_product_attention, the `torch-flash` rows of a project's own tables such as data/kernels/h200-own) on its decode and prefill attention rows of the FIT head shapes, instead of the GPU's own kernel parameters; prints the [hardware] key and the held-out error against the GPU's own figures.")
    var attentionLibrary: String?

    @Option(help: ArgumentHelp("A serving benchmark's result file to fit the engine's terms on (vllm bench serve / SGLang bench_serving JSON or JSONL, GuideLLM report, inference-perf stage report).", valueName: "FILE"))
    var fromServing: String?

    @Option(help: "With --from-serving: the scenario of the deployment that was benchmarked (model, hardware, TP, engine, scheduler; its workload is replaced per stage).")
    var scenario: String?

    @Option(help: "With --from-serving: the stages to fit, 1-based, comma-separated (default: every other stage by offered rate, from the lightest).")
    var fitStages: String?

    func run() throws {
        do {
            if !hold.isEmpty, fromKernels == nil {
                throw CommandInputError("--hold needs --from-kernels, the measured kernel tables")
            } else if decodeAttentionKernel != nil, fromKernels == nil {
                throw CommandInputError("--decode-attention-kernel needs --from-kernels, the measured kernel tables")
            } else if attentionLibrary != nil, fromKernels == nil {
                throw CommandInputError("--attention-library needs --from-kernels, the measured kernel tables")
            } else if let fromServing {
                guard from.isEmpty, fromKernels == nil else { throw CommandInputError("--from-serving excludes --from and --from-kernels: give one") }
                try fitServing(file: fromServing)
            } else if let fromKernels {
                guard from.isEmpty else { throw CommandInputError("--from and --from-kernels are exclusive: give one") }
                if let attentionLibrary {
                    guard decodeAttentionKernel == nil, out == nil, name == nil else {
                        throw CommandInputError("--attention-library writes no profile: it prints the [hardware] key to add (give it without "
                                                + (decodeAttentionKernel != nil ? "--decode-attention-kernel" : out != nil ? "--out" : "--name") + ")")
                    }
                    try fitAttentionLibrary(attentionLibrary, directory: fromKernels)
                } else if let decodeAttentionKernel {
                    guard out == nil, name == nil else {
                        throw CommandInputError("--decode-attention-kernel writes no profile: it prints the [hardware] key to add (\(out != nil ? "--out" : "--name") is for the GPU's own kernel parameters)")
                    }
                    try fitDecodeAttentionKernel(decodeAttentionKernel, directory: fromKernels)
                } else {
                    try fitKernelTables(directory: fromKernels)
                }
            } else if from.isEmpty {
                guard !elementwise else { throw CommandInputError("--elementwise needs --from, the measured *.mlp.csv files") }
                guard !eagerAllReduce else { throw CommandInputError("--eager-all-reduce needs --from, the measured *.all_reduce.csv files") }
                guard gemmLibrary == nil else { throw CommandInputError("--gemm-library needs --from, the measured *.mlp.csv files") }
                try calibrateThisCPU()
            } else if [elementwise, eagerAllReduce, gemmLibrary != nil].filter({ $0 }).count > 1 {
                throw CommandInputError("--elementwise, --eager-all-reduce and --gemm-library fit different things: give one")
            } else if elementwise { try fitElementwise() } else if eagerAllReduce { try fitEagerAllReduce() }
            else if let gemmLibrary { try fitGemmLibrary(gemmLibrary) } else { try fitMeasuredOps() }
        } catch let error as ExitCode {
            throw error
        } catch let error as CustomStringConvertible & Error {
            printError(error.description)
            throw ExitCode(2)
        }
    }

    private func calibrateThisCPU() throws {
        guard let machine = MachineDescription.current() else {
            throw CommandInputError("cannot read /proc/cpuinfo and /proc/meminfo: the calibrator needs Linux")
        }
        guard machine.hasAVX2AndFMA else {
            throw CommandInputError("this CPU (\(machine.cpuModel)) has no AVX2 + FMA; the calibrator's kernels are built for them")
        }
        let statisticChoice = try fitStatistic()
        let threads = self.threads ?? machine.logicalCPUs
        guard threads >= 1 else { throw CommandInputError("--threads must be ≥ 1, got \(threads)") }
        let peak = machine.peakFlopsPerSecond(cores: min(threads, machine.logicalCPUs))
        FileHandleStandardError.write("Machine: \(machine.summary)\n")
        let run = CalibrationRun(plan: .standard(quick: quick), threads: threads)
        let measurements = run.measure { m, i, n in
            FileHandleStandardError.write(CalibrationReport.progressLine(m, index: i, of: n, peakFlopsPerSecond: peak) + "\n")
        }
        let fit = try CostModelFit.fit(measurements, peakFlopsPerSecond: peak, statistic: statisticChoice)
        let spec = fit.model.hardwareSpec(name: name ?? "cpu-\(threads)c", memoryGB: machine.memoryGB, cores: threads)
        let profile = CalibrationProfile(machine: machine, threads: threads, quick: quick, measurements: measurements,
                                         fit: fit, hardware: spec)
        let out = self.out ?? "hardware/this-cpu.toml"
        try write(profile: profile.toml(), measurements: MeasurementsCSV.text(profile), to: out)
        print(CalibrationReport.text(profile), terminator: "")
        print("Wrote \(out) (use it with [hardware] profile = \"\(out)\") and \(MeasurementsCSV.path(besideProfile: out))")
    }

    private func fitServing(file: String) throws {
        guard let scenario else { throw CommandInputError("--from-serving needs --scenario, the deployment that was benchmarked") }
        let stages = try ServingBenchmarkResult.read(path: file)
        var chosen: Set<Int>?
        if let fitStages {
            var set = Set<Int>()
            for part in fitStages.split(separator: ",") {
                guard let n = Int(part.trimmingCharacters(in: .whitespaces)), n >= 1, n <= stages.count else {
                    throw CommandInputError("--fit-stages: '\(part)' is not a stage number between 1 and \(stages.count)")
                }
                set.insert(n - 1)
            }
            chosen = set
        }
        let calibration = ServingCalibration(stages: stages, scenarioPath: scenario, fitStages: chosen)
        let result = try calibration.run()
        let out = self.out ?? "engines/\(result.engine.name)-fitted.toml"
        let notes = result.terms.map { String(format: "%@ = %.4g ± %.2g (standard error)", $0.key, $0.value, $0.standardError) }
            + ["fit stages: " + result.stages.filter(\.fit).map { "\($0.index + 1)" }.joined(separator: ", ")
               + "; held out: " + result.stages.filter { !$0.fit }.map { "\($0.index + 1)" }.joined(separator: ", ")]
        do {
            let directory = URL(fileURLWithPath: out).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try EngineProfile.file(result.engine, source: file, notes: notes).write(toFile: out, atomically: true, encoding: .utf8)
        } catch {
            throw CommandInputError("cannot write \(out): \(error.localizedDescription)")
        }
        print(ServingCalibrationReport.text(result, file: file), terminator: "")
        print("Wrote \(out) (use it with [engine] profile = \"\(out)\")")
    }

    /// Writes the profile and its measurements CSV beside it.
    func write(profile: String, measurements: String, to out: String) throws {
        let csv = MeasurementsCSV.path(besideProfile: out)
        do {
            let directory = URL(fileURLWithPath: out).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try profile.write(toFile: out, atomically: true, encoding: .utf8)
            try measurements.write(toFile: csv, atomically: true, encoding: .utf8)
        } catch {
            throw CommandInputError("cannot write \(out) and \(csv): \(error.localizedDescription)")
        }
    }

    private func fitStatistic() throws -> FitStatistic {
        guard let choice = FitStatistic(rawValue: statistic) else {
            throw CommandInputError("--statistic: '\(statistic)' is not one of " + FitStatistic.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", "))
        }
        return choice
    }

    private func fitMeasuredOps() throws {
        guard let hardware else { throw CommandInputError("--from needs --hardware, the preset the measurements ran on") }
        let base = try Presets.hardware(named: hardware)
        var rows: [MeasuredOpRow] = []
        for path in from { rows += try MeasuredOpRow.read(path: path) }
        var fit = try MeasuredOpsFit.fit(rows: rows, hardware: base, fitSource: fitOn)
        fit.hardware.name = name ?? "\(hardware)-fitted"
        let out = self.out ?? "hardware/\(hardware)-fitted.toml"
        let profile = MeasuredOpsProfile(fit: fit, files: from, preset: hardware)
        try write(profile: profile.toml(), measurements: MeasurementsCSV.text(fit, rows: rows), to: out)
        print(CalibrationReport.text(fit), terminator: "")
        print("Wrote \(out) (use it with [hardware] profile = \"\(out)\") and \(MeasurementsCSV.path(besideProfile: out))")
    }
}
