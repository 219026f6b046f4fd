import SimWorkload

/// Picks the replica for each arriving request.
struct Router {
    let policy: RoutingPolicy
    private var nextInTurn = 0
    /// The replicas' keys by replica index, for routing by load in O(log replicas) — outstanding
    /// tokens, requests waiting or running, or KV blocks in use (at one KV capacity, the same
    /// order as utilisation), as `policy` compares; nil for the other policies and where no
    /// count is given. ``attach(_:)`` has the replicas keep it current.
    let index: CyclicMinimumTree?

    /// A router of `policy`; with `replicas`, least outstanding tokens, join-shortest-queue and
    /// least KV route among that many replicas, whose index is their position, through
    /// ``index`` (least KV: the replicas' KV capacities must then be one).
    init(policy: RoutingPolicy, replicas: Int? = nil) {
        self.policy = policy
        let byLoad: Set<RoutingPolicy> = [.leastOutstandingTokens, .joinShortestQueue, .leastKVUtilization]
        index = byLoad.contains(policy) ? replicas.map { CyclicMinimumTree(count: $0) } : nil
    }

    /// Has `replicas` keep ``index`` current: their outstanding tokens or KV blocks in use as
    /// they change (their own observers), their requests through ``noteRequests(of:)``; the keys
    /// they hold now (a warm prefix cache's blocks) are entered at once.
    func attach(_ replicas: [Replica]) {
        guard let index else { return }
        for replica in replicas {
            switch policy {
            case .leastOutstandingTokens: replica.outstandingTokensIndex = index
            case .leastKVUtilization: replica.kvBlocksIndex = index
            default: break
            }
            index.set(replica.index, to: key(of: replica))
        }
    }

    /// Brings `replica`'s key up to date where the router joins the shortest queue: its requests
    /// waiting or running change only when one is queued there or an iteration of its ends, and
    /// the simulation calls this then.
    @inline(__always)
    func noteRequests(of replica: Replica) {
        guard policy == .joinShortestQueue, let index else { return }
        index.set(replica.index, to: replica.outstanding)
    }

    /// The key ``index`` holds for `replica`.
    private func key(of replica: Replica) -> Int {
        switch policy {
        case .leastOutstandingTokens: return replica.outstandingTokens
        case .joinShortestQueue: return replica.outstanding
        default: return replica.kv.used
        }
    }

    /// - Complexity: O(1) for round-robin, O(log replicas) for least outstanding tokens,
    ///   join-shortest-queue and least KV with an ``index`` (plus an O(replicas) check of it in
    ///   debug builds), O(replicas) for prefix affinity and without an index.
    /// `prefixBlocks`: how many leading blocks of `prefix` the request can share.
    mutating func route(among replicas: [Replica], prefix: PrefixKey = .none, prefixBlocks: Int = 0) -> Int {
        switch policy {
        case .prefixAffinity:
            let hits = replicas.map { $0.prefixCache?.matchingBlocks(of: prefix, upTo: prefixBlocks) ?? 0 }
            let best = hits.max() ?? 0
            return argmin(replicas) { r in
                // Most cached blocks first, then the fewest outstanding tokens.
                Double(best - hits[r.index]) * 1e12 + Double(r.outstandingTokens)
            }
        case .roundRobin, .centralQueue:
            defer { nextInTurn = (nextInTurn + 1) % replicas.count }
            return nextInTurn
        case .joinShortestQueue, .leastOutstandingTokens, .leastKVUtilization:
            if let index, index.count == replicas.count {
                assert(replicas.allSatisfy { index[$0.index] == key(of: $0) }, "routing index out of date")
                assert(policy != .leastKVUtilization || replicas.allSatisfy { $0.kv.capacity == replicas[0].kv.capacity },
                       "least KV's index needs one KV capacity")
                return route(by: index)
            }
            switch policy {
            case .joinShortestQueue: return argmin(replicas) { Double($0.outstanding) }
            case .leastOutstandingTokens: return argmin(replicas) { Double($0.outstandingTokens) }
            default: return argmin(replicas) { $0.kv.utilization }
            }
        }
    }

    /// The scan's choice (``argmin(_:by:)``) from an index of the replicas' keys: the first
    /// replica in turn among those with the smallest.
    private mutating func route(by index: CyclicMinimumTree) -> Int {
        let best = index.firstMinimum(from: nextInTurn % index.count)
        nextInTurn = (best + 1) % index.count
        return best
    }

    /// The index of the replica with the smallest `measure`; ties go round-robin (the scan
    /// starts one past the last choice), so equal replicas share the load evenly.
    private mutating func argmin(_ replicas: [Replica], by measure: (Replica) -> Double) -> Int {
        let n = replicas.count
        var best = nextInTurn % n
        var bestValue = measure(replicas[best])
        for step in 1..<max(n, 1) {
            let i = (nextInTurn + step) % n
            let value = measure(replicas[i])
            if value < bestValue { best = i; bestValue = value }
        }
        nextInTurn = (best + 1) % n
        return best
    }
}
