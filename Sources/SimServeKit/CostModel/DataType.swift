/// The element type of weights, activations or the KV cache.
///
/// Only the storage size matters to the cost model: a quantised weight is read from HBM in its
/// own width, then computed on the tensor cores of the widest type that the hardware runs at
/// full rate for it (see ``HardwareSpec/peakFlopsPerSecond(for:)``).
public enum DataType: String, Codable, Sendable, CaseIterable {
    case fp32, fp16, bf16, fp8, int8, int4

    /// Bytes per element. `int4` packs two elements in a byte, so it is 0.5.
    public var bytes: Double {
        switch self {
        case .fp32: return 4
        case .fp16, .bf16: return 2
        case .fp8, .int8: return 1
        case .int4: return 0.5
        }
    }
}
