import SimOutput
import SimWorkload

/// Resolving `[workload]`: arrivals, lengths, request classes, shared prefixes, traces.
extension ScenarioResolver {
    mutating func resolveWorkload(_ file: ScenarioFile, serviceTime: ServiceTimeDistribution?,
                                  slo: ServiceLevelObjectives) throws(ScenarioLoadError) -> Workload? {
        let w = file.workload
        if let tracePath = overrides.tracePath ?? w?.trace.map({ relative($0) }) {
            if overrides.tracePath == nil {
                for (name, present) in [("arrival", w?.arrival != nil), ("prompt_tokens", w?.prompt_tokens != nil),
                                        ("output_tokens", w?.output_tokens != nil), ("classes", w?.classes != nil),
                                        ("tenants", w?.tenants != nil)] where present {
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
        guard let arrival, let classes, let limit, let tenants else { return nil }
        if w.shared_prefix != nil, conversations == nil { return nil }
        return .synthetic(SyntheticWorkload(arrival: arrival, classes: classes, limit: limit, serviceTime: serviceTime,
                                            closedLoop: closedLoop, tenants: tenants, stages: stages ?? [],
                                            conversations: conversations))
    }

    mutating func resolveClasses(_ sections: [ClassSection], slo: ServiceLevelObjectives) -> [RequestClass]? {
        let before = issues.count
        check(!sections.isEmpty, "workload.classes", "needs at least one class")
        var seen = Set<String>()
        let classes = sections.enumerated().compactMap { i, c -> RequestClass? in
            let path = "workload.classes[\(i)]"
            checkName(c.name, "\(path).name")
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

    /// A class's or tenant's name: letters, digits, '_' and '-' (it becomes a CSV cell and a
    /// column name).
    mutating func checkName(_ name: String, _ path: String) {
        check(!name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" },
              path, "must be a non-empty name of letters, digits, '_' or '-', got '\(name)'")
    }

    mutating func resolveTenants(_ sections: [TenantSection]) -> [Tenant]? {
        let before = issues.count
        check(!sections.isEmpty, "workload.tenants", "needs at least one tenant")
        var seen = Set<String>()
        let tenants = sections.enumerated().map { i, t -> Tenant in
            let path = "workload.tenants[\(i)]"
            checkName(t.name, "\(path).name")
            check(seen.insert(t.name).inserted, "\(path).name", "'\(t.name)' names two tenants")
            check(t.share > 0 && t.share.isFinite, "\(path).share", "must be > 0, got \(t.share)")
            check(t.tokens_per_second > 0 && t.tokens_per_second.isFinite, "\(path).tokens_per_second",
                  "must be a positive number of tokens per second, got \(t.tokens_per_second)")
            check(t.burst_tokens >= 1 && t.burst_tokens.isFinite, "\(path).burst_tokens",
                  "must be ≥ 1 token (the largest request the tenant may send), got \(t.burst_tokens)")
            return Tenant(name: t.name, share: t.share, tokensPerSecond: t.tokens_per_second, burstTokens: t.burst_tokens)
        }
        return issues.count == before ? tenants : nil
    }

    /// `staged`: the rate comes from `[[workload.stages]]` (the first stage's), not from here.
    mutating func resolveArrival(_ a: ArrivalSection, staged: Bool = false) -> ArrivalProcess? {
        let path = "workload.arrival"
        let before = issues.count
        func rate(_ value: Double, _ key: String, allowZero: Bool = false) -> Double {
            check(InputBounds.rates.contains(value) || (allowZero && value == 0), key,
                  "must be \(allowZero ? "0 or " : "")a number of requests per second in \(InputBounds.rateText), got \(value)")
            return value
        }
        /// The kind's own rate, or with stages a placeholder (the stages set it).
        func ownRate() -> Double {
            if staged {
                if a.rate != nil { issue("\(path).rate", "not used with workload.stages; each stage gives its rate") }
                return 1
            }
            guard let value = a.rate else {
                issue("\(path).rate", "missing; give the rate in requests per second, e.g. rate = 5.0")
                return 0
            }
            return rate(value, "\(path).rate")
        }
        switch a.kind {
        case "poisson":
            let r = ownRate()
            return issues.count == before ? .poisson(ratePerSecond: r) : nil
        case "constant":
            let r = ownRate()
            return issues.count == before ? .constant(ratePerSecond: r) : nil
        case "gamma":
            let r = ownRate()
            let cv = a.cv ?? 0
            check(InputBounds.coefficientsOfVariation.contains(cv), "\(path).cv", "must be in 0.001...100, got \(cv)")
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

    mutating func resolveLength(_ l: LengthSection, _ path: String) -> LengthDistribution? {
        let before = issues.count
        for (key, value) in [("value", l.value), ("min", l.min), ("max", l.max)] { checkTokens(value, "\(path).\(key)") }
        if let mean = l.mean { check(mean <= Double(InputBounds.maxTokensPerRequest), "\(path).mean", "must be at most 10⁷ tokens, got \(mean)") }
        if let sd = l.sd { check(sd <= Double(InputBounds.maxTokensPerRequest), "\(path).sd", "must be at most 10⁷ tokens, got \(sd)") }
        if let values = l.values, let big = values.first(where: { $0 > InputBounds.maxTokensPerRequest }) {
            issue("\(path).values", "every value must be at most 10⁷ tokens, got \(big)")
        }
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
                check(InputBounds.coefficientsOfVariation.contains(cv), "\(path).cv", "must be in 0.001...100, got \(cv)")
                return issues.count == before ? .lognormal(mean: mean, cv: cv, min: lo, max: hi) : nil
            }
            let sd = l.sd ?? -1
            check(sd >= 0 && sd.isFinite, "\(path).sd", "must be ≥ 0, got \(sd)")
            return issues.count == before ? .normal(mean: mean, standardDeviation: sd, min: lo, max: hi) : nil
        }
    }

    /// A duration distribution; `fixedZeroAllowed`: a fixed 0 s is valid (a closed loop's
    /// clients that send again at once, as a fixed-concurrency load generator does).
    mutating func resolveServiceTime(_ s: ServiceTimeSection, path: String = "cost_model.service_time",
                                     fixedZeroAllowed: Bool = false) -> ServiceTimeDistribution? {
        let before = issues.count
        func positiveSeconds(_ value: DurationValue?, _ key: String) -> Double {
            let v = value?.seconds ?? 0
            check(v > 0 && v.isFinite, "\(path).\(key)", "must be > 0, got \(v) s")
            return v
        }
        let result: ServiceTimeDistribution
        switch s.kind {
        case "fixed" where fixedZeroAllowed:
            let v = s.seconds?.seconds ?? -1
            check(v >= 0 && v.isFinite, "\(path).seconds", "must be ≥ 0, got \(v) s")
            result = .fixed(seconds: v)
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
            check(InputBounds.coefficientsOfVariation.contains(cv), "\(path).cv", "must be in 0.001...100, got \(cv)")
            result = s.kind == "gamma" ? .gamma(meanSeconds: mean, cv: cv) : .lognormal(meanSeconds: mean, cv: cv)
        }
        return issues.count == before ? result : nil
    }

    mutating func resolvePrefix(_ p: PrefixSection, _ path: String) -> SharedPrefix? {
        let before = issues.count
        check(p.groups >= 1 && p.groups <= 1_000_000, "\(path).groups", "must be in 1...1000000, got \(p.groups)")
        check(p.tokens >= 1 && p.tokens <= InputBounds.maxTokensPerRequest, "\(path).tokens",
              "must be in 1...\(InputBounds.maxTokensPerRequest) tokens, got \(p.tokens)")
        if let context = maxContextTokens, p.tokens <= InputBounds.maxTokensPerRequest {
            check(p.tokens < context, "\(path).tokens",
                  "must be less than the model's context of \(context) tokens (the prompt follows the prefix), got \(p.tokens)")
        }
        let popularity = p.popularity ?? 0
        check(popularity >= 0 && popularity.isFinite, "\(path).popularity", "must be ≥ 0, got \(popularity)")
        return issues.count == before ? SharedPrefix(groups: p.groups, tokens: p.tokens, popularity: popularity) : nil
    }
}
