import SimCore

/// Turns a decoded scenario table into a `Scenario`: presets under field overrides, defaults,
/// range checks (every problem collected, each named by key path), the memory plan and the
/// trace.
struct ScenarioResolver {
    let source: String
    let defaultName: String
    let baseDirectory: String
    let overrides: ScenarioLoader.Overrides
    private(set) var issues: [ScenarioIssue] = []
    /// The table being resolved, to tell a missing key from one that failed to decode.
    private var root = ConfigTable()

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
        let file: ScenarioFile? = decode(ScenarioFile.self, from: table, prefix: [])
        let costKind = file?.cost_model?.kind ?? "roofline"
        let usesHardware = costKind == "roofline"
        let model: ModelSpec? = resolvePreset(
            ModelSpec.self, section: "model", in: table, required: usesHardware,
            presetTOML: Presets.modelTOML(named:), presetNames: Presets.modelNames)
        let hardware: HardwareSpec? = resolvePreset(
            HardwareSpec.self, section: "hardware", in: table, required: usesHardware,
            presetTOML: Presets.hardwareTOML(named:), presetNames: Presets.hardwareNames)
        guard let file else { throw .invalid(ScenarioError(source: source, issues: issues)) }

        if let model {
            check(DataType.weightTypes.contains(model.weightDtype), "model.weight_dtype",
                  "'\(model.weightDtype.rawValue)' is not one of " + DataType.weightTypes.map { "'\($0.rawValue)'" }.joined(separator: ", "))
            if let activation = model.activationDtype {
                let allowed: [DataType] = [.fp16, .bf16, .fp8, .fp32]
                check(allowed.contains(activation), "model.activation_dtype",
                      "'\(activation.rawValue)' is not one of " + allowed.map { "'\($0.rawValue)'" }.joined(separator: ", "))
            }
            check(DataType.kvCacheTypes.contains(model.kvDtype), "model.kv_dtype",
                  "'\(model.kvDtype.rawValue)' is not one of " + DataType.kvCacheTypes.map { "'\($0.rawValue)'" }.joined(separator: ", "))
        }

        // Cluster
        let replicas = positive(file.cluster?.replicas ?? 1, "cluster.replicas")
        let tp = positive(file.cluster?.tp ?? 1, "cluster.tp")
        let pp = file.cluster?.pp ?? 1
        check(pp == 1, "cluster.pp", "pipeline parallelism is not modelled yet; use 1 (got \(pp))")
        let routing = choice(file.cluster?.router ?? "round_robin", "cluster.router", RoutingPolicy.self)

        // Scheduler
        let s = file.scheduler
        let kind = s?.kind ?? "continuous"
        check(kind == "continuous", "scheduler.kind", "'\(kind)' is not one of 'continuous'")
        let maxBatch = positive(s?.max_batch_size ?? 256, "scheduler.max_batch_size")
        let maxTokens = positive(s?.max_tokens_per_iteration ?? 8192, "scheduler.max_tokens_per_iteration")
        check(maxTokens >= maxBatch, "scheduler.max_tokens_per_iteration",
              "must be ≥ scheduler.max_batch_size (\(maxBatch)) so that every running sequence can decode in each iteration, got \(maxTokens)")
        let window = s?.batching_window?.seconds ?? 0
        check(window >= 0 && window.isFinite, "scheduler.batching_window", "must be ≥ 0, got \(window) s")
        let blockSize = positive(s?.block_size ?? 16, "scheduler.block_size")
        let queuePolicy = resolveQueuePolicy(s)
        if let cap = s?.max_queue_length { check(cap >= 0, "scheduler.max_queue_length", "must be ≥ 0, got \(cap)") }
        let preemptionKind = s?.preemption ?? "recompute"
        if !["recompute", "swap"].contains(preemptionKind) {
            issue("scheduler.preemption", DidYouMean.message(for: preemptionKind, notAmong: ["recompute", "swap"]))
        }
        let swapSpace = s?.swap_space_gb ?? 4
        let swapBandwidth = s?.swap_bandwidth_gbs ?? 25
        check(swapSpace > 0 && swapSpace.isFinite, "scheduler.swap_space_gb", "must be > 0, got \(swapSpace)")
        check(swapBandwidth > 0 && swapBandwidth.isFinite, "scheduler.swap_bandwidth_gbs", "must be > 0, got \(swapBandwidth)")
        if preemptionKind != "swap" {
            for key in ["swap_space_gb", "swap_bandwidth_gbs"] where root[path: ["scheduler", key]] != nil {
                issue("scheduler.\(key)", "only used with scheduler.preemption = \"swap\"")
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
            issue("cost_model.kind", "'\(costKind)' is not one of 'roofline', 'service_time'"
                  + (DidYouMean.suggestion(for: costKind, among: ["roofline", "service_time"]).map { "; did you mean '\($0)'?" } ?? ""))
        }

        // Run length and time
        let warmup = file.warmup?.seconds ?? 0
        check(warmup >= 0 && warmup.isFinite, "warmup", "must be ≥ 0, got \(warmup) s")
        let horizon = file.horizon?.seconds
        if let horizon { check(horizon > 0 && horizon.isFinite, "horizon", "must be > 0, got \(horizon) s") }
        let seedValue = file.seed ?? 1
        check(seedValue >= 0, "seed", "must be ≥ 0, got \(seedValue)")
        let seed = overrides.seed ?? UInt64(max(0, seedValue))

        // SLOs
        let slo = ServiceLevelObjectives(ttftSeconds: file.slo?.ttft?.seconds, tpotSeconds: file.slo?.tpot?.seconds,
                                         e2eSeconds: file.slo?.e2e?.seconds)
        for (name, value) in [("slo.ttft", slo.ttftSeconds), ("slo.tpot", slo.tpotSeconds), ("slo.e2e", slo.e2eSeconds)] {
            if let value { check(value > 0 && value.isFinite, name, "must be > 0, got \(value) s") }
        }

        let assertions = AssertionSection.resolve(file.assert, issues: &issues)

        let workload = try resolveWorkload(file, serviceTime: serviceTime, slo: slo)

        guard issues.isEmpty, let workload else { throw .invalid(ScenarioError(source: source, issues: issues)) }

        let speculation = file.speculative.flatMap { resolveSpeculation($0, usesHardware: usesHardware) }
        guard issues.isEmpty else { throw .invalid(ScenarioError(source: source, issues: issues)) }

        // Memory
        let parallelism = Parallelism(tensor: tp, pipeline: pp)
        var memory: MemoryPlan?
        var kvBlocks = Int.max / 4
        var costModel = IterationCostModel.serviceTime
        var preemption = PreemptionMode.recompute
        var figures: HardwareFigures?
        if usesHardware, let model, let hardware {
            do {
                // A draft model's weights share each GPU's memory with the target's.
                let draftShare = speculation.map { $0.draft.weightBytes / Double(tp * pp) / hardware.memoryBytes } ?? 0
                let plan = try MemoryPlan(model: model, hardware: hardware, parallelism: parallelism,
                                          gpuMemoryUtilization: memoryFraction - draftShare, blockSizeTokens: blockSize,
                                          maxBatchTokens: maxTokens)
                memory = plan
                kvBlocks = plan.kvBlocks
                if preemptionKind == "swap" {
                    preemption = .swap(SwapSettings(
                        bytesPerTokenPerGPU: plan.kvBytesPerTokenPerGPU, bytesPerSecond: swapBandwidth * 1e9,
                        capacityTokens: Int(swapSpace * 1e9 / plan.kvBytesPerTokenPerGPU)))
                }
            } catch {
                throw .doesNotFit(error)
            }
            let table = TabulatedCostModel(RooflineCostModel(model: model, hardware: hardware, parallelism: parallelism),
                                           maxTokens: maxTokens)
            costModel = speculation.map { .speculative(table, $0) } ?? .roofline(table)
            figures = HardwareFigures(hardware, weightDtype: model.weightDtype)
        }

        let serving = ServingConfiguration(
            workload: workload, costModel: costModel, replicas: replicas, gpusPerReplica: tp * pp,
            scheduler: SchedulerSettings(maxBatchSize: maxBatch, maxTokensPerIteration: maxTokens,
                                         batchingWindow: SimDuration(seconds: window), blockSizeTokens: blockSize,
                                         preemption: preemption, victim: victim,
                                         prefixCaching: s?.prefix_caching ?? false,
                                         chunkedPrefill: s?.chunked_prefill ?? true,
                                         maxQueueLength: s?.max_queue_length),
            kvBlocksPerReplica: kvBlocks, maxContextTokens: usesHardware ? model?.maxContext : nil,
            routing: routing, seed: seed, warmupSeconds: warmup, horizonSeconds: horizon, slo: slo,
            keepRequestRecords: file.output?.per_request_csv ?? true, hardware: figures,
            classes: classPolicies(of: workload), queuePolicy: queuePolicy)
        let name = file.name ?? defaultName
        let output = OutputSettings(
            directory: overrides.outputDirectory ?? file.output?.dir ?? "results/\(name)",
            perRequestCSV: file.output?.per_request_csv ?? true,
            summaryJSON: file.output?.summary_json ?? true)
        return Scenario(name: name, seed: seed, model: usesHardware ? model : nil,
                        hardware: usesHardware ? hardware : nil, parallelism: parallelism,
                        memory: memory, serving: serving, output: output, assertions: assertions)
    }

    // MARK: - Sections

    private mutating func resolveWorkload(_ file: ScenarioFile, serviceTime: ServiceTimeDistribution?,
                                          slo: ServiceLevelObjectives) throws(ScenarioLoadError) -> Workload? {
        let w = file.workload
        if let tracePath = overrides.tracePath ?? w?.trace.map({ relative($0) }) {
            if overrides.tracePath == nil {
                for (name, present) in [("arrival", w?.arrival != nil), ("prompt_tokens", w?.prompt_tokens != nil),
                                        ("output_tokens", w?.output_tokens != nil), ("classes", w?.classes != nil)] where present {
                    issue("workload.\(name)", "not used when workload.trace is set; remove one of them")
                }
            }
            check(serviceTime == nil, "cost_model.kind", "a trace replay needs the roofline cost model")
            guard issues.isEmpty else { return nil }
            let scale = w?.rate_scale ?? 1
            check(scale > 0 && scale.isFinite, "workload.rate_scale", "must be > 0, got \(scale)")
            guard issues.isEmpty else { return nil }
            do {
                var rows = try TraceReader.read(path: tracePath)
                if scale != 1 { for i in rows.indices { rows[i].arrivalSeconds /= scale } }
                return .trace(path: tracePath, rows: rows)
            } catch {
                throw .badTrace(error)
            }
        }
        if w?.rate_scale != nil { issue("workload.rate_scale", "only used with workload.trace") }
        guard let w else {
            issue("workload", "missing; give [workload] with arrival, prompt_tokens and output_tokens, or workload.trace")
            return nil
        }
        let arrival = w.arrival.flatMap { resolveArrival($0) }
        if root[path: ["workload", "arrival"]] == nil { issue("workload.arrival", "missing; e.g. { kind = \"poisson\", rate = 5.0 }") }
        var classes: [RequestClass]?
        if let sections = w.classes {
            for key in ["prompt_tokens", "output_tokens"] where root[path: ["workload", key]] != nil {
                issue("workload.\(key)", "not used when workload.classes is set; give each class its lengths")
            }
            classes = resolveClasses(sections, slo: slo)
        } else {
            let prompt = w.prompt_tokens.flatMap { resolveLength($0, "workload.prompt_tokens") }
            if root[path: ["workload", "prompt_tokens"]] == nil { issue("workload.prompt_tokens", "missing; e.g. { kind = \"fixed\", value = 1024 }") }
            let output = w.output_tokens.flatMap { resolveLength($0, "workload.output_tokens") }
            if root[path: ["workload", "output_tokens"]] == nil { issue("workload.output_tokens", "missing; e.g. { kind = \"fixed\", value = 256 }") }
            let prefix = w.prefix.flatMap { resolvePrefix($0, "workload.prefix") }
            if let prompt, let output {
                classes = [RequestClass(name: RequestClass.defaultName, promptTokens: prompt, outputTokens: output, slo: slo,
                                        sharedPrefix: prefix)]
            }
        }
        var limit: SyntheticWorkload.Limit?
        switch (file.requests, file.duration?.seconds) {
        case (let n?, nil):
            check(n > 0, "requests", "must be > 0, got \(n)")
            limit = .requests(n)
        case (nil, let d?):
            check(d > 0 && d.isFinite, "duration", "must be > 0, got \(d) s")
            limit = .durationSeconds(d)
        case (_?, _?):
            issue("requests", "give either requests or duration, not both")
        case (nil, nil):
            issue("requests", "missing; give requests (a count) or duration (e.g. \"600s\")")
        }
        guard let arrival, let classes, let limit else { return nil }
        return .synthetic(SyntheticWorkload(arrival: arrival, classes: classes, limit: limit, serviceTime: serviceTime))
    }

    private mutating func resolveClasses(_ sections: [ClassSection], slo: ServiceLevelObjectives) -> [RequestClass]? {
        let before = issues.count
        check(!sections.isEmpty, "workload.classes", "needs at least one class")
        var seen = Set<String>()
        let classes = sections.enumerated().compactMap { i, c -> RequestClass? in
            let path = "workload.classes[\(i)]"
            check(!c.name.isEmpty && c.name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" },
                  "\(path).name", "must be a non-empty name of letters, digits, '_' or '-', got '\(c.name)'")
            check(seen.insert(c.name).inserted, "\(path).name", "'\(c.name)' names two classes")
            check(c.share > 0 && c.share.isFinite, "\(path).share", "must be > 0, got \(c.share)")
            if let cap = c.max_new_tokens { check(cap >= 1, "\(path).max_new_tokens", "must be ≥ 1, got \(cap)") }
            let prompt = resolveLength(c.prompt_tokens, "\(path).prompt_tokens")
            let output = resolveLength(c.output_tokens, "\(path).output_tokens")
            let own = ServiceLevelObjectives(ttftSeconds: c.slo?.ttft?.seconds ?? slo.ttftSeconds,
                                             tpotSeconds: c.slo?.tpot?.seconds ?? slo.tpotSeconds,
                                             e2eSeconds: c.slo?.e2e?.seconds ?? slo.e2eSeconds)
            let prefix = c.prefix.flatMap { resolvePrefix($0, "\(path).prefix") }
            guard let prompt, let output else { return nil }
            return RequestClass(name: c.name, share: c.share, priority: c.priority ?? 0, promptTokens: prompt,
                                outputTokens: output, maxNewTokens: c.max_new_tokens, slo: own, sharedPrefix: prefix)
        }
        return issues.count == before ? classes : nil
    }

    private mutating func resolveSpeculation(_ s: SpeculativeSection, usesHardware: Bool) -> SpeculativeDecoding? {
        let before = issues.count
        check(usesHardware, "speculative", "needs the roofline cost model (a model and hardware)")
        check(s.proposal_tokens >= 1 && s.proposal_tokens <= 64, "speculative.proposal_tokens", "must be in 1...64, got \(s.proposal_tokens)")
        check(s.acceptance_rate >= 0 && s.acceptance_rate <= 1, "speculative.acceptance_rate", "must be in [0, 1], got \(s.acceptance_rate)")
        var draft: ModelSpec?
        if let text = Presets.modelTOML(named: s.draft.lowercased()), let table = try? ConfigTable.parse(toml: text, source: s.draft) {
            draft = decode(ModelSpec.self, from: table, prefix: ["speculative", "draft"])
        } else {
            issue("speculative.draft", DidYouMean.message(for: s.draft, notAmong: Presets.modelNames))
        }
        guard issues.count == before, let draft else { return nil }
        return SpeculativeDecoding(draft: draft, proposalTokens: s.proposal_tokens, acceptanceRate: s.acceptance_rate)
    }

    private mutating func resolvePrefix(_ p: PrefixSection, _ path: String) -> SharedPrefix? {
        let before = issues.count
        check(p.groups >= 1 && p.groups <= 1_000_000, "\(path).groups", "must be in 1...1000000, got \(p.groups)")
        check(p.tokens >= 1, "\(path).tokens", "must be ≥ 1, got \(p.tokens)")
        let popularity = p.popularity ?? 0
        check(popularity >= 0 && popularity.isFinite, "\(path).popularity", "must be ≥ 0, got \(popularity)")
        return issues.count == before ? SharedPrefix(groups: p.groups, tokens: p.tokens, popularity: popularity) : nil
    }

    private func classPolicies(of workload: Workload) -> [ClassPolicy] {
        guard case .synthetic(let synthetic) = workload else { return [] }
        return synthetic.classes.map { ClassPolicy(name: $0.name, priority: $0.priority, slo: $0.slo) }
    }

    private mutating func resolveQueuePolicy(_ s: SchedulerSection?) -> QueuePolicy {
        let name = s?.queue_policy ?? "fcfs"
        let aging = s?.aging?.seconds
        if let aging { check(aging > 0 && aging.isFinite, "scheduler.aging", "must be > 0, got \(aging) s") }
        switch name {
        case "fcfs":
            check(aging == nil, "scheduler.aging", "only used with queue_policy \"priority\" or \"shortest_remaining\"")
            return .fcfs
        case "priority": return .priority(agingSeconds: aging)
        case "shortest_remaining": return .shortestRemaining(agingSeconds: aging)
        default:
            issue("scheduler.queue_policy", DidYouMean.message(for: name, notAmong: ["fcfs", "priority", "shortest_remaining"]))
            return .fcfs
        }
    }

    private mutating func resolveArrival(_ a: ArrivalSection) -> ArrivalProcess? {
        let path = "workload.arrival"
        let before = issues.count
        func rate(_ value: Double, _ key: String, allowZero: Bool = false) -> Double {
            check(value.isFinite && (value > 0 || (allowZero && value == 0)), key,
                  "must be a \(allowZero ? "non-negative" : "positive") number of requests per second, got \(value)")
            return value
        }
        switch a.kind {
        case "poisson":
            let r = rate(a.rate ?? 0, "\(path).rate")
            return issues.count == before ? .poisson(ratePerSecond: r) : nil
        case "gamma":
            let r = rate(a.rate ?? 0, "\(path).rate")
            let cv = a.cv ?? 0
            check(cv > 0 && cv.isFinite, "\(path).cv", "must be > 0, got \(cv)")
            return issues.count == before ? .gamma(ratePerSecond: r, cv: cv) : nil
        case "mmpp":
            let entries = a.states ?? []
            check(entries.count >= 2, "\(path).states", "needs at least 2 states, got \(entries.count)")
            let states = entries.enumerated().map { i, e in
                let r = rate(e.rate, "\(path).states[\(i)].rate", allowZero: true)
                let m = e.mean_sojourn.seconds
                check(m > 0 && m.isFinite, "\(path).states[\(i)].mean_sojourn", "must be > 0, got \(m) s")
                return ArrivalProcess.ModulatingState(ratePerSecond: r, meanSojournSeconds: m)
            }
            check(states.contains { $0.ratePerSecond > 0 }, "\(path).states", "every state has rate 0: no request would arrive")
            return issues.count == before ? .mmpp(states: states) : nil
        default:
            let entries = a.segments ?? []
            check(!entries.isEmpty, "\(path).segments", "needs at least one segment")
            let segments = entries.enumerated().map { i, e in
                ArrivalProcess.RateSegment(startSeconds: e.start.seconds,
                                           ratePerSecond: rate(e.rate, "\(path).segments[\(i)].rate", allowZero: true))
            }
            if let first = segments.first { check(first.startSeconds == 0, "\(path).segments[0].start", "must be 0, got \(first.startSeconds) s") }
            for i in segments.indices.dropFirst() where segments[i].startSeconds <= segments[i - 1].startSeconds {
                issue("\(path).segments[\(i)].start", "must be after the previous segment's start (\(segments[i - 1].startSeconds) s), got \(segments[i].startSeconds) s")
            }
            if let last = segments.last { check(last.ratePerSecond > 0, "\(path).segments[\(segments.count - 1)].rate", "the last segment lasts for ever: its rate must be > 0") }
            return issues.count == before ? .piecewise(segments: segments) : nil
        }
    }

    private mutating func resolveLength(_ l: LengthSection, _ path: String) -> LengthDistribution? {
        let before = issues.count
        switch l.kind {
        case "fixed":
            let value = l.value ?? 0
            check(value >= 1, "\(path).value", "must be ≥ 1 token, got \(value)")
            return issues.count == before ? .fixed(value: value) : nil
        case "uniform":
            let (lo, hi) = (l.min ?? 0, l.max ?? 0)
            check(lo >= 1, "\(path).min", "must be ≥ 1 token, got \(lo)")
            check(hi >= lo, "\(path).max", "must be ≥ min (\(lo)), got \(hi)")
            return issues.count == before ? .uniform(min: lo, max: hi) : nil
        case "zipf":
            let (lo, hi, s) = (l.min ?? 1, l.max ?? 0, l.exponent ?? 0)
            check(lo >= 1, "\(path).min", "must be ≥ 1 token, got \(lo)")
            check(hi >= lo && hi - lo <= 1_000_000, "\(path).max", "must be ≥ min (\(lo)) and at most 10⁶ above it, got \(hi)")
            check(s > 0 && s.isFinite, "\(path).exponent", "must be > 0, got \(s)")
            return issues.count == before ? .zipf(exponent: s, min: lo, max: hi) : nil
        case "empirical":
            var values = l.values ?? [], weights = l.weights ?? []
            if let trace = l.trace {
                do {
                    let rows = try TraceReader.read(path: relative(trace))
                    let column = path.hasSuffix("prompt_tokens") ? rows.map(\.promptTokens) : rows.map(\.outputTokens)
                    let counts = Dictionary(column.map { ($0, 1.0) }, uniquingKeysWith: +)
                    values = counts.keys.sorted()
                    weights = values.map { counts[$0]! }
                } catch {
                    issue("\(path).trace", error.description)
                    return nil
                }
            }
            check(!values.isEmpty && values.count == weights.count, "\(path).weights",
                  "needs one weight per value (\(values.count) values, \(weights.count) weights)")
            check(values.allSatisfy { $0 >= 1 }, "\(path).values", "every value must be ≥ 1 token")
            check(weights.allSatisfy { $0 >= 0 && $0.isFinite } && weights.contains { $0 > 0 }, "\(path).weights",
                  "weights must be finite, ≥ 0 and not all 0")
            return issues.count == before ? .empirical(values: values, weights: weights) : nil
        default:
            let mean = l.mean ?? 0
            let (lo, hi) = (l.min ?? 1, l.max ?? 0)
            check(mean > 0 && mean.isFinite, "\(path).mean", "must be > 0, got \(mean)")
            check(lo >= 1, "\(path).min", "must be ≥ 1 token, got \(lo)")
            check(hi >= lo, "\(path).max", "must be ≥ min (\(lo)), got \(hi)")
            if l.kind == "lognormal" {
                let cv = l.cv ?? 0
                check(cv > 0 && cv.isFinite, "\(path).cv", "must be > 0, got \(cv)")
                return issues.count == before ? .lognormal(mean: mean, cv: cv, min: lo, max: hi) : nil
            }
            let sd = l.sd ?? -1
            check(sd >= 0 && sd.isFinite, "\(path).sd", "must be ≥ 0, got \(sd)")
            return issues.count == before ? .normal(mean: mean, standardDeviation: sd, min: lo, max: hi) : nil
        }
    }

    private mutating func resolveServiceTime(_ s: ServiceTimeSection) -> ServiceTimeDistribution? {
        let path = "cost_model.service_time"
        let before = issues.count
        func positiveSeconds(_ value: DurationValue?, _ key: String) -> Double {
            let v = value?.seconds ?? 0
            check(v > 0 && v.isFinite, "\(path).\(key)", "must be > 0, got \(v) s")
            return v
        }
        let result: ServiceTimeDistribution
        switch s.kind {
        case "fixed": result = .fixed(seconds: positiveSeconds(s.seconds, "seconds"))
        case "exponential": result = .exponential(meanSeconds: positiveSeconds(s.mean, "mean"))
        case "uniform":
            let (lo, hi) = (s.min?.seconds ?? -1, s.max?.seconds ?? -1)
            check(lo >= 0, "\(path).min", "must be ≥ 0, got \(lo) s")
            check(hi > lo, "\(path).max", "must be > min (\(lo) s), got \(hi) s")
            result = .uniform(minSeconds: lo, maxSeconds: hi)
        default:
            let mean = positiveSeconds(s.mean, "mean")
            let cv = s.cv ?? 0
            check(cv > 0 && cv.isFinite, "\(path).cv", "must be > 0, got \(cv)")
            result = s.kind == "gamma" ? .gamma(meanSeconds: mean, cv: cv) : .lognormal(meanSeconds: mean, cv: cv)
        }
        return issues.count == before ? result : nil
    }

    /// Decodes `[section]` over the preset it names (`section = "name"` or `preset = "name"`),
    /// so the user's keys replace the preset's field by field.
    private mutating func resolvePreset<T: Decodable>(
        _ type: T.Type, section: String, in root: ConfigTable, required: Bool,
        presetTOML: (String) -> String?, presetNames: [String]
    ) -> T? {
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
            guard let text = presetTOML(name.lowercased()) else {
                var message = "'\(name)' is not a known preset; known: \(presetNames.joined(separator: ", "))"
                if let hint = DidYouMean.suggestion(for: name.lowercased(), among: presetNames) {
                    message = "'\(name)' is not a known preset; did you mean '\(hint)'? Known: \(presetNames.joined(separator: ", "))"
                }
                issue("\(section).preset", message)
                return nil
            }
            do {
                merged = try ConfigTable.parse(toml: text, source: "preset \(name)")
            } catch {
                preconditionFailure("built-in preset '\(name)' does not parse: \(error)")
            }
        }
        return decode(T.self, from: merged.overlaid(with: user), prefix: [section])
    }

    // MARK: - Helpers

    private mutating func decode<T: Decodable>(_ type: T.Type, from table: ConfigTable, prefix: [String]) -> T? {
        let (value, found) = ConfigDecoder().decodeCollectingIssues(T.self, from: table, keyPathPrefix: prefix)
        issues.append(contentsOf: found)
        return value
    }

    private mutating func issue(_ keyPath: String, _ message: String) {
        issues.append(ScenarioIssue(keyPath: keyPath, message: message))
    }

    private mutating func check(_ condition: Bool, _ keyPath: String, _ message: @autoclosure () -> String) {
        if !condition { issue(keyPath, message()) }
    }

    private mutating func positive(_ value: Int, _ keyPath: String) -> Int {
        check(value >= 1, keyPath, "must be ≥ 1, got \(value)")
        return max(1, value)
    }

    private mutating func choice<T: RawRepresentable & CaseIterable>(_ raw: String, _ keyPath: String, _ type: T.Type) -> T
    where T.RawValue == String {
        if let value = T(rawValue: raw) { return value }
        let allowed = T.allCases.map(\.rawValue)
        var message = "'\(raw)' is not one of " + allowed.map { "'\($0)'" }.joined(separator: ", ")
        if let hint = DidYouMean.suggestion(for: raw, among: allowed) { message += "; did you mean '\(hint)'?" }
        issue(keyPath, message)
        return T.allCases.first!
    }

    private func relative(_ path: String) -> String {
        path.hasPrefix("/") ? path : baseDirectory + "/" + path
    }
}

extension HardwareFigures {
    /// Peaks for MFU and MBU: the tensor FLOP/s at which the model's GEMMs run.
    init(_ spec: HardwareSpec, weightDtype: DataType) {
        self.init(name: spec.name, peakFlopsPerSecond: spec.peakFlopsPerSecond(for: weightDtype),
                  memoryBytesPerSecond: spec.hbmBandwidthGBs * 1e9, idleWatts: spec.idleWatts,
                  maxWatts: spec.maxWatts, usdPerGPUHour: spec.costPerHour)
    }
}
