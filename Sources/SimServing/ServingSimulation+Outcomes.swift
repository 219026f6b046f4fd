import SimCore
import SimMetrics
import SimWorkload

/// What the simulation alone hands on: an iteration's outcome to the metrics, a rejected
/// request's record, and a closed-loop client's next request.
extension ServingSimulation {
    /// Gives what an iteration produced to the metrics and, in a closed loop, each finished
    /// request's client its next request; empties `outcome` (borrowed in place: reading the
    /// property would copy the buffer's arrays at every iteration). The gaps, which nearly
    /// every iteration has, are handed on inline; finished requests, about one iteration in
    /// the output length, out of line.
    @inline(__always)
    func handOn(_ outcome: inout IterationOutcome) {
        for index in 0..<outcome.gapCount {
            let gaps = outcome.gaps(at: index)
            if let stage = gaps.stage {
                metrics.stageInterTokenGaps(stage: stage, nanoseconds: gaps.nanoseconds, count: gaps.count)
            } else {
                metrics.interTokenGaps(nanoseconds: gaps.nanoseconds, count: gaps.count)
            }
        }
        if !outcome.finished.isEmpty { handOnFinished(outcome.finished) }
        outcome.removeAll()
    }

    @inline(never)
    private func handOnFinished(_ finished: [RequestState]) {
        for done in finished {
            metrics.finished(done, outcome: .completed, at: engine.now)
            if closedLoop, let user = done.spec.user { scheduleFollowUp(of: user) }
        }
    }

    /// A request turned away at arrival: its record goes to the metrics and, in a closed loop,
    /// its client sends its next request a think time later.
    func reject(_ spec: RequestSpec, on replica: Replica, reason: RejectionReason) {
        metrics.rejected(spec, replica: replica.deployedIndex, reason: reason)
        if closedLoop, let user = spec.user { scheduleFollowUp(of: user) }
    }

    /// A closed-loop client whose request just ended sends its next one a think time later.
    func scheduleFollowUp(of user: Int) {
        schedule(.userArrival(user: user), after: SimDuration(seconds: generator.thinkTimeSeconds()))
    }
}
