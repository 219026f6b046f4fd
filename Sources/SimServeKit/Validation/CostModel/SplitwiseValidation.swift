import Foundation

/// Splitwise's profile of whole prompt and token phases (Patel et al., ISCA 2024; `perf_model.csv`
/// of its simulator): Llama-2-70B at TP 2, 4 and 8 and BLOOM-176B at TP 8 on a DGX-A100 and a
/// DGX-H100, run by the vLLM of late 2023, each configuration five times. Every row is held out:
/// nothing is fitted on it.
///
/// - *Prompt time* (one prompt of P tokens, batch 1): one prefill iteration of P tokens, through
///   the simulator's cost of that batch. Prompt rows of larger batches are left out: how the
///   engine split a batch of prompts over iterations is not recorded (their times grow faster
///   than the tokens).
/// - *Token time* (the mean time per output token after the first, B sequences decoding
///   together from P to P + T tokens): the mean over the T − 1 decode steps of the cost of B
///   decodes at the context of that step.
///
/// Left out and counted: the power-capped H100 (`h100-80gb-pcap`; its cap is not recorded, no
/// preset), and batch 64, whose prompt time is below batch 32's and whose end-to-end time is
/// ~20× its prompt and token times together (the 64 requests did not run as one batch).
public enum SplitwiseValidation {
    /// The simulator's preset of each of the profile's models and GPUs.
    public static let modelPresets = ["llama2-70b": "llama-2-70b", "bloom-176b": "bloom-176b"]
    public static let hardwarePresets = ["a100-80gb": "a100-80gb", "h100-80gb": "h100-sxm"]
    /// The engine that ran the profile.
    public static let enginePreset = "vllm-v0.2"
    /// Goal of the TP-scaling check (plain MAPE at each TP, %), as ``TPScalingValidation``'s.
    public static let goalPercent = TPScalingValidation.goalPercent

    /// A configuration of the profile.
    public struct Configuration: Hashable, Comparable, Sendable {
        public var model: String
        public var hardware: String
        public var tensorParallel: Int
        public var promptTokens: Int
        public var batch: Int
        public var outputTokens: Int

        public static func < (a: Self, b: Self) -> Bool {
            (a.model, a.hardware, a.tensorParallel, a.batch, a.promptTokens, a.outputTokens)
                < (b.model, b.hardware, b.tensorParallel, b.batch, b.promptTokens, b.outputTokens)
        }
    }

    public enum Phase: String, Sendable { case prompt, token }

    /// One configuration's phase: the median of its repeats against the prediction.
    public struct Row: Sendable, Equatable {
        public var configuration: Configuration
        public var phase: Phase
        public var measuredSeconds: Double
        public var predictedSeconds: Double
        public var relativeError: Double { (predictedSeconds - measuredSeconds) / measuredSeconds }
    }

    /// One configuration's mean GPU power over its run (the A100 rows: `average_power`, a
    /// fraction of the GPU's TDP), measured against the simulator's power model over the same
    /// iterations, W per GPU.
    public struct PowerRow: Sendable, Equatable {
        public var configuration: Configuration
        public var measuredWatts: Double
        public var predictedWatts: Double
        public var relativeError: Double { (predictedWatts - measuredWatts) / measuredWatts }
    }

    public struct Result: Sendable {
        public var rows: [Row]
        public var power: [PowerRow] = []
        /// Rows of the file left out, by reason.
        public var leftOut: [String: Int]
    }

    /// Prompts whose power log did not cover the run: at 8,192 prompt tokens every configuration
    /// averages 0.17–0.18 of TDP (~70 W, an idle A100's draw) while its prompt alone keeps the GPUs
    /// busy for 1.5–3 s; left out of the power rows.
    public static let powerLogMissedPromptTokens = 8192

    /// Reads `path` and predicts every configuration on its presets with `engine` (by name, on
    /// each GPU's preset; ``enginePreset`` unless given).
    /// - Throws: ``OpValidationError`` when the file cannot be read or lacks a column, or
    ///   ``PresetError`` for an unknown engine.
    /// `adjust` edits the engine on each of the profile's GPUs (by the file's name of the GPU).
    public static func run(path: String, engine: String = enginePreset,
                           adjust: (String, inout EngineSpec) -> Void = { _, _ in }) throws -> Result {
        let table = try CSVTable(path: path)
        let source = path.split(separator: "/").last.map(String.init) ?? path
        for column in ["model", "hardware", "tensor_parallel", "prompt_size", "batch_size", "token_size",
                       "prompt_time", "token_time"] where !table.has(column) {
            throw OpValidationError.missingColumn(path: source, column: column)
        }
        var repeats: [Configuration: [(prompt: Double, token: Double)]] = [:]
        var powers: [Configuration: [Double]] = [:]
        var leftOut: [String: Int] = [:]
        for row in table.rows {
            guard let model = table.string(row, "model"), let gpu = table.string(row, "hardware"),
                  let tp = table.number(row, "tensor_parallel"), let prompt = table.number(row, "prompt_size"),
                  let batch = table.number(row, "batch_size"), let tokens = table.number(row, "token_size"),
                  let promptMs = table.number(row, "prompt_time"), let tokenMs = table.number(row, "token_time") else {
                leftOut["unreadable row", default: 0] += 1
                continue
            }
            guard modelPresets[model] != nil else { leftOut["model without a preset: \(model)", default: 0] += 1; continue }
            guard hardwarePresets[gpu] != nil else { leftOut["GPU without a preset: \(gpu)", default: 0] += 1; continue }
            guard batch < 64 else { leftOut["batch 64 (not run as one batch)", default: 0] += 1; continue }
            let key = Configuration(model: model, hardware: gpu, tensorParallel: Int(tp), promptTokens: Int(prompt),
                                    batch: Int(batch), outputTokens: Int(tokens))
            repeats[key, default: []].append((promptMs * 1e-3, tokenMs * 1e-3))
            if let fraction = table.number(row, "average_power"), fraction > 0 {
                if key.promptTokens == powerLogMissedPromptTokens {
                    leftOut["power log missing the run (8,192-token prompts)", default: 0] += 1
                } else {
                    powers[key, default: []].append(fraction)
                }
            }
        }
        var models: [String: RooflineCostModel] = [:]
        var rows: [Row] = []
        var powerRows: [PowerRow] = []
        for key in repeats.keys.sorted() {
            let id = "\(key.model)|\(key.hardware)|\(key.tensorParallel)"
            if models[id] == nil {
                let hardware = try Presets.hardware(named: hardwarePresets[key.hardware]!)
                var runBy = try Presets.engine(named: engine, on: hardware)
                adjust(key.hardware, &runBy)
                models[id] = RooflineCostModel(model: try Presets.model(named: modelPresets[key.model]!),
                                               hardware: hardware, parallelism: Parallelism(tensor: key.tensorParallel),
                                               engine: runBy)
            }
            let model = models[id]!
            let measured = repeats[key]!
            if key.batch == 1 {
                rows.append(Row(configuration: key, phase: .prompt, measuredSeconds: median(measured.map(\.prompt)),
                                predictedSeconds: promptSeconds(model, tokens: key.promptTokens)))
            } else {
                leftOut["prompt phase of a batch > 1 (its iterations not recorded)", default: 0] += measured.count
            }
            rows.append(Row(configuration: key, phase: .token, measuredSeconds: median(measured.map(\.token)),
                            predictedSeconds: tokenSeconds(model, batch: key.batch, prompt: key.promptTokens,
                                                           output: key.outputTokens)))
            if let fractions = powers[key] {
                let power = GPUPowerModel(model.hardware, weightDtype: model.model.weightDtype)
                powerRows.append(PowerRow(configuration: key, measuredWatts: median(fractions) * model.hardware.maxWatts,
                                          predictedWatts: runWatts(model, power: power, configuration: key)))
            }
        }
        return Result(rows: rows, power: powerRows, leftOut: leftOut)
    }

    /// The mean power per GPU over a configuration's run — the batch's prompts in one prefill
    /// iteration, then its T − 1 decode steps — by the simulator's power model: idle draw plus
    /// each iteration's energy above idle (none while the GPUs wait for an eager batch's host),
    /// over the run's time.
    static func runWatts(_ model: RooflineCostModel, power: GPUPowerModel, configuration c: Configuration) -> Double {
        let gpus = c.tensorParallel
        var seconds = 0.0, aboveIdle = 0.0
        func add(_ shape: BatchShape) {
            let cost = model.cost(shape)
            seconds += cost.seconds
            aboveIdle += power.joulesAboveIdle(flops: cost.flops, bytes: cost.bytes, seconds: cost.busySeconds(of: cost.seconds),
                                               gpus: gpus,
                                               attentionShare: cost.decodeAttentionShare,
                                               prefillAttentionShare: cost.prefillAttentionShare)
        }
        add(promptShape(model, tokens: c.promptTokens, batch: c.batch))
        decodeSteps(batch: c.batch, prompt: c.promptTokens, output: c.outputTokens).forEach(add)
        return power.idleWatts + aboveIdle / (Double(gpus) * seconds)
    }

    /// One prefill iteration of `batch` prompts of `tokens` tokens.
    static func promptShape(_ model: RooflineCostModel, tokens: Int, batch: Int = 1) -> BatchShape {
        var shape = BatchShape(attentionQueryTile: max(0, model.hardware.shape.attentionQueryTile ?? 0))
        for _ in 0..<batch { shape.addPrefillChunk(newTokens: tokens, cachedTokens: 0, completesPrompt: true) }
        return shape
    }

    /// The T − 1 decode steps of `batch` sequences after a prompt of `prompt` tokens (none
    /// when T ≤ 1).
    static func decodeSteps(batch: Int, prompt: Int, output: Int) -> [BatchShape] {
        (1..<max(1, output)).map { step in
            var shape = BatchShape()
            shape.addDecodes(count: batch, contextTokens: batch * (prompt + step))
            return shape
        }
    }

    /// One prefill iteration of `tokens` prompt tokens.
    static func promptSeconds(_ model: RooflineCostModel, tokens: Int) -> Double {
        model.cost(promptShape(model, tokens: tokens)).seconds
    }

    /// The mean of the T − 1 decode steps of `batch` sequences after a prompt of `prompt` tokens.
    static func tokenSeconds(_ model: RooflineCostModel, batch: Int, prompt: Int, output: Int) -> Double {
        guard output > 1 else { return 0 }
        return decodeSteps(batch: batch, prompt: prompt, output: output).reduce(0) { $0 + model.cost($1).seconds }
            / Double(output - 1)
    }

    /// The rows `eager_layer_host_us` is fitted on: Llama-2-70B's token phase at TP 8, where a
    /// small eager batch is bound by its host; every other row is held out.
    public static func isFitRow(_ row: Row) -> Bool {
        row.phase == .token && row.configuration.model == "llama2-70b" && row.configuration.tensorParallel == 8
    }

    /// A fitted host time per layer on one GPU's machine, µs, with its bootstrap standard error.
    public struct HostFit: Sendable {
        public var microseconds: Double
        public var standardErrorMicroseconds: Double
        public var rows: Int
    }

    /// Fits `eager_layer_host_us` of `engine` for each GPU's machine of the file on its
    /// ``isFitRow(_:)`` rows: the value in 0…3,000 µs (1 µs steps) with the least plain MAPE of
    /// the token time, each step's cost taken as the engine's without the term plus the wait
    /// for the host (layers × the value less the step's kernels, where positive); ± the spread
    /// of the same fit over 200 resamples of the rows (``BootstrapSpread``).
    public static func fitEagerLayerHost(path: String, engine: String = enginePreset) throws -> [String: HostFit] {
        let base = try run(path: path, engine: engine) { _, e in e.eagerLayerHostUs = 0 }
        let grid = Array(stride(from: 0.0, through: 3000.0, by: 1.0))
        var out: [String: HostFit] = [:]
        for gpu in Array(Set(base.rows.map(\.configuration.hardware))).sorted() {
            let rows = base.rows.filter { isFitRow($0) && $0.configuration.hardware == gpu }
            guard rows.count >= 2 else { continue }
            let hardware = try Presets.hardware(named: hardwarePresets[gpu]!)
            var runBy = try Presets.engine(named: engine, on: hardware)
            runBy.eagerLayerHostUs = 0
            let spec = try Presets.model(named: modelPresets[rows[0].configuration.model]!)
            let model = RooflineCostModel(model: spec, hardware: hardware,
                                          parallelism: Parallelism(tensor: rows[0].configuration.tensorParallel), engine: runBy)
            // Each row's relative error at every grid value.
            let errors: [[Double]] = rows.map { row in
                let c = row.configuration
                let steps = decodeSteps(batch: c.batch, prompt: c.promptTokens, output: c.outputTokens).map { shape in
                    (cost: model.cost(shape).seconds,
                     kernels: model.breakdown(shape).filter { $0.bound != .overhead }.reduce(0) { $0 + $1.seconds })
                }
                return grid.map { us in
                    let issue = us * 1e-6 * Double(spec.layers)
                    let mean = steps.reduce(0) { $0 + $1.cost + max(0, issue - $1.kernels) } / Double(max(1, steps.count))
                    return abs(mean - row.measuredSeconds) / row.measuredSeconds
                }
            }
            func best(_ picks: [Int]) -> Double {
                var bestIndex = 0, bestValue = Double.infinity
                for g in grid.indices {
                    let value = picks.reduce(0) { $0 + errors[$1][g] }
                    if value < bestValue { bestValue = value; bestIndex = g }
                }
                return grid[bestIndex]
            }
            let fitted = best(Array(rows.indices))
            let spread = BootstrapSpread.standardError(rows: rows.count, seed: 1, estimate: best)
            out[gpu] = HostFit(microseconds: fitted, standardErrorMicroseconds: spread, rows: rows.count)
        }
        return out
    }

    /// Plain MAPE and mean signed error (%) of `rows`; nil when empty.
    public static func errors(_ rows: [Row]) -> (mape: Double, bias: Double, count: Int)? {
        guard !rows.isEmpty else { return nil }
        let n = Double(rows.count)
        return (100 * rows.reduce(0) { $0 + abs($1.relativeError) } / n,
                100 * rows.reduce(0) { $0 + $1.relativeError } / n, rows.count)
    }
}
