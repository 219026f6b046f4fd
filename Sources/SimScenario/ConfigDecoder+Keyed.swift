/// The keyed container over a table: every key it is asked about is noted in the sink,
/// so that the keys nobody asked about can be reported as unknown.
struct ConfigKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let table: ConfigTable
    let path: [ConfigPathComponent]
    let sink: ConfigIssueSink

    var codingPath: [any CodingKey] { path.codingPath }

    /// The table's keys that `Key` accepts; iterating them counts as asking about each.
    var allKeys: [Key] {
        table.keys.compactMap { name in
            guard let key = Key(stringValue: name) else { return nil }
            sink.asked(name, inTableAt: path)
            return key
        }
    }

    func contains(_ key: Key) -> Bool {
        value(for: key) != nil
    }

    /// `true` when the key is absent: TOML has no null.
    func decodeNil(forKey key: Key) throws -> Bool {
        value(for: key) == nil
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decoded(type, forKey: key)
    }

    /// `nil` when the key is absent — and when its value is wrong, after recording why, so
    /// that decoding goes on and finds the other problems too.
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        decodedIfPresent(type, forKey: key)
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder(for: key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder(for: key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        sink.asked("super", inTableAt: path)
        return ConfigValueDecoder(value: table["super"], path: path + [.key("super")], sink: sink)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        decoder(for: key)
    }

    // MARK: Helpers

    /// The value for `key`, noting that the decoding asked about it.
    private func value(for key: Key) -> ConfigValue? {
        sink.asked(key.stringValue, inTableAt: path)
        return table[key.stringValue]
    }

    private func path(for key: Key) -> [ConfigPathComponent] {
        path + [.key(key.stringValue)]
    }

    private func decoded<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try ConfigValueDecoder.decode(T.self, from: value(for: key), at: path(for: key), sink: sink)
    }

    private func decodedIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) -> T? {
        guard let value = value(for: key) else { return nil }
        return try? ConfigValueDecoder.decode(T.self, from: value, at: path(for: key), sink: sink)
    }

    private func decoder(for key: Key) -> ConfigValueDecoder {
        ConfigValueDecoder(value: value(for: key), path: path(for: key), sink: sink)
    }

    // MARK: Fixed-type requirements, all through the generic ones

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decoded(type, forKey: key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decoded(type, forKey: key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decoded(type, forKey: key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decoded(type, forKey: key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decoded(type, forKey: key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decoded(type, forKey: key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decoded(type, forKey: key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decoded(type, forKey: key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decoded(type, forKey: key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decoded(type, forKey: key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decoded(type, forKey: key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decoded(type, forKey: key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decoded(type, forKey: key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decoded(type, forKey: key) }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) -> Bool? { decodedIfPresent(type, forKey: key) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) -> String? { decodedIfPresent(type, forKey: key) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) -> Double? { decodedIfPresent(type, forKey: key) }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) -> Float? { decodedIfPresent(type, forKey: key) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) -> Int? { decodedIfPresent(type, forKey: key) }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) -> Int8? { decodedIfPresent(type, forKey: key) }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) -> Int16? { decodedIfPresent(type, forKey: key) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) -> Int32? { decodedIfPresent(type, forKey: key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) -> Int64? { decodedIfPresent(type, forKey: key) }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) -> UInt? { decodedIfPresent(type, forKey: key) }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) -> UInt8? { decodedIfPresent(type, forKey: key) }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) -> UInt16? { decodedIfPresent(type, forKey: key) }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) -> UInt32? { decodedIfPresent(type, forKey: key) }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) -> UInt64? { decodedIfPresent(type, forKey: key) }
}
