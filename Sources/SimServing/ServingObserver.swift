import CostModel
import SimCore

/// Watches a serving simulation iteration by iteration (for timelines and other tracing).
/// The simulation calls it after it has decided each iteration; an observer must not change
/// anything.
public protocol ServingObserver: AnyObject {
    func iterationStarted(_ iteration: IterationRecord)
}

/// One iteration of one replica, as an observer sees it.
public struct IterationRecord: Sendable {
    public var replica: Int
    public var start: SimTime
    public var duration: SimDuration
    public var shape: BatchShape
    public var cost: IterationCost
    /// Time spent moving swapped KV to or from the host in this iteration.
    public var transferSeconds: Double
    public var waiting: Int
    public var kvBlocksUsed: Int
    public var kvCapacity: Int
    /// Preemptions on this replica so far.
    public var preemptions: Int
    /// With pipeline parallelism: how the micro-batch passes the stages; nil otherwise.
    public var pipeline: PipelinePassage? = nil
}

/// A micro-batch's way through the p stages of a pipeline-parallel replica: `replica` is
/// the deployed replica (``IterationRecord/replica`` is then its virtual engine), stage s
/// runs it from `stageStarts[s]` for `stageDuration`.
public struct PipelinePassage: Sendable {
    public var replica: Int
    public var stageStarts: [SimTime]
    public var stageDuration: SimDuration
}
