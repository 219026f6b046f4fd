/// The GPU presets' kernel figures against measured kernel tables: every row of
/// ``AIConfiguratorTables`` (and optionally ``BLISKernelTables``) predicted by
/// ``KernelPredictor`` — the simulator's own ``KernelTimeModel`` functions — and summarised
/// per GPU × kind × split (`simserve validate kernels`).
public struct KernelValidation: Sendable {
    /// One measured row and its prediction.
    public struct Row: Sendable, Equatable {
        public var measurement: MeasuredKernel
        public var predictedSeconds: Double
        /// (predicted − measured) / measured.
        public var relativeError: Double { (predictedSeconds - measurement.measuredSeconds) / measurement.measuredSeconds }
    }

    /// Error statistics of one GPU × kind × split.
    public struct Summary: Sendable, Equatable {
        public var gpu: String
        public var preset: String
        public var kind: KernelKind
        public var split: MeasuredKernel.Split
        public var count: Int
        /// Mean |p − m| / m, time-weighted Σ|p − m| / Σm, mean (p − m) / m; percent.
        public var mapePercent: Double
        public var weightedMAPEPercent: Double
        public var biasPercent: Double
        /// Whether this held-out group misses ``KernelValidation/heldOutGoalPercent``.
        public var missesGoal: Bool { split == .heldOut && mapePercent > KernelValidation.heldOutGoalPercent }
    }

    /// The goal: held-out MAPE per GPU and kind at most this, percent.
    public static let heldOutGoalPercent = 10.0

    public var rows: [Row]
    /// Preset name of each GPU label in `rows`.
    public var presets: [String: String]

    public init(rows: [Row], presets: [String: String]) {
        self.rows = rows
        self.presets = presets
    }

    /// Validates `gpus` on the tables under `directory`, each on its preset (or on
    /// `hardware[preset]` when given), and, when `blisDirectory` is set, the h100-sxm figures
    /// on the BLIS tables there.
    /// - Throws: ``OpValidationError`` for an unreadable file or a missing column;
    ///   ``PresetError`` for an unknown preset.
    /// - Complexity: O(rows).
    /// With `ownTables`, `directory` holds tables no preset was fitted on
    /// (``AIConfiguratorTables/readOwn(directory:gpus:attentionFitted:)``): every row is held out
    /// but the attention rows an attention library's figures were fitted on.
    public static func run(directory: String, gpus: [KernelGPU] = KernelGPU.all,
                           hardware: [String: HardwareSpec] = [:], blisDirectory: String? = nil,
                           ownTables: Bool = false) throws -> KernelValidation {
        // Own tables: the attention rows of a GPU whose attention library has figures of its own
        // there were fitted on those tables' FIT rows, which stay fit rows.
        var attentionFitted: Set<String> = []
        for gpu in gpus where gpu.attentionLibrary != .current {
            let preset = try hardware[gpu.preset] ?? Presets.hardware(named: gpu.preset)
            if preset.attentionFigures(of: gpu.attentionLibrary) != nil { attentionFitted.insert(gpu.label) }
        }
        let measured = ownTables ? try AIConfiguratorTables.readOwn(directory: directory, gpus: gpus, attentionFitted: attentionFitted)
                                 : try AIConfiguratorTables.read(directory: directory, gpus: gpus)
        var rows: [Row] = []
        var presets: [String: String] = [:]
        for gpu in gpus {
            let predictor = try KernelPredictor(gpu: gpu, hardware: hardware[gpu.preset])
            presets[gpu.label] = gpu.preset
            rows += measured.filter { $0.gpu == gpu.label }.map { Row(measurement: $0, predictedSeconds: predictor.seconds($0)) }
        }
        if let blisDirectory, let h100 = KernelGPU.named("h100-sxm") {
            let predictor = try KernelPredictor(gpu: h100, hardware: hardware[h100.preset])
            presets[BLISKernelTables.label] = h100.preset
            rows += try BLISKernelTables.read(directory: blisDirectory).map {
                Row(measurement: $0, predictedSeconds: predictor.seconds($0))
            }
        }
        return KernelValidation(rows: rows, presets: presets)
    }

    /// One summary per GPU × kind × split, GPUs in order of appearance, then kind, then
    /// split (fit, held out, excluded).
    /// - Complexity: O(rows).
    public var summaries: [Summary] {
        var order: [String] = []
        var groups: [String: [String: [Row]]] = [:]
        for r in rows {
            if groups[r.measurement.gpu] == nil { order.append(r.measurement.gpu) }
            groups[r.measurement.gpu, default: [:]][r.measurement.kind.rawValue + "|" + r.measurement.split.rawValue,
                                                    default: []].append(r)
        }
        var out: [Summary] = []
        for gpu in order {
            for kind in KernelKind.allCases {
                for split in MeasuredKernel.Split.allCases {
                    guard let g = groups[gpu]?[kind.rawValue + "|" + split.rawValue],
                          let s = Self.summarize(g) else { continue }
                    out.append(Summary(gpu: gpu, preset: presets[gpu] ?? "", kind: kind, split: split, count: s.count,
                                       mapePercent: s.mape, weightedMAPEPercent: s.weighted, biasPercent: s.bias))
                }
            }
        }
        return out
    }

    /// The held-out groups above the goal.
    public var goalMisses: [Summary] { summaries.filter(\.missesGoal) }

    static func summarize(_ rows: [Row]) -> (count: Int, mape: Double, weighted: Double, bias: Double)? {
        guard !rows.isEmpty else { return nil }
        var absolute = 0.0, signed = 0.0, absoluteSeconds = 0.0, measured = 0.0
        for r in rows {
            absolute += abs(r.relativeError)
            signed += r.relativeError
            absoluteSeconds += abs(r.predictedSeconds - r.measurement.measuredSeconds)
            measured += r.measurement.measuredSeconds
        }
        let n = Double(rows.count)
        return (rows.count, 100 * absolute / n, 100 * absoluteSeconds / measured, 100 * signed / n)
    }
}
