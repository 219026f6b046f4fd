import Foundation

/// What `simserve cost` adds for current architectures: the KV bytes per token and the
/// attention form (MLA, sliding windows), and the expert-parallel all-to-all per step.
/// Nothing for a model with neither (its report is unchanged).
extension IterationReport {
    /// KV-cache bytes of one token over all layers when the model's attention departs from
    /// MHA/GQA (MLA or sliding windows); nil otherwise.
    public var kvBytesPerTokenAllLayers: Double? {
        model.kvLoraRank != nil || model.slidingLayerCount > 0 ? model.kvBytesPerToken : nil
    }

    /// The all-to-all dispatch and combine of all MoE layers of this step, seconds; nil without
    /// expert parallelism.
    public var allToAllSeconds: Double? {
        guard parallelism.expert > 1 else { return nil }
        return ops.first { $0.op == "moe_all_to_all" }?.seconds ?? 0
    }

    /// Bytes of one token leaving its rank in one direction of the all-to-all,
    /// d · a · k · (e−1)/e; nil without expert parallelism.
    public var allToAllBytesPerToken: Double? {
        guard parallelism.expert > 1 else { return nil }
        return RooflineCostModel(model: model, hardware: hardware, parallelism: parallelism, engine: engine)
            .allToAllBytesPerToken
    }

    /// Lines for the terminal report (empty for MHA/GQA models without EP).
    var architectureLines: [String] {
        var lines: [String] = []
        if let kv = kvBytesPerTokenAllLayers {
            var line = "KV cache: \(Self.grouped(kv)) B per token over \(model.layers) layers"
            if let latent = model.mlaLatentWidth {
                line += " (multi-head latent attention: kv_lora_rank \(model.kvLoraRank ?? 0) + qk_rope_head_dim "
                    + "\(model.qkRopeHeadDim ?? 0) = \(latent) elements per layer)"
            }
            if let window = model.slidingWindow, model.slidingLayerCount > 0 {
                let context = model.maxContext
                line += "; \(model.slidingLayerCount) of \(model.layers) layers keep a window of \(window) tokens: a sequence of "
                    + "\(context) tokens holds \(Self.grouped(model.kvBytesPerSequence(context: context))) B"
            }
            lines.append(line)
        }
        if let seconds = allToAllSeconds, let perToken = allToAllBytesPerToken {
            lines.append("expert parallel: ep=\(parallelism.expert), imbalance \(Self.fixed(parallelism.expertImbalance, 2)); "
                         + "all-to-all \(Self.grouped(perToken)) B per token each way, "
                         + "\(Self.fixed(seconds * 1e6, 1)) µs per step over \(model.layers - model.denseLayerCount) MoE layers")
        }
        return lines
    }

    /// 70272 → "70,272" (whole bytes; a fraction is kept to one decimal).
    static func grouped(_ value: Double) -> String {
        guard value == value.rounded() else { return fixed(value, 1) }
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.usesGroupingSeparator = true
        formatter.groupingSeparator = ","
        formatter.maximumFractionDigits = 0
        return formatter.string(from: NSNumber(value: value)) ?? fixed(value, 0)
    }
}
