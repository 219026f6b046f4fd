import SimWorkload

/// Picks the replica for each arriving request.
struct Router {
    let policy: RoutingPolicy
    private var nextInTurn = 0
    /// Least outstanding tokens over `replicas` replicas in O(log replicas): their outstanding
    /// tokens by replica index, which the replicas keep current (``Replica/outstandingTokensIndex``);
    /// nil for the other policies and where no count is given.
    let outstandingTokens: CyclicMinimumTree?

    /// A router of `policy`; with `replicas`, least outstanding tokens routes among that many
    /// replicas, whose index is their position, through ``outstandingTokens``.
    init(policy: RoutingPolicy, replicas: Int? = nil) {
        self.policy = policy
        outstandingTokens = policy == .leastOutstandingTokens ? replicas.map { CyclicMinimumTree(count: $0) } : nil
    }

    /// - Complexity: O(1) for round-robin, O(log replicas) for least outstanding tokens with an
    ///   index (``outstandingTokens``), O(replicas) otherwise.
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
            return argmin(replicas) { Double($0.outstanding) }
        case .leastOutstandingTokens:
            if let index = outstandingTokens, index.count == replicas.count {
                // The scan's choice (below), from the index: the first replica in turn among
                // those with the fewest outstanding tokens.
                let best = index.firstMinimum(from: nextInTurn % replicas.count)
                nextInTurn = (best + 1) % replicas.count
                return best
            }
            return argmin(replicas) { Double($0.outstandingTokens) }
        case .leastKVUtilization:
            return argmin(replicas) { $0.kv.utilization }
        }
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
