/// One deployment evaluated by ``DeploymentSearch``: its settings, whether it fits and meets
/// the SLOs at the target rate, and its figures averaged over the replications.
public struct DeploymentCandidate: Sendable {
    /// Where a candidate stands.
    public enum Status: Sendable, Equatable {
        /// It fits and every SLO held at every replication.
        case meetsSLOs
        /// It ran but missed at least one SLO; the text names the misses.
        case missesSLOs(String)
        /// The model does not fit its GPUs' memory (the reason, with the numbers).
        case doesNotFit(String)
        /// Its GPUs hold more memory in all than `--memory-cap` allows.
        case overMemoryCap(String)

        /// `meets_slos`, `misses_slos`, `does_not_fit`, `over_memory_cap`.
        public var code: String {
            switch self {
            case .meetsSLOs: "meets_slos"
            case .missesSLOs: "misses_slos"
            case .doesNotFit: "does_not_fit"
            case .overMemoryCap: "over_memory_cap"
            }
        }

        /// Why it is not a solution; empty when it is one.
        public var reason: String {
            switch self {
            case .meetsSLOs: ""
            case .missesSLOs(let why), .doesNotFit(let why), .overMemoryCap(let why): why
            }
        }
    }

    /// The index of its setting in the search grid (without the replica axis).
    public var groupIndex: Int
    /// The searched keys and their values, `cluster.replicas` last when searched.
    public var settings: [(key: String, value: String)]
    public var replicas: Int
    /// GPUs in all (replicas × TP × PP).
    public var gpus: Int
    /// The GPU's name; nil for the service-time cost model.
    public var hardware: String?
    /// Memory of all its GPUs, GB; nil without hardware.
    public var totalMemoryGB: Double?
    /// Price of the whole deployment, USD per hour; nil without hardware.
    public var usdPerHour: Double?
    public var status: Status
    /// Replications run (0 when it did not run).
    public var replications: Int
    /// Each reported metric's mean over the replications, by metric name (absent: not computed).
    public var figures: [String: MeanEstimate]
    /// The highest rate at which every SLO held at every replication (requests/s); nil unless
    /// an objective needs it (`throughput`) or none was found.
    public var sustainableRate: Double? = nil

    /// Whether it is a solution: fits, within the cap, SLOs met.
    public var meetsSLOs: Bool { status == .meetsSLOs }

    /// The `--set` assignments that reproduce it (with `simserve run`, plus the target rate).
    public var assignments: [String] { settings.map { "\($0.key)=\($0.value)" } }

    /// `hardware=h100-sxm cluster.tp=2 cluster.replicas=3`.
    public var label: String { assignments.joined(separator: " ") }
}
