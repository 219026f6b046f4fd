import SimCore
import SimMetrics
import SimWorkload

/// One model replica: a TP group of GPUs in lock-step, with its queue, its running sequences
/// and its KV cache — and the scheduler of its iterations, which owns that state
/// (`Replica+Iteration.swift`: `enqueue`, `startIteration`, `finishIteration`) under the
/// deployment's shared ``SchedulingPolicy``.
final class Replica {
    /// What it schedules by (shared by every replica).
    let policy: SchedulingPolicy
    /// The policy's scheduler settings, kept here so that the hot path reads them from the
    /// replica itself.
    let settings: SchedulerSettings
    /// Its index among the simulation's replicas (with pipeline parallelism: among the
    /// virtual engines, p per deployed replica).
    let index: Int
    /// The deployed replica it belongs to (what outputs call its replica).
    let deployedIndex: Int
    /// The line this replica admits from: its own, or one shared by every replica (a central
    /// queue).
    let line: WaitingLine
    /// Requests waiting to be admitted, by slot, in the queue policy's order (preempted
    /// requests return to the front).
    var waiting: WaitingQueue {
        _read { yield line.queue }  // borrowed: reading its count copies nothing
        _modify { yield &line.queue }
    }
    /// Prompt + output tokens of the requests routed here and not finished (what
    /// least-outstanding-tokens routing compares).
    var outstandingTokens = 0 {
        didSet { outstandingTokensIndex?.set(index, to: outstandingTokens) }
    }
    /// The router's index of every replica's outstanding tokens, kept current here (nil: the
    /// router scans instead).
    var outstandingTokensIndex: CyclicMinimumTree?
    /// Admitted requests still prefilling, by slot, oldest first.
    var prefilling: [Int] = []
    /// Admitted requests decoding, as aggregates.
    var decoding: DecodeGroup
    /// Every running request as (slot, request index, epoch), oldest admission first; entries
    /// whose request has since left (gone, or epoch changed) are skipped and swept out now and
    /// then. The newest live entry is the preemption victim.
    var admissions: [RunningEntry] = []
    var kv: KVBlockManager {
        didSet { kvBlocksIndex?.set(index, to: kv.used) }
    }
    /// The router's index of every replica's KV blocks in use, kept current here (nil: the router
    /// scans instead, or routes by something else).
    var kvBlocksIndex: CyclicMinimumTree?
    /// Decode steps started so far; the index of the next one (the clock of `decoding`). Every
    /// iteration is one, except prefill-only iterations with separate prefill batches.
    var iteration = 0
    /// Whether the iteration in flight gives the decoding sequences a token (always, unless
    /// prefill batches run apart from decodes).
    var decodesInFlight = true
    /// Multi-step scheduling: decode steps still to run before the queue is looked at again.
    var decodeStepsLeftInRound = 0
    /// Requests whose prompt ended in a prefill-only iteration and that have not decoded yet.
    var pendingFirstDecodes: [PendingFirstDecode] = []
    /// Whether an iteration is in flight.
    var isBusy = false
    /// When the last decode step ended (every decoding member's last token is from then, but
    /// for those in `pendingFirstDecodes`).
    var lastIterationEnd: SimTime = .zero
    /// When the pending batching-window wake-up fires, if one is pending.
    var windowWakeUp: SimTime?
    /// Prefilling slots with a chunk in the iteration in flight.
    var prefillBatch: [Int] = []
    var preemptions = 0
    /// Static batching: finished sequences still padding the batch, and their contexts.
    var paddingSequences = 0
    var paddingContextTokens = 0
    /// Shared prompt blocks, when prefix caching is on.
    var prefixCache: PrefixCache?
    /// Prompt tokens looked up in the prefix cache at admission, and those found.
    var prefixLookupTokens = 0
    var prefixHitTokens = 0
    /// KV tokens of this replica's swapped-out requests held in host memory.
    var hostSwappedTokens = 0
    /// Swap transfer time charged to the iteration being composed, seconds.
    var transferSeconds = 0.0
    /// Requests routed here since its last iteration started, which the engine loop adds
    /// before its next one (counted only when adding one costs time).
    var arrivalsSinceLaunch = 0
    /// KV bytes moved to or from the host, over the run (all GPUs of the replica).
    var swapBytes = 0.0

    /// Output still to come, what output-reserve admission (`OutputReserve`) keeps room for:
    /// Σ prompt + output tokens of the decoding members (less their contexts, the output left),
    /// Σ output tokens not yet generated of those prefilling, Σ output tokens of all running;
    /// and the reserve's current ratio.
    var decodingLifetimeTokens = 0
    var prefillingOutputLeft = 0
    var runningOutputTokens = 0
    var outputReserveRatio = 0.0

    /// Output tokens the running requests have still to produce.
    var runningOutputLeft: Int {
        max(0, decodingLifetimeTokens - decoding.contextTokens + prefillingOutputLeft)
    }

    /// Requests of each class running here (only when classes have concurrency caps).
    var runningByClass: [Int] = []

    /// A decode pool's replica: its requests arrive with their prompt's KV (disaggregated).
    var receivesKV = false
    /// Disaggregated serving: a prefill replica hands its prompts to the decode pool
    /// (`Replica+Handoff.swift`); those whose prefill just ended, by slot; and when
    /// its last iteration started.
    var handsOffKV = false
    var handoffs: [Int] = []
    var lastLaunch: SimTime = .zero
    /// While a batch is composed right as an iteration ends under overlap scheduling: only
    /// requests queued before this time (that iteration's start) may join it.
    var admissionCutoff: SimTime?

    /// GPUs in the replica's TP group.
    let gpus: Int

    /// Its GPUs' clock under their power limit; nil: the hardware sets no limit time constant
    /// (or the replica shares pipeline stages), and iterations take the cost model's time.
    var powerClock: PowerLimitedClock?

    /// The fused-MoE kernels its GPUs have compiled; nil: the engine compiles none while
    /// serving (a dense model, or kernels cached: ``EngineSpec/moeKernelCompileMs`` 0).
    var kernelCache: KernelCompileCache?

    /// The stages it shares with the other virtual engines of its replica (pipeline
    /// parallelism); nil: it owns its GPUs alone.
    var pipeline: Pipeline?

    /// `loadStages`: the workload's load stages, whose measured decoding members are counted
    /// apart (0: none).
    init(index: Int, kvBlocks: Int, policy: SchedulingPolicy, line: WaitingLine, gpus: Int = 1, deployedIndex: Int? = nil,
         loadStages: Int = 0) {
        let blockSizeTokens = policy.settings.blockSizeTokens
        self.policy = policy
        self.settings = policy.settings
        self.index = index
        self.deployedIndex = deployedIndex ?? index
        self.gpus = gpus
        self.line = line
        self.kv = KVBlockManager(capacity: kvBlocks, blockSizeTokens: blockSizeTokens)
        self.decoding = DecodeGroup(blockSizeTokens: blockSizeTokens, stages: loadStages)
    }

    /// Takes `count` free KV blocks, evicting idle cached prefix blocks (least recently used)
    /// when free ones run short; returns whether it could.
    func allocateBlocks(_ count: Int) -> Bool {
        if kv.allocate(count) { return true }
        guard let cache = prefixCache, count <= kv.free + cache.idleCount else { return false }
        kv.release(prefixCache!.evict(count - kv.free))
        return kv.allocate(count)
    }

    /// Returns a request's KV: its `privateBlocks` to the pool and its references to cached
    /// prefix blocks — the first `sharedBlocks` of `prefix` — which stay cached, idle, until
    /// evicted.
    func releaseOrFree(privateBlocks: Int, prefix: PrefixKey, sharedBlocks: Int) {
        kv.release(privateBlocks)
        if sharedBlocks > 0 { prefixCache!.release(first: sharedBlocks, of: prefix) }
    }

    /// Charges a one-way swap of `tokens` tokens of KV to the iteration being composed.
    func recordSwap(tokens: Int, settings: SwapSettings) {
        transferSeconds += settings.transferSeconds(tokens: tokens)
        swapBytes += Double(tokens) * settings.bytesPerTokenPerGPU * Double(gpus)
    }

    /// Requests admitted and not finished.
    var running: Int { prefilling.count + decoding.count }

    /// Requests on this replica: waiting or running (what join-shortest-queue compares).
    var outstanding: Int { waiting.count + running }
}

/// A reference to a running request that stays valid only while the request stays in the
/// running set: its slot, its index (slots are reused) and its epoch (bumped when it leaves).
struct RunningEntry {
    let slot: Int
    let request: Int
    let epoch: Int

    @inline(__always)
    func isCurrent(in requests: RequestTable) -> Bool {
        guard requests.holds(slot) else { return false }
        return requests[slot].spec.index == request && requests[slot].epoch == epoch
    }
}

/// A waiting queue that replicas share by reference: each replica's own, or one central queue
/// that every replica pulls from when it has room.
final class WaitingLine {
    var queue: WaitingQueue
    init(queue: WaitingQueue) { self.queue = queue }
}
