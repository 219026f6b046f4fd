import SimWorkload

extension ServiceLevelObjectives {
    /// Whether a completed request met every target. TPOT is not checked for one-token outputs.
    public func isMet(by record: RequestRecord) -> Bool {
        if let limit = ttftSeconds, let value = record.ttft, value > limit { return false }
        if let limit = tpotSeconds, let value = record.tpot, value > limit { return false }
        if let limit = e2eSeconds, let value = record.e2e, value > limit { return false }
        return record.outcome == .completed
    }
}
