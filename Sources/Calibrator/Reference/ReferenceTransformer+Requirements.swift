import SimServeKit

extension ReferenceTransformer {
    /// Whether the reference transformer runs `model`: dense, gated MLP, fp32 weights and KV
    /// cache, `head_dim` a multiple of 16 (the SIMD kernels' width).
    public static func canRun(_ model: ModelSpec) -> Bool {
        model.gatedMLP && model.experts == nil && model.weightDtype == .fp32 && model.kvDtype == .fp32
            && model.headDim % 16 == 0
    }

    /// Bytes it holds for `model` with `slots` sequence slots: the weights twice (row-major for
    /// reference, packed for the kernels), plus the KV caches of every slot.
    public static func memoryBytes(model: ModelSpec, slots: Int) -> Double {
        2 * model.parameterCount * 4
            + Double(slots * model.layers * model.maxContext * model.kvHeads * model.headDim) * 2 * 4
    }
}
