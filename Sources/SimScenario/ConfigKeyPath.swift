/// One step from a table to a value inside it: a key, or an index into an array.
enum ConfigPathComponent: Hashable, Sendable {
    case key(String)
    case index(Int)
}

extension Array where Element == ConfigPathComponent {
    /// The path as a user writes it: `workload.classes[2]."gpu.a100"`.
    ///
    /// Keys that are not TOML bare keys (letters, digits, `_` and `-`) are quoted, so that a
    /// key containing a dot cannot be mistaken for two.
    var keyPathDescription: String {
        var text = ""
        for component in self {
            switch component {
            case .key(let key):
                if !text.isEmpty { text += "." }
                text += Self.tomlKey(key)
            case .index(let index):
                text += "[\(index)]"
            }
        }
        return text
    }

    private static func tomlKey(_ key: String) -> String {
        let isBare = !key.isEmpty && key.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                || scalar == "_" || scalar == "-")
        }
        return isBare ? key : ConfigValue.string(key).literalDescription
    }

    /// Converts a `Codable` coding path back into components.
    ///
    /// Array positions appear in coding paths as ``ConfigCodingKey`` indices; every other
    /// key, whatever its type, is a table key named by its `stringValue`.
    init(_ codingPath: [any CodingKey]) {
        self = codingPath.map { key in
            if let key = key as? ConfigCodingKey, let index = key.index {
                return .index(index)
            }
            return .key(key.stringValue)
        }
    }

    /// The path as `Codable` coding keys, for `Decoder.codingPath`.
    var codingPath: [any CodingKey] {
        map { component in
            switch component {
            case .key(let key): ConfigCodingKey(stringValue: key)
            case .index(let index): ConfigCodingKey(index: index)
            }
        }
    }
}

/// The coding key the configuration decoder puts in coding paths.
///
/// It tells array positions (`index` set) apart from table keys that merely look like
/// numbers, such as the key `"3"` of a dictionary.
struct ConfigCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { index }
    /// The array position, or `nil` for a table key.
    var index: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        self.index = nil
    }

    init(index: Int) {
        self.stringValue = "Index \(index)"
        self.index = index
    }

    init?(intValue: Int) {
        self.init(index: intValue)
    }
}
