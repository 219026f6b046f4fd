import SimCore

/// The ranges of the numbers a scenario may give, derived from what the simulation can
/// represent and from what a run on one machine can hold. The README's "Limits" section
/// states them; each check names the key, the value and the range.
///
/// - Durations: at most ``SimTime/inputLimitSeconds`` (10⁹ s), checked by ``DurationValue``.
/// - Rates: 10⁻⁶ to 10⁷ requests per second: a mean gap up to 10⁶ s stays inside simulated
///   time with room for the exponential tail; above 10⁷/s one second holds more arrivals
///   than ``RunSizeEstimate`` lets a default run keep.
/// - Token counts: at most 10⁷ per request (ten times the longest context of any preset),
///   so that sums over a batch and KV block counts stay exact in `Int` and `Double`.
/// - Coefficients of variation: at most 100; beyond that lognormal and gamma draws are
///   0 or ∞ in a `Double` and carry no information.
/// - Replicas at most 10⁴; GPUs in all at most 10⁶; a tensor-parallel group at most the
///   hardware's `gpus_per_node`.
public enum InputBounds {
    public static let rates: ClosedRange<Double> = 1e-6...1e7
    public static let maxTokensPerRequest = 10_000_000
    public static let maxCoefficientOfVariation = 100.0
    public static let maxReplicas = 10_000
    public static let maxGPUs = 1_000_000
    public static let maxSwapSpaceGB = 1e6
    public static let maxBatchSize = 1 << 20
    public static let maxTokensPerIteration = 1 << 20
    public static let maxBlockSizeTokens = 1 << 16
    public static let maxRequests = 1_000_000_000

    /// `"1e-6...1e7"`.
    static var rateText: String { "1e-6...1e7" }
}

extension ScenarioResolver {
    /// `value` if it lies in `range`, else an issue naming it and the range (and the lower bound).
    @discardableResult
    mutating func bounded(_ value: Int, _ range: ClosedRange<Int>, _ keyPath: String, unit: String = "") -> Int {
        check(range.contains(value), keyPath, "must be in \(range.lowerBound)...\(range.upperBound)\(unit), got \(value)")
        return min(max(value, range.lowerBound), range.upperBound)
    }

    /// A token count of a length distribution: 1...10⁷.
    mutating func checkTokens(_ value: Int?, _ keyPath: String) {
        guard let value else { return }
        check(value <= InputBounds.maxTokensPerRequest, keyPath,
              "must be at most \(InputBounds.maxTokensPerRequest) tokens (10⁷), got \(value)")
    }

    /// A deployment that can exist: TP divides the query heads and either divides the KV
    /// heads or is a multiple of them (KV heads replicated across the group, as vLLM and
    /// TensorRT-LLM do when tp > kv_heads); a TP group fits in one node; PP divides the layers
    /// (checked by the caller); replicas and GPUs in all are bounded.
    mutating func checkDeployment(model: ModelSpec?, hardware: HardwareSpec?, replicas: Int, tp: Int, pp: Int) {
        check(replicas <= InputBounds.maxReplicas, "cluster.replicas",
              "must be in 1...\(InputBounds.maxReplicas), got \(replicas)")
        check(tp <= InputBounds.maxGPUs, "cluster.tp", "must be in 1...\(InputBounds.maxGPUs), got \(tp)")
        check(pp <= InputBounds.maxGPUs, "cluster.pp", "must be in 1...\(InputBounds.maxGPUs), got \(pp)")
        let (gpus, overflow) = replicas.multipliedReportingOverflow(by: tp)
        let (all, overflow2) = gpus.multipliedReportingOverflow(by: pp)
        if replicas <= InputBounds.maxReplicas, tp <= InputBounds.maxGPUs, pp <= InputBounds.maxGPUs {
            check(!overflow && !overflow2 && all <= InputBounds.maxGPUs, "cluster.replicas",
                  "replicas × tp × pp must be at most \(InputBounds.maxGPUs) GPUs, got \(replicas) × \(tp) × \(pp)")
        }
        guard tp <= InputBounds.maxGPUs, pp <= InputBounds.maxGPUs else { return }
        if let hardware, tp > 1 {
            check(tp <= hardware.gpusPerNode, "cluster.tp",
                  "must be at most \(hardware.gpusPerNode) (hardware.gpus_per_node of \(hardware.name): a tensor-parallel group shares one node's NVLink), got \(tp)")
        }
        if let model, tp > 1 {
            let allowed = Self.divisors(of: model.heads)
            check(model.heads % tp == 0, "cluster.tp",
                  "must divide the model's \(model.heads) attention heads, got \(tp); allowed: \(allowed)")
            check(model.heads % tp != 0 || model.kvHeads % tp == 0 || tp % model.kvHeads == 0, "cluster.tp",
                  "must divide the model's \(model.kvHeads) KV heads or be a multiple of them (KV heads replicated), got \(tp)")
        }
    }

    private static func divisors(of n: Int) -> String {
        (1...max(1, min(n, 1024))).filter { n % $0 == 0 }.map(String.init).joined(separator: ", ")
    }
}
