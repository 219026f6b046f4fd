import SimCore
import SimMetrics

extension MetricsCollector {
    /// Records a finished request (or, at the end of a run, one still in flight) from its
    /// state on the replica.
    func finished(_ state: RequestState, outcome: RequestOutcome, at now: SimTime) {
        finished(state.spec, replica: state.replica, generatedTokens: state.generatedTokens,
                 preemptions: state.preemptions, firstScheduled: state.firstScheduled, firstToken: state.firstToken,
                 lastToken: state.lastToken, measuredStage: state.measuredStage, outcome: outcome, at: now)
    }
}
