import SimWorkload

/// Picks the replica for each arriving request.
struct Router {
    let policy: RoutingPolicy
    private var nextInTurn = 0

    init(policy: RoutingPolicy) { self.policy = policy }

    /// - Complexity: O(1) for round-robin, O(replicas) otherwise.
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
