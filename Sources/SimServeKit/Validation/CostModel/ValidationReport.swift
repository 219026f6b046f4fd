/// Predicted against measured times of many ops, with the error statistics.
public struct ValidationReport: Sendable {
    /// One measured op time and the model's prediction for it.
    public struct Row: Sendable, Equatable {
        /// Data file the row came from (file name without directory).
        public var source: String
        /// Op name (Vidur's: `attn_pre_proj`, `attn_decode`, `all_reduce`, ...).
        public var op: String
        /// The shape, readable: "tp=2 tokens=512", "batch=8 context=1024", "workers=4 bytes=2048".
        public var shape: String
        public var measuredSeconds: Double
        public var predictedSeconds: Double
        /// False for rows outside what the model describes (multi-node collectives); they are
        /// listed but left out of the overall figures.
        public var inScope: Bool
        /// TP degree of a layer-op row, workers of an all-reduce row; nil for attention rows.
        public var parallelDegree: Int?
        /// Message size of an all-reduce row, bytes; nil otherwise.
        public var sizeBytes: Double?

        public init(source: String, op: String, shape: String, measuredSeconds: Double,
                    predictedSeconds: Double, inScope: Bool = true, parallelDegree: Int? = nil,
                    sizeBytes: Double? = nil) {
            self.source = source
            self.op = op
            self.shape = shape
            self.measuredSeconds = measuredSeconds
            self.predictedSeconds = predictedSeconds
            self.inScope = inScope
            self.parallelDegree = parallelDegree
            self.sizeBytes = sizeBytes
        }

        /// Signed relative error (predicted − measured) / measured.
        public var relativeError: Double { (predictedSeconds - measuredSeconds) / measuredSeconds }
    }

    /// Error statistics of a group of rows.
    public struct Summary: Sendable, Equatable {
        public var source: String
        public var op: String
        public var count: Int
        /// Mean absolute percentage error, in percent: 100/N · Σ |p − m| / m.
        public var mapePercent: Double
        /// Time-weighted MAPE, in percent: 100 · Σ |p − m| / Σ m.
        public var weightedMAPEPercent: Double
        /// Mean signed error, in percent (positive: the model predicts too slow).
        public var biasPercent: Double
        public var inScope: Bool
    }

    public var rows: [Row]

    public init(rows: [Row]) { self.rows = rows }

    /// Statistics of `rows` (nil when empty).
    /// - Complexity: O(rows.count).
    public static func summarize(_ rows: [Row], source: String, op: String) -> Summary? {
        guard !rows.isEmpty else { return nil }
        var absolute = 0.0, signed = 0.0, absoluteSeconds = 0.0, measuredSeconds = 0.0
        for r in rows {
            absolute += abs(r.relativeError)
            signed += r.relativeError
            absoluteSeconds += abs(r.predictedSeconds - r.measuredSeconds)
            measuredSeconds += r.measuredSeconds
        }
        let n = Double(rows.count)
        return Summary(source: source, op: op, count: rows.count, mapePercent: 100 * absolute / n,
                       weightedMAPEPercent: 100 * absoluteSeconds / measuredSeconds,
                       biasPercent: 100 * signed / n, inScope: rows.allSatisfy(\.inScope))
    }

    /// One summary per (source, op), in order of first appearance.
    /// - Complexity: O(rows.count).
    public var perOp: [Summary] {
        var order: [String] = []
        var groups: [String: [Row]] = [:]
        for r in rows {
            let key = r.source + "\u{1}" + r.op + (r.inScope ? "" : "\u{1}out")
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(r)
        }
        return order.compactMap { key in
            let g = groups[key]!
            return Self.summarize(g, source: g[0].source, op: g[0].op)
        }
    }

    /// Statistics over every in-scope row whose op is in `ops` (all ops when nil).
    public func overall(ops: Set<String>? = nil) -> Summary? {
        let selected = rows.filter { $0.inScope && (ops?.contains($0.op) ?? true) }
        return Self.summarize(selected, source: "all", op: ops.map { $0.sorted().joined(separator: "+") } ?? "all")
    }

    /// The `count` in-scope rows with the largest |relative error|.
    /// - Complexity: O(rows.count · log rows.count).
    public func worst(_ count: Int) -> [Row] {
        Array(rows.filter(\.inScope).sorted { abs($0.relativeError) > abs($1.relativeError) }.prefix(count))
    }
}
