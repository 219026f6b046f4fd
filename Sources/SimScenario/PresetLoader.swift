import CostModel
import Foundation
import SimSupport

/// The one reader of the built-in presets (the cost model keeps them as TOML text, ``Presets``):
/// the scenario resolver overlays a user's keys on ``Presets/table(_:named:)``, and the
/// speculative draft model, `simserve cost`, the calibrator and the tests take the decoded specs
/// (``Presets/model(named:)``, ``Presets/hardware(named:)``, ``Presets/engine(named:on:)``).
/// Names are matched ignoring case; an unknown one is a ``PresetError``.

/// The three catalogues of presets.
public enum PresetKind: String, Sendable {
    case model, hardware, engine

    /// The names a preset of this kind may have, sorted (engines: and "none").
    public var names: [String] {
        switch self {
        case .model: Presets.modelNames
        case .hardware: Presets.hardwareNames
        case .engine: Presets.engineNames
        }
    }

    func toml(named name: String) -> String? {
        switch self {
        case .model: Presets.modelTOML(named: name)
        case .hardware: Presets.hardwareTOML(named: name)
        case .engine: Presets.engineTOML(named: name)
        }
    }
}

/// A preset name that is not in the catalogue, with the closest one.
public struct PresetError: Error, Equatable, Sendable, CustomStringConvertible {
    /// "model", "hardware" or "engine".
    public var kind: String
    public var name: String
    public var known: [String]

    public init(kind: String, name: String, known: [String]) {
        self.kind = kind
        self.name = name
        self.known = known
    }

    public var description: String {
        var message = "unknown \(kind) preset '\(name)'"
        if let hint = DidYouMean.suggestion(for: name.lowercased(), among: known) {
            message += "; did you mean '\(hint)'?"
        }
        return message + " (known: " + known.joined(separator: ", ") + ")"
    }
}

extension Presets {
    /// The preset `name` of `kind` as a table of settings, to decode or to overlay keys on.
    /// - Throws: ``PresetError`` with a did-you-mean suggestion when there is no such preset.
    public static func table(_ kind: PresetKind, named name: String) throws(PresetError) -> ConfigTable {
        let key = "\(kind.rawValue) \(name)"
        if let table = parsedPresets.table(key) { return table }
        guard let text = kind.toml(named: name.lowercased()) else {
            throw PresetError(kind: kind.rawValue, name: name, known: kind.names)
        }
        do {
            let table = try ConfigTable.parse(toml: text, source: "\(kind.rawValue) preset \(name)")
            parsedPresets.store(table, key)
            return table
        } catch {
            preconditionFailure("built-in \(kind.rawValue) preset '\(name)' does not parse: \(error)")
        }
    }

    /// Each built-in preset parsed once per process: a sweep or a fit loads its scenario
    /// hundreds of times, and the presets' TOML never changes.
    private static let parsedPresets = ParsedPresetTables()

    /// The model preset `name` ("llama-3.1-70b", "mixtral-8x7b", ...), decoded.
    /// - Throws: ``PresetError`` with a did-you-mean suggestion when there is no such preset.
    public static func model(named name: String) throws(PresetError) -> ModelSpec {
        decoded(ModelSpec.self, try table(.model, named: name), name)
    }

    /// The hardware preset `name` ("a100-80gb", "h100-sxm", "mi300x", ...), decoded.
    /// - Throws: ``PresetError`` with a did-you-mean suggestion when there is no such preset.
    public static func hardware(named name: String) throws(PresetError) -> HardwareSpec {
        decoded(HardwareSpec.self, try table(.hardware, named: name), name)
    }

    /// The engine preset `name` ("vllm", "sglang", "tensorrt-llm", "pytorch"), decoded;
    /// "none" is the hardware's own terms.
    /// - Throws: ``PresetError`` with a did-you-mean suggestion when there is no such preset.
    public static func engine(named name: String, on hardware: HardwareSpec) throws(PresetError) -> EngineSpec {
        if name.lowercased() == noEngine { return .bare(hardware) }
        return decoded(EngineSpec.self, try table(.engine, named: name), name)
    }

    /// A built-in preset decodes (the presets' tests check each one); a failure is a bug here.
    private static func decoded<T: Decodable>(_ type: T.Type, _ table: ConfigTable, _ name: String) -> T {
        do {
            return try ConfigDecoder().decode(T.self, from: table, source: "preset \(name)")
        } catch {
            preconditionFailure("built-in preset '\(name)' does not decode as \(T.self): \(error)")
        }
    }
}

/// The parsed preset tables by kind and name, shared by every thread that loads scenarios.
private final class ParsedPresetTables: @unchecked Sendable {
    private let lock = NSLock()
    private var tables: [String: ConfigTable] = [:]

    func table(_ key: String) -> ConfigTable? {
        lock.lock()
        defer { lock.unlock() }
        return tables[key]
    }

    func store(_ table: ConfigTable, _ key: String) {
        lock.lock()
        defer { lock.unlock() }
        tables[key] = table
    }
}
