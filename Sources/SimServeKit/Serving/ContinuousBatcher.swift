import SimCore

/// Continuous (iteration-level) batching with a token budget and chunked prefill, FCFS.
///
/// Each iteration first gives every running sequence its next step — one token for a decoding
/// sequence, the next chunk for a prompt still being prefilled — then admits waiting requests
/// in arrival order while the batch has room, the token budget lasts and KV blocks can be
/// allocated for the whole prompt. When a decoding sequence needs a new block and none is
/// free, the newest running request is preempted (its blocks freed, its tokens recomputed
/// later) until the block can be had.
struct ContinuousBatcher {
    let settings: SchedulerSettings

    /// What an idle replica should do now.
    enum LaunchDecision: Equatable {
        case launch
        case wait(until: SimTime)
        case idle
    }

    func launchDecision(for replica: Replica, requests: RequestTable, now: SimTime) -> LaunchDecision {
        if !replica.running.isEmpty { return .launch }
        guard let oldest = replica.waiting.first else { return .idle }
        if replica.waiting.count >= settings.maxBatchSize { return .launch }
        let deadline = requests[oldest].spec.arrival + settings.batchingWindow
        return now >= deadline ? .launch : .wait(until: deadline)
    }

    /// Fills `replica.batch` for the next iteration, allocating KV blocks and preempting when
    /// needed, and returns the batch's shape for the cost model.
    ///
    /// - Complexity: O(running + admitted) per iteration.
    func composeBatch(on replica: Replica, requests: inout RequestTable, now: SimTime) -> BatchShape {
        var shape = BatchShape()
        var budget = settings.maxTokensPerIteration
        let blockSize = settings.blockSizeTokens
        replica.batch.removeAll(keepingCapacity: true)
        var preempted = false

        var i = 0
        while i < replica.running.count, budget > 0 {
            let slot = replica.running[i]
            if requests[slot].phase == .decoding {
                let needed = RequestState.blocks(for: requests[slot].cachedTokens + 1, blockSize: blockSize)
                var extra = needed - requests[slot].kvBlocks
                while extra > 0, !replica.kv.allocate(extra) {
                    let victim = replica.running.removeLast()
                    preempt(victim, on: replica, requests: &requests)
                    preempted = true
                    if victim == slot { extra = -1 }
                }
                if extra < 0 { break }  // the sequence itself was the newest: it was preempted
                requests[slot].kvBlocks = needed
                shape.addDecode(contextTokens: requests[slot].cachedTokens + 1)
                budget -= 1
            } else {
                let remaining = requests[slot].prefillTarget - requests[slot].prefilledTokens
                let chunk = min(remaining, budget)
                shape.addPrefillChunk(newTokens: chunk, cachedTokens: requests[slot].cachedTokens,
                                      completesPrompt: chunk == remaining)
                requests[slot].chunkInFlight = chunk
                budget -= chunk
            }
            shape.serviceDemandSeconds += requests[slot].spec.serviceDemandSeconds
            replica.batch.append(slot)
            i += 1
        }

        while !preempted, budget > 0, replica.running.count < settings.maxBatchSize,
              let slot = replica.waiting.first {
            let blocks = RequestState.blocks(for: requests[slot].prefillTarget, blockSize: blockSize)
            guard replica.kv.allocate(blocks) else { break }
            replica.waiting.removeFirst()
            replica.running.append(slot)
            let chunk = min(requests[slot].prefillTarget, budget)
            requests[slot].phase = .prefilling
            requests[slot].kvBlocks = blocks
            requests[slot].chunkInFlight = chunk
            if requests[slot].firstScheduled == nil { requests[slot].firstScheduled = now }
            shape.addPrefillChunk(newTokens: chunk, cachedTokens: 0,
                                  completesPrompt: chunk == requests[slot].prefillTarget)
            shape.serviceDemandSeconds += requests[slot].spec.serviceDemandSeconds
            replica.batch.append(slot)
            budget -= chunk
        }
        return shape
    }

    /// Evicts `slot` (recompute policy): frees its blocks and puts it at the front of the
    /// queue; its prompt and the tokens generated so far are prefilled again when readmitted.
    private func preempt(_ slot: Int, on replica: Replica, requests: inout RequestTable) {
        replica.kv.release(requests[slot].kvBlocks)
        requests[slot].kvBlocks = 0
        requests[slot].phase = .preempted
        requests[slot].prefillTarget = requests[slot].spec.promptTokens + requests[slot].generatedTokens
        requests[slot].prefilledTokens = 0
        requests[slot].cachedTokens = 0
        requests[slot].chunkInFlight = 0
        requests[slot].preemptions += 1
        replica.preemptions += 1
        replica.waiting.prepend(slot)
    }
}
