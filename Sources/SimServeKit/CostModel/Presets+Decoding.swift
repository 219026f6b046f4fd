import TOMLKit

/// A preset name that is not in the catalogue, with the closest one.
public struct PresetError: Error, Equatable, Sendable, CustomStringConvertible {
    /// "model" or "hardware".
    public var kind: String
    public var name: String
    public var known: [String]

    public var description: String {
        var message = "unknown \(kind) preset '\(name)'"
        if let hint = DidYouMean.suggestion(for: name, among: known) {
            message += "; did you mean '\(hint)'?"
        }
        return message + " (known: " + known.joined(separator: ", ") + ")"
    }
}

extension Presets {
    /// The model preset `name` ("llama-3.1-70b", "mixtral-8x7b", ...), decoded.
    /// - Throws: ``PresetError`` with a did-you-mean suggestion when there is no such preset.
    public static func model(named name: String) throws(PresetError) -> ModelSpec {
        guard let text = modelTOML(named: name), let spec = try? decode(ModelSpec.self, text) else {
            throw PresetError(kind: "model", name: name, known: modelNames)
        }
        return spec
    }

    /// The hardware preset `name` ("a100-80gb", "h100-sxm", "mi300x", ...), decoded.
    /// - Throws: ``PresetError`` with a did-you-mean suggestion when there is no such preset.
    public static func hardware(named name: String) throws(PresetError) -> HardwareSpec {
        guard let text = hardwareTOML(named: name), let spec = try? decode(HardwareSpec.self, text) else {
            throw PresetError(kind: "hardware", name: name, known: hardwareNames)
        }
        return spec
    }

    /// The engine preset `name` ("vllm", "sglang", "tensorrt-llm", "pytorch"), decoded;
    /// "none" is the hardware's own terms.
    /// - Throws: ``PresetError`` with a did-you-mean suggestion when there is no such preset.
    public static func engine(named name: String, on hardware: HardwareSpec) throws(PresetError) -> EngineSpec {
        if name == noEngine { return .bare(hardware) }
        guard let text = engineTOML(named: name), let spec = try? decode(EngineSpec.self, text) else {
            throw PresetError(kind: "engine", name: name, known: engineNames)
        }
        return spec
    }

    private static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try TOMLDecoder().decode(T.self, from: try TOMLTable(string: text))
    }
}
