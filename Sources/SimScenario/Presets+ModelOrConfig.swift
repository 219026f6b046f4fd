import CostModel

extension Presets {
    /// A model given as a preset name or as the path of a Hugging Face `config.json` (a name
    /// ending in `.json`), as `simserve cost --model` takes it.
    public static func model(presetOrConfig text: String) throws -> ModelSpec {
        text.hasSuffix(".json") ? try ModelSpec.fromHuggingFaceConfig(path: text, name: nil) : try Presets.model(named: text)
    }
}
