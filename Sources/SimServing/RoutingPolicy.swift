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
    /// The replica whose prefix cache holds the longest prefix of the request's prompt (ties,
    /// and requests without a shared prefix: least outstanding tokens) — keeps conversations
    /// and shared documents where their KV already is.
    case prefixAffinity = "prefix_affinity"
    /// No routing at arrival: one queue for all replicas, each pulling requests when it has
    /// room (with one request per batch, an M/M/c queue).
    case centralQueue = "central_queue"
}
