import SimWorkload

/// `[[workload.stages]]`: `rate` (requests/s) held for `duration`.
struct StageSection: Decodable {
    var rate: Double
    var duration: DurationValue
}

extension ScenarioResolver {
    /// The kinds of arrival process a stage can set the rate of.
    static let stageableArrivalKinds = ["constant", "poisson", "gamma"]

    mutating func resolveStages(_ sections: [StageSection], arrival: ArrivalSection?) -> [LoadStage]? {
        let before = issues.count
        check(!sections.isEmpty, "workload.stages", "needs at least one stage")
        if let kind = arrival?.kind, !Self.stageableArrivalKinds.contains(kind) {
            issue("workload.arrival.kind", "'\(kind)' has no single rate for workload.stages to set; use 'constant', 'poisson' or 'gamma'")
        }
        let stages = sections.enumerated().map { i, s in
            let path = "workload.stages[\(i)]"
            check(InputBounds.rates.contains(s.rate), "\(path).rate", "must be a number of requests per second in \(InputBounds.rateText), got \(s.rate)")
            let seconds = s.duration.seconds
            check(seconds > 0 && seconds.isFinite, "\(path).duration", "must be > 0, got \(seconds) s")
            return LoadStage(ratePerSecond: s.rate, durationSeconds: seconds)
        }
        return issues.count == before ? stages : nil
    }
}
