import Foundation
import SimCore
import SimServeKit

/// Fits a serving engine's terms to a benchmark the user ran against their own deployment
/// (`simserve calibrate --from-serving`): each load stage of the result file becomes a run of
/// the user's scenario (same model, GPUs, engine, scheduler) at that stage's rate, request
/// count and lengths, and the engine's CPU time per iteration and per sequence, its request
/// overhead and (with TP > 1) the all-reduce skew per peer are fitted on the fit stages' ITL
/// (else TPOT) and TTFT, weighted by each figure's run-to-run spread (see `run()`). The other
/// stages are predicted with the fitted terms and reported as held out.
public struct ServingCalibration {
    public var stages: [ServingBenchmarkStage]
    /// The user's scenario file (deployment; its workload is replaced stage by stage).
    public var scenarioPath: String
    /// Indices of the stages fitted; the others are held out.
    public var fitStages: Set<Int>
    /// Simulated replications (seeds) averaged per prediction.
    public var replications: Int = 3

    public init(stages: [ServingBenchmarkStage], scenarioPath: String, fitStages: Set<Int>? = nil) {
        self.stages = stages
        self.scenarioPath = scenarioPath
        // Default: among the stages the real system kept up with, every other one in order of
        // offered rate, starting with the lightest.
        let lightest = stages.min { ($0.ratePerSecond ?? .infinity) < ($1.ratePerSecond ?? .infinity) }
        let serviceSeconds = (lightest?.metrics["e2e_median"] ?? lightest?.metrics["e2e_mean"] ?? 0) / 1000
        let order = stages.indices.filter { Self.isStable(stages[$0], serviceSeconds: serviceSeconds) }
            .sorted { (stages[$0].ratePerSecond ?? .infinity) < (stages[$1].ratePerSecond ?? .infinity) }
        self.fitStages = fitStages ?? Set(order.enumerated().filter { $0.offset % 2 == 0 }.map(\.element))
    }

    /// A fitted engine term with its standard error, in the term's own unit. (The fit runs on
    /// the logarithm of each term, which keeps it positive; the error comes from the curvature
    /// of χ² in the term itself, in which the figures are nearly linear — a log-scale error
    /// taken at a small fitted value understated the spread of the fit over samples.)
    public struct Term: Sendable {
        public var key: String
        public var value: Double
        public var standardError: Double

        public init(key: String, value: Double, standardError: Double) {
            self.key = key
            self.value = value
            self.standardError = standardError
        }

        /// Whether `truth` lies within `k` standard errors of the fitted value, widened by a
        /// relative `tolerance` of `truth`.
        public func contains(_ truth: Double, standardErrors k: Double, tolerance: Double = 0) -> Bool {
            guard standardError.isFinite, standardError >= 0 else { return false }
            return abs(truth - value) <= k * standardError + tolerance * abs(truth)
        }
    }

    /// One stage, measured vs predicted.
    public struct StageResult: Sendable {
        public var index: Int
        public var fit: Bool
        public var rate: Double?
        /// metric → (measured, predicted), ms.
        public var metrics: [(name: String, measured: Double, predicted: Double?)]
    }

    public struct Result: Sendable {
        public var engine: EngineSpec
        public var terms: [Term]
        public var stages: [StageResult]
    }

    public enum CalibrationError: Error, CustomStringConvertible {
        case scenario(String)
        case noFitStages
        case fit(String)
        public var description: String {
            switch self {
            case .scenario(let message): message
            case .noFitStages: "no stage to fit: a stage needs a request rate and a measured TTFT and ITL (or TPOT)"
            case .fit(let message): "the fit failed: \(message)"
            }
        }
    }

    /// Whether the measured system kept up with the stage's offered load: its completions per
    /// second of load at least 90 % of the offered rate (true when the file does not say). The
    /// load lasted the benchmark's duration less the drain, taken as the unloaded service time
    /// `serviceSeconds` (the lightest stage's E2E median). A stage past saturation measures the
    /// queue, not the engine's terms, so it is not fitted by default.
    static func isStable(_ stage: ServingBenchmarkStage, serviceSeconds: Double = 0) -> Bool {
        guard let rate = stage.ratePerSecond else { return true }
        if let duration = stage.durationSeconds, duration > serviceSeconds {
            return Double(stage.completed) / (duration - serviceSeconds) >= 0.9 * rate
        }
        guard let served = stage.requestsPerSecond else { return true }
        return served >= 0.9 * rate
    }

    /// The ITL (else TPOT) and TTFT a stage is fitted on: the mean when the file has it, else
    /// the median, with the simulated statistic of the same kind.
    static func targets(_ stage: ServingBenchmarkStage) -> [(name: String, value: Double)] {
        var out: [(String, Double)] = []
        if let v = stage.metrics["itl_mean"] ?? stage.metrics["tpot_mean"] {
            out.append((stage.metrics["itl_mean"] != nil ? "itl_mean" : "tpot_mean", v))
        } else if let v = stage.metrics["itl_median"] ?? stage.metrics["tpot_median"] {
            out.append((stage.metrics["itl_median"] != nil ? "itl_median" : "tpot_median", v))
        }
        if let v = stage.metrics["ttft_mean"] { out.append(("ttft_mean", v)) } else if let v = stage.metrics["ttft_median"] { out.append(("ttft_median", v)) }
        return out
    }

    /// A stage's prompt (`input`) or output lengths as a scenario value: the file's own
    /// per-request lengths, else SGLang's random range, else ShareGPT's spread around the
    /// stage's mean (as `validate serving` draws it), else the mean for every request.
    public static func lengths(of stage: ServingBenchmarkStage, input: Bool) -> String {
        let mean = input ? stage.meanInputTokens : stage.meanOutputTokens
        if let values = input ? stage.inputLengths : stage.outputLengths, !values.isEmpty {
            return "{ kind = \"empirical\", values = [" + values.map { "\(max(1, $0))" }.joined(separator: ", ") + "] }"
        }
        if let random = stage.randomLengths {
            let longest = input ? random.input : random.output
            if longest >= 1 {
                return "{ kind = \"uniform\", min = \(max(1, Int(Double(longest) * random.ratio))), max = \(longest) }"
            }
        }
        if stage.shareGPTLengths { return ServingPointScenario.shareGPTLengths(input: input, mean: mean) }
        return "{ kind = \"fixed\", value = \(max(1, Int(mean.rounded()))) }"
    }

    /// The simulated figures (ms) of `stage` with `engine`.
    func simulate(_ stage: ServingBenchmarkStage, engine: EngineSpec, seed: UInt64? = nil) throws(CalibrationError) -> [String: Double] {
        let arrival = stage.constantRate ? "constant" : "poisson"
        let assignments = [
            "engine=" + EngineProfile.inline(engine),
            "requests=\(max(1, stage.completed))", "warmup=0s",
            "workload.arrival={ kind = \"\(arrival)\", rate = \(stage.ratePerSecond ?? 1) }",
            "workload.prompt_tokens=" + Self.lengths(of: stage, input: true),
            "workload.output_tokens=" + Self.lengths(of: stage, input: false),
        ]
        let scenario: Scenario
        do {
            scenario = try ScenarioLoader.load(path: scenarioPath, overrides: .init(assignments: assignments, seed: seed))
        } catch {
            throw .scenario(error.description)
        }
        let s = ScenarioRunner.run(scenario).summary
        var out: [String: Double] = [:]
        for (name, summary) in [("ttft", s.ttft), ("tpot", s.tpot), ("itl", s.itl), ("e2e", s.e2e)] {
            if let summary { out["\(name)_mean"] = summary.mean * 1e3; out["\(name)_median"] = summary.p50 * 1e3 }
        }
        out["batch"] = s.meanBatchSize ?? 0
        return out
    }

    /// The engine of the user's scenario (its preset with the scenario's overrides).
    func baseEngine() throws(CalibrationError) -> (EngineSpec, tensorParallel: Int) {
        do {
            let scenario = try ScenarioLoader.load(path: scenarioPath)
            guard let model = scenario.serving.costModel.roofline else {
                throw CalibrationError.scenario("\(scenarioPath): the scenario needs a model and hardware (the roofline cost model)")
            }
            return (model.engine, scenario.parallelism.tensor)
        } catch let error as CalibrationError {
            throw error
        } catch {
            throw .scenario("\(error)")
        }
    }

    /// √diag((JᵀWJ)⁻¹) · max(1, √(χ²/dof)) at the terms' `values`, W = C⁻¹ (the
    /// observations' covariance, given by `whiten`: r ↦ L⁻¹r with C = LLᵀ). NaN where JᵀWJ is
    /// singular. J is each figure's least-squares slope over five values of the term, v and
    /// v ± δ/2, v ± δ (never below 0), with δ at least half the term (or its `minimumSteps`)
    /// and doubled, up to 8 times that, until the figures move by 3 standard deviations of
    /// their noise across the span. The simulation's output moves in steps — a request's
    /// prefill landing in another iteration moves a stage's mean TTFT by most of its noise's
    /// independent part, while the ITL follows the terms smoothly: a central difference over a
    /// few percent of a term is mostly such a step and overstated the curvature, reporting a
    /// third of the spread the fitted per-sequence time shows over samples.
    static func standardErrors(at values: [Double], minimumSteps: [Double], observations y: [Double],
                               whiten: ([Double]) -> [Double], model: ([Double]) -> [Double]) -> [Double] {
        let n = y.count, k = values.count
        guard n > k else { return Array(repeating: .nan, count: k) }
        let fitted = model(values)
        let center = whiten(fitted)
        var columns: [[Double]] = []
        for j in 0..<k {
            let start = max(0.5 * values[j], minimumSteps[j])
            var step = start, column: [Double] = []
            while true {
                var points: [(term: Double, figures: [Double])] = [(values[j], center)]
                for t in [-1.0, -0.5, 0.5, 1.0] {
                    var moved = values
                    moved[j] = max(0, values[j] + t * step)
                    points.append((moved[j], whiten(model(moved))))
                }
                let meanTerm = points.reduce(0) { $0 + $1.term } / Double(points.count)
                let spread = points.reduce(0) { $0 + ($1.term - meanTerm) * ($1.term - meanTerm) }
                column = (0..<n).map { i in
                    let meanFigure = points.reduce(0) { $0 + $1.figures[i] } / Double(points.count)
                    return points.reduce(0) { $0 + ($1.term - meanTerm) * ($1.figures[i] - meanFigure) } / spread
                }
                let range = (points.map(\.term).max() ?? 0) - (points.map(\.term).min() ?? 0)
                if column.reduce(0, { $0 + $1 * $1 }).squareRoot() * range >= 3 || step >= 8 * start { break }
                step *= 2
            }
            columns.append(column)
        }
        let chiSquared = whiten((0..<n).map { fitted[$0] - y[$0] }).reduce(0) { $0 + $1 * $1 }
        var normal = Array(repeating: Array(repeating: 0.0, count: k), count: k)
        for a in 0..<k {
            for b in 0..<k {
                var sum = 0.0
                for i in 0..<n { sum += columns[a][i] * columns[b][i] }
                normal[a][b] = sum
            }
        }
        guard let inverse = SmallMatrix.inverse(normal) else { return Array(repeating: .nan, count: k) }
        let inflation = max(1, chiSquared / Double(n - k))
        return (0..<k).map { (max(0, inverse[$0][$0]) * inflation).squareRoot() }
    }

    /// The covariance of one stage's figures from simulated `samples` (one row per seed),
    /// times `inflation`; each standard deviation at least 0.5 % of the figure's measured
    /// value, each correlation within ±0.95 (a handful of seeds can make two figures look
    /// perfectly correlated, which would make their difference look exact).
    static func stageCovariance(samples: [[Double]], values: [Double], inflation: Double) -> [[Double]] {
        let k = values.count, n = Double(samples.count)
        let means = (0..<k).map { j in samples.reduce(0) { $0 + $1[j] } / n }
        let sample = (0..<k).map { a in (0..<k).map { b in
            samples.reduce(0) { $0 + ($1[a] - means[a]) * ($1[b] - means[b]) } / (n - 1) * inflation
        } }
        let sd = (0..<k).map { max(sample[$0][$0].squareRoot(), 0.005 * abs(values[$0])) }
        let covariance = (0..<k).map { a in (0..<k).map { b -> Double in
            if a == b { return sd[a] * sd[a] }
            let correlation = sample[a][b] / (sample[a][a] * sample[b][b]).squareRoot()
            return min(0.95, max(-0.95, correlation.isFinite ? correlation : 0)) * sd[a] * sd[b]
        } }
        return covariance
    }


    public func run() throws(CalibrationError) -> Result {
        let (base, tp) = try baseEngine()
        let fitted = stages.indices.filter { fitStages.contains($0) && stages[$0].ratePerSecond != nil && Self.targets(stages[$0]).count == 2 }
        guard !fitted.isEmpty else { throw .noFitStages }
        // Parameters q with value = scale · e^q (positive, and the fit never sticks at a bound):
        // iteration overhead 100 µs, per-sequence 1 µs, request overhead 10 ms, skew 1 µs.
        // The skew (TP > 1 only) is fitted only when the fit stages give more figures than
        // there are terms; otherwise the engine's own value stays (it is hard to tell from the
        // per-iteration time on one deployment anyway).
        let figures = fitted.reduce(0) { $0 + Self.targets(stages[$1]).count }
        let keys = tp > 1 && figures > 4
            ? ["iteration_overhead_us", "per_sequence_overhead_us", "request_overhead_ms", "all_reduce_skew_us_per_peer"]
            : ["iteration_overhead_us", "per_sequence_overhead_us", "request_overhead_ms"]
        let scales: [Double] = [100, 1, 10, 1]
        func engine(_ p: [Double]) -> EngineSpec {
            var e = base
            e.iterationOverheadUs = Foundation.exp(p[0]) * scales[0]
            e.perSequenceOverheadUs = Foundation.exp(p[1]) * scales[1]
            e.requestOverheadMs = Foundation.exp(p[2]) * scales[2]
            if p.count > 3 { e.allReduceSkewUsPerPeer = Foundation.exp(p[3]) * scales[3] }
            return e
        }
        var initial = [Foundation.log(max(0.1, base.iterationOverheadUs / scales[0])),
                       Foundation.log(max(0.1, base.perSequenceOverheadUs / scales[1])),
                       Foundation.log(max(0.1, base.requestOverheadMs / scales[2]))]
        if keys.count > 3 { initial.append(Foundation.log(max(0.1, base.allReduceSkewUsPerPeer / scales[3]))) }
        var observations: [Double] = []
        for i in fitted { for t in Self.targets(stages[i]) { observations.append(t.value) } }
        var failure: CalibrationError?
        // Each prediction is the mean over the same `replications` seeds (common random
        // numbers): the objective is then smooth enough to follow, not one sample's pattern.
        func predictions(_ p: [Double]) -> [Double] {
            var predicted: [Double] = []
            for i in fitted {
                var sums = Self.targets(stages[i]).map { _ in 0.0 }
                for seed in UInt64(1)...UInt64(replications) {
                    do {
                        let s = try simulate(stages[i], engine: engine(p), seed: seed)
                        for (k, t) in Self.targets(stages[i]).enumerated() { sums[k] += (s[t.name] ?? 0) / Double(replications) }
                    } catch {
                        failure = error
                    }
                }
                predicted += sums
            }
            return predicted
        }
        // The simulation's output moves in steps (integer-nanosecond time, discrete batches):
        // a Nelder–Mead simplex (GSL) finds the minimum of χ², and the
        // covariance comes from central differences there.
        // A first estimate: at the preset's terms, the ITL residual of each fit stage is about
        // Δ(per-iteration) + Δ(per-sequence) · (its mean batch), the TTFT residual about
        // Δ(request overhead) — a linear fit over the stages (its batch sizes) moves the start.
        var best = initial
        do {
            var rows: [(batch: Double, itl: Double)] = []
            var ttft: [Double] = []
            for i in fitted {
                let s = try simulate(stages[i], engine: engine(initial))
                for t in Self.targets(stages[i]) {
                    guard let predicted = s[t.name] else { continue }
                    if t.name.hasPrefix("ttft") { ttft.append(t.value - predicted) } else { rows.append((s["batch"] ?? 0, (t.value - predicted) * 1000)) }
                }
            }
            let base = engine(initial)
            var iteration = base.iterationOverheadUs, perSequence = base.perSequenceOverheadUs
            if rows.count >= 2, let line = try? LinearFit(x: rows.map(\.batch), y: rows.map(\.itl)) {
                iteration += line.intercept
                perSequence += line.slope
            } else if let only = rows.first {
                iteration += only.itl
            }
            let request = base.requestOverheadMs + (ttft.isEmpty ? 0 : ttft.reduce(0, +) / Double(ttft.count))
            best[0] = Foundation.log(max(0.1, iteration / scales[0]))
            best[1] = Foundation.log(max(0.1, perSequence / scales[1]))
            best[2] = Foundation.log(max(0.1, request / scales[2]))
        }
        // A benchmark stage of n requests is one sample of the load: its figures vary from run
        // to run, and together — a sample whose arrivals bunch has both a longer ITL (larger
        // batches) and a longer TTFT (more waiting); at a busy stage the two correlate at
        // ~0.8. Their covariance within each stage (over 16 other seeds; each σ at least 0.5 %
        // of the figure, each correlation within ±0.95) weighs the residuals of the fit
        // (generalised least squares, χ² = rᵀC⁻¹r), and the covariance (JᵀC⁻¹J)⁻¹ at the
        // minimum — scaled up by χ²/dof when the model fits worse than the noise — gives the
        // standard errors. (Weighing the figures as independent counted the same sampling
        // noise twice: the reported errors held the true per-sequence time within two of
        // themselves in 12 of 24 samples; `scripts/calibration-coverage.py`.) The spread
        // depends on the terms themselves (a larger time per sequence turns the sample's
        // batch-size swings into larger ITL swings), so it is taken at the first estimate for
        // the fit, again at the fitted terms, and the fit resumed with it; the standard errors
        // use the spread at the fitted terms.
        func noiseModel(at p: [Double]) throws(CalibrationError) -> [(range: Range<Int>, factor: CholeskyFactor)] {
            var blocks: [(range: Range<Int>, factor: CholeskyFactor)] = []
            for i in fitted {
                let targets = Self.targets(stages[i])
                var samples: [[Double]] = []
                for seed in UInt64(101)...116 {
                    let s = try simulate(stages[i], engine: engine(p), seed: seed)
                    samples.append(targets.map { s[$0.name] ?? 0 })
                }
                // The measured stage carries that spread, the mean of the simulated replications
                // 1/√replications of it.
                let covariance = Self.stageCovariance(samples: samples, values: targets.map(\.value),
                                                      inflation: 1 + 1 / Double(replications))
                let start = blocks.last?.range.upperBound ?? 0
                do {
                    blocks.append((start..<(start + targets.count), try CholeskyFactor(covariance: covariance)))
                } catch {
                    throw .fit("the spread of stage \(i + 1)'s figures: \(error.description)")
                }
            }
            return blocks
        }
        var noise = try noiseModel(at: best)
        func whiten(_ residuals: [Double]) -> [Double] {
            noise.flatMap { $0.factor.whiten(Array(residuals[$0.range])) }
        }
        // Restarted from its own best point with smaller fresh steps until a restart no longer
        // improves (a simplex can collapse early on a stepped objective). The simplex stops at
        // a size of 3 · 10⁻³ in log terms: 0.3 % of a term's value, far inside any standard
        // error a benchmark's sampling noise leaves.
        func minimize(steps: [Double]) throws(CalibrationError) {
            do {
                var minimizer = SimplexMinimizer()
                minimizer.sizeTolerance = 3e-3
                var value = Double.infinity
                for step in steps {
                    let simplex = try minimizer.minimize(initial: best, steps: best.map { _ in step }) { p in
                        let predicted = predictions(p)
                        return whiten((0..<observations.count).map { predicted[$0] - observations[$0] })
                            .reduce(0) { $0 + $1 * $1 }
                    }
                    guard simplex.value < value else { break }
                    value = simplex.value
                    best = simplex.parameters
                }
            } catch {
                throw .fit(error.description)
            }
        }
        try minimize(steps: [0.7, 0.35, 0.15])
        noise = try noiseModel(at: best)
        try minimize(steps: [0.15])
        if let failure { throw failure }
        // The model in the terms' own units (the fit's parameters are their logarithms).
        func parameters(_ values: [Double]) -> [Double] {
            values.enumerated().map { Foundation.log(max($1, 1e-9 * scales[$0]) / scales[$0]) }
        }
        let values = best.enumerated().map { Foundation.exp($1) * scales[$0] }
        let standardErrors = Self.standardErrors(at: values, minimumSteps: Array(scales.prefix(values.count)),
                                                 observations: observations, whiten: whiten,
                                                 model: { predictions(parameters($0)) })
        let result = engine(best)
        let terms = keys.enumerated().map { i, key in Term(key: key, value: values[i], standardError: standardErrors[i]) }
        var reports: [StageResult] = []
        for (i, stage) in stages.enumerated() where stage.ratePerSecond != nil {
            let s = try simulate(stage, engine: result)
            let metrics = ["ttft_mean", "ttft_median", "itl_mean", "itl_median", "tpot_mean", "tpot_median", "e2e_mean", "e2e_median"]
                .compactMap { name in stage.metrics[name].map { (name: name, measured: $0, predicted: s[name]) } }
            reports.append(StageResult(index: i, fit: fitted.contains(i), rate: stage.ratePerSecond, metrics: metrics))
        }
        return Result(engine: result, terms: terms, stages: reports)
    }
}
