/// simserve against published measurements of real serving (`simserve validate serving`):
/// each point of a points file that a scenario can be built for (``ServingPointScenario``)
/// is simulated and its medians compared with the measured ones.
///
/// The engine terms that isolated kernel benchmarks cannot see are fitted on the fit points
/// only (``ServingPointScenario/isFitPoint(_:)``); held-out points never enter the fit: the
/// wait for the slowest GPU at each tensor-parallel all-reduce (`all_reduce_skew_us_per_peer`)
/// on their ITL medians (decode steps from CUDA graphs), then the CPU time to issue a layer's
/// kernels outside a graph (`prefill_layer_overhead_us`) on their TTFT medians (prefills run
/// eagerly); then, on the fit points at capacity alone, the host time of a decode step too
/// large for a CUDA graph (`eager_decode_overhead_us`) on their request throughputs. The TTFT residual left on the light fit points is reported as the constant
/// `request_overhead_ms` that would absorb it — not applied.
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
        public var prefillLayerOverheadUs: Double, prefillLayerOverheadStandardError: Double
        public var eagerDecodeOverheadUs: Double, eagerDecodeOverheadStandardError: Double
        public var requestOverheadMs: Double, requestOverheadStandardError: Double
        public var fitPoints: Int

        /// The applied terms as `[engine]` keys (the TTFT residual is reported, not applied).
        public var overrides: [String: Double] {
            ["all_reduce_skew_us_per_peer": skewUsPerPeer, "prefill_layer_overhead_us": prefillLayerOverheadUs,
             "eager_decode_overhead_us": eagerDecodeOverheadUs]
        }
    }

    /// Simulates `scenario` with `overrides` on its engine, each only where the engine's preset
    /// carries that term (a term a preset leaves at 0 by design, such as vLLM V1's or
    /// TensorRT-LLM's prefill host time, stays 0); nil when it does not load.
    static func simulate(_ scenario: ServingPointScenario, overrides: [String: Double]) -> RunSummary? {
        let carried = overrides.filter { key, _ in carries(scenario, key) }
        guard let loaded = try? ScenarioLoader.load(toml: scenario.toml(engineOverrides: carried),
                                                    source: scenario.point.id + ".toml",
                                                    baseDirectory: scenario.dataDirectory) else { return nil }
        return ScenarioRunner.run(loaded).summary
    }

    /// Whether the engine preset of `scenario` carries the fitted term `key` (its own figure is
    /// not 0).
    public static func carries(_ scenario: ServingPointScenario, _ key: String) -> Bool {
        guard let hardware = try? Presets.hardware(named: scenario.point.gpu),
              let engine = try? Presets.engine(named: scenario.enginePreset, on: hardware) else { return true }
        switch key {
        case "prefill_layer_overhead_us": return engine.prefillLayerOverheadUs > 0
        case "eager_decode_overhead_us": return engine.eagerDecodeOverheadUs > 0
        case "all_reduce_skew_us_per_peer": return engine.allReduceSkewUsPerPeer > 0
        default: return true
        }
    }

    /// The point's measured medians against the simulation's (ms; req/s), and the means where
    /// a source gives only means. vLLM 0.6 streamed several tokens per chunk (multi-step
    /// scheduling), so its TPOT median stands for ITL; NVIDIA's genai-perf/AIPerf report the
    /// "inter-token latency" as each request's (E2E − TTFT) / (output − 1), averaged: the mean
    /// TPOT.
    static func compare(_ scenario: ServingPointScenario, _ summary: RunSummary) -> [Comparison] {
        let p = scenario.point
        let chunked = scenario.enginePreset == "vllm-v0" && p.tpotMedianMs != nil
        return [
            Comparison(metric: "ttft_p50_ms", predicted: summary.ttft.map { $0.p50 * 1e3 }, measured: p.ttftMedianMs),
            Comparison(metric: "itl_p50_ms",
                       predicted: (chunked ? summary.tpot : summary.itl).map { $0.p50 * 1e3 },
                       measured: chunked ? p.tpotMedianMs : p.itlMedianMs ?? p.tpotMedianMs),
            Comparison(metric: "e2e_p50_ms", predicted: summary.e2e.map { $0.p50 * 1e3 }, measured: p.e2eMedianMs),
            Comparison(metric: "requests_per_second", predicted: benchmarkRequestsPerSecond(summary),
                       measured: p.requestsPerSecond),
            Comparison(metric: "output_tokens_per_second", predicted: benchmarkOutputTokensPerSecond(summary),
                       measured: p.outputTokensPerSecond),
            Comparison(metric: "ttft_mean_ms", predicted: summary.ttft.map { $0.mean * 1e3 },
                       measured: p.ttftMedianMs == nil ? p.ttftMeanMs : nil),
            Comparison(metric: "tpot_mean_ms", predicted: summary.tpot.map { $0.mean * 1e3 },
                       measured: p.itlMedianMs == nil && p.tpotMedianMs == nil ? p.itlMeanMs : nil),
        ]
    }

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

    /// Runs every buildable point with `overrides` on each engine preset.
    public static func run(_ scenarios: [ServingPointScenario], overrides: [String: Double]) -> [Row] {
        scenarios.compactMap { scenario in
            simulate(scenario, overrides: overrides).map { Row(scenario: scenario, comparisons: compare(scenario, $0)) }
        }
    }

    /// Fits the skew on the light fit points' ITL medians (golden-section search of the mean
    /// squared relative error over 0–60 µs per peer), the prefill overhead per layer at that skew
    /// on their TTFT medians (0–2000 µs), then the eager decode overhead per step at both on the
    /// capacity points' request throughput (0–100 ms), and reports the request overhead as the
    /// light points' mean TTFT residual (clipped at 0). Standard errors: the spread of each fit
    /// point's own best value over √n.
    public static func fit(_ scenarios: [ServingPointScenario]) -> FittedTerms? {
        let capacity = scenarios.filter { $0.split == .fit && ServingPointScenario.capacityFitPoints.contains($0.point.id) }
        let points = scenarios.filter { $0.split == .fit && !ServingPointScenario.capacityFitPoints.contains($0.point.id) }
        guard !points.isEmpty else { return nil }
        /// Σ squared relative error of `metric` (its index in ``compare(_:_:)``) over `subset`.
        func error(_ metric: Int, _ overrides: [String: Double], _ subset: [ServingPointScenario]) -> Double {
            var sum = 0.0
            for scenario in subset {
                guard let summary = simulate(scenario, overrides: overrides),
                      let e = compare(scenario, summary)[metric].relativeError else { continue }
                sum += e * e
            }
            return sum
        }
        func itlError(_ skew: Double, _ subset: [ServingPointScenario]) -> Double {
            error(1, ["all_reduce_skew_us_per_peer": skew, "prefill_layer_overhead_us": 0, "eager_decode_overhead_us": 0], subset)
        }
        func golden(_ f: (Double) -> Double, _ low: Double, _ high: Double) -> Double {
            var (a, b) = (low, high)
            let r = (5.0.squareRoot() - 1) / 2
            var c = b - r * (b - a), d = a + r * (b - a)
            var fc = f(c), fd = f(d)
            for _ in 0..<24 {
                if fc < fd { b = d; d = c; fd = fc; c = b - r * (b - a); fc = f(c) } else { a = c; c = d; fc = fd; d = a + r * (b - a); fd = f(d) }
            }
            return (a + b) / 2
        }
        let skew = golden({ itlError($0, points) }, 0, 60)
        let perPointSkew = points.map { p in golden({ itlError($0, [p]) }, 0, 60) }
        func ttftError(_ dispatch: Double, _ subset: [ServingPointScenario]) -> Double {
            error(0, ["all_reduce_skew_us_per_peer": skew, "prefill_layer_overhead_us": dispatch,
                      "eager_decode_overhead_us": 0], subset)
        }
        let dispatch = golden({ ttftError($0, points) }, 0, 2000)
        let perPointDispatch = points.map { p in golden({ ttftError($0, [p]) }, 0, 2000) }
        func eagerError(_ eager: Double, _ subset: [ServingPointScenario]) -> Double {
            error(3, ["all_reduce_skew_us_per_peer": skew, "prefill_layer_overhead_us": dispatch,
                      "eager_decode_overhead_us": eager], subset)
        }
        let eager = capacity.isEmpty ? 0 : golden({ eagerError($0, capacity) }, 0, 100_000)
        let perPointEager = capacity.map { p in golden({ eagerError($0, [p]) }, 0, 100_000) }
        var residuals: [Double] = []
        for scenario in points {
            guard let summary = simulate(scenario, overrides: ["all_reduce_skew_us_per_peer": skew,
                                                               "prefill_layer_overhead_us": dispatch]),
                  let predicted = summary.ttft?.p50, let measured = scenario.point.ttftMedianMs else { continue }
            residuals.append(measured - predicted * 1e3)
        }
        let overhead = max(0, residuals.isEmpty ? 0 : residuals.reduce(0, +) / Double(residuals.count))
        return FittedTerms(skewUsPerPeer: skew, skewStandardError: standardError(perPointSkew),
                           prefillLayerOverheadUs: dispatch, prefillLayerOverheadStandardError: standardError(perPointDispatch),
                           eagerDecodeOverheadUs: eager, eagerDecodeOverheadStandardError: standardError(perPointEager),
                           requestOverheadMs: overhead, requestOverheadStandardError: standardError(residuals),
                           fitPoints: points.count)
    }

    static func standardError(_ values: [Double]) -> Double {
        guard values.count > 1 else { return 0 }
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        return (variance / Double(values.count)).squareRoot()
    }
}
