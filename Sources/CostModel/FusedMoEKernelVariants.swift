/// The JIT-compiled variants of the fused-MoE kernel an engine runs, and which of them a fresh
/// server has compiled before its first request (``EngineSpec/moeKernelCompileMs``).
///
/// vLLM (0.4–0.20) and SGLang run a mixture-of-experts layer through one Triton kernel
/// (`fused_moe_kernel`, vllm/model_executor/layers/fused_moe/fused_moe.py). Its tile sizes
/// come from a table tuned per GPU and weight shape whose rows are keyed by the batch's token
/// count M (`configs/E=…,N=…,device_name=….json`: 1, 2, 4, …, 4096); a batch takes the row
/// nearest its M (`min(configs.keys(), key=lambda x: abs(x - M))`). Triton compiles one binary
/// per set of compile-time constants (those tile sizes) and per specialisation of its integer
/// arguments, which it splits by divisibility by 16: the kernel's `num_valid_tokens` (M·k for
/// k experts per token) and `EM`, the padded length of the sorted token list,
/// M·k + E(BLOCK_SIZE_M − 1) for E experts (BLOCK_SIZE_M a multiple of 16, so EM ≡ M·k − E
/// mod 16). For Mixtral (E 8, k 2): M ≡ 0 and M ≡ 4 (mod 8) are their own variants, every other
/// M shares a third. So a batch's variant is (its row, those two divisibilities), and the first
/// batch that needs a variant not yet compiled
/// waits for Triton to compile it (seconds of CPU time, whatever the GPU or the TP degree:
/// each rank compiles its own at once) unless its cache directory already holds it.
///
/// Before serving, the engine compiles the variants of its memory profiling pass (one batch
/// of `max_num_batched_tokens` tokens) and of the decode batches it captures as CUDA graphs
/// (vLLM's capture sizes 1, 2, 4 and the multiples of 8 up to the largest captured batch); a
/// decode step replayed from a graph never compiles.
///
/// Pure: the compiled set lives with each replica in the serving layer.
public struct FusedMoEKernelVariants: Sendable, Equatable {
    /// The token counts vLLM's tuned tables are keyed by (every shipped `E=8,…` table of
    /// v0.4–v0.6 has these rows).
    public static let tunedTokenCounts = [1, 2, 4, 8, 16, 24, 32, 48, 64, 96, 128, 256, 512, 1024, 1536, 2048, 3072, 4096]

    /// Seconds to compile one variant.
    public let compileSeconds: Double
    /// Experts per layer (E) and experts per token (k).
    public let experts: Int, expertsPerToken: Int
    /// The largest decode batch replayed from a CUDA graph (0: no graphs).
    public let graphMaxBatch: Int
    /// Tokens of the engine's profiling batch (`max_num_batched_tokens`).
    public let profilingTokens: Int

    /// The variants of a model with experts under an engine that compiles them cold; nil for a
    /// dense model or an engine whose ``EngineSpec/moeKernelCompileMs`` is 0 (kernels cached).
    public init?(model: ModelSpec, engine: EngineSpec, maxTokensPerIteration: Int) {
        guard (model.experts ?? 0) > 1, engine.moeKernelCompileMs > 0 else { return nil }
        self.init(compileSeconds: engine.moeKernelCompileMs * 1e-3, experts: model.experts ?? 0,
                  expertsPerToken: model.activeExperts ?? 1, graphMaxBatch: engine.cudaGraphs ? engine.cudaGraphMaxBatchSize : 0,
                  profilingTokens: maxTokensPerIteration)
    }

    public init(compileSeconds: Double, experts: Int, expertsPerToken: Int, graphMaxBatch: Int, profilingTokens: Int) {
        self.compileSeconds = compileSeconds
        self.experts = experts
        self.expertsPerToken = expertsPerToken
        self.graphMaxBatch = graphMaxBatch
        self.profilingTokens = profilingTokens
    }

    /// The variant a batch of `tokens` tokens runs: its tuned row's index × 4 + whether
    /// `num_valid_tokens` (bit 0) and `EM` (bit 1) are multiples of 16.
    public func variant(tokens: Int) -> Int {
        let m = max(1, tokens)
        var row = 0
        // The nearest row, the smaller on a tie (Python's `min` keeps the first).
        for (i, key) in Self.tunedTokenCounts.enumerated() where abs(key - m) < abs(Self.tunedTokenCounts[row] - m) { row = i }
        let valid = m * expertsPerToken
        return row * 4 + (valid % 16 == 0 ? 1 : 0) + ((valid - experts) % 16 == 0 ? 2 : 0)
    }

    /// The variants compiled before the first request: the profiling batch's and those of
    /// every captured decode batch.
    public var precompiled: Set<Int> {
        var compiled: Set<Int> = [variant(tokens: profilingTokens)]
        for batch in Self.captureSizes(upTo: graphMaxBatch) { compiled.insert(variant(tokens: batch)) }
        return compiled
    }

    /// vLLM's CUDA-graph capture sizes up to `largest`: 1, 2, 4, then every multiple of 8.
    static func captureSizes(upTo largest: Int) -> [Int] {
        ([1, 2, 4] + stride(from: 8, through: largest, by: 8)).filter { $0 <= largest }
    }

    /// The variant `shape` needs compiled, or nil when it runs from a captured CUDA graph.
    public func variant(of shape: BatchShape) -> Int? {
        shape.runsFromCUDAGraph(largestCaptured: graphMaxBatch) ? nil : variant(tokens: shape.totalTokens)
    }
}
