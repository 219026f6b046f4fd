import SimSupport

/// Reads the `kind` key of a variant table and checks it against the allowed kinds, so that a
/// typo reads "'poison' is not one of 'poisson', 'gamma'; did you mean 'poisson'?".
enum KindChoice {
    static func decode<Key: CodingKey>(_ container: KeyedDecodingContainer<Key>, key: Key,
                                       allowed: [String]) throws -> String {
        let kind = try container.decode(String.self, forKey: key)
        guard allowed.contains(kind) else {
            throw DecodingError.dataCorruptedError(forKey: key, in: container,
                                                   debugDescription: DidYouMean.message(for: kind, notAmong: allowed))
        }
        return kind
    }
}
