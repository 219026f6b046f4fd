import SimSupport

/// The `Decoder` over one position of a ``ConfigValue`` tree.
///
/// `value` is `nil` when the position is a key the table does not have: asking such a
/// decoder for anything but `decodeNil()` records "missing required key". Every failure is
/// recorded in the shared ``ConfigIssueSink`` before ``ConfigDecodingAborted`` is thrown.
final class ConfigValueDecoder: Decoder {
    let value: ConfigValue?
    let path: [ConfigPathComponent]
    let sink: ConfigIssueSink

    init(value: ConfigValue?, path: [ConfigPathComponent], sink: ConfigIssueSink) {
        self.value = value
        self.path = path
        self.sink = sink
    }

    var codingPath: [any CodingKey] { path.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .table(let table) = try rawValue() else { throw mismatch(expected: "a table") }
        sink.opened(table, at: path, keyedBy: Key.self)
        return KeyedDecodingContainer(ConfigKeyedContainer<Key>(table: table, path: path, sink: sink))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = try rawValue() else { throw mismatch(expected: "an array") }
        return ConfigUnkeyedContainer(elements: elements, path: path, sink: sink)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        ConfigSingleValueContainer(decoder: self)
    }

    /// Decodes a `T` from `value` at `path`: where every value's decoding starts.
    ///
    /// Records a `DecodingError` thrown by `T`'s own `init(from:)` at the error's coding
    /// path, and notes the value as completed when `T` was read without error.
    static func decode<T: Decodable>(
        _ type: T.Type, from value: ConfigValue?, at path: [ConfigPathComponent], sink: ConfigIssueSink
    ) throws(ConfigDecodingAborted) -> T {
        do {
            let result = try T(from: ConfigValueDecoder(value: value, path: path, sink: sink))
            sink.completed(value, at: path)
            return result
        } catch let error as ConfigDecodingAborted {
            throw error
        } catch let error as DecodingError {
            if let message = invalidCaseMessage(T.self, value: value, error: error) {
                sink.record(message, at: path)
            } else {
                sink.record(error, within: path)
            }
        } catch {
            sink.record("\(error)", at: path)
        }
        throw ConfigDecodingAborted()
    }

    /// For a `String`-backed `CaseIterable` enum rejecting a string in the standard
    /// library's words, a message that lists the cases and suggests the closest one.
    private static func invalidCaseMessage<T>(_ type: T.Type, value: ConfigValue?, error: DecodingError) -> String? {
        guard case .string(let text)? = value,
              case .dataCorrupted(let context) = error,
              context.debugDescription.hasPrefix("Cannot initialize "),
              let enumType = type as? any (CaseIterable & RawRepresentable).Type,
              let allowed = stringRawValues(enumType)
        else { return nil }
        return DidYouMean.message(for: text, notAmong: allowed)
    }

    private static func stringRawValues<E: CaseIterable & RawRepresentable>(_: E.Type) -> [String]? {
        guard E.RawValue.self == String.self else { return nil }
        return E.allCases.compactMap { $0.rawValue as? String }
    }

    // MARK: Reading the value

    /// The value, or — recording "missing required key" — an error if the key is absent.
    func rawValue() throws(ConfigDecodingAborted) -> ConfigValue {
        guard let value else {
            sink.record("missing required key", at: path)
            throw ConfigDecodingAborted()
        }
        return value
    }

    /// Records "expected …, found …" and returns the error to throw.
    func mismatch(expected: String) -> ConfigDecodingAborted {
        sink.record("expected \(expected), found \(value?.foundDescription ?? "nothing")", at: path)
        return ConfigDecodingAborted()
    }

    func decodeBool() throws(ConfigDecodingAborted) -> Bool {
        guard case .bool(let flag) = try rawValue() else { throw mismatch(expected: "a boolean") }
        return flag
    }

    func decodeString() throws(ConfigDecodingAborted) -> String {
        guard case .string(let text) = try rawValue() else { throw mismatch(expected: "a string") }
        return text
    }

    /// An integer, or an integral float; out of `T`'s range is an error.
    func decodeInteger<T: FixedWidthInteger>(_ type: T.Type) throws(ConfigDecodingAborted) -> T {
        let value = try rawValue()
        let isIntegral: Bool
        switch value {
        case .integer(let number):
            if let result = T(exactly: number) { return result }
            isIntegral = true
        case .float(let number):
            if let result = T(exactly: number) { return result }
            isIntegral = number.isFinite && number == number.rounded(.towardZero)
        default:
            throw mismatch(expected: "an integer")
        }
        let expected = isIntegral ? "an integer between \(T.min) and \(T.max)" : "an integer"
        sink.record("expected \(expected), found \(value.literalDescription)", at: path)
        throw ConfigDecodingAborted()
    }

    /// A number; integers convert.
    func decodeDouble() throws(ConfigDecodingAborted) -> Double {
        switch try rawValue() {
        case .integer(let number): return Double(number)
        case .float(let number): return number
        default: throw mismatch(expected: "a number")
        }
    }

    /// A number within `Float`'s range; integers convert.
    func decodeFloat() throws(ConfigDecodingAborted) -> Float {
        let number = try decodeDouble()
        let result = Float(number)
        guard result.isFinite || !number.isFinite else {
            let limit = Float.greatestFiniteMagnitude
            throw mismatch(expected: "a number between \(-limit) and \(limit)")
        }
        return result
    }
}
