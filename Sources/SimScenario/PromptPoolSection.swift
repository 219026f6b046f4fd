import SimWorkload

/// `workload.prompt_pool = { size = 300, warm = true }`: the workload's requests repeat a list
/// of `size` distinct requests in order (``PromptPool``); `warm` (default false): the replicas'
/// prefix caches hold the list's prompts when the run starts.
struct PromptPoolSection: Decodable {
    var size: Int
    var warm: Bool?
}

extension ScenarioResolver {
    /// The prompt pool, checked against what it cannot be combined with.
    mutating func resolvePromptPool(_ s: PromptPoolSection, workload w: WorkloadSection, prefixCaching: Bool) -> PromptPool? {
        let path = "workload.prompt_pool"
        let before = issues.count
        check(s.size >= 1 && s.size <= InputBounds.maxPromptPool, "\(path).size", "must be in 1...\(InputBounds.maxPromptPool), got \(s.size)")
        if w.shared_prefix != nil {
            issue(path, "not used with workload.shared_prefix (its conversations give each request's prompt); remove one of them")
        }
        if w.prefix != nil || w.classes?.contains(where: { $0.prefix != nil }) == true {
            issue(path, "a pooled prompt is its own prefix: give either workload.prompt_pool or shared prefixes (prefix = { … }), not both")
        }
        if s.warm == true, !prefixCaching {
            issue("\(path).warm", "a warm pool needs scheduler.prefix_caching = true (without it nothing is cached)")
        }
        guard issues.count == before else { return nil }
        return PromptPool(size: s.size, warm: s.warm ?? false)
    }
}
