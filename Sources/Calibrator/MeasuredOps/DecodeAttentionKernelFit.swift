import SimCore
import SimServeKit

/// Fits one GPU's figures for an engine's own decode-attention kernel over an fp8 KV cache
/// (``SimServeKit/DecodeAttentionFigures``; `calibrate --from-kernels --decode-attention-kernel`):
/// the kernel's whole decode form — streaming efficiency, fixed time (no floor of its own), time
/// per sequence and work unit, the work units of half rate, the overlap's sharpness — by least
/// squares of relative error (GSL's Levenberg–Marquardt) on that kernel's fp8-KV decode rows of
/// the kernel tables of grouped-query shapes (XQA's; one query head per KV head runs on another
/// kernel, which the GPU's own figures time), on the FIT rows of ``SimServeKit/KernelSplitRule``
/// only (held out: head shapes (32, 8) and (8, 1)). The GQA tile (query rows per work unit)
/// stays the GPU's.
///
/// Reported beside it: the error of the GPU's own figures on the same rows (what the kernel's
/// engine was timed by before), and of the GPU's own figures on the kernel's 16-bit KV rows (why
/// the 16-bit path keeps them).
public struct DecodeAttentionKernelFit: Sendable {
    /// MAPE of one kind and split, with the fitted figures and with the GPU's own.
    public struct KindError: Sendable, Equatable {
        public var kind: KernelKind
        /// Rows of grouped-query heads (the kernel's), or of one query head per KV head.
        public var groupedQueries: Bool
        public var split: MeasuredKernel.Split
        public var rows: Int
        public var mapePercent: Double
        public var ownFiguresMAPEPercent: Double
    }

    public var kernel: DecodeAttentionKernel
    /// The tables' GPU and backend the rows were read from.
    public var gpu: KernelGPU
    public var figures: DecodeAttentionFigures
    /// The fitted figures, in the order of ``parameterNames``, with their standard errors.
    public var parameters: [FittedParameter]
    /// The figures held at a given value (`--hold`), not fitted.
    public var held: Set<String>
    /// The GPU's own fp8-KV streaming efficiency (its fraction of HBM bandwidth), for the report.
    public var ownEfficiency: Double
    /// The median rate, as a fraction of HBM peak, at which the fit rows that read at least
    /// ``largeReadBytes`` of KV ran (KV bytes ÷ measured time; fixed times included, so a lower
    /// bound of the streaming efficiency), and how many there are; nil without such rows. What
    /// the shipped figures hold `fp8_kv_efficiency` at: the large reads are what a serving step's
    /// decode attention spends its time on.
    public var largeReadRate: (fraction: Double, rows: Int)?
    /// The KV read, bytes, from which a row counts as large (0.3 GB).
    public static let largeReadBytes = 3e8
    public var fitRows: Int
    public var errors: [KindError]

    /// The tables' backend whose rows time `kernel` (aiconfigurator's `backend` column), and
    /// the engine preset that runs it.
    public static func source(of kernel: DecodeAttentionKernel) -> (backend: String, engine: String)? {
        switch kernel {
        case .flash: nil
        case .trtllmXQA: ("trtllm", "tensorrt-llm")
        }
    }

    /// The tables' GPU `gpu` read through `kernel`'s backend; nil for the GPU's own kernel.
    public static func tableGPU(_ gpu: KernelGPU, kernel: DecodeAttentionKernel) -> KernelGPU? {
        guard let source = source(of: kernel) else { return nil }
        var table = gpu
        table.backend = source.backend
        table.gemmBackend = source.backend
        table.engine = source.engine
        return table
    }

    /// Fits `kernel`'s fp8-KV figures on `measurements`' decode rows of `gpu` (read through the
    /// kernel's backend, ``tableGPU(_:kernel:)``), from `preset`. Figures named in `held` (keys of
    /// ``parameterNames``) are set to the given value and not fitted (`--hold`: a figure known from
    /// elsewhere, e.g. the rate the large reads achieved); the others are fitted around them.
    /// - Throws: ``UnknownFigure`` when `held` names no figure; ``MeasuredOpsError/noRows(source:)``
    ///   when there are no fp8-KV fit rows (or the kernel is the GPU's own); ``SimCore/FitError``
    ///   when the fit fails.
    public static func fit(measurements: [MeasuredKernel], gpu: KernelGPU, preset: HardwareSpec,
                           kernel: DecodeAttentionKernel, held: [String: Double] = [:]) throws -> DecodeAttentionKernelFit {
        if let unknown = held.keys.sorted().first(where: { name in !parameterNames.contains { $0.name == name } }) {
            throw UnknownFigure(name: unknown)
        }
        guard let source = source(of: kernel) else {
            throw MeasuredOpsError.noRows(source: "decode-attention kernel '\(kernel.rawValue)' (the GPU's own figures)")
        }
        let mine = measurements.filter { $0.gpu == gpu.label }
        let rows = mine.filter { $0.kind == .decodeAttentionFP8KV && $0.split == .fit && groupsQueries($0) }
        guard rows.count > 2 else { throw MeasuredOpsError.noRows(source: "\(gpu.label) \(source.backend) fp8-KV decode fit rows") }
        var engine = try Presets.engine(named: source.engine, on: preset)
        engine.decodeAttentionKernel = kernel
        // The full parameter vector from the free ones: held figures at their values.
        let free = parameterNames.indices.filter { held[parameterNames[$0].name] == nil }
        func full(_ x: [Double]) -> [Double] {
            var all = parameterNames.map { held[$0.name] ?? 0 }
            for (i, index) in free.enumerated() { all[index] = x[i] }
            return all
        }
        func hardware(_ x: [Double]) -> HardwareSpec {
            var h = preset
            h.trtllmXQADecodeAttention = Self.figures(full(x))
            return h
        }
        func predict(_ h: HardwareSpec, _ set: [MeasuredKernel]) -> [Double] {
            let predictor = KernelPredictor(hardware: h, engine: engine)
            return set.map { predictor.seconds($0) }
        }
        let times = rows.map(\.measuredSeconds)
        var solver = NonlinearLeastSquares()
        solver.maxIterations = 2000
        let result = try solver.fit(observations: times, weights: times.map { 1 / ($0 * $0) }, initial: free.map { starts[$0] }) {
            predict(hardware($0), rows)
        }
        let figures = Self.figures(full(result.parameters))
        let fitted = hardware(result.parameters)
        var own = preset
        own.trtllmXQADecodeAttention = nil
        let largeRates: [Double] = rows.compactMap { row in
            guard case let .decodeAttention(batch, kvLength, _, kvHeads, headDim, kvBytes) = row.op else { return nil }
            let bytes = 2 * Double(batch * kvLength * kvHeads * headDim) * kvBytes
            return bytes >= largeReadBytes ? bytes / row.measuredSeconds / (preset.hbmBandwidthGBs * 1e9) : nil
        }
        var errors: [KindError] = []
        for kind in [KernelKind.decodeAttentionFP8KV, .decodeAttention] {
            for grouped in [true, false] {
                for split in [MeasuredKernel.Split.fit, .heldOut] {
                    let set = mine.filter { $0.kind == kind && groupsQueries($0) == grouped && $0.split == split }
                    guard !set.isEmpty else { continue }
                    let measured = set.map(\.measuredSeconds)
                    errors.append(KindError(
                        kind: kind, groupedQueries: grouped, split: split, rows: set.count,
                        mapePercent: meanAbsolutePercentageError(predicted: predict(fitted, set), measured: measured),
                        ownFiguresMAPEPercent: meanAbsolutePercentageError(predicted: predict(own, set), measured: measured)))
                }
            }
        }
        return DecodeAttentionKernelFit(
            kernel: kernel, gpu: gpu, figures: figures,
            parameters: zip(parameterNames, values(figures)).enumerated().map { i, pair in
                FittedParameter(name: pair.0.name, value: pair.1,
                                standardError: free.firstIndex(of: i).map { result.standardErrors[$0] } ?? 0, unit: pair.0.unit)
            },
            held: Set(held.keys),
            ownEfficiency: preset.shape.decodeAttentionFP8KVEfficiency ?? preset.shape.decodeAttentionEfficiency,
            largeReadRate: largeRates.isEmpty ? nil : (median(largeRates), largeRates.count),
            fitRows: rows.count, errors: errors)
    }

    /// The figures' keys (in the inline table) and units, in fitting order.
    public static let parameterNames: [(name: String, unit: String)] = [
        ("fp8_kv_efficiency", ""), ("fp8_kv_overhead_us", "µs"),
        ("fp8_kv_per_sequence_kv_head_us", "µs"), ("fp8_kv_half_rate_units", ""), ("fp8_kv_overlap_sharpness", ""),
    ]
    /// The fit's starting point (not the GPU's own figures, so that agreement is not inherited).
    static let starts: [Double] = [0.8, 5, 0.03, 1, 1.5]

    /// The figures of fit parameters `x` (efficiency ≤ 1, times and units ≥ 0, sharpness in
    /// [1, 31.9]); no floor of its own (0: its fixed time is the shortest call; the GPU's floor,
    /// 12 µs on Hopper, is the FlashAttention kernels').
    static func figures(_ x: [Double]) -> DecodeAttentionFigures {
        DecodeAttentionFigures(fp8KVEfficiency: min(1, abs(x[0])), fp8KVOverheadUs: abs(x[1]), fp8KVFloorUs: 0,
                               fp8KVPerSequenceKVHeadUs: abs(x[2]), fp8KVHalfRateUnits: abs(x[3]),
                               fp8KVOverlapSharpness: min(31.9, max(1, x[4])))
    }

    /// The fitted values of `figures`, in the order of ``parameterNames``.
    static func values(_ figures: DecodeAttentionFigures) -> [Double] {
        [figures.fp8KVEfficiency, figures.fp8KVOverheadUs, figures.fp8KVPerSequenceKVHeadUs ?? 0,
         figures.fp8KVHalfRateUnits ?? 0, figures.fp8KVOverlapSharpness ?? 1]
    }

    /// Whether `m` is a decode row of grouped-query heads (the kernel's shapes: XQA runs GQA and
    /// MQA; TensorRT-LLM times one query head per KV head by another kernel, which the GPU's own
    /// figures time).
    static func groupsQueries(_ m: MeasuredKernel) -> Bool {
        if case let .decodeAttention(_, _, heads, kvHeads, _, _) = m.op { return heads > kvHeads }
        return false
    }

    /// The hardware key and its inline table, as the preset carries them.
    public var tomlLine: String {
        switch kernel {
        case .flash: ""
        case .trtllmXQA: "trtllm_xqa_decode_attention = \(figures.tomlInlineTable)"
        }
    }

    /// The fit and its errors, as text.
    public var report: String {
        func format(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
        var lines = ["\(gpu.preset): decode attention over an fp8 KV cache by '\(kernel.rawValue)', fitted on \(fitRows) "
                     + "\(gpu.label) \(gpu.backend) rows (fp8 KV, grouped-query FIT head shapes); the GQA tile the preset's"]
        for p in parameters {
            let unit = p.unit.isEmpty ? "" : " " + p.unit
            lines.append(held.contains(p.name) ? "  \(p.name) = \(format(p.value, 4))\(unit) (held)"
                                               : "  \(p.name) = \(format(p.value, 4)) ± \(format(p.standardError, 4))\(unit)")
        }
        if let large = largeReadRate {
            lines.append("  the fit rows reading ≥ 0.3 GB of KV ran at \(format(large.fraction, 4)) of HBM peak (median of \(large.rows)): "
                         + "`--hold fp8_kv_efficiency=\(format(large.fraction, 4))` holds the streaming efficiency there")
        }
        lines += ["  (the GPU's own fp8-KV streaming efficiency: \(format(ownEfficiency, 4)))",
                  "  \(tomlLine)", "  MAPE (fitted figures / the GPU's own):"]
        for e in errors {
            let fitted = e.kind == .decodeAttentionFP8KV && e.groupedQueries
            lines.append("    \(e.kind.rawValue) \(e.groupedQueries ? "GQA/MQA" : "MHA") \(e.split.rawValue): \(e.rows) rows, "
                         + (fitted ? "\(format(e.mapePercent, 1)) % / \(format(e.ownFiguresMAPEPercent, 1)) %"
                                   : "\(format(e.ownFiguresMAPEPercent, 1)) % (the GPU's own figures time these rows)"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A held figure that the fit does not have.
    public struct UnknownFigure: Error, Equatable, CustomStringConvertible {
        public var name: String
        public var description: String {
            "--hold: '\(name)' is not a figure of the decode-attention kernel fit; one of "
                + DecodeAttentionKernelFit.parameterNames.map { "'\($0.name)'" }.joined(separator: ", ")
        }
    }
}
