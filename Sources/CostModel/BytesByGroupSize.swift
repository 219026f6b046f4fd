/// A message-size limit per tensor-parallel group size, read from a TOML table whose keys are
/// GPU counts and whose values are bytes: `{ 2 = 67108864, 4 = 33554432, 8 = 262144 }`.
/// vLLM states its all-reduce limits this way, by world size and compute capability
/// (`CUSTOM_ALL_REDUCE_MAX_SIZES`, `SYMM_MEM_ALL_REDUCE_MAX_SIZES`,
/// vllm/distributed/device_communicators/all_reduce_utils.py); a group size the table leaves
/// out has no entry (``subscript(gpus:)`` is nil).
public struct BytesByGroupSize: Sendable, Equatable, Codable {
    /// The limit of each group size present, bytes.
    public let bytes: [Int: Double]

    /// - Precondition: every key ≥ 2 and every value finite and > 0 (the decoder checks the same
    ///   on a scenario's table).
    public init(_ bytes: [Int: Double]) {
        precondition(bytes.allSatisfy { $0.key >= 2 && $0.value > 0 && $0.value.isFinite })
        self.bytes = bytes
    }

    /// The limit of a group of `gpus` GPUs, bytes; nil when the table has none.
    public subscript(gpus: Int) -> Double? { bytes[gpus] }

    /// The table's entries in ascending group size.
    public var entries: [(gpus: Int, bytes: Double)] { bytes.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }

    /// Reads `{ 2 = …, 4 = … }`: each key a whole number of GPUs from 2 to 1024, each value a
    /// finite size > 0 bytes (integer or float); an empty table is refused.
    /// - Throws: `DecodingError.dataCorrupted` naming the key, the value and what is allowed.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: GroupSizeKey.self)
        var bytes: [Int: Double] = [:]
        for key in c.allKeys {
            guard let gpus = Int(key.stringValue), (2...1024).contains(gpus) else {
                throw DecodingError.dataCorruptedError(
                    forKey: key, in: c,
                    debugDescription: "the key must be a group size, a whole number of GPUs from 2 to 1024, got \"\(key.stringValue)\"")
            }
            bytes[gpus] = try c.decodeNumber(forKey: key, where: { $0 > 0 }, allowed: "a finite size > 0 bytes")
        }
        guard !bytes.isEmpty else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "must give at least one group size, e.g. { 2 = 67108864 }"))
        }
        self.bytes = bytes
    }

    /// Writes the table back as read: one entry per group size, keyed by its GPU count.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: GroupSizeKey.self)
        for entry in entries { try c.encode(entry.bytes, forKey: GroupSizeKey(stringValue: String(entry.gpus))) }
    }

    struct GroupSizeKey: CodingKey {
        var stringValue: String
        var intValue: Int? { Int(stringValue) }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { stringValue = String(intValue) }
    }
}
