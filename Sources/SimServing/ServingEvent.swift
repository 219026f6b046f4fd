/// The events of a serving simulation. Small values: the engine stores them by the million.
enum ServingEvent {
    /// The next request of the workload arrives.
    case arrival
    /// Closed-loop client `user` sends its next request.
    case userArrival(user: Int)
    /// The API front end has handled the request at the head of its queue.
    case frontEndDone
    /// The iteration in flight on replica `n` ends.
    case iterationDone(replica: Int)
    /// The batching window of replica `n` may have expired.
    case batchingWindowExpired(replica: Int)
    /// Stage 0 of pipeline `n` may be free for its next micro-batch.
    case pipelineStageFree(pipeline: Int)
    /// Disaggregated serving: the KV of the request in `slot` has reached its decode replica.
    case kvTransferDone(slot: Int)
}
