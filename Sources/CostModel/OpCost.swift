/// What limits an op's time in the roofline model.
public enum Bound: String, Sendable {
    /// FLOPs / (peak · η_compute) is the larger term.
    case compute
    /// Bytes / (bandwidth · η_mem) is the larger term.
    case memory
    /// Interconnect transfer (all-reduce, pipeline send).
    case communication
    /// Fixed costs: kernel launch dominates, or per-iteration CPU overhead.
    case overhead
}

/// Time and work of one op class over one iteration (summed over layers), for reports.
public struct OpCost: Sendable, Equatable {
    /// Op name; per-layer ops use the names of Vidur's profiler (`attn_pre_proj`,
    /// `mlp_up_proj`, ...), so reports line up with the validation data.
    public var op: String
    /// Wall time on the critical path, seconds.
    public var seconds: Double
    /// FLOPs, summed over the replica's GPUs.
    public var flops: Double
    /// HBM bytes, summed over the replica's GPUs (interconnect bytes for communication ops).
    public var bytes: Double
    /// The term that set the time.
    public var bound: Bound

    public init(op: String, seconds: Double, flops: Double, bytes: Double, bound: Bound) {
        self.op = op
        self.seconds = seconds
        self.flops = flops
        self.bytes = bytes
        self.bound = bound
    }
}

/// Time and work of one kernel on one GPU: the scalar result of every per-op function of
/// ``KernelTimeModel``. A value type of four words, so the hot path never allocates.
package struct OpEstimate: Sendable, Equatable {
    package var seconds: Double
    package var flops: Double
    package var bytes: Double
    var bound: Bound

    static let zero = OpEstimate(seconds: 0, flops: 0, bytes: 0, bound: .overhead)

    /// Adds `other`'s time and work to this one (ops in sequence); keeps this bound.
    @inline(__always)
    mutating func add(_ other: OpEstimate) {
        seconds += other.seconds
        flops += other.flops
        bytes += other.bytes
    }

    /// This kernel with `seconds` less of fixed time (a CUDA-graph replay); an op that does
    /// not run (0 s) stays at 0.
    @inline(__always)
    func lessFixedTime(_ saving: Double) -> OpEstimate {
        guard seconds > 0, saving > 0 else { return self }
        return OpEstimate(seconds: seconds - saving, flops: flops, bytes: bytes, bound: bound)
    }

    /// The same op repeated `times` times in sequence (e.g. once per layer).
    func repeated(_ times: Double) -> OpEstimate {
        OpEstimate(seconds: seconds * times, flops: flops * times, bytes: bytes * times, bound: bound)
    }
}
