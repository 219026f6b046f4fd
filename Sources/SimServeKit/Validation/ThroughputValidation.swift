import Foundation

/// Predicted vs measured offline output throughput on public max-throughput tables
/// (`data/serving/offline_throughput.csv`, provenance in `data/serving/README.md`):
/// TensorRT-LLM's performance pages (`trtllm_perf_overview`: fp8 on H100/H200, v1.0-era;
/// `trtllm_perf_v090`: fp8 on H100/H200/L40S, fp16 on A100, v0.9.0) and Argonne's
/// LLM-Inference-Bench static batches (`argonne_lib`: fp16, vLLM and TensorRT-LLM, mid-2024).
/// Nothing here is fitted but the `vllm-v0.5` preset's host terms, on Argonne's Llama rows
/// (``isArgonneVLLMFitRow(_:)``); every other cell is held out.
///
/// A cell is simulated when its model and GPU have presets (``modelPresets``; GPU labels are
/// preset names), its engine is vLLM or TensorRT-LLM, and its weights are fp16, bf16, fp8,
/// int8 or int4 (fp4 cells are skipped: simserve has no fp4 type). The scenario (offline, as
/// `trtllm-bench throughput` and the static-batch scripts run it):
/// - all requests arrive at t ≈ 0 (a constant 10⁶ requests/s), prompts of exactly
///   `input_len` tokens, outputs of exactly `output_len` (fixed lengths, as the sources);
/// - requests: a row with a batch latency (Argonne's, the ROCm vLLM latency table) is one static
///   batch of `max_batch` requests; TensorRT-LLM's the
///   stated `num_requests` capped at ``maxRequests`` (v0.9.0 states none: 4 × `max_batch`,
///   at least 1000) — the cap keeps the ramp-down below ~10 % of the run at these batch sizes;
/// - max batch: the row's `max_batch`, else 2048 (TensorRT-LLM 1.0's LLM API default,
///   `max_batch_size`); token budget 8192 per iteration (its `max_num_tokens` default),
///   raised to the prompt length when larger; chunked prefill on;
/// - KV cache: the row's `kv_dtype` where it states one (the ROCm latency runs pass no
///   `--kv-cache-dtype`: fp16), else fp8 in fp8 cells (NVIDIA's ModelOpt fp8 checkpoints
///   quantise the KV cache too, `kv_cache_quant_algo = "FP8"`; an assumption for the v0.9.0
///   table, which does not say), else the weights' type;
/// - engine preset `tensorrt-llm` or, for Argonne's mid-2024 vLLM, `vllm-v0.5` (whose host
///   terms are fitted on the Llama rows of that table: ``fitArgonneVLLM(file:)``);
/// - throughput = output tokens / (last completion − first arrival), for the whole TP group
///   (`total_all_gpus`) or divided by `tp` (`per_gpu`), as the row states.
public enum ThroughputValidation {
    /// Table model id → simserve preset. Llama 3.3 70B has 3.1 70B's architecture; Qwen2 7B
    /// and 72B have Qwen2.5's (same widths, layers, heads and vocabulary).
    public static let modelPresets: [String: String] = [
        "meta-llama/Llama-2-7b-hf": "llama-2-7b", "meta-llama/Llama-2-70b-hf": "llama-2-70b",
        "meta-llama/Meta-Llama-3-8B": "llama-3-8b", "meta-llama/Meta-Llama-3-70B": "llama-3-70b",
        "meta-llama/Llama-3.1-8B-Instruct": "llama-3.1-8b", "meta-llama/Llama-3.3-70B-Instruct": "llama-3.1-70b",
        "meta-llama/Llama-3.1-405B-Instruct": "llama-3.1-405b", "mistralai/Mistral-7B-v0.1": "mistral-7b",
        "mistralai/Mixtral-8x7B-v0.1": "mixtral-8x7b", "Qwen/Qwen2-7B": "qwen2.5-7b", "Qwen/Qwen2-72B": "qwen2.5-72b",
        "Qwen/Qwen3-30B-A3B": "qwen3-30b-a3b", "Qwen/Qwen3-235B-A22B": "qwen3-235b-a22b",
        "amd/Llama-3.1-70B-Instruct-FP8-KV": "llama-3.1-70b", "amd/Llama-3.1-405B-Instruct-FP8-KV": "llama-3.1-405b",
    ]
    /// The most requests one cell simulates.
    public static let maxRequests = 3000
    static let weightTypes: Set<String> = ["fp16", "bf16", "fp8", "int8", "int4"]

    /// One table cell and its prediction.
    public struct Row: Sendable {
        public var id: String, source: String, engine: String, gpu: String, model: String, dtype: String
        public var tp: Int, inputTokens: Int, outputTokens: Int, maxBatch: Int, requests: Int
        public var perGPU: Bool
        /// The KV cache's type where the row states it (`kv_dtype`); nil: fp8 in fp8 cells, else
        /// the weights' type.
        public var kvDtype: String? = nil
        public var measuredTokensPerSecond: Double
        /// nil where the scenario did not run (`failure` says why).
        public var predictedTokensPerSecond: Double?
        public var failure: String?
        /// predicted / measured − 1, nil when not predicted.
        public var error: Double? { predictedTokensPerSecond.map { $0 / measuredTokensPerSecond - 1 } }
    }

    /// The engine a row runs: its own, or `vllm-v0.5` for Argonne's mid-2024 vLLM.
    static func enginePreset(_ row: Row) -> String {
        row.source == "argonne_lib" && row.engine == "vllm" ? "vllm-v0.5" : row.engine
    }

    /// The scenario of `row` on `model` (a preset), as TOML; `engine` and `hardware` (inline
    /// TOML tables) replace the row's engine and GPU presets.
    public static func scenario(_ row: Row, model: String, engine: String? = nil, hardware: String? = nil) -> String {
        let weights = row.dtype == "fp16" ? "fp16" : row.dtype
        return """
            name = "\(row.id)"
            seed = 1
            requests = \(row.requests)
            warmup = "0s"
            engine = \(engine ?? "\"\(enginePreset(row))\"")
            hardware = \(hardware ?? "\"\(row.gpu)\"")
            [model]
            preset = "\(model)"
            weight_dtype = "\(weights)"
            \(row.kvDtype.map { "kv_dtype = \"\($0)\"" } ?? (row.dtype == "fp8" ? "kv_dtype = \"fp8\"" : ""))
            [cluster]
            tp = \(row.tp)
            [scheduler]
            max_batch_size = \(row.maxBatch)
            max_tokens_per_iteration = \(max(8192, row.inputTokens))
            chunked_prefill = true
            [workload]
            arrival = { kind = "constant", rate = 1000000.0 }
            prompt_tokens = { kind = "fixed", value = \(row.inputTokens) }
            output_tokens = { kind = "fixed", value = \(row.outputTokens) }
            [output]
            per_request_csv = false
            """
    }

    /// Reads `path` (offline_throughput.csv's columns) and simulates every cell it can, in
    /// file order; `sources` limits the rows read (all when empty).
    /// - Throws: ``OpValidationError`` when the file cannot be read or lacks a column.
    public static func validate(file path: String, sources: Set<String> = []) throws(OpValidationError) -> [Row] {
        predict(try read(file: path, sources: sources))
    }

    /// The rows of `path` (`sources` only, all when empty), in file order, not yet simulated;
    /// those that cannot be carry their `failure`.
    /// - Throws: ``OpValidationError`` when the file cannot be read or lacks a column.
    public static func read(file path: String, sources: Set<String> = []) throws(OpValidationError) -> [Row] {
        let t = try CSVTable(path: path)
        for column in ["id", "engine", "gpu", "model", "tp", "dtype", "input_len", "output_len", "num_requests", "max_batch",
                       "output_tok_per_s", "throughput_basis", "source_id"] where !t.has(column) {
            throw .missingColumn(path: path, column: column)
        }
        var rows: [Row] = []
        for f in t.rows {
            guard let source = t.string(f, "source_id"), sources.isEmpty || sources.contains(source),
                  let id = t.string(f, "id"), let engine = t.string(f, "engine"), let gpu = t.string(f, "gpu"),
                  let modelID = t.string(f, "model"), let dtype = t.string(f, "dtype"),
                  let tp = t.number(f, "tp").map(Int.init), let input = t.number(f, "input_len").map(Int.init),
                  let output = t.number(f, "output_len").map(Int.init), let measured = t.number(f, "output_tok_per_s")
            else { continue }
            let batch = t.number(f, "max_batch").map(Int.init)
            let stated = t.number(f, "num_requests").map(Int.init)
            // A row with a batch latency is one static batch of `max_batch` requests.
            let staticBatch = t.number(f, "batch_latency_s") != nil
            let requests = staticBatch ? batch ?? 1 : min(maxRequests, stated ?? max(1000, 4 * (batch ?? 256)))
            var row = Row(id: id, source: source, engine: engine, gpu: gpu, model: modelID, dtype: dtype, tp: tp,
                          inputTokens: input, outputTokens: output, maxBatch: batch ?? 2048, requests: requests,
                          perGPU: t.string(f, "throughput_basis") == "per_gpu",
                          kvDtype: t.string(f, "kv_dtype").flatMap { $0.isEmpty ? nil : $0 }, measuredTokensPerSecond: measured)
            row.failure = skipReason(row)
            rows.append(row)
        }
        return rows
    }

    /// Why `row` cannot be simulated, nil when it can.
    static func skipReason(_ row: Row) -> String? {
        if modelPresets[row.model] == nil { return "no model preset for \(row.model)" }
        if Presets.hardwareTOML(named: row.gpu) == nil { return "no hardware preset '\(row.gpu)'" }
        if row.engine != "vllm" && row.engine != "tensorrt-llm" { return "engine \(row.engine)" }
        if !weightTypes.contains(row.dtype) { return "no \(row.dtype) weight type in simserve" }
        return nil
    }

    /// Runs `row`'s scenario and fills in the prediction, or the reason there is none.
    static func simulate(_ row: inout Row, engine: String? = nil, hardware: String? = nil) {
        guard let model = modelPresets[row.model] else { return }
        do {
            let summary = try ScenarioRunner.run(ScenarioLoader.load(toml: scenario(row, model: model, engine: engine,
                                                                                    hardware: hardware),
                                                                     source: "\(row.id).toml")).summary
            guard summary.completed > 0, summary.simulatedSeconds > 0 else {
                row.failure = "no request completed"
                return
            }
            let total = Double(summary.completed * row.outputTokens) / summary.simulatedSeconds
            row.predictedTokensPerSecond = row.perGPU ? total / Double(row.tp) : total
        } catch {
            row.failure = "\(error)".split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        }
    }
}
