/// The unkeyed container over an array; its elements' paths are `name[index]`.
struct ConfigUnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [ConfigValue]
    let path: [ConfigPathComponent]
    let sink: ConfigIssueSink
    private(set) var currentIndex = 0

    init(elements: [ConfigValue], path: [ConfigPathComponent], sink: ConfigIssueSink) {
        self.elements = elements
        self.path = path
        self.sink = sink
    }

    var codingPath: [any CodingKey] { path.codingPath }
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    /// Always `false`: TOML has no null.
    mutating func decodeNil() throws -> Bool { false }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try decodeNext(type)
    }

    /// `nil` at the end — and when the element is wrong, after recording why; either way
    /// the container moves on to the next element.
    mutating func decodeIfPresent<T: Decodable>(_ type: T.Type) throws -> T? {
        isAtEnd ? nil : try? decodeNext(type)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try nextDecoder().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try nextDecoder().unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        try nextDecoder()
    }

    // MARK: Helpers

    private mutating func decodeNext<T: Decodable>(_ type: T.Type) throws -> T {
        let decoder = try nextDecoder()
        return try ConfigValueDecoder.decode(T.self, from: decoder.value, at: decoder.path, sink: sink)
    }

    /// A decoder for the current element, moving past it; past the end, an error.
    private mutating func nextDecoder() throws(ConfigDecodingAborted) -> ConfigValueDecoder {
        guard !isAtEnd else {
            sink.record("expected at least \(currentIndex + 1) elements, found \(elements.count)", at: path)
            throw ConfigDecodingAborted()
        }
        defer { currentIndex += 1 }
        return ConfigValueDecoder(value: elements[currentIndex], path: path + [.index(currentIndex)], sink: sink)
    }

    // MARK: Fixed-type requirements, all through the generic ones

    mutating func decode(_ type: Bool.Type) throws -> Bool { try decodeNext(type) }
    mutating func decode(_ type: String.Type) throws -> String { try decodeNext(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try decodeNext(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try decodeNext(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try decodeNext(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try decodeNext(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try decodeNext(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try decodeNext(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try decodeNext(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try decodeNext(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try decodeNext(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try decodeNext(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try decodeNext(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeNext(type) }

    mutating func decodeIfPresent(_ type: Bool.Type) throws -> Bool? { isAtEnd ? nil : try? decodeNext(type) }
    mutating func decodeIfPresent(_ type: String.Type) throws -> String? { isAtEnd ? nil : try? decodeNext(type) }
    mutating func decodeIfPresent(_ type: Double.Type) throws -> Double? { isAtEnd ? nil : try? decodeNext(type) }
    mutating func decodeIfPresent(_ type: Float.Type) throws -> Float? { isAtEnd ? nil : try? decodeNext(type) }
    mutating func decodeIfPresent(_ type: Int.Type) throws -> Int? { isAtEnd ? nil : try? decodeNext(type) }
    mutating func decodeIfPresent(_ type: Int8.Type) throws -> Int8? { isAtEnd ? nil : try? decodeNext(type) }
    mutating func decodeIfPresent(_ type: Int16.Type) throws -> Int16? { isAtEnd ? nil : try? decodeNext(type) }
    mutating func decodeIfPresent(_ type: Int32.Type) throws -> Int32? { isAtEnd ? nil : try? decodeNext(type) }
    mutating func decodeIfPresent(_ type: Int64.Type) throws -> Int64? { isAtEnd ? nil : try? decodeNext(type) }
    mutating func decodeIfPresent(_ type: UInt.Type) throws -> UInt? { isAtEnd ? nil : try? decodeNext(type) }
    mutating func decodeIfPresent(_ type: UInt8.Type) throws -> UInt8? { isAtEnd ? nil : try? decodeNext(type) }
    mutating func decodeIfPresent(_ type: UInt16.Type) throws -> UInt16? { isAtEnd ? nil : try? decodeNext(type) }
    mutating func decodeIfPresent(_ type: UInt32.Type) throws -> UInt32? { isAtEnd ? nil : try? decodeNext(type) }
    mutating func decodeIfPresent(_ type: UInt64.Type) throws -> UInt64? { isAtEnd ? nil : try? decodeNext(type) }
}
