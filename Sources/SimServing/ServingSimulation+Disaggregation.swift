import SimCore

/// The hand-off between the two pools of a disaggregated deployment.
extension ServingSimulation {
    /// Starts the KV transfers of the requests `replica` (a prefill replica) just finished
    /// prefilling, each to the decode replica the router picks.
    func startTransfers(from replica: Replica) {
        guard let pools = disaggregation else { return }
        for slot in replica.handoffs {
            let state = requests[slot]
            let lifetime = state.spec.promptTokens + state.spec.outputTokens
            let d = pools.decodeRouter.route(among: pools.decodeReplicas)
            let target = pools.decodeReplicas[d]
            replica.outstandingTokens -= lifetime
            target.outstandingTokens += lifetime
            let arrival = pools.scheduleTransfer(tokens: state.prefilledTokens, fromPrefill: replica.index,
                                                 iterationStart: replica.lastLaunch, end: engine.now)
            pools.handoffs[slot] = DisaggregationRuntime.Handoff(prefillReplica: replica.index, decodeReplica: target.index,
                                                                measured: state.measured, arrived: arrival)
            if state.measured, let scheduled = state.firstScheduled, let first = state.firstToken {
                pools.tally.handedOff(queueSeconds: (scheduled - state.spec.arrival).seconds,
                                      prefillSeconds: (first - scheduled).seconds,
                                      transferSeconds: (arrival - engine.now).seconds)
            }
            schedule(.kvTransferDone(slot: slot), at: arrival)
        }
        replica.handoffs.removeAll(keepingCapacity: true)
    }

    /// A request's KV has reached its decode replica: the prefill replica frees its blocks, and
    /// the request waits for a place in the decode batch.
    func kvArrived(_ slot: Int) {
        guard let pools = disaggregation, let handoff = pools.handoffs[slot] else { return }
        let source = replicas[handoff.prefillReplica]
        source.kv.release(requests[slot].kvBlocks)
        requests[slot].kvBlocks = 0
        pools.arrived[handoff.decodeReplica - pools.settings.prefill.replicas].append(slot)
        launchIfReady(source)
        launchIfReady(replicas[handoff.decodeReplica])
    }

    /// Admits, in arrival order, the requests whose KV reached idle decode replica `replica`,
    /// while its batch has places and blocks. A request whose class is at its `max_running`
    /// cap on this replica waits aside, keeping its place, and those behind it go ahead.
    func admitArrivedKV(on replica: Replica) {
        guard let pools = disaggregation, !pools.isPrefill(replica) else { return }
        let d = replica.index - pools.settings.prefill.replicas
        var index = pools.arrived[d].startIndex
        while index < pools.arrived[d].endIndex {
            let slot = pools.arrived[d][index]
            if replica.classIsAtCap(requests[slot].spec.classIndex) {
                index += 1
                continue
            }
            guard replica.admitTransferred(slot, requests: &requests) else { break }
            pools.arrived[d].remove(at: index)
            if let handoff = pools.handoffs.removeValue(forKey: slot), handoff.measured {
                pools.tally.admitted(waitSeconds: (engine.now - handoff.arrived).seconds)
            }
        }
    }
}
