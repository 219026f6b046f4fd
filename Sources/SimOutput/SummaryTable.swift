import SimMetrics
import SimServing
import SimSupport

/// The terminal view of a run: latency percentiles in milliseconds, then throughput, goodput,
/// batching, memory, utilisation, energy and cost.
public enum SummaryTable {
    public static func render(_ s: RunSummary, run: RunDescription) -> String {
        var lines: [String] = []
        let gpus = s.gpus
        let pipeline = s.disaggregation != nil ? 1 : gpus / max(1, run.replicas * run.tensorParallel)  // pools: see `pools`
        let deployment = [run.model, run.hardware.map {
            "\(gpus)×\($0) (\(run.replicas) replica\(run.replicas == 1 ? "" : "s"), tp \(run.tensorParallel)"
                + (pipeline > 1 ? ", pp \(pipeline)" : "") + (run.expertParallel > 1 ? ", ep \(run.expertParallel))" : ")")
        }].compactMap { $0 }.joined(separator: " on ")
        lines.append("simserve · \(run.scenarioName)" + (deployment.isEmpty ? "" : " · \(deployment)") + " · seed \(run.seed)")
        lines.append("requests: \(s.arrived) arrived, \(s.completed) completed, \(s.rejected) rejected, "
            + "\(s.inFlight) in flight, \(s.preemptions) preemptions; \(s.measured) measured after "
            + "\(TextTable.fmt(s.warmupSeconds, 1)) s warm-up")
        if !s.tenants.isEmpty {
            lines.append("tenants: " + s.tenants.map {
                "\($0.name) \($0.arrived) arrived, \($0.completed) completed, \($0.rejected) rejected"
            }.joined(separator: "; "))
        }
        lines.append("")
        let header = ["latency (ms)", "mean", "p50", "p90", "p95", "p99", "max"]
        var rows: [[String]] = [header]
        for (name, d) in [("TTFT", s.ttft), ("TPOT", s.tpot), ("ITL", s.itl), ("E2E", s.e2e), ("queue delay", s.queueDelay)] {
            if let d {
                rows.append([name] + [d.mean, d.p50, d.p90, d.p95, d.p99, d.max].map { TextTable.fmt($0 * 1000, 2) })
            } else {
                rows.append([name] + Array(repeating: "—", count: 6))
            }
        }
        let widths = (0..<header.count).map { c in rows.map { $0[c].count }.max()! }
        for (i, row) in rows.enumerated() {
            let cells = row.enumerated().map { c, cell in
                c == 0 ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                       : String(repeating: " ", count: widths[c] - cell.count) + cell
            }
            lines.append(cells.joined(separator: "  "))
            if i == 0 { lines.append(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")) }
        }
        lines.append("")
        func opt(_ x: Double?, _ digits: Int, _ unit: String = "") -> String {
            x.map { TextTable.fmt($0, digits) + unit } ?? "—"
        }
        func pct(_ x: Double?) -> String { x.map { TextTable.fmt($0 * 100, 1) + "%" } ?? "—" }
        lines.append("throughput   \(opt(s.outputTokensPerSecond, 1)) output tok/s · \(opt(s.requestsPerSecond, 3)) req/s"
            + " over \(opt(s.measurementWindowSeconds, 1, " s")) of load · drain \(opt(s.drainSeconds, 1, " s")), "
            + "\(s.requestsCompletedInDrain) completed in it")
        lines.append("load         " + (s.saturation?.sentence ?? "— (\(s.nullReasons["saturation"] ?? "no load window"))"))
        if let bias = s.latencyBias { lines.append("             note: " + bias) }
        var goodput = "goodput      \(opt(s.goodputRequestsPerSecond, 3)) req/s · SLO attainment \(pct(s.sloAttainment))"
        if run.slo.isEmpty {
            goodput = "goodput      — (no per-request SLO: give [slo], or latency limits in [assert] such as ttft_p99 = \"< 500ms\")"
        } else if run.sloFromAssertions {
            let limits = [("TTFT", run.slo.ttftSeconds), ("TPOT", run.slo.tpotSeconds), ("E2E", run.slo.e2eSeconds)]
                .compactMap { name, limit in limit.map { "\(name) ≤ \(TextTable.fmt($0 * 1000, 0)) ms" } }
            goodput += " (per request: \(limits.joined(separator: ", ")), from [assert])"
        }
        lines.append(goodput)
        if s.classes.count > 1 {
            for c in s.classes {
                func ms(_ x: Double?) -> String { x.map { TextTable.fmt($0 * 1000, 1) } ?? "—" }
                lines.append("  class \(c.name) (priority \(c.priority)): \(c.completed) done · TTFT p50 \(ms(c.ttft?.p50)) "
                    + "p99 \(ms(c.ttft?.p99)) ms · TPOT p99 \(ms(c.tpot?.p99)) ms · SLO \(pct(c.sloAttainment))"
                    + (c.preemptions > 0 ? " · \(c.preemptions) preemptions" : ""))
            }
        }
        if !s.stages.isEmpty { lines += stageLines(s.stages) }
        lines.append("batching     \(s.iterations) iterations · mean batch \(opt(s.meanBatchSize, 1)) seqs, \(opt(s.meanBatchTokens, 1)) tokens"
            + (s.pipelineBubbleFraction.map { " · pipeline bubble \(pct($0))" } ?? ""))
        lines.append("KV cache     mean \(pct(s.kvUtilizationMean)) · peak \(pct(s.kvUtilizationPeak)) of \(run.kvBlocksPerReplica) blocks/replica"
            + (s.prefixHitRate.map { " · prefix hits \(pct($0)) of prompt tokens" } ?? ""))
        if let memory = run.memory { lines.append("memory       " + memory.summaryLine) }
        let efficiency = EfficiencyFigures(summary: s, memory: run.memory, weightDtype: run.weightDtype)
        lines.append("efficiency   \(opt(efficiency.tokensPerGBVRAM, 1, " tokens/GB")) of VRAM in use · batch \(pct(s.batchUtilisation)) of the cap"
            + (s.paddingOverhead.map { " · padding \(pct($0)) of batch tokens" } ?? "")
            + " · \(opt(s.totalFlops.map { $0 / 1e15 }, 2, " PFLOP")) (\(opt(s.flopsPerOutputToken.map { $0 / 1e9 }, 2, " GFLOP/token")))"
            + " · token efficiency index \(opt(efficiency.tokenEfficiencyIndex, 1))")
        lines.append("GPU use      busy \(pct(s.busyFraction)) · MFU \(pct(s.mfu)) · MBU \(pct(s.mbu))")
        if let pools = s.disaggregation { lines.append(contentsOf: disaggregationLines(pools)) }
        lines.append("energy       \(opt(s.joulesPerOutputToken, 3, " J/token")) (GPU \(opt(s.gpuJoulesPerOutputToken, 3)) + host) · "
            + "\(opt(s.averageWattsPerGPU, 0, " W")) per GPU · \(opt(s.outputTokensPerJoule, 2, " tokens/J")) · "
            + "\(opt(s.flopsPerJoule.map { $0 / 1e9 }, 1, " GFLOP/J"))")
        lines.append("cost         $\(opt(s.usdPerMillionOutputTokens, 3)) per 1M output tokens")
        lines.append("simulated    \(TextTable.fmt(s.simulatedSeconds, 1)) s")
        return lines.joined(separator: "\n") + "\n"
    }

    /// One row per load stage: offered and served rates, throughput, latency percentiles (ms).
    static func stageLines(_ stages: [StageSummary]) -> [String] {
        func ms(_ x: Double?) -> String { x.map { TextTable.fmt($0 * 1000, 1) } ?? "—" }
        func opt(_ x: Double?, _ digits: Int) -> String { x.map { TextTable.fmt($0, digits) } ?? "—" }
        var rows = [["stage", "offered", "req/s", "tok/s", "queue", "TTFT mean", "p50", "p99", "TPOT mean", "p99",
                     "ITL mean", "p99", "E2E mean", "p99"]]
        for (i, s) in stages.enumerated() {
            rows.append(["\(i) (\(TextTable.fmt(s.startSeconds, 0))–\(TextTable.fmt(s.startSeconds + s.durationSeconds, 0)) s)",
                         TextTable.fmt(s.offeredRequestsPerSecond, 2), opt(s.requestsPerSecond, 2), opt(s.outputTokensPerSecond, 1),
                         s.saturation?.state.rawValue ?? "—",
                         ms(s.ttft?.mean), ms(s.ttft?.p50), ms(s.ttft?.p99), ms(s.tpot?.mean), ms(s.tpot?.p99),
                         ms(s.itl?.mean), ms(s.itl?.p99), ms(s.e2e?.mean), ms(s.e2e?.p99)])
        }
        return ["load stages (latency in ms; a request belongs to the stage it arrived in; queue: whether it kept up with the stage's rate)"]
            + TextTable.render(rows, rightAligned: Set(1..<rows[0].count).subtracting([4])).map { "  " + $0 }
    }
}
