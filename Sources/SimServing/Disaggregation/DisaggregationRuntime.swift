import DequeModule
import SimCore
import SimMetrics

/// The state a disaggregated run keeps beside its replicas: which replicas form each pool,
/// the prefill replicas' links, the requests whose KV is on its way or waiting for decode
/// blocks, and the tallies of both pools.
final class DisaggregationRuntime {
    let settings: DisaggregationSettings
    /// Replicas 0..<P are the prefill pool, P..<P+D the decode pool.
    let prefillReplicas: [Replica]
    let decodeReplicas: [Replica]
    var decodeRouter: Router
    /// When each prefill replica's links are free for its next transfer.
    var linkFree: [SimTime]
    /// Requests whose KV has arrived at each decode replica, waiting for a place in its batch.
    var arrived: [Deque<Int>]
    /// In flight, by slot: the replicas at both ends, when the prefill ended and when the KV
    /// reached the decode replica.
    var handoffs: [Int: Handoff] = [:]
    var tally = KVTransferTally()
    /// Each pool's iterations, work, busy time and energy.
    let prefillUsage: ResourceUsage
    let decodeUsage: ResourceUsage

    struct Handoff {
        let prefillReplica: Int
        let decodeReplica: Int
        let measured: Bool
        var arrived: SimTime = .zero
    }

    init(settings: DisaggregationSettings, routing: RoutingPolicy, replicas: [Replica]) {
        self.settings = settings
        let p = settings.prefill.replicas
        prefillReplicas = Array(replicas[0..<p])
        decodeReplicas = Array(replicas[p...])
        decodeRouter = Router(policy: routing)
        linkFree = Array(repeating: .zero, count: p)
        arrived = Array(repeating: Deque(), count: settings.decode.replicas)
        prefillUsage = ResourceUsage(replicas: p, power: settings.prefill.hardware?.power,
                                     gpusPerReplica: settings.prefill.gpusPerReplica)
        decodeUsage = ResourceUsage(replicas: settings.decode.replicas, power: settings.decode.hardware?.power,
                                    gpusPerReplica: settings.decode.gpusPerReplica)
    }

    /// The replicas of both pools, prefill first, each with its own line, KV blocks and GPUs.
    static func makeReplicas(_ settings: DisaggregationSettings, queue: WaitingQueue, policy: SchedulingPolicy,
                             loadStages: Int) -> [Replica] {
        let pools = [settings.prefill, settings.decode]
        var replicas: [Replica] = []
        for (p, pool) in pools.enumerated() {
            for _ in 0..<pool.replicas {
                let replica = Replica(index: replicas.count, kvBlocks: pool.kvBlocksPerReplica,
                                      policy: policy, line: WaitingLine(queue: queue),
                                      gpus: pool.gpusPerReplica, loadStages: loadStages)
                replica.handsOffKV = p == 0
                replica.receivesKV = p == 1
                replica.powerClock = pool.hardware.flatMap { PowerLimitedClock(power: $0.power) }
                replicas.append(replica)
            }
        }
        return replicas
    }

    /// Whether a request of `tokens` tokens of KV could never be held by a decode replica.
    func exceedsDecodeCapacity(tokens: Int) -> Bool {
        RequestState.blocks(for: tokens, blockSize: decodeReplicas[0].kv.blockSizeTokens) > decodeReplicas[0].kv.capacity
    }

    func isPrefill(_ replica: Replica) -> Bool { replica.index < settings.prefill.replicas }

    func costModel(for replica: Replica) -> IterationCostModel {
        isPrefill(replica) ? settings.prefill.costModel : settings.decode.costModel
    }

    func usage(for replica: Replica) -> (ResourceUsage, Int) {
        isPrefill(replica) ? (prefillUsage, replica.index) : (decodeUsage, replica.index - settings.prefill.replicas)
    }

    /// When the KV of `tokens` tokens, computed by the prefill iteration [`start`, `end`] on
    /// prefill replica `p`, has reached the decode side; occupies the replica's links.
    func scheduleTransfer(tokens: Int, fromPrefill p: Int, iterationStart start: SimTime, end: SimTime) -> SimTime {
        let link = settings.link
        let bytes = settings.kvBytesPerToken * Double(tokens)
        let s = link.occupancySeconds(bytes: bytes, lanes: settings.lanes)
        let leaves: SimTime
        if link.layerwise {
            // Layer l of L is ready at start + l·T/L; the link sends one layer in S/L.
            let from = max(start, linkFree[p])
            let t = max(0, (end - from).seconds)
            let l = Double(max(1, settings.layers))
            leaves = from + SimDuration(seconds: max(t + s / l, t / l + s))
        } else {
            leaves = max(end, linkFree[p]) + SimDuration(seconds: s)
        }
        linkFree[p] = leaves
        tally.transferred(bytes: bytes, occupancySeconds: s)
        return leaves + SimDuration(seconds: link.latencySeconds)
    }
}
