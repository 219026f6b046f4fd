/// The few parameters that bend the roofline of ``KernelTimeModel`` to the shapes real
/// kernels run at. Flat keys of the `[hardware]` table, all optional.
///
/// Defaults: fitted once, by least squares on relative error, on measured A100-80GB times
/// (Vidur profiler data in `shared/data/vidur-profiling`, see ``OpValidation``):
/// `roofline_sharpness` on the linear ops of `Llama-2-7b-hf.mlp.csv` only (held out on the
/// other four models); the attention terms on every other row of
/// `Llama-2-7b-hf.attention.samples.csv` (held out on the rest); `collective_overhead_us`
/// with `link_efficiency` 0.51 and `link_latency_us` 0.44 on the single-node rows of
/// `a100_dgx.all_reduce.csv` (held out on `a100_pairwise_nvlink`). `gemm_tile_rows` is
/// public knowledge: 64 is the smallest M tile of cuBLAS/CUTLASS fp16 kernels on Ampere.
public struct KernelShapeParameters: Codable, Equatable, Sendable {
    /// p of the soft roofline max(C, M) ≈ (Cᵖ + Mᵖ)^(1/p): how sharply a GEMM turns from
    /// bandwidth- to compute-bound. ∞ is the plain roofline; the A100 data give 1.84, i.e.
    /// the two pipelines overlap imperfectly near the ridge point.
    public var rooflineSharpness: Double = 1.84
    /// GEMM rows (tokens) are computed in tiles of this height: m is rounded up to it.
    public var gemmTileRows: Int = 64
    /// Fraction of fp16 peak that prefill attention reaches on the unmasked work
    /// 4·H·D·Σ cᵢ(oᵢ + cᵢ) (or on the tiled work when `attentionQueryTile` is set): the
    /// profiled kernel's time does not shrink with the causal mask (this form fits the data
    /// to 2.9 %, the causal form to 21 %).
    public var prefillAttentionEfficiency: Double = 0.331
    /// Query rows per tile of the prefill attention kernel, when its time follows the tiled
    /// (block-causal) work Σ over tiles of rows · (o + end of tile) — see
    /// ``BatchShape/tiledTokenPairs(newTokens:cachedTokens:tile:)`` — instead of the unmasked
    /// work. nil (the default, and the GPU presets): the unmasked form above. The CPU
    /// profiles set the calibrator's kernel's tile.
    public var attentionQueryTile: Int? = nil
    /// Fixed time of a prefill attention call (KV-cache write, metadata), µs.
    public var prefillAttentionOverheadUs: Double = 34.5
    /// Fraction of HBM bandwidth that decode attention reaches while streaming the KV cache.
    public var decodeAttentionEfficiency: Double = 0.95
    /// Decode attention time per sequence (block-table walk, per-sequence reduction), µs.
    public var decodeAttentionPerSequenceUs: Double = 1.14
    /// Fixed time of one collective as launched from the framework (NCCL launch and sync), µs.
    public var collectiveOverheadUs: Double = 30.75

    public init() {}

    enum CodingKeys: String, CodingKey {
        case rooflineSharpness = "roofline_sharpness", gemmTileRows = "gemm_tile_rows"
        case prefillAttentionEfficiency = "prefill_attention_efficiency"
        case prefillAttentionOverheadUs = "prefill_attention_overhead_us"
        case attentionQueryTile = "attention_query_tile"
        case decodeAttentionEfficiency = "decode_attention_efficiency"
        case decodeAttentionPerSequenceUs = "decode_attention_per_sequence_us"
        case collectiveOverheadUs = "collective_overhead_us"
    }

    /// Reads whichever keys are present (floats or integers); the rest keep their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func number(_ key: CodingKeys, _ fallback: Double) throws -> Double {
            guard c.contains(key) else { return fallback }
            if let d = try? c.decode(Double.self, forKey: key) { return d }
            return Double(try c.decode(Int.self, forKey: key))
        }
        let d = KernelShapeParameters()
        rooflineSharpness = try number(.rooflineSharpness, d.rooflineSharpness)
        gemmTileRows = c.contains(.gemmTileRows) ? try c.decode(Int.self, forKey: .gemmTileRows) : d.gemmTileRows
        prefillAttentionEfficiency = try number(.prefillAttentionEfficiency, d.prefillAttentionEfficiency)
        prefillAttentionOverheadUs = try number(.prefillAttentionOverheadUs, d.prefillAttentionOverheadUs)
        attentionQueryTile = try c.decodeIfPresent(Int.self, forKey: .attentionQueryTile)
        if let tile = attentionQueryTile, tile < 1 {
            throw DecodingError.dataCorruptedError(forKey: .attentionQueryTile, in: c,
                                                   debugDescription: "must be ≥ 1 query rows (leave it out for no tile), got \(tile)")
        }
        decodeAttentionEfficiency = try number(.decodeAttentionEfficiency, d.decodeAttentionEfficiency)
        decodeAttentionPerSequenceUs = try number(.decodeAttentionPerSequenceUs, d.decodeAttentionPerSequenceUs)
        collectiveOverheadUs = try number(.collectiveOverheadUs, d.collectiveOverheadUs)
    }
}
