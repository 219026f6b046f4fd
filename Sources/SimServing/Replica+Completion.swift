import SimCore

extension Replica {
    /// Applies the iteration that just ended at `now` on `replica`: one token for every
    /// decoding sequence, prefill progress, first tokens, and finished requests. What it
    /// produced — token gaps of measured requests, finished requests — goes into `outcome`
    /// for the simulation to hand on.
    ///
    /// - Complexity: O(prefill chunks + finished · log n), independent of the number of
    ///   decoding sequences.
    func finishIteration(requests: inout RequestTable, now: SimTime,
                         into outcome: inout IterationOutcome) {
        let k = iteration
        // A prefill-only iteration (separate prefill batches) leaves the decoding sequences as
        // they were; their clock does not move.
        let decoded = decodesInFlight
        if decoded { completeDecodeStep(requests: &requests, now: now, into: &outcome) }
        // Prompts ending now decode first at the next decode step.
        let firstDecodeStep = decoded ? k + 1 : k

        var anyPrefillEnded = false
        for slot in prefillBatch {
            let chunk = requests[slot].chunkInFlight
            requests[slot].chunkInFlight = 0
            requests[slot].prefilledTokens += chunk
            guard requests[slot].prefilledTokens == requests[slot].prefillTarget else { continue }
            anyPrefillEnded = true
            cachePrompt(of: slot, requests: &requests)
            prefillingOutputLeft -= requests[slot].spec.outputTokens - requests[slot].generatedTokens
            // The last chunk of a prefill yields a token.
            requests[slot].generatedTokens += 1
            if let last = requests[slot].lastToken {
                if requests[slot].measured { outcome.gaps(nanoseconds: (now - last).nanoseconds, count: 1) }
                if let stage = requests[slot].measuredStage {
                    outcome.gaps(nanoseconds: (now - last).nanoseconds, count: 1, stage: stage)
                }
            } else {
                requests[slot].firstToken = now
            }
            requests[slot].lastToken = now
            let remaining = requests[slot].spec.outputTokens - requests[slot].generatedTokens
            if remaining == 0 {
                let done = requests.remove(slot)
                releaseOrFree(privateBlocks: done.kvBlocks, prefix: done.spec.prefix, sharedBlocks: done.sharedBlocks)
                finished(done, context: done.prefilledTokens + 1, into: &outcome)
                continue
            }
            if handsOffKV { handOff(slot, requests: &requests); continue }  // disaggregated
            let cached = requests[slot].prefilledTokens
            decodingLifetimeTokens += requests[slot].spec.promptTokens + requests[slot].spec.outputTokens
            requests[slot].phase = .decoding
            requests[slot].joinIteration = firstDecodeStep
            requests[slot].cachedAtJoin = cached
            decoding.join(slot: slot, request: requests[slot].spec.index, epoch: requests[slot].epoch,
                          iteration: firstDecodeStep, lastIteration: firstDecodeStep + remaining - 1, cachedTokens: cached,
                          measured: requests[slot].measured, stage: requests[slot].measuredStage,
                          serviceDemandSeconds: requests[slot].spec.serviceDemandSeconds)
            if !decoded {
                pendingFirstDecodes.append(PendingFirstDecode(
                    entry: RunningEntry(slot: slot, request: requests[slot].spec.index, epoch: requests[slot].epoch),
                    measured: requests[slot].measured, stage: requests[slot].measuredStage, lastToken: now))
            }
        }
        if anyPrefillEnded {
            prefilling.removeAll { !requests.holds($0) || requests[$0].phase != .prefilling }
        }
        if running == 0 {  // a static batch has ended
            paddingSequences = 0
            paddingContextTokens = 0
        }
        sweepAdmissions(requests: requests)
        if decoded {
            iteration += 1
            lastIterationEnd = now
        }
    }

    /// The decode step that just ended: a token for every decoding sequence, and the sequences
    /// whose last token it was leave.
    private func completeDecodeStep(requests: inout RequestTable, now: SimTime,
                                    into outcome: inout IterationOutcome) {
        let k = iteration
        let blockSize = settings.blockSizeTokens

        // Every decoding member produced a token; all but the newcomers had one at the last
        // decode step's end.
        recordDecodeGaps(gap: (now - lastIterationEnd).nanoseconds, requests: requests, now: now,
                         into: &outcome)
        decoding.advance()
        if settings.outputReserve.isActive {
            outputReserveRatio = max(outputReserveRatio - settings.outputReserve.decayPerStep,
                                     settings.outputReserve.minRatio)
        }
        paddingContextTokens += paddingSequences
        while let departure = decoding.popDeparture(atOrBefore: k) {
            let entry = RunningEntry(slot: departure.slot, request: departure.request, epoch: departure.epoch)
            guard entry.isCurrent(in: requests) else { continue }
            // Taken out of the table first: one copy of the state, read and handed on.
            var done = requests.remove(departure.slot)
            let cached = done.cachedTokens(beforeIteration: k) + 1
            leaveDecoding(done, context: cached + 1)
            let privateBlocks = settings.strategy.pagesKV
                ? RequestState.blocks(for: cached, blockSize: blockSize) - done.sharedBlocks
                : done.kvBlocks
            releaseFinished(done, heldTokens: cached, privateBlocks: privateBlocks)
            decodingLifetimeTokens -= done.spec.promptTokens + done.spec.outputTokens
            done.generatedTokens += k - done.joinIteration + 1
            done.lastToken = now
            finished(done, context: cached + 1, into: &outcome)
        }
    }

    /// A request produced its last token (its KV already released): it leaves the running set
    /// and joins the iteration's outcome. With static batching its slot, whose context is
    /// `context`, pads the batch until the batch ends.
    private func finished(_ done: RequestState, context: Int, into outcome: inout IterationOutcome) {
        leftRunning(done.spec.classIndex)
        runningOutputTokens -= done.spec.outputTokens
        outstandingTokens -= done.spec.promptTokens + done.spec.outputTokens
        outcome.finished(done)
        if settings.strategy.padsBatch {
            paddingSequences += 1
            paddingContextTokens += context
        }
    }

    /// A decoding request leaves the decode group's aggregates with the context it reached.
    @inline(__always)
    func leaveDecoding(_ state: RequestState, context: Int) {
        decoding.leave(context: context,
                       phase: decoding.phase(joiningAt: state.joinIteration, cachedTokens: state.cachedAtJoin),
                       measured: state.measured, stage: state.measuredStage,
                       serviceDemandSeconds: state.spec.serviceDemandSeconds)
    }

    /// A request of class `classIndex` left the running set (finished or preempted): with
    /// concurrency caps, its class has room for one parked request.
    @inline(__always)
    func leftRunning(_ classIndex: Int) {
        guard policy.classCaps != nil else { return }
        runningByClass[classIndex] -= 1
        waiting.unpark(classIndex: classIndex)
    }

    /// Drops entries of requests that have left from the admission list once they outnumber
    /// the running ones, keeping it O(running) long.
    func sweepAdmissions(requests: RequestTable) {
        guard admissions.count > 2 * running + 64 else { return }
        admissions.removeAll { !$0.isCurrent(in: requests) }
    }
}
