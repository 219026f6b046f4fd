import SimWorkload

/// `[slo]` (and a class's `slo`): per-request latency targets that goodput counts.
struct SLOSection: Decodable {
    var ttft: DurationValue?
    var tpot: DurationValue?
    var e2e: DurationValue?
}

extension ScenarioResolver {
    /// The scenario's `[slo]` targets, each > 0 and finite when given.
    mutating func resolveObjectives(_ section: SLOSection?) -> ServiceLevelObjectives {
        let slo = ServiceLevelObjectives(ttftSeconds: section?.ttft?.seconds, tpotSeconds: section?.tpot?.seconds,
                                         e2eSeconds: section?.e2e?.seconds)
        for (name, value) in [("slo.ttft", slo.ttftSeconds), ("slo.tpot", slo.tpotSeconds), ("slo.e2e", slo.e2eSeconds)] {
            if let value { check(value > 0 && value.isFinite, name, "must be > 0, got \(value) s") }
        }
        return slo
    }
}
