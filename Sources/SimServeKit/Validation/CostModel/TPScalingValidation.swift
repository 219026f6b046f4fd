import Foundation

/// The TP-scaling check: one layer's time on one GPU of a TP group, measured against
/// predicted, at TP 1, 2, 4 and 8.
///
/// Measured: the sum of the nine per-layer token-level ops of a Vidur `<model>.mlp.csv` row
/// (norms, QKV, RoPE, output projection, MLP up, activation, down, residual add — the
/// embedding runs once per model and is left out; attention is profiled at TP 1 only and is
/// left out too) plus, at TP > 1, two NCCL all-reduces of the layer's T·d·2-byte output as
/// measured on the same GPU's DGX (`network/a100_dgx.all_reduce.csv`, or the H100 profile's
/// `network/h100_dgx.all_reduce.csv`: single-node rows at that
/// number of workers: the median of the measured sizes within a factor 1.25 of the message,
/// which tames the bimodal small-message times; messages beyond the largest measured size,
/// 64 MiB, are out of scope). Predicted: the same nine ops through ``RooflineCostModel``'s
/// op functions plus its two TP all-reduces, eager (the profiler ran without CUDA graphs), by
/// an engine's kernels where one is named (the `pytorch` engine: eager elementwise ops and
/// eagerly launched all-reduces).
///
/// Fit and held-out apart: rows of ``ElementwiseFit/fitFiles`` (whose elementwise ops, and
/// Llama-2-7B's GEMMs, the A100 figures were fitted on) are "fit"; the others are held out.
public enum TPScalingValidation {
    /// The per-layer ops summed, by profiler name.
    public static let layerOps = ["input_layernorm", "attn_pre_proj", "attn_rope", "attn_post_proj",
                                  "post_attention_layernorm", "mlp_up_proj", "mlp_act", "mlp_down_proj", "add"]
    /// The all-reduce file used, under `network/`.
    public static let allReduceFile = "a100_dgx.all_reduce.csv"

    /// One layer step: measured and predicted seconds.
    public struct Row: Sendable, Equatable {
        public var source: String
        public var tensorParallel: Int
        public var tokens: Int
        public var measuredSeconds: Double
        public var predictedSeconds: Double
        /// Whether the file is one the figures were fitted on.
        public var fitted: Bool
        public var relativeError: Double { (predictedSeconds - measuredSeconds) / measuredSeconds }
    }

    /// Measured all-reduce medians by workers, sorted by size.
    struct MeasuredAllReduce {
        var byWorkers: [Int: [(size: Double, seconds: Double)]] = [:]

        init(_ table: CSVTable, source: String) throws(OpValidationError) {
            for column in ["num_workers", "size", "devices_per_node", "time_stats.all_reduce.median"]
                where !table.has(column) { throw .missingColumn(path: source, column: column) }
            for row in table.rows {
                guard let workers = table.number(row, "num_workers"), let size = table.number(row, "size"),
                      let perNode = table.number(row, "devices_per_node"), workers <= perNode,
                      let ms = table.number(row, "time_stats.all_reduce.median"), ms > 0 else { continue }
                byWorkers[Int(workers), default: []].append((size, ms * 1e-3))
            }
            for key in byWorkers.keys { byWorkers[key]!.sort { $0.size < $1.size } }
        }

        /// The median measured time of sizes within a factor 1.25 of `bytes` (the nearest size
        /// when none is); nil beyond the measured sizes or for unmeasured workers.
        func seconds(bytes: Double, workers: Int) -> Double? {
            guard let points = byWorkers[workers], let last = points.last, let first = points.first,
                  bytes <= last.size * 1.0001, bytes >= first.size / 1.25 else { return nil }
            var near = points.filter { $0.size >= bytes / 1.25 && $0.size <= bytes * 1.25 }.map(\.seconds)
            if near.isEmpty {
                near = [points.min { abs($0.size - bytes) < abs($1.size - bytes) }!.seconds]
            }
            near.sort()
            let n = near.count
            return n % 2 == 1 ? near[n / 2] : (near[n / 2 - 1] + near[n / 2]) / 2
        }
    }

    /// Every row of every `a100/*.mlp.csv` under `directory` (the `vidur-profiling` folder)
    /// with a measured time for all nine ops and, at TP > 1, a measured all-reduce size in
    /// `network/a100_dgx.all_reduce.csv`; predicted on `hardware` run by `engine`.
    /// - Throws: ``OpValidationError`` when a file cannot be read or lacks a column.
    public static func run(directory: String, hardware: HardwareSpec, engine: EngineSpec? = nil,
                           fitFiles: [String] = ElementwiseFit.fitFiles) throws(OpValidationError) -> [Row] {
        try run(opsDirectory: directory + "/a100", allReduceFile: directory + "/network/" + allReduceFile,
                hardware: hardware, engine: engine, fitFiles: fitFiles)
    }

    /// Every row of every `*.mlp.csv` in `opsDirectory` (one GPU's Vidur profile) with a
    /// measured time for all nine ops and, at TP > 1, a measured all-reduce size in the Vidur
    /// all-reduce file `allReduceFile` (the same GPU's); predicted on `hardware` run by `engine`
    /// (its kernel choices, eager: ``OpValidation/profiled(_:on:)``; nil: the hardware's own).
    /// - Throws: ``OpValidationError`` when a file cannot be read or lacks a column.
    public static func run(opsDirectory: String, allReduceFile: String, hardware: HardwareSpec,
                           engine: EngineSpec? = nil,
                           fitFiles: [String] = ElementwiseFit.fitFiles) throws(OpValidationError) -> [Row] {
        let samples = try LayerOpSample.readAll(directory: opsDirectory)
        let source = allReduceFile.split(separator: "/").last.map(String.init) ?? allReduceFile
        let allReduce = try MeasuredAllReduce(CSVTable(path: allReduceFile), source: source)
        var rows: [Row] = []
        for s in samples {
            let measuredOps = layerOps.compactMap { s.measured[$0] }
            guard measuredOps.count == layerOps.count else { continue }
            let bytes = s.tokens * Double(s.model.hiddenSize) * 2
            var measured = measuredOps.reduce(0, +)
            if s.tensorParallel > 1 {
                guard let ar = allReduce.seconds(bytes: bytes, workers: s.tensorParallel) else { continue }
                measured += 2 * ar
            }
            let model = s.costModel(on: hardware, engine: engine)
            var predicted = layerOps.reduce(0) { $0 + model.layerOp($1, tokens: s.tokens).seconds }
            predicted += 2 * model.layerOp("all_reduce", tokens: s.tokens).seconds
            rows.append(Row(source: s.source, tensorParallel: s.tensorParallel, tokens: Int(s.tokens),
                            measuredSeconds: measured, predictedSeconds: predicted,
                            fitted: fitFiles.contains(s.source)))
        }
        guard !rows.isEmpty else { throw .noData(directory: opsDirectory) }
        return rows
    }

    /// MAPE and bias (%) of `rows`; nil when empty.
    public static func errors(_ rows: [Row]) -> (mape: Double, bias: Double, count: Int)? {
        guard !rows.isEmpty else { return nil }
        let n = Double(rows.count)
        return (100 * rows.reduce(0) { $0 + abs($1.relativeError) } / n,
                100 * rows.reduce(0) { $0 + $1.relativeError } / n, rows.count)
    }
}
