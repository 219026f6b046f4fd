import CostModel
import SimCore
import SimWorkload

/// Continuous (iteration-level) batching with a token budget and chunked prefill; waiting
/// requests are admitted in the replica's queue-policy order.
///
/// Each iteration first gives every running sequence its next step — one token for each
/// decoding sequence, the next chunk for each prompt still being prefilled — then admits
/// waiting requests in arrival order while the batch has room, the token budget lasts and KV
/// blocks can be allocated for the whole prompt. Waiting requests are admitted only once the
/// oldest has waited the batching window, or when they would fill the batch. When decoding
/// sequences need new blocks and none are free, the newest running request is preempted (its
/// blocks freed, its tokens recomputed later) until the blocks can be had.
///
/// A class, so that the simulation calls it by reference rather than copying its settings
/// and per-class arrays at every iteration.
final class ContinuousBatcher {
    let settings: SchedulerSettings
    /// Priority of each request class (lower is more urgent), for victim choice.
    let classPriorities: [Int]
    /// Each class's batching window, nanoseconds, when some class has its own; nil: the
    /// scheduler's window for all.
    let classWindows: [Int64]?
    /// Windows that shrink as the queue fills (`AdaptiveWindow.swift`), when some class has one.
    let adaptiveWindows: AdaptiveWindows?
    /// Each class's concurrency cap per replica (Int.max: none), when some class has one.
    let classCaps: [Int]?
    /// Whole-sequence reservation (Orca): each class's output cap, and the context window.
    let classMaxNewTokens: [Int?]
    let maxContextTokens: Int?
    /// The cost model's attention query tile (0: none): batches count their tiled prefill
    /// attention work for it.
    let attentionQueryTile: Int

    init(settings: SchedulerSettings, classes: [ClassPolicy], maxContextTokens: Int? = nil, attentionQueryTile: Int = 0) {
        self.settings = settings
        self.attentionQueryTile = attentionQueryTile
        self.classMaxNewTokens = classes.map(\.maxNewTokens)
        self.maxContextTokens = maxContextTokens
        self.classPriorities = classes.map(\.priority)
        self.classWindows = classes.contains { $0.batchingWindow != nil }
            ? classes.map { ($0.batchingWindow ?? settings.batchingWindow).nanoseconds } : nil
        self.classCaps = classes.contains { $0.maxRunning != nil } ? classes.map { $0.maxRunning ?? Int.max } : nil
        self.adaptiveWindows = AdaptiveWindows(classes: classes, fixed: classWindows)
    }

    /// What an idle replica should do now.
    enum LaunchDecision: Equatable {
        case launch
        case wait(until: SimTime)
        case idle
    }

    /// (`requests` is inout only so that the caller's table is borrowed, not copied.)
    func launchDecision(for replica: Replica, requests: inout RequestTable, now: SimTime) -> LaunchDecision {
        if replica.running > 0 { return .launch }
        guard let deadline = admissionDeadline(for: replica, requests: requests) else { return .idle }
        return now >= deadline ? .launch : .wait(until: deadline)
    }

    /// When the waiting requests may be admitted: now if they would fill the batch, else once
    /// the oldest has waited the window (with windows per class: once any request has waited
    /// its class's window; then all are admitted that fit). Nil when none waits.
    func admissionDeadline(for replica: Replica, requests: RequestTable) -> SimTime? {
        guard let oldest = replica.waiting.oldest() else { return nil }
        if replica.waiting.count + replica.running >= settings.maxBatchSize { return .zero }
        if let classWindows {
            let windows = adaptiveWindows?.windows(on: replica) ?? classWindows
            return replica.waiting.earliestWindowEnd(windows: windows)
        }
        return requests[oldest].spec.arrival + settings.batchingWindow
    }

    /// Puts an arriving request into the replica's waiting queue, in its class's priority
    /// order; the request now counts towards the replica's outstanding tokens.
    func enqueue(_ state: RequestState, on replica: Replica, requests: inout RequestTable, now: SimTime) {
        let spec = state.spec
        let slot = requests.insert(state)
        replica.waiting.append(slot, priority: classPriorities[spec.classIndex],
                               size: spec.promptTokens + spec.outputTokens, classIndex: spec.classIndex, at: now)
        replica.outstandingTokens += spec.promptTokens + spec.outputTokens
    }

    /// Plans the replica's next iteration: allocates KV blocks (preempting if it must), picks
    /// prefill chunks and admissions, and returns the batch's shape for the cost model. With
    /// `separatePrefillBatches` the iteration either prefills or decodes (see
    /// `composeSeparateBatch`).
    ///
    /// - Complexity: O(prefilling + admitted + preempted), independent of the number of
    ///   decoding sequences.
    func startIteration(on replica: Replica, requests: inout RequestTable, now: SimTime) -> BatchShape {
        var shape = BatchShape(attentionQueryTile: attentionQueryTile)
        replica.prefillBatch.removeAll(keepingCapacity: true)
        replica.transferSeconds = 0
        if replica.running == 0 { replica.outputReserveRatio = settings.outputReserve.initialRatio }
        if settings.separatePrefillBatches {
            composeSeparateBatch(into: &shape, on: replica, requests: &requests, now: now)
            return shape
        }

        // 1. Decoding sequences crossing into a new block take one each.
        let preempted = allocateDecodeBlocks(on: replica, requests: &requests)
        var budget = settings.strategy.hasTokenBudget ? settings.maxTokensPerIteration : Int.max / 4
        addDecodes(to: &shape, budget: &budget, on: replica)

        // 2. Prompts already admitted continue, oldest first.
        continuePrefills(into: &shape, budget: &budget, on: replica, requests: &requests)

        // 3. Admissions, FCFS, once the window allows.
        guard !preempted || shape.isEmpty, let deadline = admissionDeadline(for: replica, requests: requests), now >= deadline
        else { return shape }
        if !settings.strategy.admitsWhileRunning, replica.running > 0 { return shape }
        admitWaiting(into: &shape, budget: &budget, reservingBlocks: 0, on: replica, requests: &requests, now: now)
        if settings.strategy.padsBatch { padPrefills(of: &shape, on: replica, requests: requests) }
        return shape
    }

    /// Gives every decoding sequence crossing into a new KV block its block, preempting
    /// running requests until the blocks can be had; returns whether it preempted.
    func allocateDecodeBlocks(on replica: Replica, requests: inout RequestTable) -> Bool {
        var preempted = false
        while settings.strategy.pagesKV, !replica.decoding.isEmpty {
            let needed = replica.decoding.blocksNeeded(atIteration: replica.iteration)
            if replica.allocateBlocks(needed) { break }
            preemptVictim(on: replica, requests: &requests)
            preempted = true
        }
        if preempted, settings.outputReserve.isActive {
            replica.outputReserveRatio = settings.outputReserve.ratioAfterPreemption(
                decoded: replica.runningOutputTokens - replica.runningOutputLeft, running: replica.running,
                outputTokens: replica.runningOutputTokens)
        }
        return preempted
    }

    /// One decode step of every decoding sequence (and static batching's padding).
    func addDecodes(to shape: inout BatchShape, budget: inout Int, on replica: Replica) {
        guard !replica.decoding.isEmpty else { return }
        shape.addDecodes(count: replica.decoding.count + replica.paddingSequences,
                         contextTokens: replica.decoding.contextTokens + replica.paddingContextTokens)
        shape.paddingTokens += replica.paddingSequences
        shape.serviceDemandSeconds += replica.decoding.serviceDemandSeconds
        budget -= replica.decoding.count
    }

    /// The next chunk of every prompt already admitted, oldest first, while the budget lasts.
    func continuePrefills(into shape: inout BatchShape, budget: inout Int, on replica: Replica,
                          requests: inout RequestTable) {
        for slot in replica.prefilling where budget > 0 {
            let remaining = requests[slot].prefillTarget - requests[slot].prefilledTokens
            let chunk = min(remaining, budget)
            shape.addPrefillChunk(newTokens: chunk, cachedTokens: requests[slot].prefilledTokens,
                                  completesPrompt: chunk == remaining)
            shape.serviceDemandSeconds += requests[slot].spec.serviceDemandSeconds
            requests[slot].chunkInFlight = chunk
            replica.prefillBatch.append(slot)
            budget -= chunk
        }
    }

    /// Admits waiting requests in queue order while the batch has room, the budget lasts and
    /// KV blocks can be had for the whole prompt with `reservingBlocks` still free after it
    /// (and, with an output reserve, room for the output to come: `OutputReserve`), each
    /// starting with its first chunk.
    func admitWaiting(into shape: inout BatchShape, budget: inout Int, reservingBlocks reserve: Int,
                      on replica: Replica, requests: inout RequestTable, now: SimTime) {
        let reservesOutput = settings.outputReserve.isActive
        var outputReserveTokens = reservesOutput ? replica.outputReserveRatio * Double(replica.runningOutputLeft) : 0
        var lookahead: FuturePeakAdmission?
        while budget > 0, replica.running < settings.maxBatchSize, let slot = replica.waiting.peek(at: now) {
            // Overlap scheduling: this batch was composed while the last one ran.
            if let cutoff = replica.admissionCutoff, requests[slot].queuedAt > cutoff { break }
            if let classCaps {
                let c = requests[slot].spec.classIndex
                if replica.runningByClass[c] >= classCaps[c] {  // its class is at its cap: it waits aside
                    replica.waiting.removeNext(at: now)
                    replica.waiting.park(slot, classIndex: c)
                    continue
                }
            }
            let hits = pinCachedPrefix(of: slot, on: replica, requests: &requests)
            if !settings.chunkedPrefill {
                // Unchunked: wait for an iteration with room for the whole prompt.
                let computed = max(requests[slot].prefilledTokens, hits * settings.blockSizeTokens)
                let needed = requests[slot].prefillTarget - computed
                if needed > budget, needed <= settings.maxTokensPerIteration {
                    if hits > 0 { unpinCachedPrefix(of: slot, on: replica, requests: &requests) }
                    break
                }
            }
            let blocks = settings.strategy.pagesKV
                ? RequestState.blocks(for: requests[slot].prefillTarget, blockSize: settings.blockSizeTokens)
                    - requests[slot].sharedBlocks
                : RequestState.blocks(for: reservedTokens(for: requests[slot].spec), blockSize: settings.blockSizeTokens)
            let outputLeft = requests[slot].spec.outputTokens - requests[slot].generatedTokens
            let held = requests[slot].spec.promptTokens + requests[slot].generatedTokens
            if settings.futurePeakAdmission, replica.running > 0 {
                if lookahead == nil { lookahead = FuturePeakAdmission(replica: replica, requests: requests) }
                guard lookahead!.admits(prompt: held, left: outputLeft, freeTokens: replica.kv.free * settings.blockSizeTokens) else {
                    if hits > 0 { unpinCachedPrefix(of: slot, on: replica, requests: &requests) }
                    break
                }
            }
            // A replica with nothing running admits on the prompt alone, so that a request whose
            // whole lifetime just fits is not kept out by the reserve's rounding forever.
            let kept = reserve + (reservesOutput && replica.running > 0
                ? Int(((outputReserveTokens + Double(outputLeft)) / Double(settings.blockSizeTokens)).rounded(.up)) : 0)
            guard replica.allocateBlocks(blocks + kept) else {
                if hits > 0 { unpinCachedPrefix(of: slot, on: replica, requests: &requests) }
                break
            }
            if kept > 0 { replica.kv.release(kept) }
            // Newcomers keep room for their whole output (SGLang charges their full max_new_tokens).
            if reservesOutput { outputReserveTokens += Double(outputLeft) }
            lookahead?.add(prompt: held, left: outputLeft)
            replica.prefillingOutputLeft += outputLeft
            replica.runningOutputTokens += requests[slot].spec.outputTokens
            replica.waiting.removeNext(at: now)
            if classCaps != nil { replica.runningByClass[requests[slot].spec.classIndex] += 1 }
            swapIn(slot, on: replica, requests: &requests)
            startAfterPrefix(hits, of: slot, on: replica, requests: &requests)
            let cached = requests[slot].prefilledTokens
            let remaining = requests[slot].prefillTarget - cached
            let chunk = min(remaining, budget)

            requests[slot].phase = .prefilling
            requests[slot].replica = replica.deployedIndex
            requests[slot].kvBlocks = blocks
            requests[slot].chunkInFlight = chunk
            if requests[slot].firstScheduled == nil { requests[slot].firstScheduled = now }
            replica.prefilling.append(slot)
            replica.admissions.append(RunningEntry(slot: slot, request: requests[slot].spec.index, epoch: requests[slot].epoch))
            replica.prefillBatch.append(slot)
            shape.addPrefillChunk(newTokens: chunk, cachedTokens: cached, completesPrompt: chunk == remaining)
            shape.serviceDemandSeconds += requests[slot].spec.serviceDemandSeconds
            budget -= chunk
        }
    }

    /// Tokens of KV an Orca-style scheduler reserves for a request: its prompt plus its
    /// class's `max_new_tokens`, else the whole context window (the output length is not
    /// known in advance).
    func reservedTokens(for spec: RequestSpec) -> Int {
        if let cap = classMaxNewTokens[spec.classIndex] { return spec.promptTokens + cap }
        let lifetime = spec.promptTokens + spec.outputTokens
        return maxContextTokens.map { max($0, lifetime) } ?? lifetime
    }

    /// Static batching: charges every prompt of the batch just admitted at the length of the
    /// longest (padding).
    private func padPrefills(of shape: inout BatchShape, on replica: Replica, requests: RequestTable) {
        let lengths = replica.prefillBatch.map { requests[$0].chunkInFlight }
        guard let longest = lengths.max() else { return }
        let demand = shape.serviceDemandSeconds
        let padding = shape.paddingTokens
        shape = BatchShape(attentionQueryTile: attentionQueryTile)
        shape.serviceDemandSeconds = demand
        shape.paddingTokens = padding + longest * lengths.count - lengths.reduce(0, +)
        for _ in lengths { shape.addPrefillChunk(newTokens: longest, cachedTokens: 0, completesPrompt: true) }
    }
}
