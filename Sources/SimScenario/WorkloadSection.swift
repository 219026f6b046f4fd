import SimOutput
import SimWorkload

struct WorkloadSection: Decodable {
    var arrival: ArrivalSection?
    var prompt_tokens: LengthSection?
    var output_tokens: LengthSection?
    var trace: String?
    /// `[[workload.classes]]`: request classes, in place of prompt_tokens/output_tokens.
    var classes: [ClassSection]?
    /// A prompt prefix shared within groups of requests (single-class workloads).
    var prefix: PrefixSection?
    /// Closed-loop clients in place of `arrival`.
    var clients: ClientsSection?
    /// Trace replay: arrival rate multiplier (2 replays the trace twice as fast).
    var rate_scale: Double?
    /// `[[workload.tenants]]`: who sends the requests, each with a token-bucket rate limit.
    var tenants: [TenantSection]?
    /// `[[workload.stages]]`: load stages, each a rate held for a duration.
    var stages: [StageSection]?
    /// `[workload.shared_prefix]`: multi-turn conversations over shared system prompts, in
    /// place of prompt_tokens/output_tokens.
    var shared_prefix: SharedPrefixSection?
    /// The client fixes every output length (`ignore_eos` with `max_tokens`, as benchmark
    /// clients send): engines that know it admit by it (`engine.ignore_eos_admission`).
    var ignore_eos: Bool?
    /// `workload.prompt_pool = { size, warm }`: requests repeat a list of `size` distinct ones.
    var prompt_pool: PromptPoolSection?
}

/// `clients = { users, think_time = { kind = "exponential", mean = "5s" } }`: a closed loop of
/// `users` clients, each sending its next request a think time after its last one ended.
struct ClientsSection: Decodable {
    var users: Int
    var think_time: ServiceTimeSection
}

/// Resolving `[workload]`: arrivals, lengths, request classes, shared prefixes, traces.
extension ScenarioResolver {
    mutating func resolveWorkload(_ file: ScenarioFile, serviceTime: ServiceTimeDistribution?,
                                  slo: ServiceLevelObjectives, prefixCaching: Bool) throws(ScenarioLoadError) -> Workload? {
        let w = file.workload
        if let tracePath = overrides.tracePath ?? w?.trace.map({ relative($0) }) {
            if overrides.tracePath == nil {
                for (name, present) in [("arrival", w?.arrival != nil), ("prompt_tokens", w?.prompt_tokens != nil),
                                        ("output_tokens", w?.output_tokens != nil), ("classes", w?.classes != nil),
                                        ("tenants", w?.tenants != nil), ("prompt_pool", w?.prompt_pool != nil)] where present {
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
        let stages = w.stages.flatMap { resolveStages($0, arrival: w.arrival) }
        var arrival = w.arrival.flatMap { resolveArrival($0, staged: w.stages != nil) }
        var closedLoop: ClosedLoop?
        if let clients = w.clients {
            if w.arrival != nil { issue("workload.clients", "give either workload.arrival or workload.clients, not both") }
            if w.stages != nil { issue("workload.stages", "not used with workload.clients (closed-loop clients set their own pace)") }
            check(clients.users >= 1 && clients.users <= 1_000_000, "workload.clients.users", "must be in 1...1000000, got \(clients.users)")
            if let think = resolveServiceTime(clients.think_time, path: "workload.clients.think_time", fixedZeroAllowed: true) {
                closedLoop = ClosedLoop(users: clients.users, thinkTime: think)
            }
            arrival = .poisson(ratePerSecond: 1)  // unused: the clients make the arrivals
        } else if root[path: ["workload", "arrival"]] == nil {
            issue("workload.arrival", "missing; e.g. { kind = \"poisson\", rate = 5.0 }, or clients = { users, think_time }")
        }
        var classes: [RequestClass]?
        var conversations: SharedPrefixConversations?
        if let section = w.shared_prefix {
            for key in ["prompt_tokens", "output_tokens", "classes", "prefix"] where root[path: ["workload", key]] != nil {
                issue("workload.\(key)", "not used when workload.shared_prefix is set (it gives the lengths and the prefix)")
            }
            conversations = resolveConversations(section)
            if let conversations {
                classes = [RequestClass(name: RequestClass.defaultName, promptTokens: .fixed(value: conversations.systemPromptTokens),
                                        outputTokens: .fixed(value: conversations.outputTokens), slo: slo)]
            }
        } else if let sections = w.classes {
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
        if w.stages != nil {
            for (key, present) in [("requests", file.requests != nil), ("duration", file.duration != nil)] where present {
                issue(key, "not used with workload.stages (the stages' durations set the run's length)")
            }
            limit = stages.map { .durationSeconds($0.totalSeconds) }
        } else {
            switch (file.requests, file.duration?.seconds) {
            case (let n?, nil):
                check(n > 0 && n <= InputBounds.maxRequests, "requests", "must be in 1...\(InputBounds.maxRequests), got \(n)")
                limit = .requests(n)
            case (nil, let d?):
                check(d > 0 && d.isFinite, "duration", "must be > 0, got \(d) s")
                limit = .durationSeconds(d)
            case (_?, _?):
                issue("requests", "give either requests or duration, not both")
            case (nil, nil):
                issue("requests", "missing; give requests (a count) or duration (e.g. \"600s\")")
            }
        }
        let tenants = w.tenants.map { resolveTenants($0) } ?? []
        // A pool that does not resolve has recorded its issue: the caller throws on it.
        let promptPool = w.prompt_pool.flatMap { resolvePromptPool($0, workload: w, prefixCaching: prefixCaching) }
        guard let arrival, let classes, let limit, let tenants else { return nil }
        if w.shared_prefix != nil, conversations == nil { return nil }
        return .synthetic(SyntheticWorkload(arrival: arrival, classes: classes, limit: limit, serviceTime: serviceTime,
                                            closedLoop: closedLoop, tenants: tenants, stages: stages ?? [],
                                            conversations: conversations, promptPool: promptPool))
    }
}
