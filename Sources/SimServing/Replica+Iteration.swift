import CostModel
import SimCore
import SimWorkload

/// Continuous (iteration-level) batching with a token budget and chunked prefill; waiting
/// requests are admitted in the replica's queue-policy order. The replica's three verbs —
/// `enqueue`, `startIteration` (→ the batch's shape), `finishIteration` (→ the iteration's
/// outcome) — are what the simulation calls.
///
/// Each iteration first gives every running sequence its next step — one token for each
/// decoding sequence, the next chunk for each prompt still being prefilled — then admits
/// waiting requests in arrival order while the batch has room, the token budget lasts and KV
/// blocks can be allocated for the whole prompt. Waiting requests are admitted only once the
/// oldest has waited the batching window, or when they would fill the batch. When decoding
/// sequences need new blocks and none are free, the newest running request is preempted (its
/// blocks freed, its tokens recomputed later) until the blocks can be had. Static batches and
/// Orca-style reservation differ where ``BatchingStrategy`` says.
extension Replica {
    /// What an idle replica should do now.
    enum LaunchDecision: Equatable {
        case launch
        case wait(until: SimTime)
        case idle
    }

    /// (`requests` is inout only so that the caller's table is borrowed, not copied.)
    func launchDecision(requests: inout RequestTable, now: SimTime) -> LaunchDecision {
        if running > 0 { return .launch }
        guard let deadline = admissionDeadline(requests: requests) else { return .idle }
        return now >= deadline ? .launch : .wait(until: deadline)
    }

    /// When the waiting requests may be admitted: now if they would fill the batch, else once
    /// the oldest has waited the window (with windows per class: once any request has waited
    /// its class's window; then all are admitted that fit). Nil when none waits.
    func admissionDeadline(requests: RequestTable) -> SimTime? {
        // None waits (parked requests count): skip the queue's lazy clean-up, left for later.
        guard !waiting.isEmpty, let oldest = waiting.oldest() else { return nil }
        if waiting.count + running >= settings.maxBatchSize { return .zero }
        if let classWindows = policy.classWindows {
            let windows = policy.adaptiveWindows?.windows(on: self) ?? classWindows
            return waiting.earliestWindowEnd(windows: windows)
        }
        return requests[oldest].spec.arrival + settings.batchingWindow
    }

    /// Puts an arriving request into the replica's waiting queue, in its class's priority
    /// order; the request now counts towards the replica's outstanding tokens.
    func enqueue(_ state: RequestState, requests: inout RequestTable, now: SimTime) {
        let spec = state.spec, lifetimeTokens = spec.promptTokens + spec.outputTokens
        let slot = requests.insert(state)
        waiting.append(slot, priority: policy.classPriorities[spec.classIndex], size: lifetimeTokens,
                       classIndex: spec.classIndex, at: now)
        outstandingTokens += lifetimeTokens
    }

    /// Plans the replica's next iteration: allocates KV blocks (preempting if it must), picks
    /// prefill chunks and admissions, and returns the batch's shape for the cost model. With
    /// `separatePrefillBatches` the iteration either prefills or decodes (see
    /// `composeSeparateBatch`).
    ///
    /// - Complexity: O(prefilling + admitted + preempted), independent of the number of
    ///   decoding sequences.
    func startIteration(requests: inout RequestTable, now: SimTime) -> BatchShape {
        var shape = BatchShape(attentionQueryTile: policy.attentionQueryTile)
        prefillBatch.removeAll(keepingCapacity: true)
        transferSeconds = 0
        if running == 0 { outputReserveRatio = settings.outputReserve.initialRatio }
        if settings.separatePrefillBatches {
            composeSeparateBatch(into: &shape, requests: &requests, now: now)
            return shape
        }

        // 1. Decoding sequences crossing into a new block take one each.
        let preempted = allocateDecodeBlocks(requests: &requests)
        var budget = settings.strategy.hasTokenBudget ? settings.maxTokensPerIteration : Int.max / 4
        addDecodes(to: &shape, budget: &budget)

        // 2. Prompts already admitted continue, oldest first.
        continuePrefills(into: &shape, budget: &budget, requests: &requests)

        // 3. Admissions, FCFS, once the window allows.
        guard !preempted || shape.isEmpty, let deadline = admissionDeadline(requests: requests), now >= deadline
        else { return shape }
        if !settings.strategy.admitsWhileRunning, running > 0 { return shape }
        admitWaiting(into: &shape, budget: &budget, reservingBlocks: 0, requests: &requests, now: now)
        if settings.strategy.padsBatch { padPrefills(of: &shape, requests: requests) }
        return shape
    }

    /// Gives every decoding sequence crossing into a new KV block its block, preempting
    /// running requests until the blocks can be had; returns whether it preempted.
    func allocateDecodeBlocks(requests: inout RequestTable) -> Bool {
        var preempted = false
        while settings.strategy.pagesKV, !decoding.isEmpty {
            let needed = decoding.blocksNeeded(atIteration: iteration)
            if allocateBlocks(needed) { break }
            preemptVictim(requests: &requests)
            preempted = true
        }
        if preempted, settings.outputReserve.isActive {
            outputReserveRatio = settings.outputReserve.ratioAfterPreemption(
                decoded: runningOutputTokens - runningOutputLeft, running: running,
                outputTokens: runningOutputTokens)
        }
        return preempted
    }

    /// One decode step of every decoding sequence (and static batching's padding).
    func addDecodes(to shape: inout BatchShape, budget: inout Int) {
        guard !decoding.isEmpty else { return }
        shape.addDecodes(count: decoding.count + paddingSequences,
                         contextTokens: decoding.contextTokens + paddingContextTokens)
        shape.paddingTokens += paddingSequences
        shape.serviceDemandSeconds += decoding.serviceDemandSeconds
        budget -= decoding.count
    }

    /// The next chunk of every prompt already admitted, oldest first, while the budget lasts.
    func continuePrefills(into shape: inout BatchShape, budget: inout Int, requests: inout RequestTable) {
        for slot in prefilling where budget > 0 {
            let remaining = requests[slot].prefillTarget - requests[slot].prefilledTokens
            let chunk = min(remaining, budget)
            if receivesKV, chunk == remaining, remaining == requests[slot].generatedTokens {
                // A request handed over by a prefill pool: its prompt's KV arrived, and what is
                // left is the token it generated there — its first step here is a decode step.
                shape.addDecodes(count: 1, contextTokens: requests[slot].prefilledTokens + chunk)
            } else {
                shape.addPrefillChunk(newTokens: chunk, cachedTokens: requests[slot].prefilledTokens,
                                      completesPrompt: chunk == remaining)
            }
            shape.serviceDemandSeconds += requests[slot].spec.serviceDemandSeconds
            requests[slot].chunkInFlight = chunk
            prefillBatch.append(slot)
            budget -= chunk
        }
    }

    /// Admits waiting requests in queue order while the batch has room, the budget lasts and
    /// KV blocks can be had for the whole prompt with `reservingBlocks` still free after it
    /// (and, with an output reserve, room for the output to come: `OutputReserve`), each
    /// starting with its first chunk.
    func admitWaiting(into shape: inout BatchShape, budget: inout Int, reservingBlocks reserve: Int,
                      requests: inout RequestTable, now: SimTime) {
        let reservesOutput = settings.outputReserve.isActive
        var outputReserveTokens = reservesOutput ? outputReserveRatio * Double(runningOutputLeft) : 0
        var lookahead: FuturePeakAdmission?
        while budget > 0, running < settings.maxBatchSize, let slot = waiting.peek(at: now) {
            // Overlap scheduling: this batch was composed while the last one ran.
            if let cutoff = admissionCutoff, requests[slot].queuedAt > cutoff { break }
            if let classCaps = policy.classCaps {
                let c = requests[slot].spec.classIndex
                if runningByClass[c] >= classCaps[c] {  // its class is at its cap: it waits aside
                    waiting.removeNext(at: now)
                    waiting.park(slot, classIndex: c)
                    continue
                }
            }
            let hits = pinCachedPrefix(of: slot, requests: &requests)
            if !settings.chunkedPrefill {
                // Unchunked: wait for an iteration with room for the whole prompt.
                let computed = max(requests[slot].prefilledTokens, hits * settings.blockSizeTokens)
                let needed = requests[slot].prefillTarget - computed
                if needed > budget, needed <= settings.maxTokensPerIteration {
                    if hits > 0 { unpinCachedPrefix(of: slot, requests: &requests) }
                    break
                }
            }
            let blocks = settings.strategy.pagesKV
                ? RequestState.blocks(for: requests[slot].prefillTarget, blockSize: settings.blockSizeTokens)
                    - requests[slot].sharedBlocks
                : RequestState.blocks(for: policy.reservedTokens(for: requests[slot].spec), blockSize: settings.blockSizeTokens)
            let outputLeft = requests[slot].spec.outputTokens - requests[slot].generatedTokens
            let held = requests[slot].spec.promptTokens + requests[slot].generatedTokens
            if settings.futurePeakAdmission, running > 0 {
                if lookahead == nil { lookahead = FuturePeakAdmission(replica: self, requests: requests) }
                guard lookahead!.admits(prompt: held, left: outputLeft, freeTokens: kv.free * settings.blockSizeTokens) else {
                    if hits > 0 { unpinCachedPrefix(of: slot, requests: &requests) }
                    break
                }
            }
            // A replica with nothing running admits on the prompt alone, so that a request whose
            // whole lifetime just fits is not kept out by the reserve's rounding forever.
            let kept = reserve + (reservesOutput && running > 0
                ? Int(((outputReserveTokens + Double(outputLeft)) / Double(settings.blockSizeTokens)).rounded(.up)) : 0)
            guard allocateBlocks(blocks + kept) else {
                if hits > 0 { unpinCachedPrefix(of: slot, requests: &requests) }
                break
            }
            if kept > 0 { kv.release(kept) }
            // Newcomers keep room for their whole output (SGLang charges their full max_new_tokens).
            if reservesOutput { outputReserveTokens += Double(outputLeft) }
            lookahead?.add(prompt: held, left: outputLeft)
            prefillingOutputLeft += outputLeft
            runningOutputTokens += requests[slot].spec.outputTokens
            waiting.removeNext(at: now)
            if policy.classCaps != nil { runningByClass[requests[slot].spec.classIndex] += 1 }
            swapIn(slot, requests: &requests)
            startAfterPrefix(hits, of: slot, requests: &requests)
            let cached = requests[slot].prefilledTokens
            let remaining = requests[slot].prefillTarget - cached
            let chunk = min(remaining, budget)

            requests[slot].phase = .prefilling
            requests[slot].replica = deployedIndex
            requests[slot].kvBlocks = blocks
            requests[slot].chunkInFlight = chunk
            if requests[slot].firstScheduled == nil { requests[slot].firstScheduled = now }
            prefilling.append(slot)
            admissions.append(RunningEntry(slot: slot, request: requests[slot].spec.index, epoch: requests[slot].epoch))
            prefillBatch.append(slot)
            shape.addPrefillChunk(newTokens: chunk, cachedTokens: cached, completesPrompt: chunk == remaining)
            shape.serviceDemandSeconds += requests[slot].spec.serviceDemandSeconds
            budget -= chunk
        }
    }

    /// Static batching: charges every prompt of the batch just admitted at the length of the
    /// longest (padding).
    private func padPrefills(of shape: inout BatchShape, requests: RequestTable) {
        let lengths = prefillBatch.map { requests[$0].chunkInFlight }
        guard let longest = lengths.max() else { return }
        let demand = shape.serviceDemandSeconds
        let padding = shape.paddingTokens
        shape = BatchShape(attentionQueryTile: policy.attentionQueryTile)
        shape.serviceDemandSeconds = demand
        shape.paddingTokens = padding + longest * lengths.count - lengths.reduce(0, +)
        for _ in lengths { shape.addPrefillChunk(newTokens: longest, cachedTokens: 0, completesPrompt: true) }
    }
}
