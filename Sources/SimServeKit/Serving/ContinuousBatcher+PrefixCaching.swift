extension ContinuousBatcher {
    /// Leading prompt units of a waiting request that the replica's prefix cache holds — at
    /// most all but the prompt's last token, which is always computed for its logits — now
    /// referenced (pinned) so that the allocation that follows cannot evict them. Zero without
    /// a cache or for a request resuming a prefill or a swap.
    func pinCachedPrefix(of slot: Int, on replica: Replica, requests: inout RequestTable) -> Int {
        guard let cache = replica.prefixCache, requests[slot].prefilledTokens == 0,
              !requests[slot].promptUnitHashes.isEmpty else { return 0 }
        let unitTokens = cache.blocksPerUnit * settings.blockSizeTokens
        let hits = min(cache.matchingPrefix(requests[slot].promptUnitHashes), (requests[slot].prefillTarget - 1) / unitTokens)
        let hashes = requests[slot].promptUnitHashes[..<hits]
        for hash in hashes { replica.prefixCache!.reference(hash) }
        requests[slot].sharedUnits = Array(hashes)
        return hits
    }

    /// Undoes `pinCachedPrefix` for a request that could not be admitted after all.
    func unpinCachedPrefix(of slot: Int, on replica: Replica, requests: inout RequestTable) {
        for hash in requests[slot].sharedUnits { replica.prefixCache!.release(hash) }
        requests[slot].sharedUnits = []
    }

    /// Starts an admitted request's prefill after its `hits` cached units.
    func startAfterPrefix(_ hits: Int, of slot: Int, on replica: Replica, requests: inout RequestTable) {
        guard let cache = replica.prefixCache, !requests[slot].promptUnitHashes.isEmpty else { return }
        let hitTokens = hits * cache.blocksPerUnit * settings.blockSizeTokens
        requests[slot].prefilledTokens = hitTokens
        replica.prefixLookupTokens += requests[slot].spec.promptTokens
        replica.prefixHitTokens += hitTokens
    }

    /// After a prefill, caches the prompt's shareable units it computed; a unit another request
    /// cached meanwhile is shared instead and the duplicate freed.
    func cachePrompt(of slot: Int, on replica: Replica, requests: inout RequestTable) {
        guard let cache = replica.prefixCache else { return }
        let hashes = requests[slot].promptUnitHashes
        let already = requests[slot].sharedUnits.count
        guard hashes.count > already else { return }
        for hash in hashes[already...] {
            if !replica.prefixCache!.insert(hash) {
                replica.prefixCache!.reference(hash)
                replica.kv.release(cache.blocksPerUnit)
            }
            requests[slot].kvBlocks -= cache.blocksPerUnit
        }
        requests[slot].sharedUnits = hashes
    }
}
