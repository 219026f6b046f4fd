/// Built-in model and hardware descriptions, as TOML text.
///
/// The presets are TOML rather than Swift values so that the scenario layer can overlay a
/// user's keys on a preset table field by field and decode the merged table once; every value
/// carries its source in a TOML comment.
public enum Presets {
    /// TOML text of the `[model]` table for a preset ("llama-2-7b", "llama-3-8b", ...), or nil.
    public static func modelTOML(named name: String) -> String? {
        ModelPresets.tables[name]
    }

    /// Names of the model presets, sorted.
    public static var modelNames: [String] { ModelPresets.tables.keys.sorted() }

    /// TOML text of the `[hardware]` table for a preset ("a100-80gb", "h100-sxm", ...), or nil.
    public static func hardwareTOML(named name: String) -> String? {
        HardwarePresets.tables[name]
    }

    /// Names of the hardware presets, sorted.
    public static var hardwareNames: [String] { HardwarePresets.tables.keys.sorted() }

    /// TOML text of the `[engine]` table for a preset ("vllm", "sglang", ...), or nil.
    public static func engineTOML(named name: String) -> String? {
        EnginePresets.tables[name]
    }

    /// Names of the engine presets, sorted, and "none" (the hardware's own terms).
    public static var engineNames: [String] { EnginePresets.tables.keys.sorted() + [noEngine] }

    /// The engine name that adds nothing to the hardware description (``EngineSpec/bare(_:)``).
    public static let noEngine = "none"

    /// The engine a scenario gets when it names none.
    public static let defaultEngine = "vllm"
}
