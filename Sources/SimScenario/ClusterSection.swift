import CostModel
import SimServing
import SimWorkload

struct ClusterSection: Decodable {
    var replicas: Int?
    var tp: Int?
    var pp: Int?
    /// Expert-parallel degree and the busiest expert rank's load over the mean.
    var ep: Int?
    var expert_imbalance: Double?
    var router: String?
    /// Disaggregated serving (`ClusterSection+Disaggregation.swift`).
    var prefill: PoolSection?
    var decode: PoolSection?
    var kv_transfer: KVTransferSection?
}

/// What `[cluster]` resolves to: the replicas (a disaggregated cluster's prefill pool), their
/// parallelism and the router.
struct ClusterLayout {
    var replicas: Int
    var parallelism: Parallelism
    var routing: RoutingPolicy
}

extension ScenarioResolver {
    /// Replicas, tensor, pipeline and expert parallelism, and the router, checked against the
    /// model and hardware the roofline simulates (`costKind`).
    mutating func resolveCluster(_ section: ClusterSection?, model: ModelSpec?, hardware: HardwareSpec?,
                                 costKind: String) -> ClusterLayout {
        let usesHardware = costKind == "roofline"
        // Disaggregated: the prefill pool's.
        let cluster = effectiveCluster(section)
        let clusterIssues = issues.count
        let replicas = positive(cluster?.replicas ?? 1, "cluster.replicas")
        let tp = positive(cluster?.tp ?? 1, "cluster.tp")
        let pp = positive(cluster?.pp ?? 1, "cluster.pp")
        if pp > 1 {
            check(costKind == "roofline", "cluster.pp", "pipeline parallelism needs the roofline cost model (a model and hardware), got pp = \(pp)")
            if let model {
                check(model.layers % pp == 0, "cluster.pp",
                      "must divide the model's \(model.layers) layers into equal stages, got \(pp)")
            }
        }
        checkDeployment(model: usesHardware ? model : nil, hardware: usesHardware ? hardware : nil,
                        replicas: replicas, tp: tp, pp: pp)
        if section?.prefill != nil { renameClusterIssues(from: clusterIssues, to: "cluster.prefill") }
        let (ep, imbalance) = resolveExpertParallelism(section, model: usesHardware ? model : nil,
                                                       usesHardware: usesHardware, tp: tp)
        let routing = choice(section?.router ?? "round_robin", "cluster.router", RoutingPolicy.self)
        return ClusterLayout(replicas: replicas,
                             parallelism: Parallelism(tensor: tp, pipeline: pp, expert: ep, expertImbalance: imbalance),
                             routing: routing)
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
