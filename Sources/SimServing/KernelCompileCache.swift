import CostModel

/// The fused-MoE kernel variants one deployed replica has compiled (``FusedMoEKernelVariants``):
/// those its engine compiled before serving, then each one a batch needed. The first batch
/// that needs a variant not yet compiled waits for it; later ones do not. The virtual engines
/// of a pipelined replica share their GPUs' cache.
final class KernelCompileCache {
    let variants: FusedMoEKernelVariants
    private var compiled: Set<Int>

    init(variants: FusedMoEKernelVariants) {
        self.variants = variants
        self.compiled = variants.precompiled
    }

    /// Seconds `shape`'s batch waits for its kernel to compile (0 when it is compiled or the
    /// batch runs from a CUDA graph); the variant counts as compiled from now on.
    func secondsToCompile(_ shape: BatchShape) -> Double {
        guard let variant = variants.variant(of: shape), compiled.insert(variant).inserted else { return 0 }
        return variants.compileSeconds
    }
}
