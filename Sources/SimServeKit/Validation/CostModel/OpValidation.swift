import Foundation

/// Checks the per-op time functions against measured A100 op times (the Vidur profiler data
/// in `shared/data/vidur-profiling`, see its README), through the same functions that
/// ``RooflineCostModel/cost(_:)`` sums, so that what is validated is what is simulated.
///
/// - `a100/<model>.mlp.csv`: one layer's token-level ops at TP 1/2/4/8. The layer shape comes
///   from each row's own columns (n_head, n_kv_head, n_embd, n_expanded_embd, vocab_size,
///   use_gated_mlp, num_tokens, num_tensor_parallel_workers).
/// - `a100/*.attention.samples.csv`: Llama-2-7B attention kernel, decode and prefill rows.
/// - `network/*.all_reduce.csv`: NCCL all-reduce by workers and size. Rows whose workers span
///   several nodes (num_workers > devices_per_node) are outside the model (no inter-node
///   link in ``HardwareSpec``), and rows of a pairwise-NVLink fabric with more than two
///   workers (they cross PCIe): listed, marked out of scope, left out of the overall figures.
///
/// What was fitted where (the rest is held out): see ``calibratedA100``.
public enum OpValidation {
    /// The four GEMMs of a layer.
    public static let linearOps: Set<String> = ["attn_pre_proj", "attn_post_proj", "mlp_up_proj", "mlp_down_proj"]
    /// The streaming ops of a layer.
    public static let elementwiseOps: Set<String> = ["emb", "input_layernorm", "attn_rope",
                                                     "post_attention_layernorm", "mlp_act", "add"]
    public static let attentionOps: Set<String> = ["attn_prefill", "attn_decode"]

    /// The a100-80gb preset with the parameters fitted on the measured data:
    /// `compute_efficiency` 0.738, `kernel_launch_us` 4.78 and `roofline_sharpness` 1.84 by
    /// least squares of relative error on the linear ops of `Llama-2-7b-hf.mlp.csv` only
    /// (`memory_efficiency` held at the public 0.8, `gemm_tile_rows` at 64); the attention
    /// terms on every other row of `Llama-2-7b-hf.attention.samples.csv`; `link_efficiency`
    /// 0.513, `link_latency_us` 0.436 and `collective_overhead_us` 30.75 on the single-node
    /// rows of `a100_dgx.all_reduce.csv`. The elementwise kernels take the a100-80gb preset's
    /// figures (fitted on the two Llama-2 files, ``ElementwiseFit``). Everything else is held out.
    public static var calibratedA100: HardwareSpec {
        var shape = KernelShapeParameters()
        if let a100 = try? Presets.hardware(named: "a100-80gb") {
            shape.normEfficiency = a100.shape.normEfficiency
            shape.ropeEfficiency = a100.shape.ropeEfficiency
            shape.activationEfficiency = a100.shape.activationEfficiency
            shape.addEfficiency = a100.shape.addEfficiency
            shape.embeddingEfficiency = a100.shape.embeddingEfficiency
            shape.elementwiseLaunchUs = a100.shape.elementwiseLaunchUs
            shape.elementwiseFloorUs = a100.shape.elementwiseFloorUs
            shape.elementwise = a100.shape.elementwise
        }
        return HardwareSpec(name: "a100-80gb-calibrated", peakTflops: 312, hbmBandwidthGBs: 2039,
                            memoryGB: 80, linkBandwidthGBs: 300, linkLatencyUs: 0.436, idleWatts: 60,
                            maxWatts: 400, costPerHour: 1.99, computeEfficiency: 0.738,
                            memoryEfficiency: 0.8, iterationOverheadUs: 500, kernelLaunchUs: 4.78,
                            linkEfficiency: 0.513, cudaGraphs: false, shape: shape)
    }

    /// Predicts every row of every data file under `directory` (the `vidur-profiling` folder)
    /// on `hardware`.
    /// - Throws: ``OpValidationError`` when a file cannot be read or lacks a column, or when
    ///   there is no data file at all.
    /// - Complexity: O(rows of all files).
    public static func run(directory: String, hardware: HardwareSpec = calibratedA100,
                           engine: EngineSpec? = nil) throws(OpValidationError) -> ValidationReport {
        var rows: [ValidationReport.Row] = []
        for file in listing(directory + "/a100") {
            let path = directory + "/a100/" + file
            if file.hasSuffix(".mlp.csv") {
                rows += try layerOpRows(CSVTable(path: path), source: file, hardware: hardware, engine: engine)
            } else if file.hasSuffix(".attention.samples.csv") {
                rows += try attentionRows(CSVTable(path: path), source: file, hardware: hardware, engine: engine)
            }
        }
        for file in listing(directory + "/network") where file.hasSuffix(".all_reduce.csv") {
            rows += try allReduceRows(CSVTable(path: directory + "/network/" + file), source: file,
                                      hardware: hardware, engine: engine)
        }
        guard !rows.isEmpty else { throw .noData(directory: directory) }
        return ValidationReport(rows: rows)
    }

    /// `hardware` as the profiler ran it: eagerly, without CUDA graphs (the Vidur profiler
    /// times each op of a PyTorch module on its own).
    static func eager(_ hardware: HardwareSpec) -> HardwareSpec {
        var h = hardware
        h.cudaGraphs = false
        return h
    }

    /// The engine an isolated op benchmark ran under: `engine`'s kernel choices (its
    /// elementwise set, its GEMM library, its time for an eagerly launched all-reduce), eager, without the terms
    /// of a whole model pass (host time per step, the wait for the slowest GPU at each
    /// all-reduce), which a benchmark of one op does not see; the hardware's bare terms when nil.
    static func profiled(_ engine: EngineSpec?, on hardware: HardwareSpec) -> EngineSpec {
        var profiled = EngineSpec.bare(eager(hardware))
        guard let engine else { return profiled }
        profiled.name = engine.name
        profiled.eagerElementwise = engine.eagerElementwise
        profiled.gemmLibrary = engine.gemmLibrary
        profiled.eagerAllReduceUs = engine.eagerAllReduceUs
        return profiled
    }

    static func listing(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    /// Rows of a `<model>.mlp.csv` file: each op of each row, predicted for that row's shape.
    static func layerOpRows(_ table: CSVTable, source: String, hardware: HardwareSpec,
                            engine: EngineSpec? = nil) throws(OpValidationError) -> [ValidationReport.Row] {
        for column in ["n_head", "n_kv_head", "n_embd", "n_expanded_embd", "vocab_size", "use_gated_mlp",
                       "num_tokens", "num_tensor_parallel_workers"] where !table.has(column) {
            throw .missingColumn(path: source, column: column)
        }
        let ops = ["emb", "input_layernorm", "attn_pre_proj", "attn_rope", "attn_post_proj",
                   "post_attention_layernorm", "mlp_up_proj", "mlp_act", "mlp_down_proj", "add"]
            .filter { table.has("time_stats.\($0).median") }
        var out: [ValidationReport.Row] = []
        for row in table.rows {
            guard let heads = table.number(row, "n_head"), let kvHeads = table.number(row, "n_kv_head"),
                  let hidden = table.number(row, "n_embd"), let ffn = table.number(row, "n_expanded_embd"),
                  let vocab = table.number(row, "vocab_size"), let tokens = table.number(row, "num_tokens"),
                  let tp = table.number(row, "num_tensor_parallel_workers") else { continue }
            let gated = table.string(row, "use_gated_mlp")?.lowercased() == "true"
            let spec = ModelSpec(name: source, layers: 1, hiddenSize: Int(hidden), heads: Int(heads),
                                 kvHeads: Int(kvHeads), headDim: Int(hidden / heads),
                                 intermediateSize: Int(ffn), vocabSize: Int(vocab), gatedMLP: gated,
                                 maxContext: 4096)
            let model = RooflineCostModel(model: spec, hardware: eager(hardware),
                                          parallelism: Parallelism(tensor: Int(tp)),
                                          engine: profiled(engine, on: hardware))
            for op in ops {
                guard let ms = table.number(row, "time_stats.\(op).median"), ms > 0 else { continue }
                out.append(ValidationReport.Row(
                    source: source, op: op, shape: "tp=\(Int(tp)) tokens=\(Int(tokens))",
                    measuredSeconds: ms * 1e-3, predictedSeconds: model.layerOp(op, tokens: tokens).seconds,
                    parallelDegree: Int(tp)))
            }
        }
        return out
    }

    /// Rows of the attention samples (Llama-2-7B, TP 1): columns kind, batch_size,
    /// prefill_chunk_size, kv_cache_size, median_ms.
    static func attentionRows(_ table: CSVTable, source: String, hardware: HardwareSpec,
                              engine: EngineSpec? = nil) throws(OpValidationError) -> [ValidationReport.Row] {
        for column in ["kind", "batch_size", "prefill_chunk_size", "kv_cache_size", "median_ms"]
            where !table.has(column) {
            throw .missingColumn(path: source, column: column)
        }
        let spec = ModelSpec(name: "llama-2-7b", layers: 1, hiddenSize: 4096, heads: 32, kvHeads: 32,
                             headDim: 128, intermediateSize: 11008, vocabSize: 32000, gatedMLP: true,
                             maxContext: 4096)
        let model = RooflineCostModel(model: spec, hardware: eager(hardware), parallelism: Parallelism(),
                                      engine: profiled(engine, on: hardware))
        var out: [ValidationReport.Row] = []
        for row in table.rows {
            guard let kind = table.string(row, "kind"), let batch = table.number(row, "batch_size"),
                  let chunk = table.number(row, "prefill_chunk_size"),
                  let cached = table.number(row, "kv_cache_size"),
                  let ms = table.number(row, "median_ms"), ms > 0 else { continue }
            var shape = BatchShape()
            let predicted: OpEstimate, op: String, text: String
            if kind == "decode" {
                shape.addDecodes(count: Int(batch), contextTokens: Int(batch) * Int(cached))
                predicted = model.layerOps(shape).decodeAttention
                op = "attn_decode"
                text = "batch=\(Int(batch)) context=\(Int(cached))"
            } else {
                for _ in 0..<max(1, Int(batch)) {
                    shape.addPrefillChunk(newTokens: Int(chunk), cachedTokens: Int(cached), completesPrompt: true)
                }
                predicted = model.layerOps(shape).prefillAttention
                op = "attn_prefill"
                text = "chunk=\(Int(chunk)) cached=\(Int(cached))"
            }
            out.append(ValidationReport.Row(source: source, op: op, shape: text, measuredSeconds: ms * 1e-3,
                                            predictedSeconds: predicted.seconds))
        }
        return out
    }

    /// Rows of an all-reduce file: columns num_workers, size (bytes), devices_per_node,
    /// time_stats.all_reduce.median (ms).
    static func allReduceRows(_ table: CSVTable, source: String, hardware: HardwareSpec,
                              engine: EngineSpec? = nil) throws(OpValidationError) -> [ValidationReport.Row] {
        for column in ["num_workers", "size", "devices_per_node", "time_stats.all_reduce.median"]
            where !table.has(column) {
            throw .missingColumn(path: source, column: column)
        }
        let kernels = KernelTimeModel(hardware: hardware, weightDtype: .fp16, engine: profiled(engine, on: hardware))
        // On a pairwise-NVLink fabric only pairs of GPUs share a link; more workers cross PCIe.
        let pairwise = source.contains("pairwise")
        var out: [ValidationReport.Row] = []
        for row in table.rows {
            guard let workers = table.number(row, "num_workers"), let size = table.number(row, "size"),
                  let perNode = table.number(row, "devices_per_node"),
                  let ms = table.number(row, "time_stats.all_reduce.median"), ms > 0 else { continue }
            let predicted = kernels.allReduce(bytes: size, workers: Int(workers), eager: true)
            out.append(ValidationReport.Row(
                source: source, op: "all_reduce",
                shape: "workers=\(Int(workers)) per_node=\(Int(perNode)) bytes=\(Int(size))",
                measuredSeconds: ms * 1e-3, predictedSeconds: predicted.seconds,
                inScope: workers <= perNode && !(pairwise && workers > 2), parallelDegree: Int(workers),
                sizeBytes: size))
        }
        return out
    }
}
