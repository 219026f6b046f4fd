/// A finite list of distinct requests that a workload's requests repeat in order: request i
/// is entry i mod `size`, as a benchmark replays its prompt list run after run, and as greedy
/// decoding gives the same prompt the same answer. Each entry's prompt and output lengths are
/// drawn once (from the request class the entry is drawn in).
///
/// An entry's whole prompt is its own prefix: a later request of the same entry finds every
/// full KV block of it cached where prefix caching is on and the blocks were not evicted
/// (a repeated prompt still computes its last token, for its logits).
public struct PromptPool: Equatable, Sendable {
    /// Distinct entries.
    public var size: Int
    /// Whether every replica's prefix cache holds the entries' prompts when the run starts,
    /// as after an earlier pass over the list (least recently used first out where they do
    /// not all fit: the last entries stay).
    public var warm: Bool

    public init(size: Int, warm: Bool) {
        precondition(size >= 1, "a prompt pool needs at least one entry")
        self.size = size
        self.warm = warm
    }
}
