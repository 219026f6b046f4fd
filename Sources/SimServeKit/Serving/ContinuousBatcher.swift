import SimCore

/// Continuous (iteration-level) batching with a token budget and chunked prefill, FCFS.
///
/// Each iteration first gives every running sequence its next step — one token for each
/// decoding sequence, the next chunk for each prompt still being prefilled — then admits
/// waiting requests in arrival order while the batch has room, the token budget lasts and KV
/// blocks can be allocated for the whole prompt. Waiting requests are admitted only once the
/// oldest has waited the batching window, or when they would fill the batch. When decoding
/// sequences need new blocks and none are free, the newest running request is preempted (its
/// blocks freed, its tokens recomputed later) until the blocks can be had.
struct ContinuousBatcher {
    let settings: SchedulerSettings

    /// What an idle replica should do now.
    enum LaunchDecision: Equatable {
        case launch
        case wait(until: SimTime)
        case idle
    }

    func launchDecision(for replica: Replica, requests: RequestTable, now: SimTime) -> LaunchDecision {
        if replica.running > 0 { return .launch }
        guard let deadline = admissionDeadline(for: replica, requests: requests) else { return .idle }
        return now >= deadline ? .launch : .wait(until: deadline)
    }

    /// When the waiting requests may be admitted: now if they would fill the batch, else once
    /// the oldest has waited the window. Nil when none waits.
    private func admissionDeadline(for replica: Replica, requests: RequestTable) -> SimTime? {
        guard let oldest = replica.waiting.oldest() else { return nil }
        if replica.waiting.count + replica.running >= settings.maxBatchSize { return .zero }
        return requests[oldest].spec.arrival + settings.batchingWindow
    }

    /// Plans the replica's next iteration: allocates KV blocks (preempting if it must), picks
    /// prefill chunks and admissions, and returns the batch's shape for the cost model.
    ///
    /// - Complexity: O(prefilling + admitted + preempted), independent of the number of
    ///   decoding sequences.
    func composeBatch(on replica: Replica, requests: inout RequestTable, now: SimTime) -> BatchShape {
        let k = replica.iteration
        var shape = BatchShape()
        replica.prefillBatch.removeAll(keepingCapacity: true)

        // 1. Decoding sequences crossing into a new block take one each.
        var preempted = false
        while !replica.decoding.isEmpty {
            let needed = replica.decoding.blocksNeeded(atIteration: k)
            if replica.kv.allocate(needed) { break }
            preemptNewest(on: replica, requests: &requests)
            preempted = true
        }
        var budget = settings.maxTokensPerIteration
        if !replica.decoding.isEmpty {
            shape.addDecodes(count: replica.decoding.count, contextTokens: replica.decoding.contextTokens)
            shape.serviceDemandSeconds += replica.decoding.serviceDemandSeconds
            budget -= replica.decoding.count
        }

        // 2. Prompts already admitted continue, oldest first.
        for slot in replica.prefilling where budget > 0 {
            let remaining = requests[slot].prefillTarget - requests[slot].prefilledTokens
            let chunk = min(remaining, budget)
            shape.addPrefillChunk(newTokens: chunk, cachedTokens: requests[slot].prefilledTokens,
                                  completesPrompt: chunk == remaining)
            shape.serviceDemandSeconds += requests[slot].spec.serviceDemandSeconds
            requests[slot].chunkInFlight = chunk
            replica.prefillBatch.append(slot)
            budget -= chunk
        }

        // 3. Admissions, FCFS, once the window allows.
        guard !preempted || shape.isEmpty, let deadline = admissionDeadline(for: replica, requests: requests), now >= deadline
        else { return shape }
        while budget > 0, replica.running < settings.maxBatchSize, let slot = replica.waiting.peek(at: now) {
            let blocks = RequestState.blocks(for: requests[slot].prefillTarget, blockSize: settings.blockSizeTokens)
            guard replica.kv.allocate(blocks) else { break }
            replica.waiting.removeNext(at: now)
            let chunk = min(requests[slot].prefillTarget, budget)
            requests[slot].phase = .prefilling
            requests[slot].replica = replica.index
            requests[slot].kvBlocks = blocks
            requests[slot].chunkInFlight = chunk
            if requests[slot].firstScheduled == nil { requests[slot].firstScheduled = now }
            replica.prefilling.append(slot)
            replica.admissions.append(RunningEntry(slot: slot, request: requests[slot].spec.index, epoch: requests[slot].epoch))
            replica.prefillBatch.append(slot)
            shape.addPrefillChunk(newTokens: chunk, cachedTokens: 0,
                                  completesPrompt: chunk == requests[slot].prefillTarget)
            shape.serviceDemandSeconds += requests[slot].spec.serviceDemandSeconds
            budget -= chunk
        }
        return shape
    }

    /// Evicts the newest running request (recompute policy): frees its blocks and puts it at
    /// the front of the queue; its prompt and the tokens it generated are prefilled again when
    /// it is readmitted. Called before iteration `replica.iteration` runs.
    private func preemptNewest(on replica: Replica, requests: inout RequestTable) {
        let k = replica.iteration
        while let entry = replica.admissions.popLast() {
            guard entry.isCurrent(in: requests) else { continue }
            let slot = entry.slot
            let state = requests[slot]
            switch state.phase {
            case .decoding:
                let cached = state.cachedTokens(beforeIteration: k)
                replica.decoding.leave(context: cached + 1,
                                       phase: replica.decoding.phase(joiningAt: state.joinIteration, cachedTokens: state.cachedAtJoin),
                                       measured: state.measured, serviceDemandSeconds: state.spec.serviceDemandSeconds)
                replica.kv.release(RequestState.blocks(for: cached, blockSize: settings.blockSizeTokens))
                requests[slot].generatedTokens = state.generatedTokens + (k - state.joinIteration)
                requests[slot].lastToken = replica.lastIterationEnd
            case .prefilling:
                replica.kv.release(state.kvBlocks)
                replica.prefilling.removeAll { $0 == slot }
            case .queued, .preempted:
                preconditionFailure("request in slot \(slot) is \(state.phase) but listed as running")
            }
            requests[slot].phase = .preempted
            requests[slot].epoch += 1
            requests[slot].kvBlocks = 0
            requests[slot].prefilledTokens = 0
            requests[slot].chunkInFlight = 0
            requests[slot].prefillTarget = requests[slot].spec.promptTokens + requests[slot].generatedTokens
            requests[slot].preemptions += 1
            replica.preemptions += 1
            replica.waiting.prepend(slot)
            return
        }
        preconditionFailure("KV blocks exhausted with no running request to preempt on replica \(replica.index)")
    }
}
