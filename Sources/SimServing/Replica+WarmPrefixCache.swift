import SimWorkload

extension Replica {
    /// Fills the prefix cache with the shareable blocks of `prompts`, oldest first, as an
    /// earlier pass over them would have left it: each block takes a KV block and stays
    /// cached, idle, until evicted; where memory runs short the least recently cached go
    /// first, so the last prompts stay (and of the newest prompt that does not fit whole, its
    /// first blocks: a prompt's blocks are released, and so evicted, deepest first). A prompt
    /// with more blocks than the whole KV cache is passed over (it could never be served).
    ///
    /// Into an empty cache, prompts of a prompt pool (which share no blocks) are filled from
    /// the end back only as far as memory holds them: the same state as replaying every
    /// prompt, in time bounded by the cache's size rather than the pool's.
    func warmPrefixCache(with prompts: [(prefix: PrefixKey, promptTokens: Int)]) {
        guard prefixCache != nil else { return }
        let pooled = prompts.allSatisfy { if case .pooled = $0.prefix { true } else { false } }
        guard prefixCache!.count == 0, kv.used == 0, pooled else { return replayIntoPrefixCache(prompts) }
        let blockTokens = prefixCache!.blockTokens
        var budget = kv.capacity, first = prompts.endIndex
        var partial: [(prefix: PrefixKey, promptTokens: Int)] = []
        for i in prompts.indices.reversed() {
            let blocks = prompts[i].prefix.shareableBlocks(promptTokens: prompts[i].promptTokens, blockTokens: blockTokens)
            guard blocks <= kv.capacity else { continue }
            guard blocks <= budget else {
                if budget > 0 { partial = [(prompts[i].prefix, budget * blockTokens)] }
                break
            }
            budget -= blocks
            first = i
        }
        replayIntoPrefixCache(partial + prompts[first...])
    }

    /// ``warmPrefixCache(with:)`` by replaying every prompt, one block at a time.
    func replayIntoPrefixCache(_ prompts: [(prefix: PrefixKey, promptTokens: Int)]) {
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
