import CostModel

extension ConfigTable {
    /// The `[model]` table that decodes back to `spec`, so that a model read from a Hugging
    /// Face config.json can take field overrides like a preset. Its keys are `ModelSpec`'s own
    /// coding keys (``ConfigTableEncoder``): a field added to the type needs no second list here.
    init(modelSpec spec: ModelSpec) throws {
        self = try ConfigTableEncoder.table(spec)
    }
}
