import SimMetrics
import SimScenario
import SimServing

/// Runs a scenario: one simulation, or, with `warmup = "auto"` (``Scenario/detectsWarmup``), two.
///
/// With a detected warm-up, a first pass runs without warm-up and keeps every request's
/// record; MSER-5 (``WarmupDetector``) on the TTFTs in completion order says how many of the
/// first completions belong to the start-up transient; the warm-up becomes the latest arrival
/// among them (plus 1 µs), and a second pass with that warm-up — the same seed, so the same
/// requests — gives the result. Its summary's `warmupSeconds` and
/// `warmupDetectedRequests` report the cut. When MSER-5 cannot tell (fewer than 20
/// completions), nothing is cut and the summary says so.
public enum ScenarioRunner {
    /// The scenario's result; the observer sees the run that gives it (the second pass when
    /// detecting).
    ///
    /// - Complexity: twice the simulation when detecting, with records kept in the first pass.
    public static func run(_ scenario: Scenario, observer: (any ServingObserver)? = nil) -> RunResult {
        let serving = scenario.serving
        guard scenario.detectsWarmup else {
            let simulation = ServingSimulation(configuration: serving)
            simulation.observer = observer
            return simulation.run()
        }
        var probe = serving
        probe.warmupSeconds = 0
        probe.keepRequestRecords = true
        let first = ServingSimulation(configuration: probe).run()
        let completed = first.records
            .filter { $0.outcome == .completed && $0.ttft != nil && $0.lastToken != nil }
            .sorted { ($0.lastToken!, $0.index) < ($1.lastToken!, $1.index) }
        let truncation = WarmupDetector.truncation(of: completed.map { $0.ttft! })
        var configuration = serving
        configuration.warmupSeconds = truncation.map { d in
            d > 0 ? completed[..<d].map(\.arrival).max()! + 1e-6 : 0
        } ?? 0
        let simulation = ServingSimulation(configuration: configuration)
        simulation.observer = observer
        var result = simulation.run()
        result.summary.warmupDetectedRequests = truncation
        result.summary.nullReasons["warmup_detected_requests"] = nil
        if truncation == nil {
            result.summary.nullReasons["warmup_detected_requests"] =
                "MSER-5 needs at least 20 completed requests, the run has \(completed.count)"
        }
        return result
    }
}
