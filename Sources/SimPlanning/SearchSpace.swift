import SimScenario

/// The deployment choices a ``DeploymentSearch`` explores: a grid of settings (GPU type, TP,
/// max batch, batching window, chunk size…) and, apart from it, the replica counts.
///
/// Written like a sweep's axes (``SweepParameter``): `--search hardware=a100-80gb,h100-sxm
/// --search cluster.tp=1,2,4 --search cluster.replicas=1:8`. The replica axis is kept apart
/// because the search bisects it: more replicas never make the SLOs harder to meet, so for each
/// setting of the other axes only the fewest replicas that meet them need finding.
public struct SearchSpace: Sendable {
    /// The axes other than `cluster.replicas`; point *k* of it is one setting.
    public var grid: SweepGrid
    /// The replica counts, increasing and distinct; nil: the scenario's own.
    public var replicas: [Int]?

    /// The key of the replica axis.
    public static let replicaKey = "cluster.replicas"

    /// - Throws: ``PlanningInputError`` from `--search` when a key is given twice, a replica
    ///   count is not a positive integer, or the arrival rate is searched (it is the target).
    public init(_ parameters: [SweepParameter]) throws(PlanningInputError) {
        var others: [SweepParameter] = []
        var replicas: [Int]?
        for parameter in parameters {
            switch parameter.key {
            case Self.replicaKey:
                guard replicas == nil else {
                    throw PlanningInputError(option: "--search", "'\(parameter.key)' is given twice; list all its values in one --search")
                }
                var counts: [Int] = []
                for value in parameter.values {
                    guard let count = Int(value), count >= 1 else {
                        throw PlanningInputError(option: "--search", "\(parameter.key): '\(value)' is not a replica count; expected positive integers such as 1:8 or 1,2,4")
                    }
                    counts.append(count)
                }
                replicas = Array(Set(counts)).sorted()
            case "workload.arrival.rate":
                throw PlanningInputError(option: "--search", "the arrival rate is the target (--rate), not a deployment choice")
            default:
                others.append(parameter)
            }
        }
        do {
            grid = try SweepGrid(others)
        } catch {
            throw PlanningInputError(option: "--search", error.message)
        }
        self.replicas = replicas
    }
}
