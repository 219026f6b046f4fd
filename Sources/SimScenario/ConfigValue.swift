/// A TOML value as the scenario layer sees it.
///
/// The tree that ``ConfigTable/parse(toml:source:)`` builds and ``ConfigDecoder`` reads.
/// TOML's dates and times become ``string(_:)`` values holding their TOML text; no scenario
/// setting is a date, so a dedicated case would only widen every `switch`.
///
/// `ConfigValue` is itself `Decodable`: a type that must look at a value's shape before
/// deciding how to read it (a string *or* a table, say) decodes a `ConfigValue` and switches
/// over it, instead of trying one type after another with `try?` — under ``ConfigDecoder``
/// every failed attempt is recorded as a problem, even when the caller catches the error.
public indirect enum ConfigValue: Equatable, Sendable {
    case table(ConfigTable)
    case array([ConfigValue])
    case string(String)
    case integer(Int)
    case float(Double)
    case bool(Bool)

    /// The kind of value with its article, for messages: `"a table"`, `"an array"`,
    /// `"a string"`, `"an integer"`, `"a number"` or `"a boolean"`.
    public var typeDescription: String {
        switch self {
        case .table: "a table"
        case .array: "an array"
        case .string: "a string"
        case .integer: "an integer"
        case .float: "a number"
        case .bool: "a boolean"
        }
    }

    /// The value as it would be written in TOML: `"fast"` (quoted), `2.5`, `true`, `[1, 2]`.
    ///
    /// - Complexity: O(*n*), where *n* is the size of the value's subtree.
    package var literalDescription: String {
        switch self {
        case .string(let text):
            var escaped = "\""
            for character in text.unicodeScalars {
                switch character {
                case "\"": escaped += "\\\""
                case "\\": escaped += "\\\\"
                case "\n": escaped += "\\n"
                case "\t": escaped += "\\t"
                case "\r": escaped += "\\r"
                default: escaped.unicodeScalars.append(character)
                }
            }
            return escaped + "\""
        case .integer(let number): return String(number)
        case .float(let number):
            if number.isNaN { return "nan" }
            if number.isInfinite { return number < 0 ? "-inf" : "inf" }
            return String(number)
        case .bool(let flag): return String(flag)
        case .array(let elements):
            return "[" + elements.map(\.literalDescription).joined(separator: ", ") + "]"
        case .table(let table):
            let pairs = table.keys.map { key in
                [ConfigPathComponent.key(key)].keyPathDescription + " = "
                    + (table[key]?.literalDescription ?? "")
            }
            return pairs.isEmpty ? "{}" : "{ " + pairs.joined(separator: ", ") + " }"
        }
    }

    /// What was found, for "expected …, found …" messages: the kind of value, and for a
    /// scalar its literal text — `a string ("fast")`, `an integer (3)`, `a table`.
    var foundDescription: String {
        switch self {
        case .table, .array: typeDescription
        case .string, .integer, .float, .bool: "\(typeDescription) (\(literalDescription))"
        }
    }
}

extension ConfigValue: Decodable {
    /// Reads the value at the decoder's position as it is.
    ///
    /// Under ``ConfigDecoder`` this takes the subtree without interpreting it: nothing is
    /// recorded, and tables inside it are not checked for unknown keys — the caller takes
    /// that job over. Under any other decoder, the value is rebuilt from the decoder's
    /// containers (key order is then the decoder's).
    public init(from decoder: any Decoder) throws {
        if let decoder = decoder as? ConfigValueDecoder {
            self = try decoder.rawValue()
            decoder.sink.tookAsIs(at: decoder.path)
            return
        }
        if let container = try? decoder.container(keyedBy: ConfigCodingKey.self) {
            var table = ConfigTable()
            for key in container.allKeys {
                table[key.stringValue] = try container.decode(ConfigValue.self, forKey: key)
            }
            self = .table(table)
        } else if var container = try? decoder.unkeyedContainer() {
            var elements: [ConfigValue] = []
            while !container.isAtEnd {
                elements.append(try container.decode(ConfigValue.self))
            }
            self = .array(elements)
        } else {
            let container = try decoder.singleValueContainer()
            if let flag = try? container.decode(Bool.self) {
                self = .bool(flag)
            } else if let number = try? container.decode(Int.self) {
                self = .integer(number)
            } else if let number = try? container.decode(Double.self) {
                self = .float(number)
            } else {
                self = .string(try container.decode(String.self))
            }
        }
    }
}
