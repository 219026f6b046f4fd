import SimWorkload

/// Picks the replica for each arriving request.
struct Router {
    let policy: RoutingPolicy
    private var nextInTurn = 0
    /// Least outstanding tokens over `replicas` replicas in O(log replicas): their outstanding
    /// tokens by replica index, which the replicas keep current (``Replica/outstandingTokensIndex``);
    /// nil for the other policies and where no count is given.
    let outstandingTokens: CyclicMinimumTree?
    /// Join-shortest-queue over `replicas` replicas in O(log replicas): their requests waiting or
    /// running by replica index, which the simulation keeps current (``noteRequests(of:)``:
    /// after a request is queued and after an iteration ends, the only times they change);
    /// nil for the other policies and where no count is given.
    let outstandingRequests: CyclicMinimumTree?
    /// Least KV utilisation over `replicas` replicas of one KV capacity in O(log replicas): their
    /// KV blocks in use by replica index (at one capacity, the same order as utilisation), which
    /// the replicas keep current (``Replica/kvBlocksIndex``); nil for the other policies and where
    /// no count is given.
    let kvBlocksInUse: CyclicMinimumTree?

    /// A router of `policy`; with `replicas`, least outstanding tokens, join-shortest-queue and
    /// least KV route among that many replicas, whose index is their position, through an index
    /// (``outstandingTokens``, ``outstandingRequests``, ``kvBlocksInUse``: the replicas' KV
    /// capacities must then be one).
    init(policy: RoutingPolicy, replicas: Int? = nil) {
        self.policy = policy
        outstandingTokens = policy == .leastOutstandingTokens ? replicas.map { CyclicMinimumTree(count: $0) } : nil
        outstandingRequests = policy == .joinShortestQueue ? replicas.map { CyclicMinimumTree(count: $0) } : nil
        kvBlocksInUse = policy == .leastKVUtilization ? replicas.map { CyclicMinimumTree(count: $0) } : nil
    }

    /// Brings `replica`'s key in the join-shortest-queue index up to date.
    @inline(__always)
    func noteRequests(of replica: Replica) {
        outstandingRequests?.set(replica.index, to: replica.outstanding)
    }

    /// - Complexity: O(1) for round-robin, O(log replicas) for least outstanding tokens,
    ///   join-shortest-queue and least KV with an index (``outstandingTokens``,
    ///   ``outstandingRequests``, ``kvBlocksInUse``; plus an O(replicas) check of it in debug
    ///   builds), O(replicas) for prefix affinity and without an index.
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
        case .joinShortestQueue:
            if let index = outstandingRequests, index.count == replicas.count {
                assert(replicas.allSatisfy { index[$0.index] == $0.outstanding }, "join-shortest-queue index out of date")
                return route(by: index)
            }
            return argmin(replicas) { Double($0.outstanding) }
        case .leastOutstandingTokens:
            if let index = outstandingTokens, index.count == replicas.count {
                assert(replicas.allSatisfy { index[$0.index] == $0.outstandingTokens }, "token index out of date")
                return route(by: index)
            }
            return argmin(replicas) { Double($0.outstandingTokens) }
        case .leastKVUtilization:
            if let index = kvBlocksInUse, index.count == replicas.count {
                assert(replicas.allSatisfy { index[$0.index] == $0.kv.used && $0.kv.capacity == replicas[0].kv.capacity },
                       "KV index out of date, or capacities that differ")
                return route(by: index)
            }
            return argmin(replicas) { $0.kv.utilization }
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
