import CostModel
import SimOutput
import SimServing

/// A scenario, decoded, completed from presets and defaults, and checked: immutable from here on.
public struct Scenario: Sendable {
    public var name: String
    public var seed: UInt64
    /// Nil for the service-time cost model, which simulates no model.
    public var model: ModelSpec?
    public var hardware: HardwareSpec?
    public var parallelism: Parallelism
    /// The split of each GPU's memory; nil for the service-time cost model.
    public var memory: MemoryPlan?
    public var serving: ServingConfiguration
    public var output: OutputSettings
    /// The `[assert]` limits, checked after a run (see `AssertionSection`).
    public var assertions: [MetricCondition] = []
    /// `warmup = "auto"`: the warm-up is detected from a first pass of the run (MSER-5, see
    /// `ScenarioRunner` in SimPlanning, which runs scenarios) instead of fixed.
    public var detectsWarmup = false
    /// Settings a command-line override made irrelevant (ignored, reported on stderr).
    public var warnings: [ScenarioIssue] = []
    /// Whether the per-request SLOs that goodput counts come from `[assert]` limits (no `[slo]`).
    public var sloFromAssertions = false

    /// The run's heading for outputs, given the streams it used.
    public func description(streamSeeds: [(name: String, seed: UInt32)]) -> RunDescription {
        var run = RunDescription(scenarioName: name, seed: seed, model: model?.name, hardware: serving.disaggregation?.hardwareLabel ?? hardware?.name,
                                 replicas: serving.replicas, tensorParallel: parallelism.tensor,
                                 kvBlocksPerReplica: serving.kvBlocksPerReplica, slo: serving.slo,
                                 streamSeeds: streamSeeds, memory: memory, weightDtype: model?.weightDtype,
                                 sloFromAssertions: sloFromAssertions)
        run.expertParallel = parallelism.expert
        return run
    }
}
