import SimCore

/// Disaggregated serving: a prefill replica hands each prompt it has computed to the decode
/// pool, and a decode replica admits a request whose KV has arrived.
extension Replica {
    /// A prefill replica's request has its prompt computed and its first token out: it leaves
    /// the replica's running set (its KV blocks stay held until the transfer ends) and waits in
    /// `handoffs` for the simulation to start its KV transfer.
    func handOff(_ slot: Int, requests: inout RequestTable) {
        requests[slot].phase = .transferring
        requests[slot].epoch += 1
        leftRunning(requests[slot].spec.classIndex)
        runningOutputTokens -= requests[slot].spec.outputTokens
        handoffs.append(slot)
    }

    /// Whether class `classIndex` has its `max_running` cap of requests running on `replica`.
    func classIsAtCap(_ classIndex: Int) -> Bool {
        guard let classCaps = policy.classCaps else { return false }
        return runningByClass[classIndex] >= classCaps[classIndex]
    }

    /// Admits onto decode replica `replica` a request whose KV has arrived, if the batch has a
    /// place and the KV blocks are free; returns whether it did.
    ///
    /// Its first decode step reads the prompt's KV and the first token (made by the prefill
    /// pool) and writes that token's KV: it enters as a one-token prefill over the cached
    /// prompt (target prompt + 1), which yields the second token and then joins the decoding
    /// group like any prompt that ends.
    func admitTransferred(_ slot: Int, requests: inout RequestTable) -> Bool {
        guard running < settings.maxBatchSize else { return false }
        let cached = requests[slot].prefilledTokens
        let target = cached + requests[slot].generatedTokens
        let blocks = RequestState.blocks(for: target, blockSize: settings.blockSizeTokens)
        guard allocateBlocks(blocks) else { return false }
        requests[slot].prefillTarget = target
        requests[slot].phase = .prefilling
        requests[slot].replica = deployedIndex
        requests[slot].kvBlocks = blocks
        if policy.classCaps != nil { runningByClass[requests[slot].spec.classIndex] += 1 }
        prefilling.append(slot)
        prefillingOutputLeft += requests[slot].spec.outputTokens - requests[slot].generatedTokens
        runningOutputTokens += requests[slot].spec.outputTokens
        admissions.append(RunningEntry(slot: slot, request: requests[slot].spec.index, epoch: requests[slot].epoch))
        return true
    }
}
