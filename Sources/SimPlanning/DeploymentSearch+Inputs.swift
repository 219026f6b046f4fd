import Foundation
import SimScenario

extension DeploymentSearch {
    /// A memory cap as `plan --memory-cap` gives it: `320GB`, `1.5TB`, `320` (GB) → GB.
    public static func gigabytes(_ text: String) throws(PlanningInputError) -> Double {
        let t = text.trimmingCharacters(in: .whitespaces).uppercased()
        let (number, scale): (Substring, Double) = t.hasSuffix("TB") ? (t.dropLast(2), 1000) : t.hasSuffix("GB") ? (t.dropLast(2), 1) : (Substring(t), 1)
        guard let value = Double(number.trimmingCharacters(in: .whitespaces)), value > 0, value.isFinite else {
            throw PlanningInputError(option: "--memory-cap", "'\(text)' is not a memory size; expected e.g. 320GB or 1.5TB")
        }
        return value * scale
    }

    /// The rate every candidate must sustain when none is given: the scenario's mean arrival
    /// rate. A trace replay has none to offer.
    public static func defaultTargetRate(of scenario: Scenario) throws(PlanningInputError) -> Double {
        guard case .synthetic(let workload) = scenario.serving.workload else {
            throw PlanningInputError(option: "--rate", "the scenario replays a trace; give the target rate")
        }
        return workload.arrival.meanRatePerSecond
    }

    /// The search for `candidate`'s maximum sustainable rate (`plan --search`'s headroom): its
    /// settings at the target rate, the search's conditions and seed, at least two
    /// replications, 1% relative tolerance.
    public func headroom(of candidate: DeploymentCandidate) -> MaxRateSearch {
        var template = self.template
        template.baseAssignments += candidate.assignments + ["workload.arrival.rate=\(targetRate)"]
        return MaxRateSearch(template: template, conditions: conditions, replications: max(2, replications),
                             relativeTolerance: 0.01, seed: seed)
    }
}
