import CostModel
import SimWorkload

/// `[model]` (or `model = "preset"`): a preset, a Hugging Face `config.json`
/// (`model.config`), or a whole table, decoded into a ``ModelSpec`` and checked.
extension ScenarioResolver {
    /// The `[model]` section over its preset or config; `required` under the roofline cost model.
    mutating func resolveModel(in table: ConfigTable, required: Bool) -> ModelSpec? {
        resolvePreset(ModelSpec.self, section: "model", in: table, required: required, preset: .model)
    }

    /// A model's dimensions within what the cost model computes exactly (`Double` FLOPs and
    /// bytes, `Int` token counts): each in a stated range, heads divisible by KV heads.
    mutating func checkModel(_ model: ModelSpec) {
        let ranges: [(String, Int, ClosedRange<Int>)] = [
            ("layers", model.layers, 1...10_000), ("hidden_size", model.hiddenSize, 1...1_000_000),
            ("heads", model.heads, 1...100_000), ("kv_heads", model.kvHeads, 1...100_000),
            ("head_dim", model.headDim, 1...100_000), ("intermediate_size", model.intermediateSize, 1...10_000_000),
            ("vocab_size", model.vocabSize, 1...10_000_000), ("max_context", model.maxContext, 1...InputBounds.maxTokensPerRequest),
        ]
        for (key, value, range) in ranges { bounded(value, range, "model.\(key)") }
        if let experts = model.experts { bounded(experts, 1...100_000, "model.experts") }
        if let active = model.activeExperts { bounded(active, 1...max(1, model.experts ?? 1), "model.active_experts") }
        checkArchitecture(model)
        if model.kvHeads >= 1, model.heads >= 1 {
            check(model.heads % model.kvHeads == 0 && model.kvHeads <= model.heads, "model.kv_heads",
                  "must divide the \(model.heads) query heads, got \(model.kvHeads)")
        }
    }

    /// The model's data types among those each use takes: weights, activations, KV cache.
    mutating func checkDataTypes(_ model: ModelSpec) {
        checkDataType(model.weightDtype, among: DataType.weightTypes, "model.weight_dtype")
        if let activation = model.activationDtype {
            checkDataType(activation, among: [.fp16, .bf16, .fp8, .fp32], "model.activation_dtype")
        }
        checkDataType(model.kvDtype, among: DataType.kvCacheTypes, "model.kv_dtype")
    }
}
