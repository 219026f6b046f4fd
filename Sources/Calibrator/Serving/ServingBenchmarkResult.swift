import Foundation

/// One load stage of a serving benchmark that a user ran against a real deployment: the
/// offered load, the request sizes and the latencies the load generator measured.
public struct ServingBenchmarkStage: Equatable, Sendable {
    /// Offered request rate (req/s); nil for all-at-once or concurrency-bound stages.
    public var ratePerSecond: Double?
    /// Whether arrivals were evenly spaced (GuideLLM `constant`, inference-perf) rather than
    /// Poisson (`vllm bench serve` with burstiness 1, SGLang's `bench_serving`).
    public var constantRate: Bool
    public var completed: Int
    public var meanInputTokens: Double
    public var meanOutputTokens: Double
    /// Per-request lengths when the file has them (`--save-detailed`).
    public var inputLengths: [Int]?
    public var outputLengths: [Int]?
    /// SGLang's random dataset: lengths uniform over [max(1, ⌊L·ratio⌋), L].
    public var randomLengths: (input: Int, output: Int, ratio: Double)?
    /// Prompts and outputs drawn from ShareGPT (`dataset_name = "sharegpt"`) without per-request
    /// lengths in the file: lengths spread as ShareGPT's around the stage's means.
    public var shareGPTLengths = false
    /// Measured figures in ms (req/s for `requests_per_second`), by name:
    /// ttft_mean, ttft_median, tpot_mean, tpot_median, itl_mean, itl_median, e2e_mean, e2e_median.
    public var metrics: [String: Double]
    public var requestsPerSecond: Double?
    /// The benchmark's wall time, seconds, when the file gives it (drain included).
    public var durationSeconds: Double? = nil

    public static func == (a: Self, b: Self) -> Bool {
        a.ratePerSecond == b.ratePerSecond && a.completed == b.completed && a.metrics == b.metrics
            && a.meanInputTokens == b.meanInputTokens && a.meanOutputTokens == b.meanOutputTokens
    }
}

/// Reads the result files of the load generators people run, each stage as a
/// ``ServingBenchmarkStage``:
/// - `vllm bench serve --save-result` JSON (and SGLang's `bench_serving` JSONL, one stage per
///   line): `request_rate`, `completed`, `total_input_tokens`, `total_output_tokens`,
///   `{mean,median}_{ttft,tpot,itl}_ms`, `{mean,median}_e2el_ms` (SGLang:
///   `{mean,median}_e2e_latency_ms`), `request_throughput`, optional `input_lens`/`output_lens`,
///   SGLang's `random_input_len`/`random_output_len`/`random_range_ratio`.
/// - GuideLLM's report JSON: `benchmarks[]` with `args.strategy.{type_, rate}` and
///   `metrics.{time_to_first_token_ms, time_per_output_token_ms, inter_token_latency_ms,
///   request_latency (s), prompt_token_count, output_token_count, requests_per_second}.successful.{mean, median}`.
/// - inference-perf's per-stage report: `load_summary.{requested_rate, count}` and
///   `successes.{count, latency.{time_to_first_token, time_per_output_token, inter_token_latency,
///   request_latency}.{mean, median} (s), prompt_len.mean, output_len.mean}`.
public enum ServingBenchmarkResult {
    public enum ReadError: Error, Equatable, Sendable, CustomStringConvertible {
        case unreadable(path: String, reason: String)
        case unknownLayout(path: String)
        case missing(path: String, stage: Int, field: String)

        public var description: String {
            switch self {
            case .unreadable(let path, let reason): "\(path): cannot be read: \(reason)"
            case .unknownLayout(let path):
                "\(path): not a result file simserve reads (vllm bench serve / SGLang bench_serving JSON or JSONL, GuideLLM report JSON, inference-perf stage report)"
            case .missing(let path, let stage, let field): "\(path): stage \(stage + 1) has no '\(field)'"
            }
        }
    }

    /// The stages of the result file at `path`, in file order.
    public static func read(path: String) throws(ReadError) -> [ServingBenchmarkStage] {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        var objects: [[String: Any]] = []
        if let whole = try? JSONSerialization.jsonObject(with: Data(text.utf8)) {
            if let object = whole as? [String: Any] { objects = [object] } else if let array = whole as? [[String: Any]] { objects = array }
        } else {
            for line in text.split(whereSeparator: \.isNewline) where !line.allSatisfy(\.isWhitespace) {
                guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] else {
                    throw .unreadable(path: path, reason: "a line is not a JSON object")
                }
                objects.append(object)
            }
        }
        guard !objects.isEmpty else { throw .unknownLayout(path: path) }
        var stages: [ServingBenchmarkStage] = []
        for object in objects {
            if let benchmarks = object["benchmarks"] as? [[String: Any]] {
                for b in benchmarks { stages.append(try guideLLM(b, path: path, index: stages.count)) }
            } else if object["load_summary"] != nil {
                stages.append(try inferencePerf(object, path: path, index: stages.count))
            } else if object["completed"] != nil {
                stages.append(try benchServe(object, path: path, index: stages.count))
            } else {
                throw .unknownLayout(path: path)
            }
        }
        return stages
    }

    static func number(_ value: Any?) -> Double? {
        if let d = value as? Double { return d.isFinite ? d : nil }
        if let i = value as? Int { return Double(i) }
        if let s = value as? String { return Double(s) }
        return nil
    }

    static func benchServe(_ o: [String: Any], path: String, index: Int) throws(ReadError) -> ServingBenchmarkStage {
        guard let completed = number(o["completed"]), completed >= 1 else { throw .missing(path: path, stage: index, field: "completed") }
        guard let input = number(o["total_input_tokens"]) else { throw .missing(path: path, stage: index, field: "total_input_tokens") }
        guard let output = number(o["total_output_tokens"]) else { throw .missing(path: path, stage: index, field: "total_output_tokens") }
        var metrics: [String: Double] = [:]
        for (name, keys) in [("ttft", ["ttft"]), ("tpot", ["tpot"]), ("itl", ["itl"]), ("e2e", ["e2el", "e2e_latency"])] {
            for stat in ["mean", "median"] {
                for key in keys { if let v = number(o["\(stat)_\(key)_ms"]) { metrics["\(name)_\(stat)"] = v } }
            }
        }
        var random: (Int, Int, Double)?
        if (o["dataset_name"] as? String) == "random", let i = number(o["random_input_len"]), let out = number(o["random_output_len"]) {
            random = (Int(i), Int(out), number(o["random_range_ratio"]) ?? 1)
        }
        var stage = ServingBenchmarkStage(
            ratePerSecond: number(o["request_rate"]), constantRate: false, completed: Int(completed),
            meanInputTokens: input / completed, meanOutputTokens: output / completed,
            inputLengths: (o["input_lens"] as? [Any])?.compactMap { number($0).map { Int($0) } },
            outputLengths: (o["output_lens"] as? [Any])?.compactMap { number($0).map { Int($0) } },
            randomLengths: random, metrics: metrics,
            requestsPerSecond: number(o["request_throughput"]) ?? number(o["duration"]).flatMap { $0 > 0 ? completed / $0 : nil },
            durationSeconds: number(o["duration"]))
        stage.shareGPTLengths = (o["dataset_name"] as? String) == "sharegpt"
        return stage
    }

    static func guideLLM(_ b: [String: Any], path: String, index: Int) throws(ReadError) -> ServingBenchmarkStage {
        let metrics = b["metrics"] as? [String: Any] ?? [:]
        func stat(_ name: String, _ key: String) -> Double? {
            number(((metrics[name] as? [String: Any])?["successful"] as? [String: Any])?[key])
        }
        let strategy = (b["args"] as? [String: Any])?["strategy"] as? [String: Any]
        let kind = strategy?["type_"] as? String ?? strategy?["type"] as? String ?? ""
        guard let input = stat("prompt_token_count", "mean") else { throw .missing(path: path, stage: index, field: "metrics.prompt_token_count") }
        guard let output = stat("output_token_count", "mean") else { throw .missing(path: path, stage: index, field: "metrics.output_token_count") }
        let counts = (b["run_stats"] as? [String: Any])?["requests_made"] as? [String: Any]
        var values: [String: Double] = [:]
        for (name, key, scale) in [("ttft", "time_to_first_token_ms", 1.0), ("tpot", "time_per_output_token_ms", 1.0),
                                   ("itl", "inter_token_latency_ms", 1.0), ("e2e", "request_latency", 1000.0)] {
            for s in ["mean", "median"] { if let v = stat(key, s) { values["\(name)_\(s)"] = v * scale } }
        }
        return ServingBenchmarkStage(
            ratePerSecond: number(strategy?["rate"]), constantRate: kind == "constant", completed: Int(number(counts?["successful"]) ?? 0),
            meanInputTokens: input, meanOutputTokens: output, inputLengths: nil, outputLengths: nil, randomLengths: nil,
            metrics: values, requestsPerSecond: stat("requests_per_second", "mean"))
    }

    static func inferencePerf(_ o: [String: Any], path: String, index: Int) throws(ReadError) -> ServingBenchmarkStage {
        let load = o["load_summary"] as? [String: Any] ?? [:]
        let successes = o["successes"] as? [String: Any] ?? [:]
        let latency = successes["latency"] as? [String: Any] ?? [:]
        guard let input = number((successes["prompt_len"] as? [String: Any])?["mean"]) else {
            throw .missing(path: path, stage: index, field: "successes.prompt_len.mean")
        }
        guard let output = number((successes["output_len"] as? [String: Any])?["mean"]) else {
            throw .missing(path: path, stage: index, field: "successes.output_len.mean")
        }
        var values: [String: Double] = [:]
        for (name, key) in [("ttft", "time_to_first_token"), ("tpot", "time_per_output_token"),
                            ("itl", "inter_token_latency"), ("e2e", "request_latency")] {
            for s in ["mean", "median"] {
                if let v = number((latency[key] as? [String: Any])?[s]) { values["\(name)_\(s)"] = v * 1000 }
            }
        }
        return ServingBenchmarkStage(
            ratePerSecond: number(load["requested_rate"]), constantRate: true,
            completed: Int(number(successes["count"]) ?? number(load["count"]) ?? 0),
            meanInputTokens: input, meanOutputTokens: output, inputLengths: nil, outputLengths: nil, randomLengths: nil,
            metrics: values, requestsPerSecond: number(load["achieved_rate"]))
    }
}
