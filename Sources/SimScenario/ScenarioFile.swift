/// The scenario file as written: every field optional, nothing checked beyond its type.
/// `ScenarioResolver` applies presets and defaults and checks ranges.
struct ScenarioFile: Decodable {
    var name: String?
    var seed: Int?
    var requests: Int?
    var duration: DurationValue?
    /// A duration, or "auto" (MSER-5 detection, `WarmupDetector`).
    var warmup: WarmupSetting?
    var horizon: DurationValue?
    /// Decoded separately, over their presets (`ModelSection.swift`, `HardwareSection.swift`); read as
    /// raw values so that this pass checks none of their keys.
    var model: ConfigValue?
    var hardware: ConfigValue?
    /// The serving engine: a preset name or a table over one (`EngineSection.swift`).
    var engine: ConfigValue?
    var cluster: ClusterSection?
    var scheduler: SchedulerSection?
    var workload: WorkloadSection?
    var slo: SLOSection?
    var output: OutputSection?
    var cost_model: CostModelSection?
    /// `[assert]`: metric limits, read as raw values and checked by `AssertionSection`.
    var assert: ConfigValue?
    var speculative: SpeculativeSection?
    /// `[sweep]` and `[search]`: axes for `simserve sweep` and `simserve plan --search`, read
    /// by `SweepTable`; a single run ignores them.
    var sweep: ConfigValue?
    var search: ConfigValue?
}

/// The run's clock and randomness: `warmup`, `horizon` and `seed` (`--seed` in its place).
struct RunTiming {
    var warmupSeconds: Double
    var horizonSeconds: Double?
    var seed: UInt64
}

extension ScenarioResolver {
    mutating func resolveTiming(_ file: ScenarioFile) -> RunTiming {
        let warmup = file.warmup?.fixed?.seconds ?? 0
        check(warmup >= 0 && warmup.isFinite, "warmup", "must be ≥ 0, got \(warmup) s")
        let horizon = file.horizon?.seconds
        if let horizon { check(horizon > 0 && horizon.isFinite, "horizon", "must be > 0, got \(horizon) s") }
        let seedValue = file.seed ?? 1
        check(seedValue >= 0, "seed", "must be ≥ 0, got \(seedValue)")
        return RunTiming(warmupSeconds: warmup, horizonSeconds: horizon, seed: overrides.seed ?? UInt64(max(0, seedValue)))
    }
}
