/// The attention figures of one attention library on one GPU (``AttentionLibrary``): the keys
/// of the GPU's own prefill and decode attention form (``KernelShapeParameters``) that the
/// library's kernels reach differently, laid over the GPU's own for an engine whose
/// `attention_library` names it. A key left out is the GPU's own.
///
/// Why a GPU carries more than one set: a Hopper preset's own figures are fitted on the
/// serving engines' FlashAttention-3 kernels, while plain PyTorch (`F.scaled_dot_product_attention`)
/// runs FlashAttention-2, whose causal prefill reaches ~340 TFLOP/s on an H200 where FA3 and
/// cuDNN reach 610–650, and whose split-KV decode has its own fixed costs
/// (data/kernels/h200-own; VALIDATION.md, "Own measurements on H200").
///
/// TOML, in `[hardware]`: `flash_attention_2 = { prefill_attention_efficiency = …, … }` with any
/// of ``CodingKeys``; the same ranges as the GPU's own keys.
public struct AttentionLibraryFigures: Codable, Equatable, Sendable {
    public var decodeAttentionEfficiency: Double?
    public var decodeAttentionOverheadUs: Double?
    public var decodeAttentionFloorUs: Double?
    public var decodeAttentionPerSequenceKVHeadUs: Double?
    public var decodeAttentionHalfRateUnits: Double?
    public var decodeAttentionOverlapSharpness: Double?
    public var prefillAttentionEfficiency: Double?
    public var prefillAttentionOverheadUs: Double?
    public var prefillAttentionPerSequenceUs: Double?
    public var prefillAttentionPerTokenHeadNs: Double?
    public var prefillAttentionPerTileHeadNs: Double?
    public var prefillAttentionHalfRateUnits: Double?

    public init() {}

    /// The attention figures of `shape` (a fitted GPU profile) as a library's set: every key.
    public init(from shape: KernelShapeParameters) {
        for (figure, own) in Self.ownFigures { self[keyPath: figure] = shape[keyPath: own] }
        decodeAttentionOverheadUs = shape.decodeAttentionOverheadUs
    }

    /// Each figure and the GPU's own it replaces (but `decodeAttentionOverheadUs`, optional in both).
    private static var ownFigures: [(WritableKeyPath<AttentionLibraryFigures, Double?>, WritableKeyPath<KernelShapeParameters, Double>)] {
        [(\.decodeAttentionEfficiency, \.decodeAttentionEfficiency), (\.decodeAttentionFloorUs, \.decodeAttentionFloorUs),
         (\.decodeAttentionPerSequenceKVHeadUs, \.decodeAttentionPerSequenceKVHeadUs),
         (\.decodeAttentionHalfRateUnits, \.decodeAttentionHalfRateUnits),
         (\.decodeAttentionOverlapSharpness, \.decodeAttentionOverlapSharpness),
         (\.prefillAttentionEfficiency, \.prefillAttentionEfficiency), (\.prefillAttentionOverheadUs, \.prefillAttentionOverheadUs),
         (\.prefillAttentionPerSequenceUs, \.prefillAttentionPerSequenceUs),
         (\.prefillAttentionPerTokenHeadNs, \.prefillAttentionPerTokenHeadNs),
         (\.prefillAttentionPerTileHeadNs, \.prefillAttentionPerTileHeadNs),
         (\.prefillAttentionHalfRateUnits, \.prefillAttentionHalfRateUnits)]
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case decodeAttentionEfficiency = "decode_attention_efficiency"
        case decodeAttentionOverheadUs = "decode_attention_overhead_us"
        case decodeAttentionFloorUs = "decode_attention_floor_us"
        case decodeAttentionPerSequenceKVHeadUs = "decode_attention_per_sequence_kv_head_us"
        case decodeAttentionHalfRateUnits = "decode_attention_half_rate_units"
        case decodeAttentionOverlapSharpness = "decode_attention_overlap_sharpness"
        case prefillAttentionEfficiency = "prefill_attention_efficiency"
        case prefillAttentionOverheadUs = "prefill_attention_overhead_us"
        case prefillAttentionPerSequenceUs = "prefill_attention_per_sequence_us"
        case prefillAttentionPerTokenHeadNs = "prefill_attention_per_token_head_ns"
        case prefillAttentionPerTileHeadNs = "prefill_attention_per_tile_head_ns"
        case prefillAttentionHalfRateUnits = "prefill_attention_half_rate_units"
    }

    /// Reads the keys present (floats or integers) and checks their ranges: efficiencies in
    /// (0, 1], times and counts in [0, 1e6], the sharpness in [1, 32].
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func optional(_ key: CodingKeys, _ valid: @escaping (Double) -> Bool, _ allowed: String) throws -> Double? {
            c.contains(key) ? try c.decodeNumber(forKey: key, where: valid, allowed: allowed) : nil
        }
        let fraction: (Double) -> Bool = { $0 > 0 && $0 <= 1 }
        let bounded: (Double) -> Bool = { $0 >= 0 && $0 <= 1e6 }
        let ofBandwidth = "in (0, 1] (a fraction of HBM bandwidth)", ofPeak = "in (0, 1] (a fraction of the tensor peak)"
        decodeAttentionEfficiency = try optional(.decodeAttentionEfficiency, fraction, ofBandwidth)
        decodeAttentionOverheadUs = try optional(.decodeAttentionOverheadUs, bounded, "a time in [0, 1e6] µs")
        decodeAttentionFloorUs = try optional(.decodeAttentionFloorUs, bounded, "a time in [0, 1e6] µs")
        decodeAttentionPerSequenceKVHeadUs = try optional(.decodeAttentionPerSequenceKVHeadUs, bounded, "a time in [0, 1e6] µs")
        decodeAttentionHalfRateUnits = try optional(.decodeAttentionHalfRateUnits, bounded, "in [0, 1e6] (work units)")
        decodeAttentionOverlapSharpness = try optional(.decodeAttentionOverlapSharpness, { $0 >= 1 && $0 <= 32 },
                                                       "in [1, 32] (1: the terms add)")
        prefillAttentionEfficiency = try optional(.prefillAttentionEfficiency, fraction, ofPeak)
        prefillAttentionOverheadUs = try optional(.prefillAttentionOverheadUs, bounded, "a time in [0, 1e6] µs")
        prefillAttentionPerSequenceUs = try optional(.prefillAttentionPerSequenceUs, bounded, "a time in [0, 1e6] µs")
        prefillAttentionPerTokenHeadNs = try optional(.prefillAttentionPerTokenHeadNs, bounded, "a time in [0, 1e6] ns")
        prefillAttentionPerTileHeadNs = try optional(.prefillAttentionPerTileHeadNs, bounded, "a time in [0, 1e6] ns")
        prefillAttentionHalfRateUnits = try optional(.prefillAttentionHalfRateUnits, bounded, "in [0, 1e6] (thread blocks)")
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        for (key, value) in items { try c.encode(value, forKey: key) }
    }

    /// The keys set, in declaration order.
    var items: [(CodingKeys, Double)] {
        let all: [(CodingKeys, Double?)] = [
            (.decodeAttentionEfficiency, decodeAttentionEfficiency), (.decodeAttentionOverheadUs, decodeAttentionOverheadUs),
            (.decodeAttentionFloorUs, decodeAttentionFloorUs), (.decodeAttentionPerSequenceKVHeadUs, decodeAttentionPerSequenceKVHeadUs),
            (.decodeAttentionHalfRateUnits, decodeAttentionHalfRateUnits), (.decodeAttentionOverlapSharpness, decodeAttentionOverlapSharpness),
            (.prefillAttentionEfficiency, prefillAttentionEfficiency), (.prefillAttentionOverheadUs, prefillAttentionOverheadUs),
            (.prefillAttentionPerSequenceUs, prefillAttentionPerSequenceUs), (.prefillAttentionPerTokenHeadNs, prefillAttentionPerTokenHeadNs),
            (.prefillAttentionPerTileHeadNs, prefillAttentionPerTileHeadNs),
            (.prefillAttentionHalfRateUnits, prefillAttentionHalfRateUnits)]
        return all.compactMap { key, value in value.map { (key, $0) } }
    }

    /// `shape` with every figure set here in place of its own.
    public func laid(over shape: KernelShapeParameters) -> KernelShapeParameters {
        var s = shape
        for (figure, own) in Self.ownFigures { if let x = self[keyPath: figure] { s[keyPath: own] = x } }
        if let x = decodeAttentionOverheadUs { s.decodeAttentionOverheadUs = x }
        return s
    }

    /// The figures as one TOML inline table, for `[hardware]`.
    public var tomlInlineTable: String {
        "{ " + items.map { "\($0.0.rawValue) = \(String(format: "%.4g", $0.1))" }.joined(separator: ", ") + " }"
    }
}
