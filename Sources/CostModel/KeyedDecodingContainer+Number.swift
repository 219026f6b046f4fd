extension KeyedDecodingContainer {
    /// The number at `key`, written as a float or an integer (TOML keeps `4` and `4.0` apart).
    /// - Throws: the integer decode's `DecodingError` when it is neither.
    func decodeNumber(forKey key: Key) throws -> Double {
        if let d = try? decode(Double.self, forKey: key) { return d }
        return Double(try decode(Int.self, forKey: key))
    }

    /// The number at `key` where it is finite and `valid` holds, else a `dataCorrupted` error at
    /// the key: "must be `allowed`, got value".
    func decodeNumber(forKey key: Key, where valid: (Double) -> Bool, allowed: String) throws -> Double {
        let value = try decodeNumber(forKey: key)
        guard value.isFinite, valid(value) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "must be \(allowed), got \(value)")
        }
        return value
    }
}
