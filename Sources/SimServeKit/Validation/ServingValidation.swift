/// simserve against published measurements of real serving (`simserve validate serving`):
/// each point of a points file that a scenario can be built for (``ServingPointScenario``)
/// is simulated and its medians compared with the measured ones.
///
/// The engine terms that isolated kernel benchmarks cannot see are fitted on the fit points
/// only (``ServingPointScenario/isFitPoint(_:)``); held-out points never enter the fit: the
/// wait for the slowest GPU at each tensor-parallel all-reduce (`all_reduce_skew_us_per_peer`)
/// on their ITL medians (decode steps from CUDA graphs) — an engine with tensor-parallel fit
/// points of its own (``ServingPointScenario/tensorParallelFitPoints``, vLLM 0.6) has its own,
/// fitted with its hand-off per peer worker (`tp_step_overhead_us_per_peer`) on their ITL —,
/// then each engine's host time of a
/// prefill iteration, per layer and once per iteration (`prefill_layer_overhead_us`,
/// `prefill_iteration_overhead_us`), on the TTFT medians of its own fit points (prefills run
/// eagerly; vLLM 0.6's on ``ServingPointScenario/prefillFitPoints``); then, on the fit points
/// at capacity alone, the host time of a decode step too
/// large for a CUDA graph (`eager_decode_overhead_us`) on their request throughputs. Per
/// engine, where it has fit points of its own: the CPU time per step (`iteration_overhead_us`,
/// single-GPU ITL) and the request path a benchmark client measures beyond the engine's steps
/// (`request_overhead_ms`, the TTFT residual of its points measured through the chat endpoint;
/// presets leave it at 0, the validation applies it to such points, whose TTFT includes it);
/// and, last, a fresh container's compile of one fused-MoE kernel variant
/// (`moe_kernel_compile_ms`) on the TTFT of ``ServingPointScenario/kernelCompileFitPoints``,
/// applied to the runs of ``ServingPointScenario/coldKernelSources``.
public enum ServingValidation {
    /// One compared metric of one point.
    public struct Comparison: Sendable {
        public var metric: String
        public var predicted: Double?
        public var measured: Double?
        /// (predicted − measured) / measured, nil when either is missing.
        public var relativeError: Double? {
            guard let predicted, let measured, measured > 0 else { return nil }
            return (predicted - measured) / measured
        }
    }

    /// One simulated point.
    public struct Row: Sendable {
        public var scenario: ServingPointScenario
        public var comparisons: [Comparison]
    }

    /// The fitted engine terms and their spread over the fit points.
    public struct FittedTerms: Sendable {
        public var skewUsPerPeer: Double, skewStandardError: Double
        public var eagerDecodeOverheadUs: Double, eagerDecodeOverheadStandardError: Double
        /// By engine preset: the host time of an iteration with prompt tokens, per layer and
        /// per iteration, fitted together on the TTFT medians of that engine's fit points.
        public var prefillHost: [String: PrefillHost] = [:]
        /// By engine preset: the CPU time per step on the critical path (µs), fitted on the ITL
        /// of that engine's single-GPU light fit points, and the client-measured request path
        /// (ms), the TTFT residual of its light fit points.
        public var iterationOverheadUs: [String: Estimate] = [:]
        public var requestOverheadMs: [String: Estimate] = [:]
        /// A fresh server's compile time of one fused-MoE kernel variant (ms), fitted on the
        /// TTFT of ``ServingPointScenario/kernelCompileFitPoints``; nil until fitted.
        public var moeKernelCompileMs: Estimate?
        /// By engine preset: its own hand-off per peer worker and wait per peer at each
        /// all-reduce, fitted together on the ITL of its tensor-parallel fit points
        /// (``ServingPointScenario/tensorParallelFitPoints``); the engine's skew replaces the
        /// shared one.
        public var tensorParallel: [String: TensorParallel] = [:]
        public var fitPoints: Int

        /// A fitted value and its standard error.
        public struct Estimate: Sendable {
            public var value: Double, standardError: Double
        }

        /// An engine's prefill host time (`prefill_layer_overhead_us`,
        /// `prefill_iteration_overhead_us`), with its engine loop's time to add each arriving
        /// request where its preset carries one (`request_admission_us`), and the fit points
        /// they rest on.
        public struct PrefillHost: Sendable {
            public var layerUs: Estimate, iterationUs: Estimate
            public var admissionUs: Estimate? = nil
            public var points: [String]
        }

        /// An engine's own tensor-parallel terms (`tp_step_overhead_us_per_peer`,
        /// `all_reduce_skew_us_per_peer`) and the fit points they rest on.
        public struct TensorParallel: Sendable {
            public var perPeerUs: Estimate, skewUsPerPeer: Estimate
            public var points: [String]
        }

        /// The applied terms for `scenario`'s engine as `[engine]` keys.
        public func overrides(for scenario: ServingPointScenario) -> [String: Double] {
            var terms = ["all_reduce_skew_us_per_peer": skewUsPerPeer, "eager_decode_overhead_us": eagerDecodeOverheadUs]
            terms["iteration_overhead_us"] = iterationOverheadUs[scenario.enginePreset]?.value
            if let own = tensorParallel[scenario.enginePreset] {
                terms["tp_step_overhead_us_per_peer"] = own.perPeerUs.value
                terms["all_reduce_skew_us_per_peer"] = own.skewUsPerPeer.value
            }
            if let prefill = prefillHost[scenario.enginePreset] {
                terms["prefill_layer_overhead_us"] = prefill.layerUs.value
                terms["prefill_iteration_overhead_us"] = prefill.iterationUs.value
                if let admission = prefill.admissionUs { terms["request_admission_us"] = admission.value }
            }
            if ServingPointScenario.coldKernelSources.contains(scenario.point.source) {
                // Until it is fitted, none: the terms fitted before it do not lean on its shipped value.
                terms["moe_kernel_compile_ms"] = moeKernelCompileMs?.value ?? 0
            }
            if ServingPointScenario.carriesRequestPath(source: scenario.point.source, enginePreset: scenario.enginePreset) {
                // Until it is fitted, none (not the shipped figure): the fit depends on no preset's
                // value of a term it fits.
                terms["request_overhead_ms"] = requestOverheadMs[scenario.enginePreset]?.value ?? 0
            }
            return terms
        }
    }

    /// Simulates `scenario` with `overrides` on its engine, each only where the engine's preset
    /// carries that term (a term a preset leaves at 0 by design, such as vLLM V1's or
    /// TensorRT-LLM's prefill host time, stays 0); nil when it does not load.
    static func simulate(_ scenario: ServingPointScenario, overrides: [String: Double]) -> ClientRun? {
        guard var loaded = try? load(scenario, engineOverrides: carried(overrides, by: scenario)) else { return nil }
        loaded.serving.keepRequestRecords = true
        return ClientRun(ScenarioRunner.run(loaded))
    }

    /// The scenario of `scenario`'s point, loaded with `engineOverrides` on its engine and its
    /// ``ServingPointScenario/assignments`` over it.
    static func load(_ scenario: ServingPointScenario, engineOverrides: [String: Double] = [:]) throws -> Scenario {
        try ScenarioLoader.load(toml: scenario.toml(engineOverrides: engineOverrides), source: scenario.point.id + ".toml",
                                baseDirectory: scenario.dataDirectory,
                                overrides: .init(assignments: scenario.assignments))
    }

    /// The first problem `assignments` cause on `scenarios`: the error of the first scenario
    /// that loads without them and not with them; nil when none does so (the assignments load
    /// wherever the point itself does).
    public static func assignmentError(_ assignments: [String], on scenarios: [ServingPointScenario]) -> String? {
        guard !assignments.isEmpty else { return nil }
        for scenario in scenarios where (try? load(scenario)) != nil {
            var laid = scenario
            laid.assignments = assignments
            do { _ = try load(laid) } catch { return "--set on point \(scenario.point.id): \(error)" }
        }
        return nil
    }

    /// `scenario` with its context limit lowered to the largest its KV cache holds, when it does
    /// not load with the model's own limit and does with that one, and the limit still admits
    /// the longest request its workload draws; nil otherwise (it loads as it is, or it does not
    /// load for another reason).
    ///
    /// A source that launched its server with defaults (`vllm serve MODEL`) and published the
    /// run shows that the server started; vLLM refuses to start when one sequence of
    /// `max_model_len` does not fit the KV cache, and names the largest that does. Where
    /// simserve's memory plan leaves a little less than the model's own limit (Qwen3-32B's 40,960
    /// tokens on one 80 GB GPU: about 37,000), the run is simulated with that largest limit —
    /// which changes nothing for requests shorter than it — and the report says so.
    /// - Complexity: O(log(max context)) scenario loads.
    public static func contextFitted(_ scenario: ServingPointScenario) -> ServingPointScenario? {
        guard scenario.maxContext == nil, (try? load(scenario)) == nil,
              let modelLimit = try? Presets.model(named: scenario.modelPreset).maxContext else { return nil }
        func loads(_ limit: Int) -> Scenario? {
            var lowered = scenario
            lowered.maxContext = limit
            return try? load(lowered)
        }
        guard let smallest = loads(1) else { return nil }
        guard case .synthetic(let workload) = smallest.serving.workload else { return nil }
        let longest = max(1, workload.classes.map { $0.promptTokens.upperBound + $0.outputTokens.upperBound }.max() ?? 0)
        guard longest <= modelLimit - 1,
              let limit = LargestContextLimit.search(longest...(modelLimit - 1), loads: { loads($0) != nil }) else { return nil }
        var lowered = scenario
        lowered.maxContext = limit
        return lowered
    }

    /// The points whose scenario does not load, each with the first problem its loading reports
    /// (a deployment that does not fit simserve's memory plan, say).
    public static func unloadable(_ scenarios: [ServingPointScenario]) -> [(id: String, reason: String)] {
        scenarios.compactMap { scenario in
            do {
                _ = try load(scenario)
                return nil
            } catch {
                let lines = "\(error)".split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                let reason = lines.first { $0.hasPrefix("- ") }.map { String($0.dropFirst(2)) } ?? lines.first ?? ""
                return (scenario.point.id, reason)
            }
        }
    }

    /// The terms of `overrides` that `scenario`'s engine preset carries (``carries(_:_:)``):
    /// what a report applies to that point.
    public static func carried(_ overrides: [String: Double], by scenario: ServingPointScenario) -> [String: Double] {
        overrides.filter { key, _ in carries(scenario, key) }
    }

    /// Whether the engine preset of `scenario` carries the fitted term `key` (its own figure is
    /// not 0).
    public static func carries(_ scenario: ServingPointScenario, _ key: String) -> Bool {
        guard let hardware = try? Presets.hardware(named: scenario.point.gpu),
              let engine = try? Presets.engine(named: scenario.enginePreset, on: hardware) else { return true }
        switch key {
        case "prefill_layer_overhead_us", "prefill_iteration_overhead_us":
            return engine.prefillLayerOverheadUs > 0 || engine.prefillIterationOverheadUs > 0
        case "eager_decode_overhead_us": return engine.eagerDecodeOverheadUs > 0
        case "request_admission_us": return engine.requestAdmissionUs > 0
        case "all_reduce_skew_us_per_peer": return engine.allReduceSkewUsPerPeer > 0
        default: return true
        }
    }

    /// The point's measured medians against the simulation's (ms; req/s), and the means where
    /// a source gives only means. vLLM 0.6 streamed several tokens per chunk (multi-step
    /// scheduling), so its TPOT median stands for ITL, as does the TPOT median of a source
    /// that gives no ITL (AccelMark); NVIDIA's genai-perf/AIPerf report the
    /// "inter-token latency" as each request's (E2E − TTFT) / (output − 1), averaged: the mean
    /// TPOT.
    static func compare(_ scenario: ServingPointScenario, _ run: ClientRun) -> [Comparison] {
        let p = scenario.point
        let summary = run.summary
        // A source that gives the TPOT median and no ITL median is compared TPOT with TPOT.
        let chunked = p.tpotMedianMs != nil && (scenario.enginePreset == "vllm-v0" || p.itlMedianMs == nil)
        return [
            Comparison(metric: "ttft_p50_ms", predicted: run.ttft.map { $0.p50 * 1e3 }, measured: p.ttftMedianMs),
            Comparison(metric: "itl_p50_ms",
                       predicted: (chunked ? run.tpot : summary.itl).map { $0.p50 * 1e3 },
                       measured: (chunked ? p.tpotMedianMs : p.itlMedianMs ?? p.tpotMedianMs).flatMap(Self.stepTime)),
            Comparison(metric: "e2e_p50_ms", predicted: run.e2e.map { $0.p50 * 1e3 }, measured: p.e2eMedianMs),
            Comparison(metric: "requests_per_second", predicted: benchmarkRequestsPerSecond(summary),
                       measured: p.requestsPerSecond),
            Comparison(metric: "output_tokens_per_second", predicted: benchmarkOutputTokensPerSecond(summary),
                       measured: p.outputTokensPerSecond),
            Comparison(metric: "ttft_mean_ms", predicted: run.ttft.map { $0.mean * 1e3 },
                       measured: p.ttftMedianMs == nil ? p.ttftMeanMs : nil),
            Comparison(metric: "tpot_mean_ms", predicted: run.tpot.map { $0.mean * 1e3 },
                       measured: p.itlMedianMs == nil && p.tpotMedianMs == nil ? p.itlMeanMs : nil),
            // The tail a TTFT objective is set on; compared after the medians so that the fit's
            // metric indices stay put.
            Comparison(metric: "ttft_p99_ms", predicted: run.ttft.map { $0.p99 * 1e3 }, measured: p.ttftP99Ms),
        ]
    }

    /// A measured ITL median as a step time, or nil below 1 ms: no model's step is that short,
    /// such a median counts the gaps inside chunks a server streamed several tokens at a time
    /// (TensorRT-LLM's server under load, gpustack_perflab: 0.12 ms).
    static func stepTime(_ milliseconds: Double) -> Double? { milliseconds >= 1 ? milliseconds : nil }

    /// Request throughput as the published benchmark clients compute it: requests completed ÷
    /// the benchmark's duration, from the first request sent to the last response, drain
    /// included (`request_throughput = completed / benchmark_duration` in vLLM's
    /// `benchmark_serving.py` and SGLang's `bench_serving.py`). Not simserve's own
    /// `requests_per_second`, which counts the load window only: past capacity the two differ
    /// by the whole backlog.
    static func benchmarkRequestsPerSecond(_ summary: RunSummary) -> Double? {
        benchmarkDuration(summary).map { Double(summary.completed) / $0 }
    }

    /// Output tokens per second the same way: every output token ÷ the benchmark's duration.
    static func benchmarkOutputTokensPerSecond(_ summary: RunSummary) -> Double? {
        benchmarkDuration(summary).map { Double(summary.outputTokens) / $0 }
    }

    /// The benchmark's duration, first request to last response (seconds); nil when empty.
    static func benchmarkDuration(_ summary: RunSummary) -> Double? {
        guard let last = summary.lastArrivalSeconds, let drain = summary.drainSeconds, last + drain > 0 else { return nil }
        return last + drain
    }

    /// Runs every buildable point, with the fitted terms of its engine when given (else the
    /// presets' figures and the shipped request path, ``ServingPointScenario/requestPathMs``).
    public static func run(_ scenarios: [ServingPointScenario], fitted: FittedTerms? = nil) -> [Row] {
        scenarios.compactMap { scenario in
            simulate(scenario, overrides: fitted?.overrides(for: scenario) ?? [:])
                .map { Row(scenario: scenario, comparisons: compare(scenario, $0)) }
        }
    }

    /// Fits, in turn: each engine's CPU time per step on the ITL medians of its single-GPU
    /// light fit points (golden-section search of the squared relative error, 0–5,000 µs; an
    /// engine without such points keeps its preset's figure); the skew on all light fit points'
    /// ITL medians (0–60 µs per peer; only tensor-parallel points depend on it); an engine's own
    /// hand-off per peer (0–1,000 µs) and skew (0–20 µs) together on the ITL of its
    /// tensor-parallel fit points (``BoundedLeastSquares``); each engine's
    /// prefill host time per layer (0–2,000 µs) and per iteration (0–50,000 µs) at that skew,
    /// together, on the TTFT medians of its light fit points and its prefill fit points
    /// (``BoundedLeastSquares``, standard errors from its Jacobian); the eager decode
    /// overhead per step on the capacity points' request throughput (0–100 ms); and each
    /// engine's client-measured request path as the mean TTFT residual of its light fit points
    /// measured through the chat endpoint (clipped at 0;
    /// ``ServingPointScenario/chatEndpointSources``). Standard errors: the spread of each fit
    /// point's own best value over √n.
    public static func fit(_ scenarios: [ServingPointScenario]) -> FittedTerms? {
        let capacity = scenarios.filter { $0.split == .fit && ServingPointScenario.capacityFitPoints.contains($0.point.id) }
        // The points of terms of their own (``fitsInAStepOfItsOwn(_:)``: constants beside the
        // presets, a GPU's kernel figure, the steps below that take their own points) and the
        // prefill fit points are left out of the shared steps.
        let points = scenarios.filter { $0.split == .fit && !fitsInAStepOfItsOwn($0)
            && !ServingPointScenario.prefillFitPoints.contains($0.point.id) }
        guard !points.isEmpty else { return nil }
        var terms = FittedTerms(skewUsPerPeer: 0, skewStandardError: 0, eagerDecodeOverheadUs: 0,
                                eagerDecodeOverheadStandardError: 0, fitPoints: points.count)
        /// Σ squared relative error of `metric` (its index in ``compare(_:_:)``) over `subset`
        /// with the terms so far and `change` laid over them.
        func error(_ metric: Int, _ subset: [ServingPointScenario], _ change: [String: Double]) -> Double {
            var sum = 0.0
            for scenario in subset {
                let overrides = terms.overrides(for: scenario).merging(change) { _, new in new }
                guard let run = simulate(scenario, overrides: overrides),
                      let e = compare(scenario, run)[metric].relativeError else { continue }
                sum += e * e
            }
            return sum
        }
        /// The best value of `key` on `subset` and its standard error over the points' own best values.
        func estimate(_ metric: Int, _ key: String, _ range: ClosedRange<Double>,
                      _ subset: [ServingPointScenario]) -> FittedTerms.Estimate {
            let best = golden({ error(metric, subset, [key: $0]) }, range)
            let own = subset.map { p in golden({ error(metric, [p], [key: $0]) }, range) }
            return FittedTerms.Estimate(value: best, standardError: standardError(own))
        }
        let (ttft, itl, e2e, requests) = (0, 1, 2, 3)
        // The engines whose prefill host time is fitted below run the fits before it with none.
        let prefillSubsets = prefillFitSubsets(scenarios)
        let none = FittedTerms.Estimate(value: 0, standardError: 0)
        for (engine, subset) in prefillSubsets {
            terms.prefillHost[engine] = FittedTerms.PrefillHost(
                layerUs: none, iterationUs: none,
                admissionUs: subset.contains { carries($0, "request_admission_us") } ? none : nil, points: [])
        }
        // Each engine's step time first, on its single-GPU points (no all-reduce, so no skew;
        // the other terms still 0).
        for engine in Set(points.map(\.enginePreset)).sorted() {
            let single = points.filter { $0.enginePreset == engine && $0.point.tensorParallel == 1 }
            if !single.isEmpty { terms.iterationOverheadUs[engine] = estimate(itl, "iteration_overhead_us", 0...5000, single) }
        }
        let skew = estimate(itl, "all_reduce_skew_us_per_peer", 0...60, points)
        (terms.skewUsPerPeer, terms.skewStandardError) = (skew.value, skew.standardError)
        // An engine with tensor-parallel fit points of its own: its hand-off per peer and its
        // skew together, on their ITL (decode steps at the largest group, no prefill among them).
        let tensorParallelPoints = scenarios.filter {
            $0.split == .fit && ServingPointScenario.tensorParallelFitPoints.contains($0.point.id)
        }
        for (engine, subset) in Dictionary(grouping: tensorParallelPoints, by: \.enginePreset).sorted(by: { $0.key < $1.key }) {
            let keys = ("tp_step_overhead_us_per_peer", "all_reduce_skew_us_per_peer")
            let fitted = BoundedLeastSquares.minimise(ranges: (0...1000, 0...20), steps: (10, 0.1)) { perPeer, skew in
                subset.compactMap { scenario -> Double? in
                    let overrides = terms.overrides(for: scenario).merging([keys.0: perPeer, keys.1: skew]) { _, new in new }
                    guard let run = simulate(scenario, overrides: overrides) else { return nil }
                    return compare(scenario, run)[itl].relativeError
                }
            }
            terms.tensorParallel[engine] = FittedTerms.TensorParallel(
                perPeerUs: FittedTerms.Estimate(value: fitted.values.0, standardError: fitted.standardErrors.0),
                skewUsPerPeer: FittedTerms.Estimate(value: fitted.values.1, standardError: fitted.standardErrors.1),
                points: subset.map(\.point.id))
        }
        // The prefill host time and the chat endpoint's request path both add to the TTFT of
        // the chat-endpoint fit points: fitted in turn, twice, so that each is fitted at the
        // other's fitted value (the second round changes either by a small part of its error).
        for _ in 0..<2 {
            // Each engine's prefill host time, per layer and per iteration together, on the TTFT of
            // its own fit points: the light points (one prefill per request) and the bursts of
            // prompts its prefill-only fit points send (many prefill iterations before the median
            // first token) tell the two apart.
            for (engine, subset) in prefillSubsets.sorted(by: { $0.key < $1.key }) {
                // The time to add each arriving request, where the engine carries it, with them:
                // the light points add one request before their prefill, the bursts tens.
                let admits = terms.prefillHost[engine]?.admissionUs != nil
                // An engine whose request path is on all its points and holds no GPU
                // (``ServingPointScenario/requestPathEngines``): that path, in ms, in place of
                // the host time per prefill iteration (then 0).
                let pathEngine = ServingPointScenario.requestPathEngines.contains(engine)
                // Each fitted key with its range and the fit's step.
                var fittedKeys: [(key: String, range: ClosedRange<Double>, step: Double)] = [
                    ("prefill_layer_overhead_us", 0...2000, 20),
                    pathEngine ? ("request_overhead_ms", 0...50, 0.5) : ("prefill_iteration_overhead_us", 0...50_000, 500),
                ]
                if admits { fittedKeys.append(("request_admission_us", 0...10_000, 100)) }
                let keys = fittedKeys.map(\.key)
                let fitted = BoundedLeastSquares.minimise(
                    ranges: fittedKeys.map(\.range), steps: fittedKeys.map(\.step)
                ) { values in
                    subset.flatMap { scenario -> [Double] in
                        var change: [String: Double] = pathEngine ? ["prefill_iteration_overhead_us": 0] : [:]
                        for (key, value) in zip(keys, values) { change[key] = value }
                        let overrides = terms.overrides(for: scenario).merging(change) { _, new in new }
                        guard let run = simulate(scenario, overrides: overrides) else { return [] }
                        let compared = compare(scenario, run)
                        // A burst's last request waits for every prefill iteration: its E2E
                        // weighs the whole prefill phase where the TTFT median weighs half.
                        let metrics = ServingPointScenario.prefillFitPoints.contains(scenario.point.id) ? [ttft, e2e] : [ttft]
                        return metrics.compactMap { compared[$0].relativeError }
                    }
                }
                func estimate(_ k: Int) -> FittedTerms.Estimate {
                    FittedTerms.Estimate(value: fitted.values[k], standardError: fitted.standardErrors[k])
                }
                terms.prefillHost[engine] = FittedTerms.PrefillHost(
                    layerUs: estimate(0), iterationUs: pathEngine ? none : estimate(1), admissionUs: admits ? estimate(2) : nil,
                    points: subset.map(\.point.id))
                if pathEngine { terms.requestOverheadMs[engine] = estimate(1) }
            }
            for engine in Set(points.map(\.enginePreset)).sorted() where !ServingPointScenario.requestPathEngines.contains(engine) {
                var residuals: [Double] = []
                for scenario in points where scenario.enginePreset == engine
                    && ServingPointScenario.chatEndpointSources.contains(scenario.point.source) {
                    let overrides = terms.overrides(for: scenario).merging(["request_overhead_ms": 0]) { _, new in new }
                    guard let run = simulate(scenario, overrides: overrides), let predicted = run.ttft?.p50,
                          let measured = scenario.point.ttftMedianMs else { continue }
                    residuals.append(measured - predicted * 1e3)
                }
                guard !residuals.isEmpty else { continue }
                terms.requestOverheadMs[engine] = FittedTerms.Estimate(
                    value: max(0, residuals.reduce(0, +) / Double(residuals.count)), standardError: standardError(residuals))
            }
        }
        // A fresh server's kernel compile, last: on MoE points whose TTFT is one compile plus
        // one prefill, at the prefill host time fitted above.
        let compile = scenarios.filter { $0.split == .fit && ServingPointScenario.kernelCompileFitPoints.contains($0.point.id) }
        if !compile.isEmpty { terms.moeKernelCompileMs = estimate(ttft, "moe_kernel_compile_ms", 0...10_000, compile) }
        let eagerCapacity = capacity.filter { carries($0, "eager_decode_overhead_us") }
        if !eagerCapacity.isEmpty {
            let eager = estimate(requests, "eager_decode_overhead_us", 0...100_000, eagerCapacity)
            (terms.eagerDecodeOverheadUs, terms.eagerDecodeOverheadStandardError) = (eager.value, eager.standardError)
        }
        return terms
    }

    /// The points each engine's prefill host time is fitted on, by engine preset: its light fit
    /// points and its prefill-only fit points (``ServingPointScenario/prefillFitPoints``), where
    /// its preset carries the term.
    static func prefillFitSubsets(_ scenarios: [ServingPointScenario]) -> [String: [ServingPointScenario]] {
        Dictionary(grouping: scenarios.filter {
            $0.split == .fit && !fitsInAStepOfItsOwn($0) && carries($0, "prefill_layer_overhead_us")
        }, by: \.enginePreset)
    }

    /// Fit points that fix only terms fitted in a step of their own (the capacity points' eager
    /// decode, the kernel compile, an engine's tensor-parallel pair) or constants beside the
    /// presets (``ServingPointScenario/fitsOwnTerm(_:)``): the shared steps leave them out.
    static func fitsInAStepOfItsOwn(_ scenario: ServingPointScenario) -> Bool {
        let id = scenario.point.id
        return ServingPointScenario.capacityFitPoints.contains(id) || ServingPointScenario.fitsOwnTerm(scenario.point)
            || ServingPointScenario.kernelCompileFitPoints.contains(id) || ServingPointScenario.tensorParallelFitPoints.contains(id)
    }

    /// Golden-section search for the minimum of `f` over `range` (24 steps).
    static func golden(_ f: (Double) -> Double, _ range: ClosedRange<Double>) -> Double {
        var (a, b) = (range.lowerBound, range.upperBound)
        let r = (5.0.squareRoot() - 1) / 2
        var c = b - r * (b - a), d = a + r * (b - a)
        var fc = f(c), fd = f(d)
        for _ in 0..<24 {
            if fc < fd { b = d; d = c; fd = fc; c = b - r * (b - a); fc = f(c) } else { a = c; c = d; fc = fd; d = a + r * (b - a); fd = f(d) }
        }
        return (a + b) / 2
    }

    static func standardError(_ values: [Double]) -> Double {
        guard values.count > 1 else { return 0 }
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        return (variance / Double(values.count)).squareRoot()
    }
}
