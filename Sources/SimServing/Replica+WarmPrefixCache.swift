import SimWorkload

extension Replica {
    /// Fills the prefix cache with the shareable blocks of `prompts`, oldest first, as an
    /// earlier pass over them would have left it: each block takes a KV block and stays
    /// cached, idle, until evicted; where memory runs short the least recently cached go
    /// first, so the last prompts stay. A prompt with more blocks than the whole KV cache is
    /// passed over (it could never be served).
    func warmPrefixCache(with prompts: [(prefix: PrefixKey, promptTokens: Int)]) {
        guard prefixCache != nil else { return }
        let blockTokens = prefixCache!.blockTokens
        for (prefix, promptTokens) in prompts {
            let blocks = prefix.shareableBlocks(promptTokens: promptTokens, blockTokens: blockTokens)
            guard blocks <= kv.capacity else { continue }
            // The prompt's own blocks stay referenced until it is whole, so that making room
            // evicts only earlier prompts.
            var held = 0
            while held < blocks {
                let hash = prefix.blockHash(held, blockTokens: blockTokens)
                if prefixCache!.contains(hash) {
                    prefixCache!.reference(hash)
                } else {
                    guard allocateBlocks(1) else { break }
                    _ = prefixCache!.insert(hash)
                }
                held += 1
            }
            prefixCache!.release(first: held, of: prefix)
        }
    }

    /// Takes `other`'s warm prefix cache as its own (a copy: the two diverge from the first
    /// request), with the KV blocks it holds: what ``warmPrefixCache(with:)`` of the same prompts
    /// leaves on a replica of the same KV capacity, without filling it again.
    func adoptWarmPrefixCache(from other: Replica) {
        precondition(kv.capacity == other.kv.capacity && kv.used == 0, "a warm cache is copied only onto an empty replica of the same size")
        prefixCache = other.prefixCache
        _ = kv.allocate(other.kv.used)
    }
}
