import Foundation

/// One row of a Vidur `<model>.mlp.csv`: a layer shape at a TP degree and a token count, with
/// the measured median time of each of its token-level ops. Read once and shared by the
/// elementwise fit (``ElementwiseFit``) and the TP-scaling check (``TPScalingValidation``).
struct LayerOpSample: Sendable {
    /// The file the row came from (name without directory).
    let source: String
    let model: ModelSpec
    let tokens: Double
    let tensorParallel: Int
    /// Measured seconds by profiler op name (ops with a positive median only).
    let measured: [String: Double]

    /// Every op column a Vidur layer file may hold, in execution order.
    static let opNames = ["emb", "input_layernorm", "attn_pre_proj", "attn_rope", "attn_post_proj",
                          "post_attention_layernorm", "mlp_up_proj", "mlp_act", "mlp_down_proj", "add"]

    /// The rows of `table` (a `<model>.mlp.csv` read as `source`).
    /// - Throws: ``OpValidationError/missingColumn(path:column:)`` for a missing shape column.
    static func read(_ table: CSVTable, source: String) throws(OpValidationError) -> [LayerOpSample] {
        for column in ["n_head", "n_kv_head", "n_embd", "n_expanded_embd", "vocab_size", "use_gated_mlp",
                       "num_tokens", "num_tensor_parallel_workers"] where !table.has(column) {
            throw .missingColumn(path: source, column: column)
        }
        let ops = opNames.filter { table.has("time_stats.\($0).median") }
        var out: [LayerOpSample] = []
        for row in table.rows {
            guard let heads = table.number(row, "n_head"), let kvHeads = table.number(row, "n_kv_head"),
                  let hidden = table.number(row, "n_embd"), let ffn = table.number(row, "n_expanded_embd"),
                  let vocab = table.number(row, "vocab_size"), let tokens = table.number(row, "num_tokens"),
                  let tp = table.number(row, "num_tensor_parallel_workers"), heads > 0, tokens > 0, tp >= 1
            else { continue }
            let gated = table.string(row, "use_gated_mlp")?.lowercased() == "true"
            let spec = ModelSpec(name: source, layers: 1, hiddenSize: Int(hidden), heads: Int(heads),
                                 kvHeads: Int(kvHeads), headDim: Int(hidden / heads),
                                 intermediateSize: Int(ffn), vocabSize: Int(vocab), gatedMLP: gated,
                                 maxContext: 4096)
            var measured: [String: Double] = [:]
            for op in ops {
                if let ms = table.number(row, "time_stats.\(op).median"), ms > 0 { measured[op] = ms * 1e-3 }
            }
            out.append(LayerOpSample(source: source, model: spec, tokens: tokens, tensorParallel: Int(tp),
                                     measured: measured))
        }
        return out
    }

    /// Every `*.mlp.csv` under `directory`, in file-name order.
    /// - Throws: ``OpValidationError`` when a file cannot be read or none is there.
    static func readAll(directory: String) throws(OpValidationError) -> [LayerOpSample] {
        var out: [LayerOpSample] = []
        for file in OpValidation.listing(directory) where file.hasSuffix(".mlp.csv") {
            out += try read(CSVTable(path: directory + "/" + file), source: file)
        }
        guard !out.isEmpty else { throw .noData(directory: directory) }
        return out
    }

    /// The simulator's model of this row's layer on `hardware`, run eagerly as profiled, by
    /// `engine`'s kernels (``OpValidation/profiled(_:on:)``; nil: the hardware's own).
    func costModel(on hardware: HardwareSpec, engine: EngineSpec? = nil) -> RooflineCostModel {
        RooflineCostModel(model: model, hardware: OpValidation.eager(hardware),
                          parallelism: Parallelism(tensor: tensorParallel),
                          engine: OpValidation.profiled(engine, on: hardware))
    }
}

extension LayerOpSample {
    /// The samples of `paths`: files, or directories whose `*.mlp.csv` files are all read.
    /// - Throws: ``OpValidationError`` when a file cannot be read or lacks a column.
    static func read(paths: [String]) throws(OpValidationError) -> [LayerOpSample] {
        var samples: [LayerOpSample] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                samples += try readAll(directory: path)
            } else {
                samples += try read(CSVTable(path: path), source: URL(fileURLWithPath: path).lastPathComponent)
            }
        }
        return samples
    }

    /// Every op of `samples` among `ops` predicted on `hardware` by `engine`'s kernels (the
    /// GPU's own when nil), one report row per measured op time.
    static func report(_ samples: [LayerOpSample], ops: Set<String>, on hardware: HardwareSpec,
                       engine: EngineSpec?) -> ValidationReport {
        var rows: [ValidationReport.Row] = []
        for s in samples {
            let model = s.costModel(on: hardware, engine: engine)
            for op in opNames where ops.contains(op) {
                guard let measured = s.measured[op] else { continue }
                rows.append(ValidationReport.Row(
                    source: s.source, op: op, shape: "tp=\(s.tensorParallel) tokens=\(Int(s.tokens))",
                    measuredSeconds: measured, predictedSeconds: model.layerOp(op, tokens: s.tokens).seconds,
                    parallelDegree: s.tensorParallel))
            }
        }
        return ValidationReport(rows: rows)
    }
}
