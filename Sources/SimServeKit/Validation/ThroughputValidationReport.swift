import Foundation

/// The markdown of a ``ThroughputValidation`` run: the error by source × dtype and by
/// source × GPU × engine (mean |error|, median signed error, share within 20 %), the skipped
/// cells by reason, and, with `cells`, one line per cell.
public struct ThroughputValidationReport: Sendable {
    public var rows: [ThroughputValidation.Row]

    public init(rows: [ThroughputValidation.Row]) { self.rows = rows }

    public func markdown(cells: Bool = false) -> String {
        var lines = ["| source | dtype | cells | mean abs error | median error | within 20 % |", "|---|---|---:|---:|---:|---:|"]
        lines += group { "\($0.source) | \($0.dtype)" }
        lines += ["", "| source | GPU · engine | cells | mean abs error | median error | within 20 % |", "|---|---|---:|---:|---:|---:|"]
        lines += group { "\($0.source) | \($0.gpu) · \($0.engine)" }
        var reasons: [String: Int] = [:]
        for r in rows where r.predictedTokensPerSecond == nil { reasons[r.failure ?? "not simulated", default: 0] += 1 }
        lines += ["", "Cells not simulated: \(reasons.values.reduce(0, +))."]
        lines += reasons.keys.sorted().map { "- \(reasons[$0]!): \($0)" }
        if cells {
            lines += ["", "| cell | model | GPU | TP | dtype | in/out | batch | requests | measured tok/s | simulated | error |",
                      "|---|---|---|---:|---|---|---:|---:|---:|---:|---:|"]
            for r in rows where r.predictedTokensPerSecond != nil {
                lines.append("| \(r.id) | \(r.model) | \(r.gpu) | \(r.tp) | \(r.dtype) | \(r.inputTokens)/\(r.outputTokens) | "
                    + "\(r.maxBatch) | \(r.requests) | \(Self.f(r.measuredTokensPerSecond)) | \(Self.f(r.predictedTokensPerSecond)) | "
                    + "\(r.error.map { String(format: "%+.0f %%", $0 * 100) } ?? "—") |")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One table line per key, keys in order of first appearance, simulated cells only.
    private func group(_ key: (ThroughputValidation.Row) -> String) -> [String] {
        var order: [String] = []
        var errors: [String: [Double]] = [:]
        for r in rows {
            guard let e = r.error else { continue }
            let k = key(r)
            if errors[k] == nil { order.append(k) }
            errors[k, default: []].append(e)
        }
        return order.map { k in
            let e = errors[k]!
            let sorted = e.sorted()
            let median = sorted.count % 2 == 1 ? sorted[sorted.count / 2]
                : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
            let mean = e.map(abs).reduce(0, +) / Double(e.count)
            let within = Double(e.filter { abs($0) <= 0.2 }.count) / Double(e.count)
            return "| \(k) | \(e.count) | \(String(format: "%.0f %%", mean * 100)) | \(String(format: "%+.0f %%", median * 100)) | "
                + "\(String(format: "%.0f %%", within * 100)) |"
        }
    }

    static func f(_ x: Double?) -> String { x.map { String(format: "%.0f", $0) } ?? "—" }
}
