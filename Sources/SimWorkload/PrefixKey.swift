import SimCore

/// Which leading tokens of a request's prompt it shares with other requests, so that a prefix
/// cache can skip recomputing them.
///
/// The cache works in KV blocks, as vLLM's automatic prefix caching does: every full block of
/// a shared prefix can hit, the last partial block never does. Block i is named by a hash of
/// everything up to its end (vLLM chains each block's hash onto its parent's), so two requests
/// share block i only if they share every block before it. Here the content is known by
/// construction, so the hash of block i is a function of the key and i alone: computed in
/// O(1) when needed, nothing stored per request.
public enum PrefixKey: Equatable, Sendable {
    /// Nothing shared.
    case none
    /// The first `tokens` tokens are the prefix of group `group` (a system prompt or a
    /// document shared by every request of the group); the rest of the prompt is the
    /// request's own.
    case group(Int, tokens: Int)
    /// A trace's own block hashes: `ids[j]` names tokens j·blockTokens ..< (j+1)·blockTokens
    /// and everything before them (the Mooncake trace's `hash_ids`, blockTokens = 512).
    case blocks(ids: [Int], blockTokens: Int)
    /// A turn of a multi-turn conversation: the first `systemTokens` tokens are group
    /// `group`'s system prompt, the rest is conversation `session` so far (earlier questions
    /// and answers, then the new question) — the same tokens in every later turn of it.
    case conversation(group: Int, systemTokens: Int, session: Int)
    /// Entry `entry` of the workload's prompt pool: the whole prompt is that entry's, the same
    /// tokens every time it is sent (``PromptPool``).
    case pooled(entry: Int)

    /// How many full KV blocks of `blockTokens` tokens, from the first, of a prompt of
    /// `promptTokens` tokens other requests can share.
    package func shareableBlocks(promptTokens: Int, blockTokens: Int) -> Int {
        switch self {
        case .none: 0
        case .group(_, let tokens): min(tokens, promptTokens) / blockTokens
        case .blocks(let ids, let traceBlockTokens): min(ids.count * traceBlockTokens, promptTokens) / blockTokens
        case .conversation, .pooled: promptTokens / blockTokens
        }
    }

    /// The hash naming the content of KV block `i` (of `blockTokens` tokens) and of every
    /// block before it. Only for i < `shareableBlocks`.
    @inlinable @inline(__always)
    package func blockHash(_ i: Int, blockTokens: Int) -> UInt64 {
        switch self {
        case .none:
            preconditionFailure("a request without a shared prefix has no block hashes")
        case .group(let group, _):
            return Self.mix(1, group, i)
        case .blocks(let ids, let traceBlockTokens):
            // The trace block holding the block's last token names the whole prefix up to it;
            // the end offset tells the sub-blocks of one trace block apart (512/16 = 32 each).
            let end = (i + 1) * blockTokens
            return Self.mix(2, ids[(end - 1) / traceBlockTokens], end)
        case .conversation(let group, let systemTokens, let session):
            // Blocks wholly inside the system prompt are the group's; any later block holds
            // the session's own tokens.
            return (i + 1) * blockTokens <= systemTokens ? Self.mix(3, group, i) : Self.mix(4, session, i)
        case .pooled(let entry):
            return Self.mix(5, entry, i)
        }
    }

    /// SplitMix64's finaliser over (tag, a, b) (Steele, Lea and Flood 2014): distinct inputs
    /// collide with probability about 2⁻⁶⁴.
    @inlinable @inline(__always)
    static func mix(_ tag: UInt64, _ a: Int, _ b: Int) -> UInt64 {
        let finalise = SplitMix64.mix
        return finalise(finalise(finalise(tag) ^ UInt64(bitPattern: Int64(a))) ^ UInt64(bitPattern: Int64(b)))
    }
}
