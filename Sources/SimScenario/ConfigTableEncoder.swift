/// Encodes a flat `Encodable` value — fields of strings, integers, floating-point numbers,
/// booleans and string- or integer-backed enums, optional ones left out when nil — into a
/// ``ConfigTable`` keyed by its coding keys: the table that decodes back to the same value, with
/// the key names taken from the type's own `CodingKeys` rather than written out again.
///
/// ```swift
/// let table = try ConfigTableEncoder.table(spec)   // ["layers": .integer(32), ...]
/// ```
enum ConfigTableEncoder {
    /// Why a value could not be encoded: it has a field of a kind a flat table cannot hold.
    struct Unsupported: Error, CustomStringConvertible {
        var path: String
        var description: String { "\(path): a nested table, array or nil value; only flat values encode into a config table" }
    }

    static func table<T: Encodable>(_ value: T) throws -> ConfigTable {
        let storage = Storage()
        try value.encode(to: FieldEncoder(storage: storage, codingPath: []))
        if let unsupported = storage.unsupported { throw unsupported }
        return storage.table
    }

    /// What one encoding writes: the keyed fields, or the one value of a single-value container.
    final class Storage {
        var table = ConfigTable()
        var single: ConfigValue?
        var unsupported: Unsupported?

        func refuse(_ path: [any CodingKey]) {
            if unsupported == nil { unsupported = Unsupported(path: path.map(\.stringValue).joined(separator: ".")) }
        }
    }

    struct FieldEncoder: Encoder {
        let storage: Storage
        let codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            KeyedEncodingContainer(Fields<Key>(storage: storage, codingPath: codingPath))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            storage.refuse(codingPath)
            return Refused(storage: storage, codingPath: codingPath)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { Single(storage: storage, codingPath: codingPath) }
    }

    /// The fields of the encoded value.
    struct Fields<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let storage: Storage
        let codingPath: [any CodingKey]

        func set(_ value: ConfigValue, _ key: Key) { storage.table[key.stringValue] = value }
        mutating func encodeNil(forKey key: Key) throws { storage.refuse(codingPath + [key]) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), key) }
        mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), key) }
        mutating func encode(_ value: Double, forKey key: Key) throws { set(.float(value), key) }
        mutating func encode(_ value: Float, forKey key: Key) throws { set(.float(Double(value)), key) }
        mutating func encode(_ value: Int, forKey key: Key) throws { set(.integer(value), key) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            // A field of another type (an enum with a raw value) encodes as one value.
            let child = Storage()
            try value.encode(to: FieldEncoder(storage: child, codingPath: codingPath + [key]))
            if let unsupported = child.unsupported { storage.unsupported = storage.unsupported ?? unsupported; return }
            guard let single = child.single else { return storage.refuse(codingPath + [key]) }
            set(single, key)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                          forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            storage.refuse(codingPath + [key])
            return KeyedEncodingContainer(Fields<NestedKey>(storage: Storage(), codingPath: codingPath + [key]))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            storage.refuse(codingPath + [key])
            return Refused(storage: storage, codingPath: codingPath + [key])
        }

        mutating func superEncoder() -> any Encoder {
            storage.refuse(codingPath)
            return FieldEncoder(storage: Storage(), codingPath: codingPath)
        }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            storage.refuse(codingPath + [key])
            return FieldEncoder(storage: Storage(), codingPath: codingPath + [key])
        }
    }

    /// One value (a raw-value enum's raw value).
    struct Single: SingleValueEncodingContainer {
        let storage: Storage
        let codingPath: [any CodingKey]

        mutating func encodeNil() throws { storage.refuse(codingPath) }
        mutating func encode(_ value: Bool) throws { storage.single = .bool(value) }
        mutating func encode(_ value: String) throws { storage.single = .string(value) }
        mutating func encode(_ value: Double) throws { storage.single = .float(value) }
        mutating func encode(_ value: Float) throws { storage.single = .float(Double(value)) }
        mutating func encode(_ value: Int) throws { storage.single = .integer(value) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            try value.encode(to: FieldEncoder(storage: storage, codingPath: codingPath))
        }
    }

    /// Arrays: not a flat value; recorded as refused, their elements dropped.
    struct Refused: UnkeyedEncodingContainer {
        let storage: Storage
        let codingPath: [any CodingKey]
        var count: Int { 0 }

        mutating func encodeNil() throws {}
        mutating func encode<T: Encodable>(_ value: T) throws {}
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            KeyedEncodingContainer(Fields<NestedKey>(storage: Storage(), codingPath: codingPath))
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { self }
        mutating func superEncoder() -> any Encoder { FieldEncoder(storage: Storage(), codingPath: codingPath) }
    }
}
