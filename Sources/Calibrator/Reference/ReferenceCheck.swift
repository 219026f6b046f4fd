import SimServeKit

/// The simulator against real execution on this CPU: one scenario run twice with the same
/// seed, once in closed loop (every iteration's duration measured by an
/// ``IterationTimeSource``, normally a ``ReferenceExecutor``) and once on the cost model
/// alone, compared iteration by iteration and request by request.
public struct ReferenceCheck {
    /// Measured against predicted for one metric, seconds; errors are (predicted − measured)
    /// / measured.
    public struct Comparison: Sendable {
        public var measuredMean: Double, predictedMean: Double
        public var measuredP90: Double, predictedP90: Double
        public var meanError: Double { (predictedMean - measuredMean) / measuredMean }
        public var p90Error: Double { (predictedP90 - measuredP90) / measuredP90 }

        init(measured: [Double], predicted: [Double]) {
            measuredMean = measured.reduce(0, +) / Double(max(1, measured.count))
            predictedMean = predicted.reduce(0, +) / Double(max(1, predicted.count))
            measuredP90 = Self.quantile(measured, 0.9)
            predictedP90 = Self.quantile(predicted, 0.9)
        }

        /// Linear interpolation between order statistics (Hyndman & Fan type 7).
        static func quantile(_ values: [Double], _ q: Double) -> Double {
            guard !values.isEmpty else { return .nan }
            let sorted = values.sorted(), position = q * Double(sorted.count - 1)
            let lower = Int(position.rounded(.down)), upper = Int(position.rounded(.up))
            return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
        }
    }

    /// The closed-loop run (measured durations) and the pure prediction.
    public var closedLoop: RunResult, predicted: RunResult
    /// Per iteration of the closed loop: measured and predicted seconds, and whether the
    /// batch held a prefill chunk.
    public var iterations: [(measured: Double, predicted: Double, prefill: Bool)]
    /// Requests completed in both runs, compared by request index.
    public var requests: Int
    public var ttft: Comparison, e2e: Comparison
    /// Mean over requests of |E2E_predicted − E2E_measured| / E2E_measured.
    public var e2ePerRequestMAPE: Double

    /// Runs `configuration` in closed loop with `source`, then on its own cost model, and
    /// compares. `iterations` are the source's (measured, predicted, prefill) records, read
    /// after the closed loop ran (a ``ReferenceExecutor``'s; empty for other sources).
    public static func run(configuration: ServingConfiguration, source: any IterationTimeSource,
                           iterations: () -> [(measured: Double, predicted: Double, prefill: Bool)] = { [] }) -> ReferenceCheck {
        var configuration = configuration
        configuration.keepRequestRecords = true
        var closed = configuration
        closed.costModel = .measured(source)
        let closedLoop = ServingSimulation(configuration: closed).run()
        let predicted = ServingSimulation(configuration: configuration).run()
        return ReferenceCheck(closedLoop: closedLoop, predicted: predicted, iterations: iterations())
    }

    /// Compares two runs of one workload.
    public init(closedLoop: RunResult, predicted: RunResult, iterations: [(measured: Double, predicted: Double, prefill: Bool)]) {
        self.closedLoop = closedLoop
        self.predicted = predicted
        self.iterations = iterations
        var byIndex: [Int: RequestRecord] = [:]
        for r in predicted.records where r.outcome == .completed { byIndex[r.index] = r }
        var ttftM: [Double] = [], ttftP: [Double] = [], e2eM: [Double] = [], e2eP: [Double] = [], relative: [Double] = []
        for m in closedLoop.records where m.outcome == .completed {
            guard let p = byIndex[m.index], let tm = m.ttft, let tp = p.ttft, let em = m.e2e, let ep = p.e2e else { continue }
            ttftM.append(tm); ttftP.append(tp); e2eM.append(em); e2eP.append(ep)
            relative.append(abs(ep - em) / em)
        }
        requests = ttftM.count
        ttft = Comparison(measured: ttftM, predicted: ttftP)
        e2e = Comparison(measured: e2eM, predicted: e2eP)
        e2ePerRequestMAPE = relative.reduce(0, +) / Double(max(1, relative.count))
    }

    /// Mean |predicted − measured| / measured over `subset` of the iterations (all when nil).
    public func iterationMAPE(prefill: Bool? = nil) -> Double {
        let set = iterations.filter { prefill == nil || $0.prefill == prefill }
        guard !set.isEmpty else { return .nan }
        return set.reduce(0) { $0 + abs($1.predicted - $1.measured) / $1.measured } / Double(set.count)
    }

    /// Σ predicted / Σ measured − 1 over the iterations: the model's bias on total busy time.
    public var iterationBias: Double {
        iterations.reduce(0) { $0 + $1.predicted } / iterations.reduce(0) { $0 + $1.measured } - 1
    }
}
