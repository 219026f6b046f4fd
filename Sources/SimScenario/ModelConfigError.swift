/// Why a Hugging Face `config.json` could not be read as a ``ModelSpec``: every case names
/// the file, and the field where there is one.
public enum ModelConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file cannot be read, or is not a JSON object.
    case unreadable(path: String, reason: String)
    /// A field the cost model needs is absent.
    case missingField(path: String, field: String)
    /// A field is present but has the wrong type or an impossible value.
    case badField(path: String, field: String, value: String, expected: String)

    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            return "cannot read model config \(path): \(reason)"
        case let .missingField(path, field):
            return "\(path): missing field '\(field)'"
        case let .badField(path, field, value, expected):
            return "\(path): field '\(field)' is \(value), expected \(expected)"
        }
    }
}
