import CostModel
import Foundation

/// The lines `simserve cost` prints for current architectures (``IterationReport``'s KV bytes
/// per token, attention form and expert parallelism); none for a model with neither.
extension IterationReport {
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
        } else if parallelism.expert > 1, ModelSpec.MoE(model).isSparse {
            lines.append("expert parallel: ep=\(parallelism.expert), imbalance \(Self.fixed(parallelism.expertImbalance, 2)); "
                         + "tokens replicated over the TP group, the MoE all-reduce combines the ranks: no all-to-all "
                         + "(moe_dispatch \"all_to_all\" adds one)")
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
