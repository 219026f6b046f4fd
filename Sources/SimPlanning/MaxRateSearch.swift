import Foundation
import SimScenario
import SimServing

/// The largest arrival rate a deployment sustains under its SLOs, by bisection on
/// `workload.arrival.rate`, replicated over independent seeds.
///
/// Each replication r uses seed s + r for every rate it tries. The arrival gaps are the same
/// uniform draws scaled by 1/rate and the lengths and service times do not depend on the rate
/// at all (common random numbers), so within one seed the figures move smoothly with the rate
/// and bisection converges on that seed's crossing λ*ᵣ. The λ*ᵣ are independent and
/// identically distributed; their mean is the estimate and their spread gives a Student t
/// confidence interval. The bisection bracket of each seed is the other, smaller, part of the
/// uncertainty.
///
/// The headline is not that mean — half of the seeds fail there. It is the rate at which every
/// SLO held at every replication: the lowest λ*ᵣ's sustained end, re-run with every seed and
/// lowered until each one passes (``verifiedRate(base:seeds:from:jobs:)``); the mean and its
/// interval are shown beside it.
///
/// Per seed: from the scenario's own rate, double (or halve) until the SLOs fail (or hold), at
/// most ``maxBracketSteps`` times, then bisect until hi − lo ≤ tolerance · lo.
public struct MaxRateSearch: Sendable {
    public var template: ScenarioTemplate
    /// The SLOs: every one must hold for a rate to count as sustainable.
    public var conditions: [MetricCondition]
    /// Independent seeds, each bisected on its own (2 or more for an interval).
    public var replications: Int
    /// Bisection stops when the bracket is at most this fraction of its lower end.
    public var relativeTolerance: Double
    /// The first seed (nil: the scenario's own).
    public var seed: UInt64?

    /// The most doublings or halvings in search of a bracket (a factor of about 10⁶).
    public static let maxBracketSteps = 20

    public init(template: ScenarioTemplate, conditions: [MetricCondition], replications: Int,
                relativeTolerance: Double = 0.005, seed: UInt64? = nil) {
        precondition(!conditions.isEmpty, "a rate search needs at least one SLO")
        precondition(replications >= 1 && relativeTolerance > 0, "replications ≥ 1 and tolerance > 0")
        self.template = template
        self.conditions = conditions
        self.replications = replications
        self.relativeTolerance = relativeTolerance
        self.seed = seed
    }

    /// Runs the search: the seeds in parallel on `jobs` threads, then `replications` runs at the
    /// headline rate to check that every SLO holds at each and report each SLO's figure there. `progress(done, total)` counts seeds.
    public func run(jobs: Int, progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in })
        throws(MaxRateSearchError) -> MaxRateResult {
        let base: Scenario
        do {
            base = try template.load([], seed: seed)
        } catch {
            throw .scenario(error.description)
        }
        guard case .synthetic(let workload) = base.serving.workload else {
            throw .noArrivalRate("the scenario replays a trace; plan needs a synthetic workload with workload.arrival.rate")
        }
        guard workload.stages.isEmpty else {
            throw .noArrivalRate("the scenario runs workload.stages, each with its own rate; plan needs one workload.arrival.rate")
        }
        let startRate = workload.arrival.meanRatePerSecond
        let seeds = (0..<replications).map { base.seed &+ UInt64($0) }
        let searches = ParallelMap.map(count: replications, jobs: jobs, finished: progress) { [self] r in
            Result { () throws(MaxRateSearchError) -> SeedSearch in
                try search(base.withSeed(seeds[r]), startRate: startRate)
            }
        }
        var found: [SeedSearch] = []
        for search in searches { found.append(try search.get()) }
        let estimate = MeanEstimate(found.map(\.midpoint))!
        let verified = verifiedRate(base: base, seeds: seeds, from: found.map(\.sustainedRate).min()!, jobs: jobs)
        let atRate = conditions.enumerated().map { c, condition in
            MaxRateResult.Check(condition: condition, estimate: MeanEstimate(verified.values.compactMap { $0[c] }),
                                perReplication: verified.values.map { $0[c] },
                                held: verified.values.filter { $0[c].map(condition.isMet(by:)) ?? false }.count)
        }
        return MaxRateResult(startRate: startRate, perSeed: found, estimate: estimate, sustainedRate: verified.rate,
                             stepsDown: verified.stepsDown, atEstimate: atRate, relativeTolerance: relativeTolerance)
    }

    /// The headline rate: the lowest rate each seed's bisection sustained, then checked — every
    /// seed is run there, and while any replication misses an SLO (an SLO need not be monotone
    /// in the rate for one seed) the rate steps down by 2 × the tolerance, at most
    /// ``maxVerificationSteps`` times. Returns the rate, the SLO metrics of every replication
    /// there, and the steps taken.
    ///
    /// - Complexity: replications × (1 + steps) simulations.
    func verifiedRate(base: Scenario, seeds: [UInt64], from start: Double, jobs: Int)
        -> (rate: Double, values: [[Double?]], stepsDown: Int) {
        var rate = start
        var steps = 0
        while true {
            let values = ParallelMap.map(count: seeds.count, jobs: jobs) { [self, rate] r in
                let summary = ScenarioRunner.run(base.withSeed(seeds[r]).withArrivalRate(rate)).summary
                return conditions.map { $0.metric.value(in: summary) }
            }
            let allHeld = values.allSatisfy { row in
                zip(conditions, row).allSatisfy { condition, value in value.map(condition.isMet(by:)) ?? false }
            }
            if allHeld || steps == Self.maxVerificationSteps { return (rate, values, steps) }
            rate *= 1 - 2 * relativeTolerance
            steps += 1
        }
    }

    /// The most steps down from the lowest per-seed rate before the check gives up (the result
    /// then says how many replications held).
    public static let maxVerificationSteps = 20

    /// The rate at which every SLO holds at every replication for `scenario` (its own workload,
    /// replicas and settings), searched from `startRate`: what ``run(jobs:progress:)`` headlines,
    /// for a scenario already loaded (``DeploymentSearch``'s throughput objective). Nil when no
    /// rate or every rate meets the SLOs.
    func sustainableRate(of scenario: Scenario, startRate: Double, jobs: Int) -> Double? {
        let seeds = (0..<replications).map { scenario.seed &+ UInt64($0) }
        let found = ParallelMap.map(count: replications, jobs: jobs) { [self] r in
            try? search(scenario.withSeed(seeds[r]), startRate: startRate)
        }
        let rates = found.compactMap { $0?.sustainedRate }
        guard rates.count == found.count, let lowest = rates.min() else { return nil }
        let verified = verifiedRate(base: scenario, seeds: seeds, from: lowest, jobs: jobs)
        let held = verified.values.allSatisfy { row in
            zip(conditions, row).allSatisfy { c, v in v.map(c.isMet(by:)) ?? false }
        }
        return held ? verified.rate : nil
    }

    /// Bisects one seed.
    func search(_ scenario: Scenario, startRate: Double) throws(MaxRateSearchError) -> SeedSearch {
        var evaluations = 0
        func holds(_ rate: Double) -> (Bool, [MetricCondition.Outcome]) {
            evaluations += 1
            let summary = ScenarioRunner.run(scenario.withArrivalRate(rate)).summary
            let outcomes = conditions.map { $0.evaluate(summary) }
            return (outcomes.allSatisfy(\.passed), outcomes)
        }
        var lo: Double, hi: Double
        if holds(startRate).0 {
            lo = startRate
            hi = startRate
            for _ in 0..<Self.maxBracketSteps {
                hi = lo * 2
                if holds(hi).0 { lo = hi } else { break }
            }
            guard hi > lo else { throw .alwaysMet(rate: lo, seed: scenario.seed) }
        } else {
            hi = startRate
            lo = startRate
            var lastOutcomes: [MetricCondition.Outcome] = []
            for _ in 0..<Self.maxBracketSteps {
                lo = hi / 2
                let (ok, outcomes) = holds(lo)
                if ok { break }
                hi = lo
                lastOutcomes = outcomes
            }
            guard lo < hi else { throw .neverMet(rate: hi, seed: scenario.seed, failed: lastOutcomes.filter { !$0.passed }) }
        }
        while hi - lo > relativeTolerance * lo {
            let mid = (lo + hi) / 2
            if holds(mid).0 { lo = mid } else { hi = mid }
        }
        return SeedSearch(seed: scenario.seed, sustainedRate: lo, failedRate: hi, evaluations: evaluations)
    }

    /// One seed's bisection: the SLOs hold at `sustainedRate` and fail at `failedRate`.
    public struct SeedSearch: Sendable {
        public var seed: UInt64
        public var sustainedRate: Double
        public var failedRate: Double
        /// Simulations run.
        public var evaluations: Int
        /// The middle of the final bracket: this seed's estimate of λ*.
        public var midpoint: Double { (sustainedRate + failedRate) / 2 }
    }
}

/// Why a maximum rate could not be found.
public enum MaxRateSearchError: Error, Sendable, CustomStringConvertible {
    /// The scenario does not load (bad input).
    case scenario(String)
    /// The workload has no arrival rate to vary (a trace).
    case noArrivalRate(String)
    /// Even a rate 2⁻²⁰ of the scenario's misses an SLO.
    case neverMet(rate: Double, seed: UInt64, failed: [MetricCondition.Outcome])
    /// Even a rate 2²⁰ times the scenario's meets every SLO.
    case alwaysMet(rate: Double, seed: UInt64)

    public var description: String {
        switch self {
        case .scenario(let message), .noArrivalRate(let message): message
        case .neverMet(let rate, let seed, let failed):
            "no rate meets the SLOs: at \(String(format: "%.4g", rate)) req/s (seed \(seed)) still "
                + failed.map(\.description).joined(separator: "; ")
        case .alwaysMet(let rate, let seed):
            "the SLOs never bind: they still hold at \(String(format: "%.4g", rate)) req/s (seed \(seed)); is a limit missing?"
        }
    }
}

extension Scenario {
    /// The scenario with another seed (what loading it with `--seed` gives).
    func withSeed(_ seed: UInt64) -> Scenario {
        var copy = self
        copy.seed = seed
        copy.serving.seed = seed
        return copy
    }
}

extension Scenario {
    /// The scenario with the synthetic workload's mean arrival rate replaced (see
    /// ``ServingConfiguration/withArrivalRate(_:)``).
    func withArrivalRate(_ rate: Double) -> Scenario {
        var copy = self
        copy.serving = serving.withArrivalRate(rate)
        return copy
    }
}

extension ServingConfiguration {
    /// The configuration with the synthetic workload's mean arrival rate replaced (what
    /// `--set workload.arrival.rate=…` gives for Poisson and Gamma arrivals; modulated and
    /// time-varying rates are scaled in proportion); unchanged for a trace.
    func withArrivalRate(_ rate: Double) -> ServingConfiguration {
        guard case .synthetic(var workload) = workload else { return self }
        workload.arrival = workload.arrival.scaled(toMeanRate: rate)
        var copy = self
        copy.workload = .synthetic(workload)
        return copy
    }
}
