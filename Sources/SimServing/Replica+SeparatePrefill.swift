import CostModel
import SimCore
import SimMetrics

/// Prefill batches apart from decode batches, as SGLang runs by default (`enable_mixed_chunk`
/// off) and vLLM V0 without chunked prefill: an iteration either computes prompt chunks or
/// gives every decoding sequence its next token, never both. Prefill has priority: whenever a
/// prompt is mid-prefill or a waiting request can be admitted, the decodes wait one iteration
/// (every arrival stalls the running sequences for a prefill). With multi-step scheduling
/// (vLLM V0's `num_scheduler_steps`) the decodes run `decodeStepsPerRound` steps in a row
/// before the scheduler looks at the queue again.
extension Replica {
    func composeSeparateBatch(into shape: inout BatchShape, requests: inout RequestTable, now: SimTime) {
        if decoding.isEmpty { decodeStepsLeftInRound = 0 }
        if decodeStepsLeftInRound > 0 {
            decodeStepsLeftInRound -= 1
            composeDecodeStep(into: &shape, requests: &requests)
            return
        }
        var budget = settings.maxTokensPerIteration
        continuePrefills(into: &shape, budget: &budget, requests: &requests)
        if let deadline = admissionDeadline(requests: requests), now >= deadline {
            // Keep the blocks the decodes need at their next step, so that an admission does not
            // force a preemption one iteration later (vLLM's watermark, SGLang's reserved
            // decode tokens).
            let reserve = decoding.blocksNeeded(atIteration: iteration)
            admitWaiting(into: &shape, budget: &budget, reservingBlocks: reserve, requests: &requests, now: now)
        }
        guard shape.isEmpty else {
            decodesInFlight = false
            return
        }
        decodeStepsLeftInRound = settings.decodeStepsPerRound - 1
        composeDecodeStep(into: &shape, requests: &requests)
    }

    /// A decode-only iteration: blocks for the sequences crossing into a new one (preempting if
    /// it must), then one token for each.
    private func composeDecodeStep(into shape: inout BatchShape, requests: inout RequestTable) {
        decodesInFlight = true
        _ = allocateDecodeBlocks(requests: &requests)
        var budget = settings.maxTokensPerIteration
        addDecodes(to: &shape, budget: &budget)
    }

    /// A request whose prompt ended in a prefill-only iteration: its last token is from then,
    /// not from the decodes' last step, so its first decode gap is counted on its own.
    struct PendingFirstDecode {
        let entry: RunningEntry
        let measured: Bool
        let stage: Int?
        let lastToken: SimTime
    }

    /// Records the gaps of a decode step: `gap` for the sequences that also decoded in the
    /// previous decode step, each newcomer's own gap since its prefill ended (newcomers arise
    /// only from prefill-only iterations).
    func recordDecodeGaps(gap: Int64, requests: RequestTable, now: SimTime,
                          into outcome: inout IterationOutcome) {
        var groupCount = decoding.measuredCount
        // Newcomers of each stage, whose own gaps were counted above (empty: none).
        var newcomersByStage: [Int] = []
        if !pendingFirstDecodes.isEmpty {
            for joined in pendingFirstDecodes where joined.entry.isCurrent(in: requests) {
                let own = (now - joined.lastToken).nanoseconds
                if joined.measured {
                    groupCount -= 1
                    outcome.gaps(nanoseconds: own, count: 1)
                }
                if let stage = joined.stage {
                    if newcomersByStage.isEmpty { newcomersByStage = Array(repeating: 0, count: decoding.measuredByStage.count) }
                    newcomersByStage[stage] += 1
                    outcome.gaps(nanoseconds: own, count: 1, stage: stage)
                }
            }
            pendingFirstDecodes.removeAll(keepingCapacity: true)
        }
        guard groupCount > 0 else { return }
        outcome.gaps(nanoseconds: gap, count: groupCount)
        for (stage, measured) in decoding.measuredByStage.enumerated() {
            let count = measured - (newcomersByStage.isEmpty ? 0 : newcomersByStage[stage])
            if count > 0 { outcome.gaps(nanoseconds: gap, count: count, stage: stage) }
        }
    }
}
