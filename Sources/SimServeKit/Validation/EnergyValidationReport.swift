import Foundation

/// The markdown table and summary of an ``EnergyValidation`` run: one line per row, then per
/// GPU × model the error of J/token, W per GPU, tokens/s and the median inter-token latency (at a
/// full batch, the decode step), and the count within 20 %.
public struct EnergyValidationReport: Sendable {
    public var rows: [EnergyValidation.Row]

    public init(rows: [EnergyValidation.Row]) { self.rows = rows }

    public func markdown() -> String {
        func f(_ x: Double?, _ digits: Int) -> String { x.map { String(format: "%.\(digits)f", $0) } ?? "—" }
        func pct(_ x: Double?) -> String { x.map { String(format: "%+.0f %%", $0 * 100) } ?? "—" }
        func mag(_ x: Double?) -> String { x.map { String(format: "%.0f %%", $0 * 100) } ?? "—" }
        var lines = ["| GPU | model | weights | TP | max batch | J/token meas → sim | error | W/GPU meas → sim | tok/s meas → sim | ITL p50 ms meas → sim | sim batch |",
                     "|---|---|---|---:|---:|---|---:|---|---|---|---:|"]
        for r in rows {
            let name = r.model.split(separator: "/").last.map(String.init) ?? r.model
            lines.append("| \(r.gpu) | \(name) | \(r.weights) | \(r.tp) | \(r.maxBatch) | "
                + "\(f(r.measuredJoulesPerToken, 3)) → \(f(r.predictedJoulesPerToken, 3)) | \(pct(r.error)) | "
                + "\(f(r.measuredWattsPerGPU, 0)) → \(f(r.predictedWattsPerGPU, 0)) | "
                + "\(f(r.measuredTokensPerSecond, 0)) → \(f(r.predictedTokensPerSecond, 0)) | "
                + "\(f(r.measuredMedianITLMs, 1)) → \(f(r.predictedMedianITLMs, 1)) | \(f(r.predictedBatch, 0))"
                + (r.failure.map { " (\($0))" } ?? "") + " |")
        }
        lines.append("")
        var groups: [String: [EnergyValidation.Row]] = [:]
        var order: [String] = []
        for r in rows {
            let key = "\(r.gpu) \(r.model.split(separator: "/").last.map(String.init) ?? r.model) \(r.weights) TP\(r.tp)"
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(r)
        }
        func mean(_ xs: [Double]) -> Double? { xs.isEmpty ? nil : xs.reduce(0, +) / Double(xs.count) }
        for key in order {
            let g = groups[key]!
            let joules = g.compactMap(\.error).map(abs)
            let watts = g.compactMap { r in r.predictedWattsPerGPU.map { abs($0 / r.measuredWattsPerGPU - 1) } }
            let tokens = g.compactMap { r in r.predictedTokensPerSecond.map { abs($0 / r.measuredTokensPerSecond - 1) } }
            let itl = g.compactMap(\.medianITLError).map(abs)
            let within = g.filter { ($0.error.map(abs) ?? 1) <= 0.2 }.map { String($0.maxBatch) }
            lines.append("- \(key): \(joules.count) batch sizes; mean |error| J/token \(mag(mean(joules))), "
                + "W/GPU \(mag(mean(watts))), tok/s \(mag(mean(tokens))), ITL p50 \(mag(mean(itl))); "
                + "within 20 %: \(within.count) (batch \(within.isEmpty ? "none" : within.joined(separator: ", ")))")
        }
        let lowered = rows.filter { $0.contextLimit != nil && $0.failure == nil }
        if !lowered.isEmpty {
            let names = lowered.map { r in
                "\(r.gpu) \(r.model.split(separator: "/").last.map(String.init) ?? r.model) TP\(r.tp) batch \(r.maxBatch) (\(r.contextLimit!) tokens)"
            }
            lines.append("- run with the context limit lowered to what simserve's KV cache holds (every request of theirs is shorter): "
                + names.joined(separator: ", "))
        }
        let all = rows.compactMap(\.error).map(abs)
        let allITL = rows.compactMap(\.medianITLError).map(abs)
        lines.append("- all: \(all.count) rows, mean |error| \(mag(mean(all))), within 20 %: \(all.filter { $0 <= 0.2 }.count); "
            + "ITL p50 mean |error| \(mag(mean(allITL))), within 10 %: \(allITL.filter { $0 <= 0.1 }.count) of \(allITL.count)")
        return lines.joined(separator: "\n") + "\n"
    }
}
