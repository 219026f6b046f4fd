import CostModel
import SimCore
import SimMetrics
import SimOutput
import SimServing
import SimSupport
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

    mutating func resolve(_ table: ConfigTable) throws(ScenarioLoadError) -> Scenario {
        // `hardware.profile = "file.toml"`: a calibrated profile in place of a preset (HardwareProfile.swift).
        let table = HardwareProfile.expand(table, baseDirectory: baseDirectory, issues: &issues)
        root = table
        var file: ScenarioFile? = decode(ScenarioFile.self, from: table, prefix: [])
        if let scheduler = file?.scheduler { file?.scheduler = mergeVLLMNames(scheduler) }
        let costKind = file?.cost_model?.kind ?? "roofline"
        let usesHardware = costKind == "roofline"
        let model: ModelSpec? = resolvePreset(
            ModelSpec.self, section: "model", in: table, required: usesHardware,
            preset: .model)
        let hardware: HardwareSpec? = resolvePreset(
            HardwareSpec.self, section: "hardware", in: table, required: usesHardware,
            preset: .hardware)
        let engine: EngineSpec? = hardware.flatMap { resolveEngine(table["engine"], hardware: $0) }
        guard let file else { throw .invalid(ScenarioError(source: source, issues: issues)) }
        if !usesHardware, file.engine != nil {
            issue("engine", "only used with the roofline cost model (a model and hardware)")
        }

        if let model, usesHardware { checkModel(model) }
        if let hardware, usesHardware { checkHardware(hardware) }
        if let model {
            checkDataType(model.weightDtype, among: DataType.weightTypes, "model.weight_dtype")
            if let activation = model.activationDtype {
                checkDataType(activation, among: [.fp16, .bf16, .fp8, .fp32], "model.activation_dtype")
            }
            checkDataType(model.kvDtype, among: DataType.kvCacheTypes, "model.kv_dtype")
        }
        if let hardware { checkPower(hardware) }

        // Cluster (disaggregated: the prefill pool's)
        let cluster = effectiveCluster(file.cluster)
        let clusterIssues = issues.count
        let replicas = positive(cluster?.replicas ?? 1, "cluster.replicas")
        let tp = positive(cluster?.tp ?? 1, "cluster.tp")
        let pp = positive(cluster?.pp ?? 1, "cluster.pp")
        if pp > 1 {
            check(costKind == "roofline", "cluster.pp", "pipeline parallelism needs the roofline cost model (a model and hardware), got pp = \(pp)")
            if let model {
                check(model.layers % pp == 0, "cluster.pp",
                      "must divide the model's \(model.layers) layers into equal stages, got \(pp)")
            }
        }
        checkDeployment(model: usesHardware ? model : nil, hardware: usesHardware ? hardware : nil,
                        replicas: replicas, tp: tp, pp: pp)
        if file.cluster?.prefill != nil { renameClusterIssues(from: clusterIssues, to: "cluster.prefill") }
        let (ep, imbalance) = resolveExpertParallelism(file.cluster, model: usesHardware ? model : nil,
                                                       usesHardware: usesHardware, tp: tp)
        let routing = choice(file.cluster?.router ?? "round_robin", "cluster.router", RoutingPolicy.self)

        // Scheduler
        let s = file.scheduler
        let kind = s?.kind ?? "continuous"
        if !["continuous", "static", "orca"].contains(kind) {
            issue("scheduler.kind", DidYouMean.message(for: kind, notAmong: ["continuous", "static", "orca"]))
        }
        if kind == "orca" {
            check(s?.prefix_caching != true, "scheduler.prefix_caching",
                  "needs paged KV blocks; scheduler.kind = \"orca\" reserves each request's whole sequence")
            check(s?.chunked_prefill == nil, "scheduler.chunked_prefill",
                  "not used with scheduler.kind = \"orca\" (whole prompts, no token budget)")
        }
        let maxBatch = bounded(s?.max_batch_size ?? 256, 1...InputBounds.maxBatchSize, "scheduler.max_batch_size")
        let maxTokens = bounded(s?.max_tokens_per_iteration ?? 8192, 1...InputBounds.maxTokensPerIteration,
                                "scheduler.max_tokens_per_iteration")
        check(maxTokens >= maxBatch, "scheduler.max_tokens_per_iteration",
              "must be ≥ scheduler.max_batch_size (\(maxBatch)) so that every running sequence can decode in each iteration, got \(maxTokens)")
        let window = s?.batching_window?.seconds ?? 0
        check(window >= 0 && window.isFinite, "scheduler.batching_window", "must be ≥ 0, got \(window) s")
        let blockSize = bounded(s?.block_size ?? 16, 1...InputBounds.maxBlockSizeTokens, "scheduler.block_size")
        let queuePolicy = resolveQueuePolicy(s)
        if let cap = s?.max_queue_length { check(cap >= 0, "scheduler.max_queue_length", "must be ≥ 0, got \(cap)") }
        let preemptionKind = s?.preemption ?? "recompute"
        if !["recompute", "swap"].contains(preemptionKind) {
            issue("scheduler.preemption", DidYouMean.message(for: preemptionKind, notAmong: ["recompute", "swap"]))
        }
        let swapSpace = s?.swap_space_gb ?? 4
        let swapBandwidth = s?.swap_bandwidth_gbs ?? 25
        check(swapSpace > 0 && swapSpace <= InputBounds.maxSwapSpaceGB, "scheduler.swap_space_gb",
              "must be in (0, 1e6] GB, got \(swapSpace)")
        check(swapBandwidth >= 1e-3 && swapBandwidth <= 1e6, "scheduler.swap_bandwidth_gbs", "must be in 1e-3...1e6 GB/s, got \(swapBandwidth)")
        if preemptionKind != "swap" {
            for key in ["swap_space_gb", "swap_bandwidth_gbs"] where root[path: ["scheduler", key]] != nil {
                irrelevant("scheduler.\(key)", "only used with scheduler.preemption = \"swap\"", decidedBy: "scheduler.preemption")
            }
        }
        let victim = choice(s?.preemption_victim ?? "newest", "scheduler.preemption_victim", VictimPolicy.self)
        if routing == .prefixAffinity {
            check(s?.prefix_caching == true, "cluster.router", "prefix_affinity needs scheduler.prefix_caching = true")
        }
        let memoryFraction = s?.gpu_memory_utilization ?? 0.9
        check(memoryFraction > 0 && memoryFraction <= 1, "scheduler.gpu_memory_utilization",
              "must be in (0, 1], got \(memoryFraction)")

        // Cost model
        var serviceTime: ServiceTimeDistribution?
        switch costKind {
        case "roofline":
            check(file.cost_model?.service_time == nil, "cost_model.service_time",
                  "only used when cost_model.kind = \"service_time\"")
        case "service_time":
            check(file.scheduler?.preemption != "swap", "scheduler.preemption", "swap needs the roofline cost model (a model and hardware)")
            if let section = file.cost_model?.service_time {
                serviceTime = resolveServiceTime(section)
            } else {
                issue("cost_model.service_time", "missing; the service-time cost model needs a distribution, e.g. { kind = \"exponential\", mean = \"10ms\" }")
            }
        default:
            issue("cost_model.kind", DidYouMean.message(for: costKind, notAmong: ["roofline", "service_time"]))
        }

        // Run length and time
        let warmup = file.warmup?.fixed?.seconds ?? 0
        check(warmup >= 0 && warmup.isFinite, "warmup", "must be ≥ 0, got \(warmup) s")
        let horizon = file.horizon?.seconds
        if let horizon { check(horizon > 0 && horizon.isFinite, "horizon", "must be > 0, got \(horizon) s") }
        let seedValue = file.seed ?? 1
        check(seedValue >= 0, "seed", "must be ≥ 0, got \(seedValue)")
        let seed = overrides.seed ?? UInt64(max(0, seedValue))

        // SLOs
        var slo = ServiceLevelObjectives(ttftSeconds: file.slo?.ttft?.seconds, tpotSeconds: file.slo?.tpot?.seconds,
                                         e2eSeconds: file.slo?.e2e?.seconds)
        for (name, value) in [("slo.ttft", slo.ttftSeconds), ("slo.tpot", slo.tpotSeconds), ("slo.e2e", slo.e2eSeconds)] {
            if let value { check(value > 0 && value.isFinite, name, "must be > 0, got \(value) s") }
        }

        let assertions = AssertionSection.resolve(file.assert, issues: &issues)
        // Without [slo], goodput counts the requests within the [assert] latency limits.
        var sloFromAssertions = false
        if slo.isEmpty {
            slo = AssertionSection.perRequestObjectives(from: assertions)
            sloFromAssertions = !slo.isEmpty
        }

        maxContextTokens = usesHardware ? model?.maxContext : nil
        let workload = try resolveWorkload(file, serviceTime: serviceTime, slo: slo)

        guard issues.isEmpty, let workload else { throw .invalid(ScenarioError(source: source, issues: issues)) }

        let speculation = file.speculative.flatMap { resolveSpeculation($0, usesHardware: usesHardware) }
        guard issues.isEmpty else { throw .invalid(ScenarioError(source: source, issues: issues)) }

        // Memory
        let parallelism = Parallelism(tensor: tp, pipeline: pp, expert: ep, expertImbalance: imbalance)
        var memory: MemoryPlan?
        var kvBlocks = Int.max / 4
        var costModel = IterationCostModel.serviceTime
        var preemption = PreemptionMode.recompute
        var figures: HardwareFigures?
        if usesHardware, let model, let hardware {
            do throws(MemoryFitError) {
                // A draft model's weights share each GPU's memory with the target's.
                let draftShare = speculation.map { $0.draft.weightBytes / Double(tp * pp) / hardware.memoryBytes } ?? 0
                guard memoryFraction - draftShare > 0 else {
                    throw MemoryFitError(kind: .weights, message:
                        "the draft model's weights take \(MemoryFitError.gigabytes(draftShare * hardware.memoryBytes)) per GPU, more than the "
                        + "\(MemoryFitError.gigabytes(memoryFraction * hardware.memoryBytes)) scheduler.gpu_memory_utilization (\(MemoryFitError.fraction(memoryFraction))) leaves on each \(hardware.name): use a larger cluster.tp or a smaller draft")
                }
                let plan = try MemoryPlan(model: model, hardware: hardware, parallelism: parallelism,
                                          gpuMemoryUtilization: memoryFraction - draftShare, blockSizeTokens: blockSize,
                                          maxBatchTokens: maxTokens, maxSequences: maxBatch)
                memory = plan
                kvBlocks = plan.kvBlocks
                if preemptionKind == "swap" {
                    preemption = .swap(SwapSettings(
                        bytesPerTokenPerGPU: plan.kvBytesPerTokenAllLayersPerGPU, bytesPerSecond: swapBandwidth * 1e9,
                        capacityTokens: Int(saturating: swapSpace * 1e9 / plan.kvBytesPerTokenAllLayersPerGPU)))
                }
            } catch {
                throw .doesNotFit(error)
            }
            let table = TabulatedCostModel(RooflineCostModel(model: model, hardware: hardware, parallelism: parallelism,
                                                             engine: engine),
                                           maxTokens: maxTokens)
            costModel = speculation.map { .speculative(table, $0) } ?? .roofline(table)
            figures = HardwareFigures(hardware, weightDtype: model.weightDtype)
        }

        let classes = classPolicies(of: workload, sections: file.workload?.classes)
        guard issues.isEmpty else { throw .invalid(ScenarioError(source: source, issues: issues)) }

        var serving = ServingConfiguration(
            workload: workload, costModel: costModel, replicas: replicas, gpusPerReplica: tp * pp,
            scheduler: SchedulerSettings(maxBatchSize: maxBatch, maxTokensPerIteration: maxTokens,
                                         batchingWindow: SimDuration(seconds: window), blockSizeTokens: blockSize,
                                         preemption: preemption, victim: victim,
                                         prefixCaching: s?.prefix_caching ?? false,
                                         chunkedPrefill: kind == "orca" ? false : s?.chunked_prefill ?? true,
                                         maxQueueLength: s?.max_queue_length, staticBatching: kind == "static",
                                         reservesWholeSequence: kind == "orca"),
            kvBlocksPerReplica: kvBlocks, maxContextTokens: usesHardware ? model?.maxContext : nil,
            routing: routing, seed: seed, pipelineStages: pp, warmupSeconds: warmup, horizonSeconds: horizon, slo: slo,
            keepRequestRecords: file.output?.per_request_csv ?? true, hardware: figures,
            classes: classes, queuePolicy: queuePolicy)
        serving.requestOverheadSeconds = (engine?.requestOverheadMs ?? 0) * 1e-3
        serving.disaggregation = try resolveDisaggregation(
            file, model: model, hardware: hardware,
            prefill: ServingPool(replicas: replicas, gpusPerReplica: tp, kvBlocksPerReplica: kvBlocks, costModel: costModel,
                                 hardware: figures, memoryGBPerGPU: hardware?.memoryGB),
            costKind: costKind, memoryFraction: memoryFraction, blockSize: blockSize, maxTokens: maxTokens)
        guard issues.isEmpty else { throw .invalid(ScenarioError(source: source, issues: issues)) }
        if let pools = serving.disaggregation { serving.replicas = pools.prefill.replicas + pools.decode.replicas }
        // How prompts meet decodes is the engine's; a disaggregated deployment's pools never mix
        // them (the prefill pool runs no decodes, the decode pool's arrivals join as one-token steps).
        if let engine, kind == "continuous", serving.disaggregation == nil {
            serving.scheduler.separatePrefillBatches = engine.separatesPrefillBatches(chunkedPrefill: serving.scheduler.chunkedPrefill)
            serving.scheduler.decodeStepsPerRound = serving.scheduler.separatePrefillBatches ? engine.schedulerSteps : 1
            if !serving.scheduler.staticBatching, !serving.scheduler.reservesWholeSequence {
                serving.scheduler.outputReserve = engine.outputReserve
                if engine.ignoreEOSAdmission, file.workload?.ignore_eos == true, !serving.scheduler.prefixCaching {
                    serving.scheduler.futurePeakAdmission = true
                    serving.scheduler.outputReserve = .none
                }
            }
            if engine.schedulerSteps > 1, !serving.scheduler.separatePrefillBatches {
                warnings.append(ScenarioIssue(keyPath: "engine.scheduler_steps", message:
                    "ignored: multi-step scheduling applies only when prefill batches run apart from decodes (engine.prefill_decode_mixing, scheduler.chunked_prefill)"))
            }
        }
        let name = file.name ?? defaultName
        let output = OutputSettings(
            directory: overrides.outputDirectory ?? file.output?.dir ?? "results/\(name)",
            perRequestCSV: file.output?.per_request_csv ?? true,
            summaryJSON: file.output?.summary_json ?? true)
        var scenario = Scenario(name: name, seed: seed, model: usesHardware ? model : nil,
                                hardware: usesHardware ? hardware : nil, parallelism: parallelism,
                                memory: memory, serving: serving, output: output, assertions: assertions,
                                detectsWarmup: file.warmup != nil && file.warmup?.fixed == nil)
        scenario.warnings = warnings
        scenario.sloFromAssertions = sloFromAssertions
        return scenario
    }

    /// Decodes `[section]` over the preset it names (`section = "name"` or `preset = "name"`),
    /// so the user's keys replace the preset's field by field.
    mutating func resolvePreset<T: Decodable>(
        _ type: T.Type, section: String, in root: ConfigTable, required: Bool, preset kind: PresetKind
    ) -> T? {
        let presetNames = kind.names
        var user: ConfigTable
        switch root[section] {
        case nil:
            if required {
                issue(section, "missing; name a preset (\(section) = \"\(presetNames.first ?? "")\") or give its fields; presets: \(presetNames.joined(separator: ", "))")
            }
            return nil
        case .string(let name)?:
            user = ConfigTable()
            user["preset"] = .string(name)
        case .table(let table)?:
            user = table
        case let other?:
            issue(section, "expected a preset name or a table, found \(other.typeDescription)")
            return nil
        }
        var merged = ConfigTable()
        if section == "model", let configValue = user["config"] {
            user["config"] = nil
            guard user["preset"] == nil else {
                issue("model.config", "give either model.config or model.preset, not both")
                return nil
            }
            guard case .string(let path) = configValue else {
                issue("model.config", "expected the path of a Hugging Face config.json, found \(configValue.typeDescription)")
                return nil
            }
            do {
                let spec = try ModelSpec.fromHuggingFaceConfig(path: relative(path))
                merged = ConfigTable(modelSpec: spec)
            } catch {
                issue("model.config", error.description)
                return nil
            }
        }
        if let presetValue = user["preset"] {
            user["preset"] = nil
            guard case .string(let name) = presetValue else {
                issue("\(section).preset", "expected a string, found \(presetValue.typeDescription)")
                return nil
            }
            do { merged = try Presets.table(kind, named: name) } catch {
                issue("\(section).preset", error.description)
                return nil
            }
        }
        return decode(T.self, from: merged.overlaid(with: user), prefix: [section])
    }
}

extension HardwareFigures {
    /// Peaks for MFU and MBU: the tensor FLOP/s at which the model's GEMMs run.
    init(_ spec: HardwareSpec, weightDtype: DataType) {
        self.init(name: spec.name, peakFlopsPerSecond: spec.peakFlopsPerSecond(for: weightDtype),
                  memoryBytesPerSecond: spec.hbmBandwidthGBs * 1e9,
                  power: GPUPowerModel(spec, weightDtype: weightDtype), usdPerGPUHour: spec.costPerHour)
    }
}
