extension KeyedDecodingContainer {
    /// The number at `key`, written as a float or an integer (TOML keeps `4` and `4.0` apart).
    /// - Throws: the integer decode's `DecodingError` when it is neither.
    func decodeNumber(forKey key: Key) throws -> Double {
        if let d = try? decode(Double.self, forKey: key) { return d }
        return Double(try decode(Int.self, forKey: key))
    }
}
