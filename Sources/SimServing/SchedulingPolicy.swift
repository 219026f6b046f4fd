import CostModel
import SimCore
import SimWorkload

/// What every replica of a deployment schedules by: the scheduler's settings and what the
/// request classes ask of it (priorities, batching windows, concurrency caps, output caps).
/// Shared by the replicas, read-only; each ``Replica`` owns its own state and schedules its
/// own iterations under it.
///
/// A class, so that replicas hold it by reference rather than copying its settings and
/// per-class arrays at every iteration.
final class SchedulingPolicy {
    let settings: SchedulerSettings
    /// Priority of each request class (lower is more urgent), for victim choice.
    let classPriorities: [Int]
    /// Each class's batching window, nanoseconds, when some class has its own; nil: the
    /// scheduler's window for all.
    let classWindows: [Int64]?
    /// Windows that shrink as the queue fills (`AdaptiveWindow.swift`), when some class has one.
    let adaptiveWindows: AdaptiveWindows?
    /// Each class's concurrency cap per replica (Int.max: none), when some class has one.
    let classCaps: [Int]?
    /// Whole-sequence reservation (Orca): each class's output cap, and the context window.
    let classMaxNewTokens: [Int?]
    let maxContextTokens: Int?
    /// The cost model's attention query tile (0: none): batches count their tiled prefill
    /// attention work for it.
    let attentionQueryTile: Int

    init(settings: SchedulerSettings, classes: [ClassPolicy], maxContextTokens: Int? = nil, attentionQueryTile: Int = 0) {
        self.settings = settings
        self.attentionQueryTile = attentionQueryTile
        self.classMaxNewTokens = classes.map(\.maxNewTokens)
        self.maxContextTokens = maxContextTokens
        self.classPriorities = classes.map(\.priority)
        self.classWindows = classes.contains { $0.batchingWindow != nil }
            ? classes.map { ($0.batchingWindow ?? settings.batchingWindow).nanoseconds } : nil
        self.classCaps = classes.contains { $0.maxRunning != nil } ? classes.map { $0.maxRunning ?? Int.max } : nil
        self.adaptiveWindows = AdaptiveWindows(classes: classes, fixed: classWindows)
    }

    /// Tokens of KV an Orca-style scheduler reserves for a request: its prompt plus its
    /// class's `max_new_tokens`, else the whole context window (the output length is not
    /// known in advance).
    func reservedTokens(for spec: RequestSpec) -> Int {
        if let cap = classMaxNewTokens[spec.classIndex] { return spec.promptTokens + cap }
        let lifetime = spec.promptTokens + spec.outputTokens
        return maxContextTokens.map { max($0, lifetime) } ?? lifetime
    }
}
