import CostModel

extension ConfigTable {
    /// The `[model]` table that decodes back to `spec`, so that a model read from a Hugging
    /// Face config.json can take field overrides like a preset.
    init(modelSpec spec: ModelSpec) {
        self.init()
        self["name"] = .string(spec.name)
        self["layers"] = .integer(spec.layers)
        self["hidden_size"] = .integer(spec.hiddenSize)
        self["heads"] = .integer(spec.heads)
        self["kv_heads"] = .integer(spec.kvHeads)
        self["head_dim"] = .integer(spec.headDim)
        self["intermediate_size"] = .integer(spec.intermediateSize)
        self["vocab_size"] = .integer(spec.vocabSize)
        self["gated_mlp"] = .bool(spec.gatedMLP)
        self["max_context"] = .integer(spec.maxContext)
        self["weight_dtype"] = .string(spec.weightDtype.rawValue)
        self["kv_dtype"] = .string(spec.kvDtype.rawValue)
        self["tie_embeddings"] = .bool(spec.tieEmbeddings)
        if let activation = spec.activationDtype { self["activation_dtype"] = .string(activation.rawValue) }
        if let experts = spec.experts { self["experts"] = .integer(experts) }
        if let active = spec.activeExperts { self["active_experts"] = .integer(active) }
        let optional: [(String, Int?)] = [
            ("shared_experts", spec.sharedExperts), ("moe_intermediate_size", spec.moeIntermediateSize),
            ("dense_layers", spec.denseLayers), ("kv_lora_rank", spec.kvLoraRank), ("q_lora_rank", spec.qLoraRank),
            ("qk_rope_head_dim", spec.qkRopeHeadDim), ("qk_nope_head_dim", spec.qkNopeHeadDim),
            ("v_head_dim", spec.vHeadDim), ("sliding_window", spec.slidingWindow), ("sliding_layers", spec.slidingLayers),
        ]
        for (key, value) in optional { if let value { self[key] = .integer(value) } }
    }
}
