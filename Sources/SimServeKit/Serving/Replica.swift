import DequeModule
import SimCore

/// One model replica: a TP group of GPUs in lock-step, with its queue, its running sequences
/// and its KV cache.
final class Replica {
    let index: Int
    /// Requests waiting to be admitted, by slot, FCFS (preempted requests return to the front).
    var waiting = Deque<Int>()
    /// Admitted requests, by slot, oldest first.
    var running: [Int] = []
    var kv: KVBlockManager
    /// Whether an iteration is in flight.
    var isBusy = false
    /// When the pending batching-window wake-up fires, if one is pending.
    var windowWakeUp: SimTime?
    /// Slots in the iteration in flight.
    var batch: [Int] = []
    /// Counters over the run.
    var busyNanoseconds: Int64 = 0
    var iterations = 0
    var preemptions = 0

    init(index: Int, kvBlocks: Int, blockSizeTokens: Int) {
        self.index = index
        self.kv = KVBlockManager(capacity: kvBlocks, blockSizeTokens: blockSizeTokens)
    }

    /// Requests on this replica: waiting or running (what join-shortest-queue compares).
    var outstanding: Int { waiting.count + running.count }
}
