import Foundation

/// One published measurement of a real serving engine under load (a row of
/// `data/serving/points.csv`; sources in `data/serving/README.md`).
public struct ServingPoint: Equatable, Sendable {
    public var id: String
    public var engine: String
    public var engineVersion: String
    public var gpu: String
    /// Hugging Face id of the model, e.g. "meta-llama/Llama-3.1-70B-Instruct".
    public var model: String
    public var tensorParallel: Int
    /// "bf16", "fp16", "fp8" (weights and activations), "fp4".
    public var dtype: String = "bf16"
    /// "poisson", "all-at-once", "concurrency=N".
    public var arrival: String
    public var ratePerSecond: Double?
    public var prompts: Int?
    /// "sharegpt", "uniform[1,1024]", ...
    public var inputDistribution: String
    public var outputDistribution: String
    /// Mean prompt and output tokens of the run, where the source gives them.
    public var inputMeanTokens: Double? = nil
    public var outputMeanTokens: Double? = nil
    /// Measured medians (ms) and request throughput (req/s); nil where the source gives none.
    public var ttftMedianMs: Double?
    public var tpotMedianMs: Double?
    public var itlMedianMs: Double?
    public var e2eMedianMs: Double?
    /// Mean E2E (ms), where the source gives it.
    public var e2eMeanMs: Double? = nil
    /// Mean TTFT and mean inter-token latency (ms), where the source gives only means.
    public var ttftMeanMs: Double? = nil
    public var itlMeanMs: Double? = nil
    public var requestsPerSecond: Double?
    /// Output tokens per second over the benchmark's duration, where the source gives it.
    public var outputTokensPerSecond: Double? = nil
    public var source: String
    /// The 99th-percentile TTFT (ms), where the source gives it.
    public var ttftP99Ms: Double? = nil
    /// Launch flags the source states (`--max-num-seqs`, `--max-num-batched-tokens`,
    /// `--max-model-len`, `--gpu-memory-utilization`); nil where it leaves the engine's default.
    public var maxNumSeqs: Int? = nil
    public var maxNumBatchedTokens: Int? = nil
    public var maxModelLen: Int? = nil
    public var gpuMemoryUtilization: Double? = nil
}

extension ServingPoint {
    /// Reads every row of a points file written with the columns of `data/serving/points.csv`
    /// (quoted fields may hold commas).
    /// - Throws: ``ServingValidationError`` naming the file, line and column of a bad field.
    public static func read(path: String) throws(ServingValidationError) -> [ServingPoint] {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        var lines = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }
        guard !lines.isEmpty else { throw .unreadable(path: path, reason: "empty file") }
        let header = fields(lines.removeFirst())
        var column: [String: Int] = [:]
        for (i, name) in header.enumerated() { column[name] = i }
        for required in ["id", "engine", "gpu", "model", "tp", "arrival"] where column[required] == nil {
            throw .unreadable(path: path, reason: "no column '\(required)'")
        }
        var points: [ServingPoint] = []
        for (offset, line) in lines.enumerated() {
            let row = fields(line)
            func text(_ name: String) -> String {
                guard let i = column[name], i < row.count else { return "" }
                return row[i]
            }
            func number(_ name: String) throws(ServingValidationError) -> Double? {
                let value = text(name)
                guard !value.isEmpty, value != "inf" else { return nil }
                guard let parsed = Double(value), parsed.isFinite else {
                    throw .badField(path: path, line: offset + 2, column: name, value: value)
                }
                return parsed
            }
            guard let tp = try number("tp"), tp >= 1 else {
                throw .badField(path: path, line: offset + 2, column: "tp", value: text("tp"))
            }
            points.append(ServingPoint(
                id: text("id"), engine: text("engine"), engineVersion: text("engine_version"), gpu: text("gpu"),
                model: text("model"), tensorParallel: Int(tp), dtype: text("dtype").isEmpty ? "bf16" : text("dtype"),
                arrival: text("arrival"),
                ratePerSecond: try number("rate_rps"), prompts: try number("num_prompts").map { Int($0) },
                inputDistribution: text("input_len_dist"), outputDistribution: text("output_len_dist"),
                inputMeanTokens: try number("input_len_mean"), outputMeanTokens: try number("output_len_mean"),
                ttftMedianMs: try number("ttft_median_ms"), tpotMedianMs: try number("tpot_median_ms"),
                itlMedianMs: try number("itl_median_ms"), e2eMedianMs: try number("e2e_median_ms"),
                e2eMeanMs: try number("e2e_mean_ms"), ttftMeanMs: try number("ttft_mean_ms"), itlMeanMs: try number("itl_mean_ms"), requestsPerSecond: try number("req_throughput_rps"),
                outputTokensPerSecond: try number("output_tok_throughput"), source: text("source_id"),
                ttftP99Ms: try number("ttft_p99_ms"),
                maxNumSeqs: try number("max_num_seqs").map { Int($0) },
                maxNumBatchedTokens: try number("max_num_batched_tokens").map { Int($0) },
                maxModelLen: try number("max_model_len").map { Int($0) },
                gpuMemoryUtilization: try number("gpu_memory_utilization")))
        }
        return points
    }

    /// The fields of one CSV line; a field in double quotes may hold commas ("" is a quote).
    static func fields(_ line: String) -> [String] {
        var result: [String] = []
        var field = ""
        var quoted = false
        var previousQuote = false
        for ch in line {
            if quoted {
                if ch == "\"" { quoted = false; previousQuote = true; continue }
                field.append(ch)
            } else if ch == "\"" {
                if previousQuote { field.append("\"") }
                quoted = true
            } else if ch == "," {
                result.append(field); field = ""
            } else {
                field.append(ch)
            }
            previousQuote = false
        }
        result.append(field)
        return result
    }
}

/// Why a serving-validation file could not be used.
public enum ServingValidationError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case badField(path: String, line: Int, column: String, value: String)
    case noPoints(path: String)
    case unknownPoint(path: String, id: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "\(path): cannot be used: \(reason)"
        case .badField(let path, let line, let column, let value):
            "\(path):\(line): column '\(column)' must be a finite number, got '\(value)'"
        case .noPoints(let path): "\(path): no point has a scenario simserve can build (Poisson arrivals, a preset model and GPU)"
        case .unknownPoint(let path, let id):
            "--scenario: '\(id)' is not the id of a point of \(path) that simserve builds a scenario for (see the report's 'point' column)"
        }
    }
}
