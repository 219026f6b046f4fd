import CostModel
import Foundation

/// The fields of current architectures in a Hugging Face `config.json`, beyond the LLaMA
/// ones: multi-head latent attention (`DeepseekV3Config`), sliding windows (`MistralConfig`,
/// `Gemma2Config`, `Gemma3TextConfig`, `GptOssConfig`) and MoE layout (`DeepseekV3Config`,
/// `Qwen3MoeConfig`).
struct HuggingFaceArchitecture {
    var kvLoraRank: Int?, qLoraRank: Int?, qkRopeHeadDim: Int?, qkNopeHeadDim: Int?, vHeadDim: Int?
    var slidingWindow: Int?, slidingLayers: Int?
    var sharedExperts: Int?, moeIntermediateSize: Int?, denseLayers: Int?

    /// MLA's per-head query/key width d_nope + d_R, the default `head_dim` of an MLA model.
    var mlaHeadDim: Int? {
        guard kvLoraRank != nil, let nope = qkNopeHeadDim else { return nil }
        return nope + (qkRopeHeadDim ?? 0)
    }

    func apply(to spec: inout ModelSpec) {
        spec.kvLoraRank = kvLoraRank
        spec.qLoraRank = qLoraRank
        spec.qkRopeHeadDim = kvLoraRank == nil ? nil : qkRopeHeadDim
        spec.qkNopeHeadDim = kvLoraRank == nil ? nil : qkNopeHeadDim
        spec.vHeadDim = kvLoraRank == nil ? nil : vHeadDim
        spec.slidingWindow = slidingWindow
        spec.slidingLayers = slidingWindow == nil ? nil : slidingLayers
        let sparse = (spec.experts ?? 1) > 1
        spec.sharedExperts = sparse && (sharedExperts ?? 0) > 0 ? sharedExperts : nil
        spec.moeIntermediateSize = sparse ? moeIntermediateSize : nil
        spec.denseLayers = sparse && (denseLayers ?? 0) > 0 ? denseLayers : nil
    }
}

extension HuggingFaceFields {
    /// Reads `kv_lora_rank`, `q_lora_rank`, `qk_rope_head_dim`, `qk_nope_head_dim`,
    /// `v_head_dim` (MLA); `sliding_window` (ignored when `use_sliding_window` is false, as in
    /// Qwen2/3 configs) with the local layers from `layer_types` (those named
    /// "sliding_attention"), else `sliding_window_pattern` N (every N-th layer global: Gemma 3),
    /// else every other layer from the first for `model_type` "gemma2" (transformers'
    /// `Gemma2DecoderLayer`), else every layer (Mistral-7B v0.1); `n_shared_experts`,
    /// `moe_intermediate_size`, `first_k_dense_replace`.
    func architecture(layers: Int) throws(ModelConfigError) -> HuggingFaceArchitecture {
        var result = HuggingFaceArchitecture()
        result.kvLoraRank = try optionalPositiveInt("kv_lora_rank")
        if result.kvLoraRank != nil {
            result.qLoraRank = try optionalPositiveInt("q_lora_rank")
            result.qkRopeHeadDim = try optionalPositiveInt("qk_rope_head_dim")
            result.qkNopeHeadDim = try optionalPositiveInt("qk_nope_head_dim")
            result.vHeadDim = try optionalPositiveInt("v_head_dim")
        }
        if try bool("use_sliding_window", default: true), let window = try optionalPositiveInt("sliding_window") {
            result.slidingWindow = window
            result.slidingLayers = try slidingLayerCount(layers: layers)
        }
        result.sharedExperts = try optionalCount("n_shared_experts")
        result.moeIntermediateSize = try optionalPositiveInt("moe_intermediate_size")
        result.denseLayers = try optionalCount("first_k_dense_replace")
        if let dense = result.denseLayers, dense > layers {
            throw .badField(path: path, field: "first_k_dense_replace", value: "\(dense)",
                            expected: "at most num_hidden_layers (\(layers))")
        }
        return result
    }

    /// Local layers of a model with a window (see ``architecture(layers:)``).
    private func slidingLayerCount(layers: Int) throws(ModelConfigError) -> Int {
        if let raw = json["layer_types"], !(raw is NSNull) {
            guard let types = raw as? [String], types.count == layers else {
                throw .badField(path: path, field: "layer_types", value: Self.describe(raw),
                                expected: "a list of \(layers) strings (num_hidden_layers)")
            }
            return types.filter { $0 == "sliding_attention" }.count
        }
        if let pattern = try optionalPositiveInt("sliding_window_pattern") {
            return layers - layers / pattern
        }
        if try optionalString("model_type")?.lowercased() == "gemma2" { return (layers + 1) / 2 }
        return layers
    }

    /// A count that may be 0 (absent: nil).
    private func optionalCount(_ field: String) throws(ModelConfigError) -> Int? {
        guard let raw = json[field], !(raw is NSNull) else { return nil }
        guard let number = raw as? NSNumber, !Self.isBoolean(raw),
              let value = Int(exactly: number.doubleValue), value >= 0 else {
            throw .badField(path: path, field: field, value: Self.describe(raw), expected: "an integer ≥ 0")
        }
        return value
    }
}
