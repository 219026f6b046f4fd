/// Admission that looks ahead when every output length is known (SGLang's
/// `add_one_req_ignore_eos`, `python/sglang/srt/managers/schedule_policy.py`, v0.3–0.4; read,
/// no code taken): with the client fixing each request's output (`ignore_eos`) and no radix
/// cache, SGLang admits a request only if the KV cache never runs out as the running requests
/// and the newcomer decode to their ends, the shortest first, each freeing its tokens.
///
/// The running requests are kept as (tokens left to generate, tokens held) sorted by tokens
/// left. With n of them, the newcomer counted, and `free` tokens free less its prompt, the
/// check at each i fails when `free + Σ held of the first i − steps(i) × (n − i) ≤ 0`, where
/// steps(i) is the tokens left of the (i+1)-th (of the i-th for the last): SGLang's own
/// inequality, kept as it is written there.
struct FuturePeakAdmission {
    /// (tokens left, tokens held) of the running requests, by tokens left.
    private var states: [(left: Int, held: Int)] = []

    /// Running requests given as (tokens left, tokens held), in any order.
    init(states: [(left: Int, held: Int)]) {
        self.states = states.filter { $0.left > 0 }.sorted { $0.left < $1.left }
    }

    /// The running requests of `replica` as of its current iteration.
    init(replica: Replica, requests: RequestTable) {
        for entry in replica.admissions where entry.isCurrent(in: requests) {
            let r = requests[entry.slot]
            let generated: Int
            switch r.phase {
            case .decoding: generated = r.generatedTokens + max(0, replica.iteration - r.joinIteration)
            case .prefilling: generated = r.generatedTokens
            default: continue
            }
            let left = r.spec.outputTokens - generated
            if left > 0 { states.append((left, r.spec.promptTokens + generated)) }
        }
        states.sort { $0.left < $1.left }
    }

    /// Whether a request with `prompt` tokens held and `left` tokens to generate fits beside
    /// the running ones in `freeTokens` free KV tokens (before its prompt is allocated).
    func admits(prompt: Int, left: Int, freeTokens: Int) -> Bool {
        var all = states
        all.insert((left, prompt), at: insertionIndex(left))
        let remaining = freeTokens - prompt
        var freed = 0
        for i in all.indices {
            let steps = i + 1 < all.count ? all[i + 1].left : all[i].left
            if remaining + freed - steps * (all.count - i) <= 0 { return false }
            freed += all[i].held
        }
        return true
    }

    /// Counts an admitted request among the running ones.
    mutating func add(prompt: Int, left: Int) {
        states.insert((left, prompt), at: insertionIndex(left))
    }

    /// Where a request with `left` tokens to go sorts among the states (after equals).
    private func insertionIndex(_ left: Int) -> Int {
        var (low, high) = (0, states.count)
        while low < high {
            let mid = (low + high) / 2
            if states[mid].left <= left { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
