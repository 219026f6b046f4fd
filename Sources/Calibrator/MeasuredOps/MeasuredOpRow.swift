import Foundation
import SimServeKit

/// One measured GPU op time from a Vidur-profiler `<model>.mlp.csv` row: a layer shape, a
/// token count, a TP degree, an op name and its median time.
///
/// Accepted layout (comma-separated, a header line, `#` comments): columns `n_head`,
/// `n_kv_head`, `n_embd`, `n_expanded_embd`, `vocab_size`, `use_gated_mlp` (True/False),
/// `num_tokens`, `num_tensor_parallel_workers`, and one `time_stats.<op>.median` column
/// (milliseconds) per op, for any of `attn_pre_proj`, `attn_post_proj`, `mlp_up_proj`,
/// `mlp_down_proj` (the linear ops that are fitted). Other columns are ignored.
public struct MeasuredOpRow: Equatable, Sendable {
    public var source: String
    public var op: String
    public var model: ModelSpec
    public var tokens: Int
    public var tensorParallel: Int
    public var measuredSeconds: Double

    /// The ops read: the four GEMMs of a layer, by the profiler's names.
    public static let linearOps = ["attn_pre_proj", "attn_post_proj", "mlp_up_proj", "mlp_down_proj"]
    static let requiredColumns = ["n_head", "n_kv_head", "n_embd", "n_expanded_embd", "vocab_size",
                                  "use_gated_mlp", "num_tokens", "num_tensor_parallel_workers"]

    /// The rows of CSV `text`; `source` names it in errors and reports.
    /// - Throws: ``MeasuredOpsError`` for a missing column or no usable row.
    public static func parse(csv text: String, source: String) throws(MeasuredOpsError) -> [MeasuredOpRow] {
        let lines = text.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("#") && !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        guard let head = lines.first else { throw .noRows(source: source) }
        let header = head.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        var index: [String: Int] = [:]
        for (i, name) in header.enumerated() where index[name] == nil { index[name] = i }
        for column in requiredColumns where index[column] == nil { throw .missingColumn(source: source, column: column) }
        let ops = linearOps.filter { index["time_stats.\($0).median"] != nil }
        guard !ops.isEmpty else { throw .missingColumn(source: source, column: "time_stats.<op>.median for one of \(linearOps.joined(separator: ", "))") }
        var rows: [MeasuredOpRow] = []
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            func number(_ column: String) -> Double? {
                guard let i = index[column], i < fields.count else { return nil }
                return Double(fields[i].trimmingCharacters(in: .whitespaces))
            }
            guard let heads = number("n_head"), let kvHeads = number("n_kv_head"), let hidden = number("n_embd"),
                  let ffn = number("n_expanded_embd"), let vocab = number("vocab_size"),
                  let tokens = number("num_tokens"), let tp = number("num_tensor_parallel_workers"),
                  heads > 0, hidden > 0, tokens > 0, tp > 0, let gatedIndex = index["use_gated_mlp"], gatedIndex < fields.count
            else { continue }
            let gated = fields[gatedIndex].trimmingCharacters(in: .whitespaces).lowercased() == "true"
            let model = ModelSpec(name: source, layers: 1, hiddenSize: Int(hidden), heads: Int(heads), kvHeads: Int(kvHeads),
                                  headDim: Int(hidden / heads), intermediateSize: Int(ffn), vocabSize: Int(vocab),
                                  gatedMLP: gated, maxContext: 4096)
            for op in ops {
                guard let ms = number("time_stats.\(op).median"), ms > 0 else { continue }
                rows.append(MeasuredOpRow(source: source, op: op, model: model, tokens: Int(tokens),
                                          tensorParallel: Int(tp), measuredSeconds: ms * 1e-3))
            }
        }
        guard !rows.isEmpty else { throw .noRows(source: source) }
        return rows
    }

    /// Reads `path` (a file, or a directory whose `*.mlp.csv` files are all read).
    public static func read(path: String) throws(MeasuredOpsError) -> [MeasuredOpRow] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw .unreadable(path: path) }
        if isDirectory.boolValue {
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0.hasSuffix(".mlp.csv") }.sorted()
            guard !files.isEmpty else { throw .noRows(source: path) }
            var rows: [MeasuredOpRow] = []
            for file in files { rows += try read(path: path + "/" + file) }
            return rows
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw .unreadable(path: path) }
        return try parse(csv: text, source: URL(fileURLWithPath: path).lastPathComponent)
    }

    /// The simulator's prediction of this op on `hardware`, run eagerly (no CUDA graphs, as the
    /// profiler timed it): ``SimServeKit/RooflineCostModel/breakdown(_:)`` of a one-layer model.
    public func predictedSeconds(on hardware: HardwareSpec) -> Double {
        var eager = hardware
        eager.cudaGraphs = false
        let cost = RooflineCostModel(model: model, hardware: eager, parallelism: Parallelism(tensor: tensorParallel))
        var shape = BatchShape()
        shape.addPrefillChunk(newTokens: tokens, cachedTokens: 0, completesPrompt: false)
        return cost.breakdown(shape).first { $0.op == op }?.seconds ?? 0
    }
}

/// Why measured op times could not be used.
public enum MeasuredOpsError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadable(path: String)
    case missingColumn(source: String, column: String)
    case noRows(source: String)
    case noHeldOutRows(fitSource: String)

    public var description: String {
        switch self {
        case .unreadable(let path): return "cannot read \(path)"
        case let .missingColumn(source, column): return "\(source) has no column '\(column)'"
        case .noRows(let source): return "\(source) has no usable rows (see `simserve calibrate --help` for the layout)"
        case .noHeldOutRows(let source): return "every row comes from \(source); give other models' files to hold out"
        }
    }
}
