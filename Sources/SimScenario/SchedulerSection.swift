import SimCore
import SimServing
import SimSupport
import SimWorkload

struct SchedulerSection: Decodable {
    var kind: String?
    var max_batch_size: Int?
    var max_tokens_per_iteration: Int?
    /// vLLM's names for `max_batch_size`, `max_tokens_per_iteration`, `chunked_prefill` and
    /// `prefix_caching` (one name per knob may be given).
    var max_num_seqs: Int?
    var max_num_batched_tokens: Int?
    var enable_chunked_prefill: Bool?
    var enable_prefix_caching: Bool?
    var batching_window: DurationValue?
    var block_size: Int?
    var gpu_memory_utilization: Double?
    var queue_policy: String?
    var aging: DurationValue?
    var preemption: String?
    var preemption_victim: String?
    /// Host memory for swapped KV, per GPU, GB.
    var swap_space_gb: Double?
    /// Host link (PCIe) bandwidth per GPU for swapping, GB/s.
    var swap_bandwidth_gbs: Double?
    var prefix_caching: Bool?
    var chunked_prefill: Bool?
    /// Admission control: arrivals finding this many requests waiting are rejected.
    var max_queue_length: Int?
}

/// What `[scheduler]` resolves to, checked. Its settings preempt by recomputing until the
/// memory plan sizes a swap space in tokens (`planDeployment` in ScenarioResolver+Deployment).
struct SchedulerChoice {
    /// "continuous", "static" or "orca".
    var kind: String
    var settings: SchedulerSettings
    var queuePolicy: QueuePolicy
    /// `scheduler.preemption = "swap"`: the host memory per GPU (GB) and its link (GB/s).
    var swap: (spaceGB: Double, bandwidthGBs: Double)?
    var memoryFraction: Double
}

extension ScenarioResolver {
    /// The scheduler's kind, budgets, queue, preemption and memory share, each checked;
    /// `routing` is the cluster's, which prefix affinity ties to prefix caching.
    mutating func resolveScheduler(_ s: SchedulerSection?, routing: RoutingPolicy) -> SchedulerChoice {
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
        // A window out of range was recorded above; 0 stands in until resolving stops.
        let settings = SchedulerSettings(
            maxBatchSize: maxBatch, maxTokensPerIteration: maxTokens,
            batchingWindow: SimDuration(seconds: window >= 0 && window.isFinite ? window : 0), blockSizeTokens: blockSize,
            victim: victim, prefixCaching: s?.prefix_caching ?? false,
            chunkedPrefill: kind == "orca" ? false : s?.chunked_prefill ?? true,
            maxQueueLength: s?.max_queue_length, strategy: kind == "static" ? .staticBatches : kind == "orca" ? .wholeSequenceReservation : .continuous)
        return SchedulerChoice(kind: kind, settings: settings, queuePolicy: queuePolicy,
                               swap: preemptionKind == "swap" ? (swapSpace, swapBandwidth) : nil,
                               memoryFraction: memoryFraction)
    }

        mutating func resolveQueuePolicy(_ s: SchedulerSection?) -> QueuePolicy {
        let name = s?.queue_policy ?? "fcfs"
        let aging = s?.aging?.seconds
        if let aging { check(aging > 0 && aging.isFinite, "scheduler.aging", "must be > 0, got \(aging) s") }
        switch name {
        case "fcfs":
            if aging != nil {
                irrelevant("scheduler.aging", "only used with queue_policy \"priority\" or \"shortest_remaining\"",
                           decidedBy: "scheduler.queue_policy")
            }
            return .fcfs
        case "priority": return .priority(agingSeconds: aging)
        case "shortest_remaining": return .shortestRemaining(agingSeconds: aging)
        default:
            issue("scheduler.queue_policy", DidYouMean.message(for: name, notAmong: ["fcfs", "priority", "shortest_remaining"]))
            return .fcfs
        }
    }

    /// Folds vLLM's names (`max_num_seqs`, `max_num_batched_tokens`, `enable_chunked_prefill`,
    /// `enable_prefix_caching`) into simserve's; giving both names of one knob is an error.
    mutating func mergeVLLMNames(_ section: SchedulerSection) -> SchedulerSection {
        var s = section
        func merge<T>(_ ours: inout T?, _ theirs: T?, _ oursName: String, _ theirsName: String) {
            guard let theirs else { return }
            if ours != nil {
                issue("scheduler.\(theirsName)", "is vLLM's name for scheduler.\(oursName); give one of the two, not both")
            } else {
                ours = theirs
            }
        }
        merge(&s.max_batch_size, s.max_num_seqs, "max_batch_size", "max_num_seqs")
        merge(&s.max_tokens_per_iteration, s.max_num_batched_tokens, "max_tokens_per_iteration", "max_num_batched_tokens")
        merge(&s.chunked_prefill, s.enable_chunked_prefill, "chunked_prefill", "enable_chunked_prefill")
        merge(&s.prefix_caching, s.enable_prefix_caching, "prefix_caching", "enable_prefix_caching")
        return s
    }
}
