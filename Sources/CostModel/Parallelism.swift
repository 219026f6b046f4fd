/// How one replica of the model is split over GPUs.
///
/// `tensor` (t) GPUs share every layer in lock-step (Megatron-style column/row split, two
/// all-reduces per layer); `pipeline` (p) stages each hold n/p consecutive layers. A replica
/// uses t·p GPUs.
///
/// Expert parallelism `expert` (e, default 1) shards the experts of every MoE layer over e
/// ranks among the t GPUs of a stage (e divides t): each rank holds E/e whole experts, each
/// split t/e ways, and tokens reach their experts by an all-to-all dispatch and come back by
/// an all-to-all combine (``RooflineCostModel``). `expertImbalance` ρ ≥ 1 is the ratio of the
/// busiest rank's routed tokens to the mean (1: the balanced router).
public struct Parallelism: Equatable, Sendable {
    /// Tensor-parallel degree, t ≥ 1.
    public var tensor: Int
    /// Pipeline-parallel degree, p ≥ 1.
    public var pipeline: Int

    /// Expert-parallel degree, e ≥ 1, a divisor of t.
    public var expert: Int = 1
    /// Busiest expert-parallel rank's routed tokens over the mean, ρ in [1, e].
    public var expertImbalance: Double = 1

    public init(tensor: Int = 1, pipeline: Int = 1) {
        precondition(tensor >= 1 && pipeline >= 1,
                     "parallelism degrees must be ≥ 1, got tensor=\(tensor) pipeline=\(pipeline)")
        self.tensor = tensor
        self.pipeline = pipeline
    }

    /// Tensor and pipeline degrees with experts sharded over `expert` ranks of the t GPUs.
    public init(tensor: Int, pipeline: Int = 1, expert: Int, expertImbalance: Double = 1) {
        precondition(expert >= 1 && tensor % expert == 0,
                     "the expert-parallel degree must divide the tensor-parallel degree, got ep=\(expert) tp=\(tensor)")
        precondition(expertImbalance >= 1 && expertImbalance <= Double(expert),
                     "expertImbalance must be in [1, ep], got \(expertImbalance)")
        self.init(tensor: tensor, pipeline: pipeline)
        self.expert = expert
        self.expertImbalance = expertImbalance
    }

    /// GPUs of one replica, t · p.
    public var gpus: Int { tensor * pipeline }
}
