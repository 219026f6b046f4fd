extension Replica {
    /// Leading prompt blocks of a waiting request that the replica's prefix cache holds, now
    /// referenced (pinned) so that the allocation that follows cannot evict them. Zero without
    /// a cache or for a request resuming a prefill or a swap.
    ///
    /// As in vLLM, only full blocks hit, and a prompt that hits in full still computes its last
    /// token (for its logits): at most ⌊(L − 1)/block⌋ blocks of an L-token prompt hit — a
    /// 100-token prompt in 16-token blocks hits 6 (96 tokens), a 96-token one 5 (80 tokens).
    func pinCachedPrefix(of slot: Int, requests: inout RequestTable) -> Int {
        guard prefixCache != nil, requests[slot].prefilledTokens == 0, requests[slot].prefixBlocks > 0 else { return 0 }
        let prefix = requests[slot].spec.prefix
        let limit = min(requests[slot].prefixBlocks, (requests[slot].prefillTarget - 1) / settings.blockSizeTokens)
        let hits = prefixCache!.referenceMatching(prefix, upTo: limit)
        requests[slot].sharedBlocks = hits
        return hits
    }

    /// Undoes `pinCachedPrefix` for a request that could not be admitted after all.
    func unpinCachedPrefix(of slot: Int, requests: inout RequestTable) {
        prefixCache!.release(first: requests[slot].sharedBlocks, of: requests[slot].spec.prefix)
        requests[slot].sharedBlocks = 0
    }

    /// Starts an admitted request's prefill after its `hits` cached blocks (a request resuming
    /// a swap keeps its own progress).
    func startAfterPrefix(_ hits: Int, of slot: Int, requests: inout RequestTable) {
        guard prefixCache != nil, requests[slot].prefixBlocks > 0, requests[slot].prefilledTokens == 0 else { return }
        let hitTokens = hits * settings.blockSizeTokens
        requests[slot].prefilledTokens = hitTokens
        prefixLookupTokens += requests[slot].spec.promptTokens
        prefixHitTokens += hitTokens
    }

    /// After a prefill, caches the prompt's shareable blocks it computed; a block another
    /// request cached meanwhile is shared instead and the duplicate freed.
    func cachePrompt(of slot: Int, requests: inout RequestTable) {
        guard prefixCache != nil else { return }
        let (from, to) = (requests[slot].sharedBlocks, requests[slot].prefixBlocks)
        guard to > from else { return }
        let prefix = requests[slot].spec.prefix
        for i in from..<to {
            if adoptIntoCache(prefix.blockHash(i, blockTokens: settings.blockSizeTokens)) {
                kv.release(1)
            }
        }
        requests[slot].kvBlocks -= to - from
        requests[slot].sharedBlocks = to
    }

    /// Returns a finished request's KV. A conversation's turn first leaves every full block it
    /// holds — prompt and answer — cached, as vLLM does, for the conversation's next turn,
    /// whose prompt starts with them.
    func releaseFinished(_ state: RequestState, heldTokens: Int, privateBlocks: Int) {
        var (shared, privateLeft) = (state.sharedBlocks, privateBlocks)
        if prefixCache != nil, case .conversation = state.spec.prefix {
            // The last output token's KV is never computed.
            let full = min(heldTokens, state.spec.promptTokens + state.spec.outputTokens - 1) / settings.blockSizeTokens
            while shared < full, privateLeft > 0 {
                if adoptIntoCache(state.spec.prefix.blockHash(shared, blockTokens: settings.blockSizeTokens)) {
                    kv.release(1)
                }
                shared += 1
                privateLeft -= 1
            }
        }
        releaseOrFree(privateBlocks: privateLeft, prefix: state.spec.prefix, sharedBlocks: shared)
    }

    /// Hands one computed block, referenced by its request, to the cache. Returns true when
    /// the cache already held that content: the request shares that block, and its own copy
    /// is the caller's to free.
    private func adoptIntoCache(_ hash: UInt64) -> Bool {
        if prefixCache!.insert(hash) { return false }
        prefixCache!.reference(hash)
        return true
    }
}
