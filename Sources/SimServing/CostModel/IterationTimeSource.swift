import CostModel

/// Something other than a formula that gives the time of an iteration: a real executor that
/// runs the batch and measures it, or a replay of measured times.
///
/// The serving simulation asks it exactly as it asks a cost model, once per iteration, in
/// simulated-time order, and uses the returned seconds as the iteration's duration; nothing
/// else in the simulation changes. A class, because a source may keep state between
/// iterations (a KV cache, a log of what it measured); a source is asked from one thread at a
/// time, by the simulation that owns it.
public protocol IterationTimeSource: AnyObject, Sendable {
    /// The cost of the iteration `shape`; its `seconds` becomes the iteration's duration.
    func cost(_ shape: BatchShape) -> IterationCost
}
