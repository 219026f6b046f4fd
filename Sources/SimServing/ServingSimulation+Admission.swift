import CostModel
import SimCore
import SimWorkload

/// How an arriving request enters the deployment: through the engine's API front end, when it
/// costs time, then routed to a replica and queued there — or turned away with its reason.
extension ServingSimulation {
    /// Passes an arriving request through the engine's API front end: at once when it has none,
    /// else after the requests ahead of it and its own service time.
    func enterFrontEnd(_ spec: RequestSpec) {
        guard configuration.frontEndSecondsPerRequest > 0 else { return admit(spec) }
        frontEnd.append(spec)
        if frontEnd.count == 1 { schedule(.frontEndDone, at: engine.now + frontEndService) }
    }

    /// Routes an arriving request and queues it, or rejects it with its reason.
    func admit(_ spec: RequestSpec) {
        metrics.arrival(spec)
        let prefixBlocks = configuration.scheduler.prefixCaching
            ? spec.prefix.shareableBlocks(promptTokens: spec.promptTokens, blockTokens: configuration.scheduler.blockSizeTokens)
            : 0
        let replica = replicas[router.route(among: disaggregation?.prefillReplicas ?? replicas, prefix: spec.prefix,
                                            prefixBlocks: prefixBlocks)]
        let lifetimeTokens = spec.promptTokens + spec.outputTokens
        if let limit = configuration.maxContextTokens, lifetimeTokens > limit {
            reject(spec, on: replica, reason: .exceedsContext)
            return
        }
        if !buckets.isEmpty, !buckets[spec.tenant].take(Double(lifetimeTokens), at: engine.now) {
            reject(spec, on: replica, reason: .rateLimited)
            return
        }
        if let cap = configuration.scheduler.maxQueueLength, replica.waiting.count >= cap {
            reject(spec, on: replica, reason: .queueFull)
            return
        }
        if !configuration.scheduler.chunkedPrefill, configuration.scheduler.strategy.pagesKV,
           spec.promptTokens > configuration.scheduler.maxTokensPerIteration {
            reject(spec, on: replica, reason: .exceedsTokenBudget)
            return
        }
        let kvTokens = configuration.scheduler.strategy.pagesKV ? lifetimeTokens : policy.reservedTokens(for: spec)
        if RequestState.blocks(for: kvTokens, blockSize: replica.kv.blockSizeTokens) > replica.kv.capacity
            || disaggregation?.exceedsDecodeCapacity(tokens: kvTokens) == true {
            reject(spec, on: replica, reason: .exceedsKVCapacity)
            return
        }
        var state = RequestState(spec: spec, replica: replica.deployedIndex, measured: spec.arrival >= metrics.warmup)
        state.queuedAt = engine.now
        state.prefixBlocks = prefixBlocks
        if state.measured { state.measuredStage = metrics.stage(arrivingAt: spec.arrival) }
        replica.enqueue(state, requests: &requests, now: engine.now)
        if configuration.admissionSecondsPerRequest > 0 { replica.arrivalsSinceLaunch += 1 }
        if configuration.routing == .centralQueue {
            for r in replicas where !r.isBusy { launchIfReady(r) }
        } else {
            launchIfReady(replica)
        }
        router.noteRequests(of: replica)
    }
}
