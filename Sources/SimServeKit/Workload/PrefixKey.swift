/// Which leading tokens of a request's prompt it shares with other requests, so that a prefix
/// cache can skip recomputing them.
///
/// Blocks are identified by hashes that depend on the whole prefix up to them (as in vLLM's
/// automatic prefix caching), so two requests share block i only if they share every block
/// before it too.
public enum PrefixKey: Equatable, Sendable {
    /// Nothing shared.
    case none
    /// The first `tokens` tokens are the prefix of group `group` (a system prompt or a
    /// conversation shared by every request of the group).
    case group(Int, tokens: Int)
    /// A trace's own block hashes: `ids[j]` names tokens j·blockTokens ..< (j+1)·blockTokens
    /// (the Mooncake trace's `hash_ids`, blockTokens = 512).
    case blocks(ids: [Int], blockTokens: Int)

    /// Hashes of the prompt's full shared units of `unitTokens` tokens, in order (the prompt
    /// being `promptTokens` long). A trace's blocks are split into units when they are larger.
    func unitHashes(unitTokens: Int, promptTokens: Int) -> [UInt64] {
        switch self {
        case .none:
            return []
        case .group(let group, let tokens):
            let count = min(tokens, promptTokens) / unitTokens
            return (0..<count).map { UInt64(truncatingIfNeeded: group) << 24 | UInt64($0) }
        case .blocks(let ids, let blockTokens):
            guard blockTokens % unitTokens == 0 else { return [] }
            let perTraceBlock = blockTokens / unitTokens
            let count = min(ids.count * blockTokens, promptTokens) / unitTokens
            return (0..<count).map { i in
                (UInt64(truncatingIfNeeded: ids[i / perTraceBlock]) << 16 | UInt64(i % perTraceBlock)) | (1 << 63)
            }
        }
    }
}
