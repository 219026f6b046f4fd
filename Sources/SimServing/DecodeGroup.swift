import HeapModule

/// The decoding sequences of one replica, kept as aggregates so that an iteration costs O(1)
/// however many sequences decode in it.
///
/// Every member produces one token per iteration, so what the cost model and the KV allocator
/// need follows from a few sums: how many members there are, the sum of their contexts (which
/// grows by the member count each iteration), and how many of them cross into a new KV block
/// at a given iteration — member i, whose cache held cᵢ tokens when it joined at iteration sᵢ,
/// needs a new block exactly at the iterations k ≡ sᵢ − cᵢ (mod block size). A member leaves
/// at an iteration known when it joins (its remaining tokens), kept in a heap; or earlier when
/// preempted, which invalidates its heap entry by a bump of its epoch.
struct DecodeGroup {
    let blockSizeTokens: Int
    /// Members decoding.
    private(set) var count = 0
    /// Members whose request arrived after the warm-up (their gaps are measured).
    private(set) var measuredCount = 0
    /// Measured members per load stage (empty without stages).
    private(set) var measuredByStage: [Int]
    /// Σ contexts of the members at the next iteration (the tokens their attention reads).
    private(set) var contextTokens = 0
    /// Σ service demand of the members (service-time cost model only).
    private(set) var serviceDemandSeconds = 0.0
    /// Members by the phase (iteration mod block size) at which they need a new block.
    private var membersByPhase: [Int]
    /// When each member produces its last token.
    private var departures = Heap<Departure>()

    struct Departure: Comparable {
        let iteration: Int
        let slot: Int
        /// The request's index and epoch when it joined: a departure whose request has left
        /// (or whose slot now holds another request) is stale.
        let request: Int
        let epoch: Int
        static func < (a: Self, b: Self) -> Bool {
            a.iteration != b.iteration ? a.iteration < b.iteration : a.slot < b.slot
        }
    }

    /// blockSizeTokens − 1 when it is a power of two (then `i & mask` is `i % blockSizeTokens`
    /// for i ≥ 0, without a division); nil otherwise.
    private let phaseMask: Int?

    init(blockSizeTokens: Int, stages: Int = 0) {
        self.blockSizeTokens = blockSizeTokens
        self.phaseMask = blockSizeTokens.nonzeroBitCount == 1 ? blockSizeTokens - 1 : nil
        self.measuredByStage = Array(repeating: 0, count: stages)
        self.membersByPhase = Array(repeating: 0, count: blockSizeTokens)
    }

    var isEmpty: Bool { count == 0 }

    /// New KV blocks the members need to decode in iteration `iteration`.
    @inline(__always)
    func blocksNeeded(atIteration iteration: Int) -> Int {
        membersByPhase[phaseMask.map { iteration & $0 } ?? iteration % blockSizeTokens]
    }

    /// The phase of a member that joins at `iteration` with `cachedTokens` in its cache.
    @inline(__always)
    func phase(joiningAt iteration: Int, cachedTokens: Int) -> Int {
        let p = (iteration - cachedTokens) % blockSizeTokens
        return p < 0 ? p + blockSizeTokens : p
    }

    /// Adds a member whose first decode step is iteration `iteration` and whose last is
    /// `lastIteration`.
    ///
    /// - Complexity: O(log n).
    mutating func join(slot: Int, request: Int, epoch: Int, iteration: Int, lastIteration: Int, cachedTokens: Int,
                       measured: Bool, stage: Int? = nil, serviceDemandSeconds demand: Double) {
        count += 1
        if measured { measuredCount += 1 }
        if let stage { measuredByStage[stage] += 1 }
        contextTokens += cachedTokens + 1
        serviceDemandSeconds += demand
        membersByPhase[phase(joiningAt: iteration, cachedTokens: cachedTokens)] += 1
        departures.insert(Departure(iteration: lastIteration, slot: slot, request: request, epoch: epoch))
    }

    /// Removes a member (finished or preempted) whose context at the next iteration is
    /// `context` and whose phase is `phase`. A preempted member's departure entry stays in the
    /// heap and is skipped later by its stale epoch.
    mutating func leave(context: Int, phase: Int, measured: Bool, stage: Int? = nil, serviceDemandSeconds demand: Double) {
        count -= 1
        if measured { measuredCount -= 1 }
        if let stage { measuredByStage[stage] -= 1 }
        contextTokens -= context
        serviceDemandSeconds -= demand
        membersByPhase[phase] -= 1
        assert(count >= 0 && contextTokens >= 0 && membersByPhase[phase] >= 0,
               "DecodeGroup went negative: count \(count), context \(contextTokens)")
        if count == 0 { serviceDemandSeconds = 0 }  // no float residue
    }

    /// Every member has produced one more token: their contexts grow by one.
    @inline(__always)
    mutating func advance() { contextTokens += count }

    /// The iteration of the earliest departure entry (Int.max: none); a preempted member's
    /// stale entry counts, so this may be earlier than the next real departure.
    var nextDepartureIteration: Int { departures.min?.iteration ?? Int.max }

    /// Removes and returns the next departure at or before `iteration`, if any (entries of
    /// preempted members included: the caller checks the epoch).
    ///
    /// - Complexity: O(log n).
    mutating func popDeparture(atOrBefore iteration: Int) -> Departure? {
        guard let next = departures.min, next.iteration <= iteration else { return nil }
        return departures.popMin()
    }
}
