import CostModel
import SimWorkload

extension ScenarioResolver {
    /// `cluster.ep` (default 1) and `cluster.expert_imbalance` (default 1): an expert-parallel
    /// degree that divides both `cluster.tp` (the EP ranks are GPUs of the tensor-parallel
    /// group) and the model's experts, on an MoE model under the roofline cost model; an
    /// imbalance in [1, ep] (the busiest rank cannot hold more than all the tokens).
    /// Returns values the cost model accepts even when an issue was recorded.
    mutating func resolveExpertParallelism(_ cluster: ClusterSection?, model: ModelSpec?, usesHardware: Bool,
                                           tp: Int) -> (ep: Int, imbalance: Double) {
        let ep = cluster?.ep ?? 1
        var imbalance = cluster?.expert_imbalance ?? 1
        var ok = true
        func fail(_ key: String, _ message: String) { issue(key, message); ok = false }
        if ep < 1 || ep > InputBounds.maxGPUs {
            fail("cluster.ep", "must be in 1...\(InputBounds.maxGPUs), got \(ep)")
        } else if ep > 1 {
            if !usesHardware {
                fail("cluster.ep", "expert parallelism needs the roofline cost model (a model and hardware), got ep = \(ep)")
            } else {
                // Checked with or without a valid model: the ranks are GPUs of the TP group.
                // (Without a valid model, the divisors of tp are the ones to offer.)
                let experts = model.map { $0.experts ?? 1 } ?? tp
                if let model, experts <= 1 {
                    fail("cluster.ep", "needs a mixture-of-experts model (model.experts > 1); \(model.name) is dense, got ep = \(ep)")
                } else if model != nil, experts % ep != 0 {
                    fail("cluster.ep", "must divide the model's \(experts) experts, got \(ep); allowed: \(Self.commonDivisors(experts, tp))")
                }
                if tp % ep != 0 {
                    fail("cluster.ep", "must divide cluster.tp (\(tp)): the expert-parallel ranks are GPUs of the tensor-parallel group, got \(ep); allowed: \(Self.commonDivisors(max(1, experts), tp))")
                }
            }
        }
        if cluster?.expert_imbalance != nil {
            if ep == 1 && imbalance != 1 {
                // An error in the file; a warning when `--set cluster.ep=1` made it so.
                irrelevant("cluster.expert_imbalance", "only used with cluster.ep > 1 (one expert rank has no slowest rank), got \(imbalance)",
                           decidedBy: "cluster.ep")
                imbalance = 1
            } else if !imbalance.isFinite || imbalance < 1 || imbalance > Double(max(1, ep)) {
                fail("cluster.expert_imbalance",
                     "must be in [1, cluster.ep] = [1, \(max(1, ep))] (busiest expert rank's routed tokens over the mean), got \(imbalance)")
            }
        }
        return ok ? (ep, imbalance) : (1, 1)
    }

    /// The divisors both numbers share, listed for an error message.
    static func commonDivisors(_ a: Int, _ b: Int) -> String {
        let upper: Int = max(1, min(a, b, 1024))
        let shared: [Int] = (1...upper).filter { (n: Int) -> Bool in a % n == 0 && b % n == 0 }
        return shared.map { String($0) }.joined(separator: ", ")
    }
}
