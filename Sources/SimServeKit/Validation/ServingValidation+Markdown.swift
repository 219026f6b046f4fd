import Foundation

extension ServingValidation {
    /// The per-point table (measured → simulated, error) and the error summary by split and
    /// metric, as markdown.
    /// `unloadable`: the points whose scenario does not load, and why (``unloadable(_:)``).
    public static func markdown(_ rows: [Row], fitted: FittedTerms?, unloadable: [(id: String, reason: String)] = []) -> String {
        var lines: [String] = []
        if let f = fitted {
            func perEngine(_ terms: [String: FittedTerms.Estimate], _ format: String) -> String {
                terms.keys.sorted().map { "\($0) " + String(format: format, terms[$0]!.value, terms[$0]!.standardError) }
                    .joined(separator: ", ")
            }
            lines.append("Engine terms fitted on \(f.fitPoints) light fit points: `iteration_overhead_us` "
                         + perEngine(f.iterationOverheadUs, "%.0f ± %.0f µs")
                         + " (on the ITL of each engine's single-GPU fit points), `all_reduce_skew_us_per_peer` = "
                         + String(format: "%.2f ± %.2f µs", f.skewUsPerPeer, f.skewStandardError)
                         + " (on their ITL; ± the spread of the fit points' own best values over √n)"
                         + f.tensorParallel.keys.sorted().map { engine in
                             let t = f.tensorParallel[engine]!
                             return ", \(engine)'s own hand-off per peer worker and skew (`tp_step_overhead_us_per_peer`, "
                                 + "`all_reduce_skew_us_per_peer`) " + String(format: "%.0f ± %.0f µs and %.2f ± %.2f µs",
                                     t.perPeerUs.value, t.perPeerUs.standardError, t.skewUsPerPeer.value, t.skewUsPerPeer.standardError)
                                 + " (together, on the ITL of " + t.points.sorted().joined(separator: ", ") + ")"
                         }.joined()
                         + ", the prefill host time "
                         + "per layer and per iteration (`prefill_layer_overhead_us`, `prefill_iteration_overhead_us`) "
                         + f.prefillHost.keys.sorted().map { engine in
                             let h = f.prefillHost[engine]!
                             return "\(engine) " + String(format: "%.0f ± %.0f µs and %.0f ± %.0f µs", h.layerUs.value,
                                                          h.layerUs.standardError, h.iterationUs.value, h.iterationUs.standardError)
                                 + (h.admissionUs.map {
                                     String(format: " with its engine loop's time to add each arriving request (`request_admission_us`) %.0f ± %.0f µs",
                                            $0.value, $0.standardError)
                                 } ?? "")
                                 + (ServingPointScenario.requestPathEngines.contains(engine)
                                     ? " with its request path (`request_overhead_ms`, below) in place of the per-iteration part"
                                     : "")
                                 + " (on the TTFT of \(h.points.count) fit points: " + h.points.sorted().joined(separator: ", ") + ")"
                         }.joined(separator: ", ")
                         + " (together, least squares; ± from the fit's Jacobian), `eager_decode_overhead_us` = "
                         + String(format: "%.0f ± %.0f µs", f.eagerDecodeOverheadUs, f.eagerDecodeOverheadStandardError)
                         + " (on the request throughput of the fit points at capacity, "
                         + ServingPointScenario.capacityFitPoints.sorted().joined(separator: " and ")
                         + ")"
                         + ", and the request path a benchmark client measures beyond the engine's steps, "
                         + "`request_overhead_ms` " + perEngine(f.requestOverheadMs, "%.1f ± %.1f ms")
                         + " (each engine's mean TTFT p50 residual on its light fit points measured through the chat "
                         + "endpoint, applied to such points; "
                         + ServingPointScenario.requestPathEngines.sorted().joined(separator: ", ")
                         + "'s fitted with its prefill host time, above, and applied to all its points; 0 in the presets)"
                         + (f.moeKernelCompileMs.map {
                             String(format: "; a fresh server's compile of one fused-MoE kernel variant, `moe_kernel_compile_ms` = %.0f ± %.0f ms", $0.value, $0.standardError)
                                 + " (on the TTFT of " + ServingPointScenario.kernelCompileFitPoints.sorted().joined(separator: " and ")
                                 + "; applied to the runs of servers started in fresh containers, 0 in the presets)"
                         } ?? "") + ".")
            lines.append("")
        }
        lines.append("| point | split | engine | GPU × TP | model | rate | TTFT p50 ms | TTFT p99 ms | ITL p50 ms | E2E p50 ms | req/s | output tok/s |")
        lines.append("|---|---|---|---|---|---:|---|---|---|---|---|---|")
        for row in rows {
            let p = row.scenario.point
            func cell(_ metric: String, orMean mean: String? = nil) -> String {
                for (name, suffix) in [(metric, ""), (mean ?? metric, " mean")] {
                    guard let c = row.comparisons.first(where: { $0.metric == name }),
                          let m = c.measured, let s = c.predicted, let e = c.relativeError else { continue }
                    return String(format: "%@ → %@ (%+.0f %%)%@", short(m), short(s), e * 100, suffix)
                }
                return "—"
            }
            let cells = [cell("ttft_p50_ms", orMean: "ttft_mean_ms"), cell("ttft_p99_ms"), cell("itl_p50_ms", orMean: "tpot_mean_ms"),
                         cell("e2e_p50_ms"), cell("requests_per_second"), cell("output_tokens_per_second")]
            lines.append("| \(p.id) | \(row.scenario.split.rawValue) | \(row.scenario.enginePreset) | \(p.gpu) × \(p.tensorParallel) | "
                         + "\(p.model.split(separator: "/").last ?? "") | \(p.ratePerSecond.map(short) ?? p.arrival) | "
                         + cells.joined(separator: " | ") + " |")
        }
        lines.append("")
        lines.append("| split | metric | points | mean abs error | median abs error | within 10 % | within 25 % |")
        lines.append("|---|---|---:|---:|---:|---:|---:|")
        for split in [ServingPointScenario.Split.fit, .heldOut] {
            for metric in ["ttft_p50_ms", "ttft_mean_ms", "ttft_p99_ms", "itl_p50_ms", "tpot_mean_ms", "e2e_p50_ms",
                           "requests_per_second", "output_tokens_per_second"] {
                let errors = relativeErrors(rows.filter { $0.scenario.split == split }, metric).map(abs).sorted()
                guard !errors.isEmpty else { continue }
                let mean = errors.reduce(0, +) / Double(errors.count)
                lines.append(String(format: "| %@ | %@ | %d | %.1f %% | %.1f %% | %d | %d |", split.rawValue, metric,
                                    errors.count, mean * 100, errors[errors.count / 2] * 100,
                                    errors.filter { $0 <= 0.10 }.count, errors.filter { $0 <= 0.25 }.count))
            }
        }
        // The held-out medians by source: one machine's or one engine version's quirks show
        // as a source apart from the others.
        let metrics = ["ttft_p50_ms", "ttft_p99_ms", "itl_p50_ms", "requests_per_second", "output_tokens_per_second"]
        lines.append("")
        lines.append("| held-out source | points | " + metrics.map { "median abs error \($0)" }.joined(separator: " | ") + " |")
        lines.append("|---|---:|" + String(repeating: "---:|", count: metrics.count))
        let heldOut = rows.filter { $0.scenario.split == .heldOut }
        for source in Set(heldOut.map(\.scenario.point.source)).sorted() {
            let own = heldOut.filter { $0.scenario.point.source == source }
            let cells = metrics.map { metric -> String in
                let errors = relativeErrors(own, metric).map(abs).sorted()
                return errors.isEmpty ? "—" : String(format: "%.1f %% (%d)", errors[errors.count / 2] * 100, errors.count)
            }
            lines.append("| \(source) | \(own.count) | " + cells.joined(separator: " | ") + " |")
        }
        // The held-out step time and token throughput by tensor parallelism: signed medians
        // show whether the model drifts with TP (the step of a TP group is what a multi-GPU
        // deployment is sized on).
        lines.append("")
        lines.append("| held-out TP | points | step time (itl_p50_ms): median signed | median abs | within 10 % "
                     + "| output tokens/s: median signed | median abs | within 10 % |")
        lines.append("|---:|---:|---:|---:|---:|---:|---:|---:|")
        for tp in Set(heldOut.map(\.scenario.point.tensorParallel)).sorted() {
            let own = heldOut.filter { $0.scenario.point.tensorParallel == tp }
            let cells = ["itl_p50_ms", "output_tokens_per_second"].map { metric -> String in
                let errors = relativeErrors(own, metric).sorted()
                guard !errors.isEmpty else { return "— | — | —" }
                let absolute = errors.map(abs).sorted()
                return String(format: "%+.1f %% | %.1f %% | %d of %d", errors[errors.count / 2] * 100,
                              absolute[absolute.count / 2] * 100, absolute.filter { $0 <= 0.10 }.count, errors.count)
            }
            lines.append("| \(tp) | \(own.count) | " + cells.joined(separator: " | ") + " |")
        }
        lines += heldOutByDeploymentTable(heldOutErrors(rows))
        // Served stably: TTFT p50 under 1 s and, where the source gives request throughput,
        // at least 75 % of the offered rate completed over the benchmark's duration (its drain
        // included, which alone costs long-output runs 10–20 %): a run that served half its
        // arrivals was not stable, whatever its TTFT.
        func servedStably(_ row: Row) -> Bool {
            let p = row.scenario.point
            guard let ttft = p.ttftMedianMs, ttft < 1000 else { return false }
            guard let served = p.requestsPerSecond, let offered = p.ratePerSecond else { return true }
            return served >= 0.75 * offered
        }
        let saturated = rows.filter { row in
            guard servedStably(row), let c = row.comparisons.first, let m = c.measured, let s = c.predicted else { return false }
            return s > 10 * m
        }
        let unstable = rows.filter { row in
            guard let ttft = row.scenario.point.ttftMedianMs, ttft < 1000 else { return false }
            return !servedStably(row)
        }
        lines.append("")
        lines.append("Points the real system served stably (TTFT p50 under 1 s, ≥ 75 % of the offered rate completed) "
                     + "that simserve drives into saturation (simulated TTFT p50 over 10× measured): "
                     + (saturated.isEmpty ? "none." : saturated.map(\.scenario.point.id).joined(separator: ", ") + ".")
                     + (unstable.isEmpty ? "" : " Not counted as stable, TTFT p50 under 1 s but falling behind their arrivals: "
                        + unstable.map { "\($0.scenario.point.id) (\(short($0.scenario.point.requestsPerSecond ?? 0)) of "
                                         + "\(short($0.scenario.point.ratePerSecond ?? 0)) req/s)" }.joined(separator: ", ") + "."))
        // Lowered by ``ServingValidation/contextFitted(_:)``, not stated by the source's launch.
        let lowered = rows.filter { $0.scenario.maxContext != nil && $0.scenario.maxContext != $0.scenario.point.maxModelLen }
        if !lowered.isEmpty {
            lines.append("")
            lines.append("Points simulated with the context limit lowered to what simserve's KV cache holds (launched with "
                         + "defaults, their servers started, so their limit fit; every request of theirs is shorter): "
                         + lowered.map { "\($0.scenario.point.id) (\($0.scenario.maxContext!) tokens)" }.joined(separator: ", ") + ".")
        }
        if !unloadable.isEmpty {
            lines.append("")
            var reasons: [String] = [], ids: [String: [String]] = [:]
            for point in unloadable {
                if ids[point.reason] == nil { reasons.append(point.reason) }
                ids[point.reason, default: []].append(point.id)
            }
            lines.append("Points not simulated (their scenario does not load): "
                         + reasons.map { "\(ids[$0]!.joined(separator: ", ")): \($0)" }.joined(separator: " "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The signed relative errors of `metric` over the rows that compare it.
    /// The held-out errors by engine family, GPU and TP (the groups `simserve run` quotes, see
    /// ``HeldOutErrors``): each metric's median |error|, median signed error and count.
    static func heldOutByDeploymentTable(_ table: HeldOutErrors) -> [String] {
        var lines = ["", "| held-out engine family | GPU × TP | points | step time: median abs (signed) | TTFT | output tokens/s |",
                     "|---|---|---:|---:|---:|---:|"]
        struct Group: Hashable { let family: String, gpu: String, tensorParallel: Int }
        let groups = Dictionary(grouping: table.runs) {
            Group(family: HeldOutErrors.family(of: $0.engine), gpu: $0.gpu, tensorParallel: $0.tensorParallel)
        }
        for key in groups.keys.sorted(by: { ($0.family, $0.gpu, $0.tensorParallel) < ($1.family, $1.gpu, $1.tensorParallel) }) {
            let runs = groups[key] ?? []
            let cells = [\HeldOutErrors.Run.stepTime, \.ttft, \.outputTokensPerSecond].map { metric -> String in
                guard let m = HeldOutErrors.medianErrors(runs, metric) else { return "—" }
                return String(format: "%.1f %% (%+.1f %%, %d)", m.absolute * 100, m.signed * 100, m.runs)
            }
            lines.append("| \(key.family) | \(key.gpu) × \(key.tensorParallel) | \(runs.count) | " + cells.joined(separator: " | ") + " |")
        }
        return lines
    }

    static func relativeErrors(_ rows: [Row], _ metric: String) -> [Double] {
        rows.compactMap { $0.comparisons.first { $0.metric == metric }?.relativeError }
    }

    static func short(_ value: Double) -> String {
        if value >= 1000 { return String(format: "%.0f", value) }
        if value >= 100 { return String(format: "%.1f", value) }
        return String(format: "%.3g", value)
    }
}
