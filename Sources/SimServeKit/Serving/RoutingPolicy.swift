/// How requests are spread over replicas.
public enum RoutingPolicy: String, Equatable, Sendable, CaseIterable {
    /// Replicas in turn.
    case roundRobin = "round_robin"
    /// The replica with the fewest requests waiting or running (ties: lowest index).
    case joinShortestQueue = "join_shortest_queue"
    /// The replica with the fewest prompt + output tokens of unfinished requests routed to it.
    case leastOutstandingTokens = "least_outstanding_tokens"
    /// The replica whose KV cache is least full.
    case leastKVUtilization = "least_kv"
    /// No routing at arrival: one queue for all replicas, each pulling requests when it has
    /// room (with one request per batch, an M/M/c queue).
    case centralQueue = "central_queue"
}
