import CostModel
import SimServing
import SimWorkload

/// Turns a decoded scenario table into a `Scenario`: presets under field overrides, defaults,
/// range checks (every problem collected, each named by key path), the memory plan and the
/// trace.
struct ScenarioResolver {
    let source: String
    let defaultName: String
    let baseDirectory: String
    let overrides: ScenarioLoader.Overrides
    var issues: [ScenarioIssue] = []
    /// Settings made irrelevant by a command-line override: reported, not fatal.
    var warnings: [ScenarioIssue] = []
    /// The table being resolved, to tell a missing key from one that failed to decode.
    var root = ConfigTable()
    /// The model's context window, once known: shared prefixes are checked against it before
    /// anything of their size is allocated.
    var maxContextTokens: Int?

    init(source: String, defaultName: String, baseDirectory: String, overrides: ScenarioLoader.Overrides) {
        self.source = source
        self.defaultName = defaultName
        self.baseDirectory = baseDirectory
        self.overrides = overrides
    }

    /// Resolves the table section by section (each beside its section's type), then composes
    /// the serving configuration. Every problem a section finds is recorded; resolving stops
    /// where a later section needs what a failed one would give.
    mutating func resolve(_ table: ConfigTable) throws(ScenarioLoadError) -> Scenario {
        // `hardware.profile = "file.toml"`: a calibrated profile in place of a preset (HardwareProfile.swift).
        let table = HardwareProfile.expand(table, baseDirectory: baseDirectory, issues: &issues)
        root = table
        var file: ScenarioFile? = decode(ScenarioFile.self, from: table, prefix: [])
        if let scheduler = file?.scheduler { file?.scheduler = mergeVLLMNames(scheduler) }
        let costKind = file?.cost_model?.kind ?? "roofline"
        let usesHardware = costKind == "roofline"
        let model = resolveModel(in: table, required: usesHardware)
        let hardware = resolveHardware(in: table, required: usesHardware)
        let engine: EngineSpec? = hardware.flatMap { resolveEngine(table["engine"], hardware: $0) }
        guard let file else { throw invalid }
        if !usesHardware, file.engine != nil {
            issue("engine", "only used with the roofline cost model (a model and hardware)")
        }
        if let model, usesHardware { checkModel(model) }
        if let hardware, usesHardware { checkHardware(hardware) }
        if let model { checkDataTypes(model) }
        if let hardware { checkPower(hardware) }
        // What the roofline cost model simulates: nothing under the service-time cost model.
        let simulatedModel = usesHardware ? model : nil
        let simulatedHardware = usesHardware ? hardware : nil

        let cluster = resolveCluster(file.cluster, model: model, hardware: hardware, costKind: costKind)
        let scheduler = resolveScheduler(file.scheduler, routing: cluster.routing)
        let serviceTime = resolveCostModel(file.cost_model, kind: costKind, preemption: file.scheduler?.preemption)
        let timing = resolveTiming(file)
        var slo = resolveObjectives(file.slo)
        let assertions = AssertionSection.resolve(file.assert, issues: &issues)
        // Without [slo], goodput counts the requests within the [assert] latency limits.
        var sloFromAssertions = false
        if slo.isEmpty {
            slo = AssertionSection.perRequestObjectives(from: assertions)
            sloFromAssertions = !slo.isEmpty
        }
        maxContextTokens = simulatedModel?.maxContext
        let workload = try resolveWorkload(file, serviceTime: serviceTime, slo: slo, prefixCaching: scheduler.settings.prefixCaching)
        guard issues.isEmpty, let workload else { throw invalid }
        let speculation = file.speculative.flatMap { resolveSpeculation($0, usesHardware: usesHardware) }
        guard issues.isEmpty else { throw invalid }

        let parallelism = cluster.parallelism
        let deployment = try planDeployment(model: simulatedModel, hardware: simulatedHardware, engine: engine,
                                            parallelism: parallelism, scheduler: scheduler, speculation: speculation)
        let classes = classPolicies(of: workload, sections: file.workload?.classes)
        guard issues.isEmpty else { throw invalid }

        var schedulerSettings = scheduler.settings
        schedulerSettings.preemption = deployment.preemption
        var serving = ServingConfiguration(
            workload: workload, costModel: deployment.costModel, replicas: cluster.replicas,
            gpusPerReplica: parallelism.tensor * parallelism.pipeline,
            scheduler: schedulerSettings,
            kvBlocksPerReplica: deployment.kvBlocks, maxContextTokens: simulatedModel?.maxContext,
            routing: cluster.routing, seed: timing.seed, pipelineStages: parallelism.pipeline,
            warmupSeconds: timing.warmupSeconds, horizonSeconds: timing.horizonSeconds, slo: slo,
            keepRequestRecords: file.output?.per_request_csv ?? true, hardware: deployment.figures,
            classes: classes, queuePolicy: scheduler.queuePolicy)
        serving.requestOverheadSeconds = (engine?.requestOverheadMs ?? 0) * 1e-3
        serving.frontEndSecondsPerRequest = (engine?.frontEndRequestMs ?? 0) * 1e-3
        serving.admissionSecondsPerRequest = (engine?.requestAdmissionUs ?? 0) * 1e-6
        serving.disaggregation = try resolveDisaggregation(
            file, model: model, hardware: hardware,
            prefill: ServingPool(replicas: cluster.replicas, gpusPerReplica: parallelism.tensor,
                                 kvBlocksPerReplica: deployment.kvBlocks, costModel: deployment.costModel,
                                 hardware: deployment.figures, memoryGBPerGPU: hardware?.memoryGB),
            costKind: costKind, memoryFraction: scheduler.memoryFraction, blockSize: schedulerSettings.blockSizeTokens,
            maxTokens: schedulerSettings.maxTokensPerIteration)
        guard issues.isEmpty else { throw invalid }
        if let pools = serving.disaggregation { serving.replicas = pools.prefill.replicas + pools.decode.replicas }
        if let engine, scheduler.kind == "continuous", serving.disaggregation == nil {
            applyEngine(engine, to: &serving.scheduler, ignoresEOS: file.workload?.ignore_eos == true)
        }
        if let engine, let model = simulatedModel, usesHardware {
            serving.moeKernelVariants = FusedMoEKernelVariants(
                model: model, engine: engine, maxTokensPerIteration: serving.scheduler.maxTokensPerIteration)
        }
        let name = file.name ?? defaultName
        var scenario = Scenario(name: name, seed: timing.seed, model: simulatedModel, hardware: simulatedHardware,
                                parallelism: parallelism, memory: deployment.memory, serving: serving,
                                output: resolveOutput(file.output, name: name), assertions: assertions,
                                detectsWarmup: file.warmup != nil && file.warmup?.fixed == nil)
        scenario.warnings = warnings
        scenario.sloFromAssertions = sloFromAssertions
        return scenario
    }

    /// Every problem recorded so far, as the error that stops resolving.
    var invalid: ScenarioLoadError { .invalid(ScenarioError(source: source, issues: issues)) }
}
