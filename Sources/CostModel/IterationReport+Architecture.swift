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
    /// expert parallelism or where the engine keeps the tokens replicated (``MoEDispatch``).
    public var allToAllSeconds: Double? {
        guard parallelism.expert > 1, engine.moeDispatch == .allToAll else { return nil }
        return ops.first { $0.op == "moe_all_to_all" }?.seconds ?? 0
    }

    /// Bytes of one token leaving its rank in one direction of the all-to-all,
    /// d · a · k · (e−1)/e; nil without expert parallelism or an all-to-all.
    public var allToAllBytesPerToken: Double? {
        guard parallelism.expert > 1, engine.moeDispatch == .allToAll else { return nil }
        return RooflineCostModel(model: model, hardware: hardware, parallelism: parallelism, engine: engine)
            .allToAllBytesPerToken
    }
}
