import CostModel

/// A minimal TOML writer for the profile: `key = value` lines, `[table]` and `[[array]]`
/// headers, comments. Values are strings (escaped per TOML 1.0 §String), integers, floats
/// (Swift's shortest round-tripping form, which is valid TOML: `1e-05`, `0.75`) and booleans.
struct TOMLText {
    enum Value {
        case string(String), int(Int), double(Double), bool(Bool)
        /// A figure per group size, as an inline table: `{ 2 = 67108864, 4 = 33554432 }`.
        case groupSizes(BytesByGroupSize)

        var literal: String {
            switch self {
            case .string(let s):
                var escaped = "\""
                for scalar in s.unicodeScalars {
                    switch scalar {
                    case "\"": escaped += "\\\""
                    case "\\": escaped += "\\\\"
                    case "\n": escaped += "\\n"
                    case "\t": escaped += "\\t"
                    default:
                        if scalar.value < 0x20 || scalar.value == 0x7F {
                            escaped += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                                + String(scalar.value, radix: 16)
                        } else {
                            escaped.unicodeScalars.append(scalar)
                        }
                    }
                }
                return escaped + "\""
            case .int(let i): return String(i)
            case .double(let d):
                if d.isNaN { return "nan" }
                if d.isInfinite { return d > 0 ? "inf" : "-inf" }
                return "\(d)"
            case .bool(let b): return b ? "true" : "false"
            case .groupSizes(let table):
                return "{ " + table.entries.map { "\($0.gpus) = \(Value.double($0.bytes).literal)" }.joined(separator: ", ") + " }"
            }
        }
    }

    private(set) var text = ""

    mutating func comment(_ line: String) { text += "# \(line)\n" }
    mutating func line(_ key: String, _ value: Value) { text += "\(key) = \(value.literal)\n" }
    mutating func table(_ name: String) { text += "\n[\(name)]\n" }
    mutating func arrayTable(_ name: String) { text += "\n[[\(name)]]\n" }
}
