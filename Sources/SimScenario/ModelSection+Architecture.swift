import CostModel
import SimWorkload

extension ScenarioResolver {
    /// The keys of current architectures (MLA, sliding windows, MoE layout) in range and
    /// consistent: MoE-only keys need `experts` > 1, MLA's dimensions need `kv_lora_rank`,
    /// `sliding_layers` needs `sliding_window`.
    mutating func checkArchitecture(_ model: ModelSpec) {
        let sparse = (model.experts ?? 1) > 1
        let moeKeys: [(String, Int?, ClosedRange<Int>)] = [
            ("shared_experts", model.sharedExperts, 0...100_000),
            ("moe_intermediate_size", model.moeIntermediateSize, 1...10_000_000),
            ("dense_layers", model.denseLayers, 0...(model.layers > 0 ? model.layers - 1 : 0)),
        ]
        for (key, value, range) in moeKeys {
            guard let value else { continue }
            if sparse {
                bounded(value, range, "model.\(key)")
            } else {
                issue("model.\(key)", "only used with a mixture-of-experts model (model.experts > 1), got \(value)")
            }
        }
        let latentKeys: [(String, Int?)] = [("q_lora_rank", model.qLoraRank), ("qk_rope_head_dim", model.qkRopeHeadDim),
                                            ("qk_nope_head_dim", model.qkNopeHeadDim), ("v_head_dim", model.vHeadDim)]
        if let rank = model.kvLoraRank {
            bounded(rank, 1...1_000_000, "model.kv_lora_rank")
            for (key, value) in latentKeys where key != "q_lora_rank" && value == nil {
                issue("model.\(key)", "missing; multi-head latent attention (model.kv_lora_rank = \(rank)) needs qk_rope_head_dim, qk_nope_head_dim and v_head_dim")
            }
        }
        for (key, value) in latentKeys {
            guard let value else { continue }
            if model.kvLoraRank == nil {
                issue("model.\(key)", "only used with multi-head latent attention (model.kv_lora_rank), got \(value)")
            } else {
                bounded(value, key == "qk_rope_head_dim" ? 0...100_000 : 1...1_000_000, "model.\(key)")
            }
        }
        if let window = model.slidingWindow { bounded(window, 1...InputBounds.maxTokensPerRequest, "model.sliding_window") }
        if let local = model.slidingLayers {
            if model.slidingWindow == nil {
                issue("model.sliding_layers", "only used with model.sliding_window (the local layers' window), got \(local)")
            } else {
                bounded(local, 0...max(0, model.layers), "model.sliding_layers")
            }
        }
    }
}
