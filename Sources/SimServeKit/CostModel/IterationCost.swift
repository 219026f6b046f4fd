/// What one iteration costs on one replica: its wall time and the work behind it.
public struct IterationCost: Equatable, Sendable {
    /// Wall time of the iteration on the replica (critical path, communication included).
    public var seconds: Double
    /// Floating-point operations of the iteration, summed over all GPUs of the replica.
    public var flops: Double
    /// Bytes moved between HBM and the cores, summed over all GPUs of the replica.
    public var bytes: Double
    /// Bytes sent over the interconnect by collectives (TP all-reduce, PP send), all GPUs.
    public var commBytes: Double
    /// Time per op class, in seconds, in a stable order (for reports and traces).
    public var breakdown: [(op: String, seconds: Double)]

    public init(seconds: Double, flops: Double = 0, bytes: Double = 0, commBytes: Double = 0,
                breakdown: [(op: String, seconds: Double)] = []) {
        self.seconds = seconds
        self.flops = flops
        self.bytes = bytes
        self.commBytes = commBytes
        self.breakdown = breakdown
    }

    public static func == (lhs: IterationCost, rhs: IterationCost) -> Bool {
        lhs.seconds == rhs.seconds && lhs.flops == rhs.flops && lhs.bytes == rhs.bytes
            && lhs.commBytes == rhs.commBytes
            && lhs.breakdown.map(\.op) == rhs.breakdown.map(\.op)
            && lhs.breakdown.map(\.seconds) == rhs.breakdown.map(\.seconds)
    }
}
