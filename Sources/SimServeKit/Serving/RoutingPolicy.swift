/// How requests are spread over replicas.
public enum RoutingPolicy: String, Equatable, Sendable, CaseIterable {
    /// Replicas in turn.
    case roundRobin = "round_robin"
    /// The replica with the fewest requests waiting or running (ties: lowest index).
    case joinShortestQueue = "join_shortest_queue"
}

/// Picks the replica for each arriving request.
struct Router {
    let policy: RoutingPolicy
    private var nextInTurn = 0

    init(policy: RoutingPolicy) { self.policy = policy }

    /// - Complexity: O(1) for round-robin, O(replicas) for join-shortest-queue.
    mutating func route(among replicas: [Replica]) -> Int {
        switch policy {
        case .roundRobin:
            defer { nextInTurn = (nextInTurn + 1) % replicas.count }
            return nextInTurn
        case .joinShortestQueue:
            var best = 0
            for i in replicas.indices.dropFirst() where replicas[i].outstanding < replicas[best].outstanding {
                best = i
            }
            return best
        }
    }
}
