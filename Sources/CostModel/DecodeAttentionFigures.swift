/// One decode-attention kernel's figures over an fp8 KV cache on one GPU: the time form of
/// ``AttentionKernelTimeModel/decodeAttention(sequences:contextTokens:heads:kvHeads:headDim:activationBytes:kvBytes:)``
/// for an engine whose `decode_attention_kernel` names that kernel (``DecodeAttentionKernel``),
/// in place of the GPU's own (its `decode_attention_*` figures with the fp8 KV's extra fixed
/// time and rate). A figure left out is the GPU's own; over a 16-bit KV cache the GPU's own
/// figures time the kernel.
///
/// TOML, in `[hardware]`: `trtllm_xqa_decode_attention = { fp8_kv_efficiency = …,
/// fp8_kv_overhead_us = …, fp8_kv_floor_us = …, fp8_kv_per_sequence_kv_head_us = …,
/// fp8_kv_half_rate_units = …, fp8_kv_overlap_sharpness = … }`, the first two required.
public struct DecodeAttentionFigures: Codable, Equatable, Sendable {
    /// Fraction of HBM bandwidth at which the kernel streams an fp8 KV cache.
    public var fp8KVEfficiency: Double
    /// The kernel's fixed time per call, µs.
    public var fp8KVOverheadUs: Double
    /// The kernel's shortest call, µs; nil: the GPU's `decode_attention_floor_us`.
    public var fp8KVFloorUs: Double?
    /// Time per sequence and GQA-packed work unit, µs; nil: the GPU's
    /// `decode_attention_per_sequence_kv_head_us`.
    public var fp8KVPerSequenceKVHeadUs: Double?
    /// Work units at which the KV streams at half rate; nil: the GPU's
    /// `decode_attention_half_rate_units`.
    public var fp8KVHalfRateUnits: Double?
    /// Sharpness of the soft maximum of per-sequence work and streaming (1: they add); nil: the
    /// GPU's `decode_attention_overlap_sharpness`.
    public var fp8KVOverlapSharpness: Double?

    public init(fp8KVEfficiency: Double, fp8KVOverheadUs: Double, fp8KVFloorUs: Double? = nil,
                fp8KVPerSequenceKVHeadUs: Double? = nil, fp8KVHalfRateUnits: Double? = nil,
                fp8KVOverlapSharpness: Double? = nil) {
        self.fp8KVEfficiency = fp8KVEfficiency
        self.fp8KVOverheadUs = fp8KVOverheadUs
        self.fp8KVFloorUs = fp8KVFloorUs
        self.fp8KVPerSequenceKVHeadUs = fp8KVPerSequenceKVHeadUs
        self.fp8KVHalfRateUnits = fp8KVHalfRateUnits
        self.fp8KVOverlapSharpness = fp8KVOverlapSharpness
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case fp8KVEfficiency = "fp8_kv_efficiency", fp8KVOverheadUs = "fp8_kv_overhead_us"
        case fp8KVFloorUs = "fp8_kv_floor_us", fp8KVPerSequenceKVHeadUs = "fp8_kv_per_sequence_kv_head_us"
        case fp8KVHalfRateUnits = "fp8_kv_half_rate_units", fp8KVOverlapSharpness = "fp8_kv_overlap_sharpness"
    }

    /// Reads the keys (floats or integers) and checks their ranges: the efficiency in (0, 1],
    /// times in [0, 1e6] µs, the half-rate units in [0, 1e6], the sharpness in [1, 32].
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func read(_ key: CodingKeys, _ valid: (Double) -> Bool, _ allowed: String) throws -> Double {
            try c.decodeNumber(forKey: key, where: valid, allowed: allowed)
        }
        func optional(_ key: CodingKeys, _ valid: (Double) -> Bool, _ allowed: String) throws -> Double? {
            c.contains(key) ? try read(key, valid, allowed) : nil
        }
        let time: (Double) -> Bool = { $0 >= 0 && $0 <= 1e6 }
        fp8KVEfficiency = try read(.fp8KVEfficiency, { $0 > 0 && $0 <= 1 }, "in (0, 1] (a fraction of HBM bandwidth)")
        fp8KVOverheadUs = try read(.fp8KVOverheadUs, time, "a time in [0, 1e6] µs")
        fp8KVFloorUs = try optional(.fp8KVFloorUs, time, "a time in [0, 1e6] µs")
        fp8KVPerSequenceKVHeadUs = try optional(.fp8KVPerSequenceKVHeadUs, time, "a time in [0, 1e6] µs")
        fp8KVHalfRateUnits = try optional(.fp8KVHalfRateUnits, { $0 >= 0 && $0 <= 1e6 }, "in [0, 1e6] (work units)")
        fp8KVOverlapSharpness = try optional(.fp8KVOverlapSharpness, { $0 >= 1 && $0 <= 32 }, "in [1, 32] (1: the terms add)")
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(fp8KVEfficiency, forKey: .fp8KVEfficiency)
        try c.encode(fp8KVOverheadUs, forKey: .fp8KVOverheadUs)
        try c.encodeIfPresent(fp8KVFloorUs, forKey: .fp8KVFloorUs)
        try c.encodeIfPresent(fp8KVPerSequenceKVHeadUs, forKey: .fp8KVPerSequenceKVHeadUs)
        try c.encodeIfPresent(fp8KVHalfRateUnits, forKey: .fp8KVHalfRateUnits)
        try c.encodeIfPresent(fp8KVOverlapSharpness, forKey: .fp8KVOverlapSharpness)
    }

    /// The figures as one TOML inline table, for `[hardware]`.
    public var tomlInlineTable: String {
        func number(_ x: Double) -> String { String(format: "%.4g", x) }
        var items = ["fp8_kv_efficiency = \(number(fp8KVEfficiency))", "fp8_kv_overhead_us = \(number(fp8KVOverheadUs))"]
        if let x = fp8KVFloorUs { items.append("fp8_kv_floor_us = \(number(x))") }
        if let x = fp8KVPerSequenceKVHeadUs { items.append("fp8_kv_per_sequence_kv_head_us = \(number(x))") }
        if let x = fp8KVHalfRateUnits { items.append("fp8_kv_half_rate_units = \(number(x))") }
        if let x = fp8KVOverlapSharpness { items.append("fp8_kv_overlap_sharpness = \(number(x))") }
        return "{ " + items.joined(separator: ", ") + " }"
    }
}
