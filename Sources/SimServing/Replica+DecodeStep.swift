import CostModel
import SimCore

/// The plain decode step, apart (issue 15, decode runs): while a replica's batch only decodes
/// and nothing it depends on changes, one iteration's end and the next one's start reduce to
/// a few aggregate updates. These two verbs are exactly what ``finishIteration(requests:now:into:)``
/// and ``startIteration(requests:now:)`` do in that case, and are used only when the guards
/// (``endsDecodeStepAlone``, ``startsDecodeStepAlone``) say the case holds; the general verbs
/// stay the reference, and the outputs are byte-identical (`EventlessIterationTests`).
extension Replica {
    /// Whether the iteration in flight is a decode step of the running members alone (no
    /// prefill chunk, no member decoding for the first time after a prefill-only iteration)
    /// and none of them produces its last token in it.
    var endsDecodeStepAlone: Bool {
        decodesInFlight && prefillBatch.isEmpty && pendingFirstDecodes.isEmpty && !decoding.isEmpty
            && decoding.nextDepartureIteration > iteration
    }

    /// Whether the next iteration, composed now, is the same members' next decode step alone:
    /// no prompt to continue, nobody waiting to be admitted, and the KV blocks the members
    /// cross into free without evicting or preempting.
    var startsDecodeStepAlone: Bool {
        !settings.separatePrefillBatches && prefilling.isEmpty && waiting.isEmpty && !decoding.isEmpty
            && (!settings.strategy.pagesKV || decoding.blocksNeeded(atIteration: iteration) <= kv.free)
    }

    /// ``finishIteration(requests:now:into:)`` of an iteration for which ``endsDecodeStepAlone``
    /// holds: a token for every member, their gaps into `outcome`.
    func finishDecodeStep(requests: inout RequestTable, now: SimTime, into outcome: inout IterationOutcome) {
        recordDecodeGaps(gap: (now - lastIterationEnd).nanoseconds, requests: requests, now: now, into: &outcome)
        decoding.advance()
        if settings.outputReserve.isActive {
            outputReserveRatio = max(outputReserveRatio - settings.outputReserve.decayPerStep,
                                     settings.outputReserve.minRatio)
        }
        paddingContextTokens += paddingSequences
        sweepAdmissions(requests: requests)
        iteration += 1
        lastIterationEnd = now
    }

    /// ``startIteration(requests:now:)`` when ``startsDecodeStepAlone`` holds: the members'
    /// new blocks, and their decode step's shape.
    func startDecodeStep() -> BatchShape {
        var shape = BatchShape(attentionQueryTile: policy.attentionQueryTile)
        if !prefillBatch.isEmpty { prefillBatch.removeAll(keepingCapacity: true) }
        transferSeconds = 0
        if settings.strategy.pagesKV {
            let allocated = kv.allocate(decoding.blocksNeeded(atIteration: iteration))
            assert(allocated, "startsDecodeStepAlone promised the blocks")
        }
        var budget = settings.strategy.hasTokenBudget ? settings.maxTokensPerIteration : Int.max / 4
        addDecodes(to: &shape, budget: &budget)
        return shape
    }
}
