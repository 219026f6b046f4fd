import Foundation

/// Predicted vs measured GPU energy per output token, on the ML.ENERGY benchmark's vLLM runs
/// (`data/kernels/energy.csv`; Chung et al., "The ML.ENERGY Benchmark", NeurIPS D&B 2025;
/// provenance in `data/kernels/README.md`). The power figures were fitted on kernel power
/// tables (`scripts/fit-power.py`); the `vllm-0.11` preset's CPU time per sequence is fitted on the
/// tokens/s of the H100 Llama-3.1-8B and 70B rows (``fitVLLMPerSequence(file:)``); every other
/// row is held out.
///
/// A row is simulated when its task is LMArena chat (``tasks``: the prompts the scenario's
/// length assumption is for; GPQA's reasoning outputs run past the 4,096-token cap below and
/// the fill-in-the-middle code task sends other prompts), its model has a preset
/// (``modelPresets``), its GPU is H100 or B200 (presets `h100-sxm`, `b200`), its engine is vLLM
/// and its weights are bf16 or fp8. The
/// scenario, as the benchmark ran it (ML.ENERGY v3: vLLM 0.11.1, requests submitted at once,
/// energy measured by NVML over the steady state at the configured `max_num_seqs`):
/// - engine `vllm-0.11` (V1: chunked prefill, 8192-token budget), `max_batch_size` = the row's
///   `max_batch`, tensor parallelism `tp`;
/// - closed-loop clients, as many as `max_batch`, with a 1 ms think time (the shortest the
///   scenario takes; the benchmark has none): the batch stays full;
///   6 × `max_batch` requests (at least 600);
/// - output lengths lognormal with the row's mean `avg_output_len`, cv 1, capped at 4096
///   (the benchmark's `--max-output-tokens`); prompts lognormal, mean 200, cv 1.5, capped at
///   8192: an assumption — the LMArena human-preference prompts' lengths are not in the data;
/// - steady state: a first run finds when the last request is issued; the measured run stops
///   there (`horizon`), so the drain, when the batch empties, is left out as the benchmark
///   leaves it out; J/token = GPU energy / output tokens over that span.
public enum EnergyValidation {
    /// ML.ENERGY model id → simserve model preset (Llama 3.3 70B has 3.1 70B's architecture).
    public static let modelPresets: [String: String] = [
        "meta-llama/Llama-3.1-8B-Instruct": "llama-3.1-8b",
        "meta-llama/Llama-3.1-70B-Instruct": "llama-3.1-70b",
        "meta-llama/Llama-3.3-70B-Instruct": "llama-3.1-70b",
        "meta-llama/Llama-3.1-405B-Instruct": "llama-3.1-405b",
        "meta-llama/Llama-3.1-405B-Instruct-FP8": "llama-3.1-405b",
        // Dense models of other families (held out): Qwen3's QK-normed attention and vocabulary
        // of 151,936, Gemma 3's five local (1,024-token window) layers to one global.
        "Qwen/Qwen3-8B": "qwen3-8b",
        "Qwen/Qwen3-14B": "qwen3-14b",
        "Qwen/Qwen3-32B": "qwen3-32b",
        "google/gemma-3-27b-it": "gemma-3-27b",
    ]
    /// The tasks whose rows are simulated: LMArena's chat prompts (see the type's note).
    public static let tasks: Set<String> = ["lm-arena-chat"]
    static let gpuPresets = ["H100": "h100-sxm", "B200": "b200"]
    static let weightTypes = ["bfloat16": "bf16", "fp8": "fp8"]

    /// One measured row and what the simulator predicts for it.
    public struct Row: Sendable {
        public var gpu: String, model: String, task: String, weights: String
        public var tp: Int, maxBatch: Int
        public var measuredJoulesPerToken: Double, measuredWattsPerGPU: Double, measuredTokensPerSecond: Double
        /// The run's median inter-token latency, ms (the file's `tpot_ms`), when the file has it:
        /// at a full batch, the time of a decode step.
        public var measuredMedianITLMs: Double?
        /// nil where the scenario did not run (`failure` says why).
        public var predictedJoulesPerToken: Double?, predictedWattsPerGPU: Double?, predictedTokensPerSecond: Double?
        /// The simulated steady state's median inter-token latency, ms.
        public var predictedMedianITLMs: Double?
        public var predictedBatch: Double?
        /// The model's context limit the scenario ran with, where the preset's left simserve's KV
        /// cache less than one sequence of it (``contextLimitThatLoads``); nil: the preset's.
        public var contextLimit: Int?
        public var failure: String?

        /// (predicted − measured) / measured of J/token, nil when not predicted.
        public var error: Double? { predictedJoulesPerToken.map { $0 / measuredJoulesPerToken - 1 } }

        /// (predicted − measured) / measured of the median inter-token latency, nil when either is missing.
        public var medianITLError: Double? {
            guard let measured = measuredMedianITLMs, measured > 0, let predicted = predictedMedianITLMs else { return nil }
            return predicted / measured - 1
        }
    }

    /// The scenario of one row, as TOML.
    /// `engine` (TOML: a preset name in quotes or an inline table) replaces the `vllm` preset.
    /// `hardware` (TOML: an inline table over the preset) replaces `gpu`'s preset name.
    /// `maxContext` replaces the preset's context limit.
    public static func scenario(model: String, gpu: String, weights: String, tp: Int, maxBatch: Int,
                                outputTokens: Double, horizonSeconds: Double? = nil, engine: String = "\"vllm-0.11\"",
                                hardware: String? = nil, maxContext: Int? = nil) -> String {
        let requests = max(600, 6 * maxBatch)
        return """
            name = "mlenergy"
            seed = 1
            requests = \(requests)
            warmup = "0s"
            \(horizonSeconds.map { "horizon = \"\($0)s\"" } ?? "")
            engine = \(engine)
            hardware = \(hardware ?? "\"\(gpu)\"")
            [model]
            preset = "\(model)"
            weight_dtype = "\(weights)"
            \(maxContext.map { "max_context = \($0)" } ?? "")
            [cluster]
            tp = \(tp)
            [scheduler]
            max_batch_size = \(maxBatch)
            max_tokens_per_iteration = 8192
            chunked_prefill = true
            [workload]
            clients = { users = \(maxBatch), think_time = { kind = "fixed", seconds = "1ms" } }
            prompt_tokens = { kind = "lognormal", mean = 200, cv = 1.5, min = 1, max = 8192 }
            output_tokens = { kind = "lognormal", mean = \(outputTokens), cv = 1.0, min = 1, max = 4096 }
            [output]
            per_request_csv = false
            """
    }

    /// Reads `path` (energy.csv's columns) and simulates every row it can, in file order;
    /// `hardware`: by preset name, an inline TOML table that replaces it.
    /// - Throws: ``OpValidationError`` when the file cannot be read or lacks a column.
    public static func validate(file path: String, engine: String = "\"vllm-0.11\"",
                                hardware: [String: String] = [:]) throws(OpValidationError) -> [Row] {
        let table = try CSVTable(path: path)
        for column in ["gpu", "model", "task", "weight_precision", "engine", "tp", "max_batch",
                       "j_per_output_token", "avg_power_w_per_gpu", "output_tok_per_s", "avg_output_len"]
        where !table.has(column) {
            throw .missingColumn(path: path, column: column)
        }
        var rows: [Row] = []
        for fields in table.rows {
            guard let task = table.string(fields, "task"), tasks.contains(task),
                  let gpu = table.string(fields, "gpu").flatMap({ gpuPresets[$0] }),
                  let modelID = table.string(fields, "model"), let model = modelPresets[modelID],
                  table.string(fields, "engine") == "vllm",
                  let weights = table.string(fields, "weight_precision").flatMap({ weightTypes[$0] }),
                  let tp = table.number(fields, "tp").map(Int.init), let batch = table.number(fields, "max_batch").map(Int.init),
                  let joules = table.number(fields, "j_per_output_token"), let watts = table.number(fields, "avg_power_w_per_gpu"),
                  let tokensPerSecond = table.number(fields, "output_tok_per_s"),
                  let outputs = table.number(fields, "avg_output_len")
            else { continue }
            var row = Row(gpu: table.string(fields, "gpu") ?? gpu, model: modelID, task: task,
                          weights: weights, tp: tp, maxBatch: batch, measuredJoulesPerToken: joules,
                          measuredWattsPerGPU: watts, measuredTokensPerSecond: tokensPerSecond,
                          measuredMedianITLMs: table.has("tpot_ms") ? table.number(fields, "tpot_ms") : nil)
            simulate(&row, model: model, gpu: gpu, outputTokens: outputs, engine: engine, hardware: hardware[gpu])
            rows.append(row)
        }
        return rows
    }

    /// Runs the row's scenario twice (to find the steady state, then over it) and fills in
    /// the prediction, or the reason there is none.
    static func simulate(_ row: inout Row, model: String, gpu: String, outputTokens: Double, engine: String, hardware: String?) {
        func load(_ horizon: Double?, maxContext: Int? = row.contextLimit) throws -> Scenario {
            try ScenarioLoader.load(toml: scenario(model: model, gpu: gpu, weights: row.weights, tp: row.tp,
                                                   maxBatch: row.maxBatch, outputTokens: outputTokens,
                                                   horizonSeconds: horizon, engine: engine, hardware: hardware,
                                                   maxContext: maxContext),
                                    source: "mlenergy.toml")
        }
        if (try? load(nil)) == nil {
            row.contextLimit = contextLimitThatLoads(model: model) { (try? load(nil, maxContext: $0)) != nil }
        }
        do {
            let full = try ScenarioRunner.run(load(nil)).summary
            guard let lastArrival = full.lastArrivalSeconds, lastArrival > 0 else {
                row.failure = "no request arrived"
                return
            }
            let steady = try ScenarioRunner.run(load(lastArrival)).summary
            row.predictedJoulesPerToken = steady.gpuJoulesPerOutputToken
            row.predictedWattsPerGPU = steady.averageWattsPerGPU
            row.predictedBatch = steady.meanBatchSize
            row.predictedMedianITLMs = steady.itl.map { $0.p50 * 1000 }
            if let joules = steady.gpuEnergyJoules, let perToken = steady.gpuJoulesPerOutputToken, perToken > 0 {
                row.predictedTokensPerSecond = joules / perToken / steady.simulatedSeconds
            }
        } catch {
            row.failure = "\(error)".split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        }
    }

    /// The longest request the scenario sends: a prompt and an output at their caps.
    static let longestRequestTokens = 8192 + 4096

    /// Where the preset's context limit leaves simserve's KV cache less than one sequence of it
    /// (Qwen3-32B's 40,960 tokens on one H100, whose run started: vLLM's activation estimate is
    /// smaller than simserve's, as in `validate serving`'s ``ServingValidation/contextFitted(_:)``),
    /// the largest limit that `loads`, if every request of the scenario fits in it; else nil
    /// (the preset's limit stands and its error is reported).
    static func contextLimitThatLoads(model: String, loads: (Int) -> Bool) -> Int? {
        guard let presetLimit = try? Presets.model(named: model).maxContext, presetLimit > longestRequestTokens else { return nil }
        return LargestContextLimit.search(longestRequestTokens...(presetLimit - 1), loads: loads)
    }
}
