import CostModel
import Foundation
import SimMetrics
import SimScenario

/// The GEMM model against published GEMM throughput: the Maximum Achievable Matmul FLOPS (MAMF)
/// of each GPU — the best mean throughput `torch.mm` reaches over a search of large shapes
/// (`data/kernels/mamf.csv`) — or a benchmark's grid of shapes (`data/kernels/azure_gemm.csv`:
/// cuBLASLt / hipBLASLt on Azure VMs); sources in the data README. Each row with a simserve
/// preset is timed by the preset's dense GEMM kernel
/// (``KernelTimeModel/gemmKernel(m:n:k:weightBytes:activationBytes:)``, no engine: the GPU's own
/// figures) at the row's shape and dtype.
///
/// **Split.** A GPU whose 16-bit GEMM efficiency is set from its MAMF row (``mamfSetRows``: the
/// MI300X, which has no public kernel table) is a *fit* row; every other row is *held out*: its
/// preset's figures were fitted on kernel tables of that GPU (aiconfigurator, Vidur), so the rows
/// say how far "efficiency = MAMF / peak" — the rule applied to the MI300X — is from a fitted
/// figure on the GPUs where both exist.
public enum MAMFValidation {
    /// One published figure: TFLOPS at one shape and dtype.
    public struct Row: Sendable, Equatable {
        public let accelerator: String
        /// The simserve preset compared with it; nil for an accelerator without one.
        public let gpu: String?
        public let dtype: DataType
        public let measuredTflops: Double
        public let m: Double, n: Double, k: Double
        public let software: String
    }

    /// A compared row: the model's TFLOPS at the row's shape.
    public struct Comparison: Sendable {
        public let row: Row
        public let gpu: String
        public let predictedTflops: Double
        /// Whether the preset's figure was set from this row (a fit row).
        public let isFit: Bool
        /// The preset's `kernel_data` line.
        public let kernelData: String
        /// (predicted − measured) / measured.
        public var error: Double { predictedTflops / row.measuredTflops - 1 }
    }

    /// The (preset, dtype) rows a preset's GEMM efficiency is set from.
    public static let mamfSetRows: Set<String> = ["mi300x/bf16"]

    static func key(_ gpu: String, _ dtype: DataType) -> String { "\(gpu)/\(dtype.rawValue)" }

    /// The rows of `path`.
    /// - Throws: ``OpValidationError`` when the file cannot be read, lacks a column or a field
    ///   does not parse.
    public static func read(path: String) throws(OpValidationError) -> [Row] {
        let table = try CSVTable(path: path)
        for column in ["gpu", "dtype", "m", "n", "k"] where !table.has(column) {
            throw .missingColumn(path: path, column: column)
        }
        // A kernel table's layout (aiconfigurator's, the own H200 measurements'): no accelerator
        // column, the GPU named by its table label ("H200-SXM"), mapped to its preset.
        let labelled = !table.has("accelerator")
        // MAMF's table names its columns after the benchmark; a benchmark's grid plainly.
        let tflopsColumn = table.has("mamf_tflops") ? "mamf_tflops" : "tflops"
        let softwareColumn = table.has("torch_version") ? "torch_version" : "software"
        guard table.has(tflopsColumn) else { throw .missingColumn(path: path, column: "tflops") }
        var rows: [Row] = []
        for (line, fields) in table.rows.enumerated() {
            guard let dtype = table.string(fields, "dtype").flatMap(DataType.init(rawValue:)),
                  let tflops = table.number(fields, tflopsColumn),
                  let m = table.number(fields, "m"), let n = table.number(fields, "n"), let k = table.number(fields, "k"),
                  tflops > 0, m > 0, n > 0, k > 0
            else {
                throw .unreadable(path: path, reason: "data row \(line + 1): a dtype (fp16, bf16, fp8, …), positive TFLOPS and m, n, k are required")
            }
            let named = table.string(fields, "gpu").flatMap { $0.isEmpty ? nil : $0 }
            let gpu = labelled ? named.flatMap { label in KernelGPU.all.first { $0.label == label }?.preset } : named
            rows.append(Row(accelerator: (labelled ? named : table.string(fields, "accelerator")) ?? "", gpu: gpu, dtype: dtype,
                            measuredTflops: tflops, m: m, n: n, k: k,
                            software: table.string(fields, softwareColumn) ?? ""))
        }
        guard !rows.isEmpty else { throw .noRows(path: path, what: "GEMM figures") }
        return rows
    }

    /// The TFLOPS `hardware`'s dense GEMM kernel reaches on `row`'s shape and dtype; `sustained`:
    /// repeated back to back under the power limit (``PowerLimitedClock/sustainedSeconds``) where
    /// the hardware sets a limit time constant, at full clock elsewhere.
    public static func predictedTflops(_ row: Row, hardware: HardwareSpec, sustained: Bool = false) -> Double {
        let kernels = KernelTimeModel(hardware: hardware, weightDtype: row.dtype)
        let op = kernels.gemmKernel(m: row.m, n: row.n, k: row.k, weightBytes: row.dtype.bytes,
                                    activationBytes: row.dtype.bytes)
        var seconds = op.seconds
        if sustained, let clock = PowerLimitedClock(power: GPUPowerModel(hardware, weightDtype: row.dtype)) {
            seconds = clock.sustainedSeconds(seconds: op.seconds, flops: op.flops, bytes: op.bytes)
        }
        return 2 * row.m * row.n * row.k / seconds / 1e12
    }

    /// Compares every row of `path` that names a preset.
    /// - Throws: ``OpValidationError``; ``PresetError`` for a `gpu` that is not a preset.
    public static func compare(path: String, sustained: Bool = false) throws -> [Comparison] {
        try read(path: path).compactMap { row in
            guard let gpu = row.gpu else { return nil }
            let hardware = try Presets.hardware(named: gpu)
            return Comparison(row: row, gpu: gpu, predictedTflops: predictedTflops(row, hardware: hardware, sustained: sustained),
                              isFit: mamfSetRows.contains(key(gpu, row.dtype)),
                              kernelData: hardware.kernelDataDescription)
        }
    }

    /// The 16-bit `compute_efficiency` with which `gpu`'s preset reaches its MAMF row's
    /// throughput at that row's shape (bisection; the time falls monotonically with it).
    /// - Throws: ``OpValidationError/noRows(path:what:)`` when `path` has no bf16/fp16 row for
    ///   `gpu`; ``PresetError`` when it is not a preset.
    public static func fitComputeEfficiency(gpu: String, path: String) throws -> Double {
        guard let row = try read(path: path).first(where: { $0.gpu == gpu && ($0.dtype == .bf16 || $0.dtype == .fp16) }) else {
            throw OpValidationError.noRows(path: path, what: "bf16 or fp16 MAMF row for \(gpu)")
        }
        var hardware = try Presets.hardware(named: gpu)
        var low = 0.01, high = 1.0
        for _ in 0..<60 {
            hardware.computeEfficiency = (low + high) / 2
            if predictedTflops(row, hardware: hardware) < row.measuredTflops { low = hardware.computeEfficiency } else {
                high = hardware.computeEfficiency
            }
        }
        return (low + high) / 2
    }

    /// The comparison grouped by GPU, dtype and rows m (≤ 256, 257–2,048, > 2,048: the weight-read,
    /// middle and compute-bound ranges): rows, mean absolute error and bias per group, as Markdown —
    /// for tables of hundreds of shapes.
    public static func summaryMarkdown(_ comparisons: [Comparison], path: String) -> String {
        func range(_ m: Double) -> String { m <= 256 ? "m ≤ 256" : m <= 2048 ? "256 < m ≤ 2048" : "m > 2048" }
        var groups: [String: [Comparison]] = [:]
        var order: [String] = []
        for c in comparisons {
            let key = "\(c.gpu) | \(c.row.dtype.rawValue) | \(range(c.row.m))"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(c)
        }
        var out = "Dense GEMM kernel of each preset (no engine) against `\(path)`, by rows m:\n\n"
        out += "| GPU | dtype | rows m | shapes | mean absolute error | bias | split |\n|---|---|---|---:|---:|---:|---|\n"
        for key in order {
            let set = groups[key] ?? []
            let errors = set.map(\.error)
            let mean = errors.map(abs).reduce(0, +) / Double(errors.count)
            let bias = errors.reduce(0, +) / Double(errors.count)
            let split = set.allSatisfy(\.isFit) ? "fit" : set.contains(where: \.isFit) ? "fit and held out" : "held out"
            out += String(format: "| %@ | %d | %.1f %% | %+.1f %% | %@ |\n", key, set.count, 100 * mean, 100 * bias, split)
        }
        return out
    }

    /// The comparison as Markdown: one table, fit rows marked, and the held-out rows' summary.
    public static func markdown(_ comparisons: [Comparison], path: String) -> String {
        var out = "Dense GEMM kernel of each preset (no engine) at each row's shape (`\(path)`):\n\n"
        out += "| GPU | dtype | shape m×n×k | measured TFLOPS | simserve TFLOPS | error | split | preset's kernel figures |\n"
        out += "|---|---|---|---:|---:|---:|---|---|\n"
        for c in comparisons {
            out += "| \(c.gpu) | \(c.row.dtype.rawValue) | \(Int(c.row.m))×\(Int(c.row.n))×\(Int(c.row.k)) | "
            out += String(format: "%.1f | %.1f | %+.1f %% | ", c.row.measuredTflops, c.predictedTflops, 100 * c.error)
            out += (c.isFit ? "fit (figure set from this row)" : "held out") + " | \(c.kernelData) |\n"
        }
        let held = comparisons.filter { !$0.isFit }
        if !held.isEmpty {
            let errors = held.map { abs($0.error) }.sorted()
            let mean = errors.reduce(0, +) / Double(errors.count)
            out += String(format: "\nHeld-out rows: %d, mean absolute error %.1f %%, largest %.1f %%.\n",
                          held.count, 100 * mean, 100 * (errors.last ?? 0))
        }
        return out
    }
}
