/// Reads the `kind` key of a variant table and checks it against the allowed kinds, so that a
/// typo reads "'poison' is not one of 'poisson', 'gamma'; did you mean 'poisson'?".
enum KindChoice {
    static func decode<Key: CodingKey>(_ container: KeyedDecodingContainer<Key>, key: Key,
                                       allowed: [String]) throws -> String {
        let kind = try container.decode(String.self, forKey: key)
        guard allowed.contains(kind) else {
            let list = allowed.map { "'\($0)'" }.joined(separator: ", ")
            var message = "'\(kind)' is not one of \(list)"
            if let hint = DidYouMean.suggestion(for: kind, among: allowed) { message += "; did you mean '\(hint)'?" }
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: message)
        }
        return kind
    }
}
