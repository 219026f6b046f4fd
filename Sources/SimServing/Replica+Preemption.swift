extension Replica {
    /// Evicts one running request to free KV blocks, called before iteration
    /// `iteration` runs. The victim is the newest running request, or with
    /// `.lowestPriority` the newest of the least urgent class.
    ///
    /// Recompute: its blocks are freed and its prompt and generated tokens are prefilled again
    /// when it is readmitted. Swap (decoding victims, while the host has room): its KV goes to
    /// host memory over PCIe — the transfer's time is charged to this iteration — and comes back
    /// when it is readmitted, with only its next token left to compute.
    ///
    /// - Complexity: O(running) for the victim search and list updates.
    func preemptVictim(requests: inout RequestTable) {
        guard let victim = chooseVictim(requests: requests) else {
            preconditionFailure("KV blocks exhausted with no running request to preempt on replica \(index)")
        }
        let k = iteration
        let slot = victim.slot
        let state = requests[slot]
        var swappedTokens = 0
        switch state.phase {
        case .decoding:
            let cached = state.cachedTokens(beforeIteration: k)
            decodingLifetimeTokens -= state.spec.promptTokens + state.spec.outputTokens
            leaveDecoding(state, context: cached + 1)
            releaseOrFree(privateBlocks: RequestState.blocks(for: cached, blockSize: settings.blockSizeTokens) - state.sharedBlocks,
                          prefix: state.spec.prefix, sharedBlocks: state.sharedBlocks)
            requests[slot].generatedTokens = state.generatedTokens + (k - state.joinIteration)
            // A request that has not decoded since its prompt ended keeps that token's time.
            if state.joinIteration != k { requests[slot].lastToken = lastIterationEnd }
            if case .swap(let swap) = settings.preemption, hostSwappedTokens + cached <= swap.capacityTokens {
                swappedTokens = cached
            }
        case .prefilling:
            prefillingOutputLeft -= state.spec.outputTokens - state.generatedTokens
            releaseOrFree(privateBlocks: state.kvBlocks, prefix: state.spec.prefix, sharedBlocks: state.sharedBlocks)
            prefilling.removeAll { $0 == slot }
        case .queued, .preempted, .transferring:
            preconditionFailure("request in slot \(slot) is \(state.phase) but listed as running")
        }
        runningOutputTokens -= state.spec.outputTokens
        requests[slot].phase = .preempted
        requests[slot].epoch += 1
        requests[slot].kvBlocks = 0
        requests[slot].sharedBlocks = 0
        requests[slot].chunkInFlight = 0
        requests[slot].preemptions += 1
        preemptions += 1
        if swappedTokens > 0, case .swap(let swap) = settings.preemption {
            // Everything but the next token stays computed, in host memory.
            requests[slot].swappedTokens = swappedTokens
            requests[slot].prefilledTokens = swappedTokens
            requests[slot].prefillTarget = swappedTokens + 1
            hostSwappedTokens += swappedTokens
            recordSwap(tokens: swappedTokens, settings: swap)
        } else {
            requests[slot].prefilledTokens = 0
            requests[slot].prefillTarget = requests[slot].spec.promptTokens + requests[slot].generatedTokens
        }
        waiting.prepend(slot)
        leftRunning(state.spec.classIndex)
    }

    /// Brings a swapped-out request's KV back from host memory (its blocks are already
    /// allocated), charging the transfer to this iteration. Does nothing for other requests.
    func swapIn(_ slot: Int, requests: inout RequestTable) {
        let tokens = requests[slot].swappedTokens
        guard tokens > 0, case .swap(let swap) = settings.preemption else { return }
        requests[slot].swappedTokens = 0
        hostSwappedTokens -= tokens
        recordSwap(tokens: tokens, settings: swap)
    }

    /// The running request to preempt: the newest live entry of the admission list, or with
    /// `.lowestPriority` the newest of those whose class is least urgent. Stale entries met on
    /// the way are dropped.
    private func chooseVictim(requests: RequestTable) -> RunningEntry? {
        while let last = admissions.last, !last.isCurrent(in: requests) { admissions.removeLast() }
        guard settings.victim == .lowestPriority else { return admissions.popLast() }
        var chosen: Int?
        var worst = Int.min
        for i in admissions.indices.reversed() where admissions[i].isCurrent(in: requests) {
            let priority = policy.classPriorities[requests[admissions[i].slot].spec.classIndex]
            if priority > worst { worst = priority; chosen = i }
        }
        return chosen.map { admissions.remove(at: $0) }
    }
}
