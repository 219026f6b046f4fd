/// Which measured kernel rows a fit may see: the rule of `scripts/fit-kernels.py`, which
/// fitted the GPU presets, and of `simserve calibrate --from-kernels`. Each kind is held out
/// along an axis the fit never sees, so that held-out error measures extrapolation:
/// - GEMM: held out when n ∈ {6144, 12288} (two output widths);
/// - attention (decode and prefill): held out for head shapes (q, kv) = (32, 8) and (8, 1)
///   (Llama-3-70B at TP 2 and TP 8);
/// - all-reduce: every other message size — the odd indices among the sorted distinct sizes
///   of one GPU and variant;
/// - MoE: held out for expert shapes (hidden, inter) = (6144, 16384) and (2048, 768)
///   (Mixtral-8x22B and Qwen3-30B-A3B; fitted on Mixtral-8x7B's 4096/14336 and
///   Qwen3-235B-A22B's 4096/1536, one top-2-of-8 and one top-8-of-128 shape each side);
///   rows of another token distribution than the GPU's (``KernelGPU/moeDistribution``: balanced,
///   but on A100, which has only `power_law_1.01` rows) are excluded from both.
public enum KernelSplitRule {
    public static let heldOutGemmWidths: Set<Int> = [6144, 12288]
    public static let heldOutHeadShapes: [(heads: Int, kvHeads: Int)] = [(32, 8), (8, 1)]

    public static func gemm(n: Int) -> MeasuredKernel.Split {
        heldOutGemmWidths.contains(n) ? .heldOut : .fit
    }

    public static let heldOutExpertShapes: [(hidden: Int, inter: Int)] = [(6144, 16384), (2048, 768)]

    public static func moe(hidden: Int, inter: Int, fittedDistribution: Bool) -> MeasuredKernel.Split {
        guard fittedDistribution else { return .excluded }
        return heldOutExpertShapes.contains { $0.hidden == hidden && $0.inter == inter } ? .heldOut : .fit
    }

    public static func attention(heads: Int, kvHeads: Int) -> MeasuredKernel.Split {
        heldOutHeadShapes.contains { $0.heads == heads && $0.kvHeads == kvHeads } ? .heldOut : .fit
    }

    /// The split of each size in `sizes` (all the message sizes of one GPU and variant, in
    /// any order, repeated or not): held out at odd indices of the sorted distinct sizes.
    /// - Complexity: O(n log n).
    public static func allReduce(sizes: [Double]) -> [Double: MeasuredKernel.Split] {
        let sorted = Array(Set(sizes)).sorted()
        var split: [Double: MeasuredKernel.Split] = [:]
        for (i, size) in sorted.enumerated() { split[size] = i % 2 == 1 ? .heldOut : .fit }
        return split
    }
}
