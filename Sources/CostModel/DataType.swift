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

    /// Storage types of weights the cost model runs: fp32, fp16, bf16 as they are; fp8 on fp8
    /// tensor cores where the GPU has them; int8 and int4 as weight-only quantisation.
    public static let weightTypes: [DataType] = [.fp16, .bf16, .fp8, .int8, .int4, .fp32]

    /// Storage types of the KV cache: those vLLM offers (auto = the model's type, or `fp8`
    /// e4m3/e5m2), and int8 and int4 (KIVI-style quantised caches, TensorRT-LLM's int8 KV;
    /// Liu et al. 2024, "KIVI: A Tuning-Free Asymmetric 2bit Quantization for KV Cache").
    /// Every type is stored and read at its own width (``bytes``): the KV footprint per token
    /// (``MemoryPlan``) and the KV bytes decode and prefill attention read
    /// (``KernelTimeModel``) follow it. Not modelled: the dequantisation work of int8/int4 KV
    /// (scales, unpacking) and the scale and zero-point storage (a few % of the cache for
    /// group sizes of 32–128), so their attention times are a lower bound.
    public static let kvCacheTypes: [DataType] = [.fp16, .bf16, .fp8, .int8, .int4, .fp32]
}
