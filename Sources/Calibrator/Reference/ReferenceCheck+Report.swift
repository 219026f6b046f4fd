import Foundation

/// The reference check as a markdown section and as a per-iteration CSV.
extension ReferenceCheck {
    /// A markdown section: setup, per-iteration error, TTFT and E2E errors.
    public func markdown(setup: [String]) -> String {
        func ms(_ s: Double) -> String { String(format: "%.1f", s * 1e3) }
        func pct(_ x: Double) -> String { String(format: "%+.1f %%", 100 * x) }
        func abs(_ x: Double) -> String { String(format: "%.1f %%", 100 * x) }
        let prefillCount = iterations.filter(\.prefill).count
        var out = "## Reference executor: the simulator against real execution on this CPU\n\n"
        for line in setup { out += line + "\n" }
        out += "\n"
        out += "| | measured | predicted | error |\n|---|---:|---:|---:|\n"
        let totalMeasured = iterations.reduce(0) { $0 + $1.measured }, totalPredicted = iterations.reduce(0) { $0 + $1.predicted }
        out += "| busy time, \(iterations.count) iterations (s) | \(String(format: "%.2f", totalMeasured)) | \(String(format: "%.2f", totalPredicted)) | \(pct(iterationBias)) |\n"
        out += "| TTFT mean (ms), \(requests) requests | \(ms(ttft.measuredMean)) | \(ms(ttft.predictedMean)) | \(pct(ttft.meanError)) |\n"
        out += "| TTFT p90 (ms) | \(ms(ttft.measuredP90)) | \(ms(ttft.predictedP90)) | \(pct(ttft.p90Error)) |\n"
        out += "| E2E mean (ms) | \(ms(e2e.measuredMean)) | \(ms(e2e.predictedMean)) | \(pct(e2e.meanError)) |\n"
        out += "| E2E p90 (ms) | \(ms(e2e.measuredP90)) | \(ms(e2e.predictedP90)) | \(pct(e2e.p90Error)) |\n\n"
        out += "Per-iteration MAPE (the same batch, measured vs predicted): \(abs(iterationMAPE())) over all \(iterations.count) iterations; "
        out += "\(abs(iterationMAPE(prefill: true))) over the \(prefillCount) with a prefill chunk, "
        out += "\(abs(iterationMAPE(prefill: false))) over the \(iterations.count - prefillCount) decode-only ones. "
        out += "Per-request E2E MAPE (request by request, closed loop vs pure prediction): \(abs(e2ePerRequestMAPE)).\n"
        return out
    }
}

extension ReferenceExecutor {
    /// One line per measured iteration: its shape, the seconds used, every repeat, and the
    /// prediction.
    public func iterationsCSV() -> String {
        var out = "iteration,prefill_tokens,prefill_sequences,prefill_cached_tokens,decode_sequences,decode_context_tokens,measured_s,predicted_s,repeats_wall_s,repeats_cpu_per_thread_s\n"
        for (i, it) in iterations.enumerated() {
            let s = it.shape
            out += "\(i),\(s.prefillTokens),\(s.prefillSequences),\(s.prefillCachedTokens),\(s.decodeSequences),\(s.decodeContextTokens),"
            out += "\(it.measuredSeconds),\(it.predictedSeconds),\(it.repeatSeconds.map { String($0) }.joined(separator: ";")),"
            out += it.repeatCPUSeconds.map { String($0) }.joined(separator: ";") + "\n"
        }
        return out
    }
}
