/// Which kernels at which shapes ``CalibrationRun`` times, and which of them the fit may see.
///
/// LLM-shaped GEMMs: the four linear layers of a layer (fused QKV, attention output, gated MLP
/// up, MLP down) at token counts from decode (m = 1) to prefill chunks. The fit sees one
/// model's layer (TinyLlama-1.1B: d 2048, 32 heads, 4 KV heads, D 64, f 5632) at some token
/// counts up to 1024 (so that the held-out 768 is interpolated, not extrapolated); the
/// held-out set is another model's layer (Qwen2.5-0.5B: d 896, 14 heads, 2 KV heads, D 64,
/// f 4864) at other token counts, never shown to the fit. Attention likewise: fitted on some
/// (chunk, cache) and (batch, context) shapes, held out on others.
public struct CalibrationPlan: Sendable {
    public enum Role: String, Sendable, CaseIterable {
        /// Used by the fit.
        case fit
        /// Predicted, never fitted: the held-out error.
        case heldOut = "held_out"
        /// Measured to define a constant (STREAM bandwidth), not predicted.
        case reference
    }

    public var cases: [(KernelCase, Role)]
    public var harness: TimingHarness
    public var quick: Bool
    /// Passes over the whole plan whose repetitions are pooled (see ``CalibrationRun``).
    public var rounds: Int = 1

    /// The linear layers of a transformer layer at `tokens` tokens.
    public static func layerGEMMs(tokens: Int, hidden: Int, heads: Int, kvHeads: Int, headDim: Int,
                                  intermediate: Int) -> [KernelCase] {
        [.gemm(m: tokens, n: (heads + 2 * kvHeads) * headDim, k: hidden),
         .gemm(m: tokens, n: hidden, k: heads * headDim),
         .gemm(m: tokens, n: 2 * intermediate, k: hidden),
         .gemm(m: tokens, n: hidden, k: intermediate)]
    }

    /// The standard plan: about a minute on two cores, or about 20 s with `quick`.
    public static func standard(quick: Bool) -> CalibrationPlan {
        let fitTokens = quick ? [1, 16, 128, 512] : [1, 4, 16, 64, 256, 1024]
        let heldTokens = quick ? [2, 48, 256] : [2, 8, 32, 128, 384, 768]
        var cases: [(KernelCase, Role)] = [(.triad(elements: quick ? 16 << 20 : 32 << 20), .reference)]
        for m in fitTokens {
            cases += layerGEMMs(tokens: m, hidden: 2048, heads: 32, kvHeads: 4, headDim: 64, intermediate: 5632)
                .map { ($0, .fit) }
        }
        for m in heldTokens {
            cases += layerGEMMs(tokens: m, hidden: 896, heads: 14, kvHeads: 2, headDim: 64, intermediate: 4864)
                .map { ($0, .heldOut) }
        }
        let prefillFit = quick ? [(128, 0), (512, 0), (128, 512)] : [(64, 0), (256, 0), (1024, 0), (64, 512), (256, 1024)]
        let prefillHeld = quick ? [(256, 256)] : [(128, 0), (512, 0), (128, 256), (512, 512)]
        cases += prefillFit.map { (.prefillAttention(heads: 32, kvHeads: 4, headDim: 64, newTokens: $0.0, cachedTokens: $0.1), .fit) }
        cases += prefillHeld.map { (.prefillAttention(heads: 32, kvHeads: 4, headDim: 64, newTokens: $0.0, cachedTokens: $0.1), .heldOut) }
        let decodeFit = quick ? [(1, 1024), (8, 256), (16, 2048)] : [(1, 256), (1, 4096), (4, 1024), (16, 256), (16, 2048), (32, 1024)]
        let decodeHeld = quick ? [(4, 512)] : [(2, 512), (8, 2048), (24, 512)]
        cases += decodeFit.map { (.decodeAttention(heads: 32, kvHeads: 4, headDim: 64, sequences: $0.0, contextTokens: $0.1), .fit) }
        cases += decodeHeld.map { (.decodeAttention(heads: 32, kvHeads: 4, headDim: 64, sequences: $0.0, contextTokens: $0.1), .heldOut) }
        let harness = quick ? TimingHarness(warmupCalls: 1, minimumRepetitions: 3, maximumRepetitions: 15, budgetSeconds: 0.08)
            : TimingHarness(warmupCalls: 1, minimumRepetitions: 5, maximumRepetitions: 40, budgetSeconds: 0.25)
        return CalibrationPlan(cases: cases, harness: harness, quick: quick, rounds: quick ? 1 : 2)
    }
}

/// One timed kernel.
public struct KernelMeasurement: Sendable {
    public var kernel: KernelCase
    public var role: CalibrationPlan.Role
    /// Wall-clock times.
    public var sample: TimingSample
    /// Process CPU time per kernel thread (see ``KernelBench/timeSeconds(_:flusher:)``).
    public var cpuSample: TimingSample?

    public init(kernel: KernelCase, role: CalibrationPlan.Role, sample: TimingSample, cpuSample: TimingSample? = nil) {
        self.kernel = kernel
        self.role = role
        self.sample = sample
        self.cpuSample = cpuSample
    }

    /// Achieved GFLOP/s and GB/s at the median time.
    public var gflopsPerSecond: Double { kernel.flops / sample.medianSeconds / 1e9 }
    public var gigabytesPerSecond: Double { kernel.bytes / sample.medianSeconds / 1e9 }
}
