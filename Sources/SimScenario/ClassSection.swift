import SimCore
import SimWorkload

/// `[[workload.classes]]`: one request class.
struct ClassSection: Decodable {
    var name: String
    var share: Double
    var priority: Int?
    var prompt_tokens: LengthSection
    var output_tokens: LengthSection
    var max_new_tokens: Int?
    var slo: SLOSection?
    var prefix: PrefixSection?
    /// The class's own batching window, in place of `scheduler.batching_window`.
    var batching_window: DurationValue?
    /// An adaptive window's bounds, in place of `batching_window` (`AdaptiveWindow.swift`).
    var batching_window_min: DurationValue?
    var batching_window_max: DurationValue?
    /// Most requests of the class running at once on a replica; the others wait.
    var max_running: Int?
}

extension ScenarioResolver {
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

    /// The serving side of the workload's classes, with the batching windows and concurrency
    /// caps their `[[workload.classes]]` entries give (checked here).
    mutating func classPolicies(of workload: Workload, sections: [ClassSection]?) -> [ClassPolicy] {
        guard case .synthetic(let synthetic) = workload else { return [] }
        return synthetic.classes.enumerated().map { i, c in
            var policy = ClassPolicy(name: c.name, priority: c.priority, slo: c.slo, maxNewTokens: c.maxNewTokens)
            guard let section = sections?[i] else { return policy }
            if let window = section.batching_window?.seconds {
                check(window >= 0 && window.isFinite, "workload.classes[\(i)].batching_window", "must be ≥ 0, got \(window) s")
                policy.batchingWindow = SimDuration(seconds: window >= 0 && window.isFinite ? window : 0)
            }
            resolveAdaptiveWindow(section, of: i, into: &policy)
            if let cap = section.max_running {
                check(cap >= 1, "workload.classes[\(i)].max_running", "must be ≥ 1 request, got \(cap)")
                policy.maxRunning = max(1, cap)
            }
            return policy
        }
    }

    /// `batching_window_min` and `batching_window_max` of class `i`: both, in place of
    /// `batching_window`, 0 ≤ min ≤ max.
    mutating func resolveAdaptiveWindow(_ section: ClassSection, of i: Int, into policy: inout ClassPolicy) {
        let key = "workload.classes[\(i)]"
        let (low, high) = (section.batching_window_min?.seconds, section.batching_window_max?.seconds)
        guard low != nil || high != nil else { return }
        check(section.batching_window == nil, "\(key).batching_window",
              "give either batching_window (fixed) or batching_window_min and batching_window_max (adaptive), not both")
        guard let low, let high else {
            issue("\(key).batching_window_\(low == nil ? "min" : "max")",
                  "missing; an adaptive window needs both batching_window_min and batching_window_max")
            return
        }
        check(low >= 0 && low.isFinite, "\(key).batching_window_min", "must be ≥ 0, got \(low) s")
        check(high.isFinite && high >= low, "\(key).batching_window_max",
              "must be ≥ batching_window_min (\(low) s) and finite, got \(high) s")
        guard low >= 0, low.isFinite, high.isFinite, high >= low else { return }
        policy.batchingWindow = SimDuration(seconds: high)
        policy.batchingWindowMin = SimDuration(seconds: low)
    }
}
