import CostModel

/// A batch written on the command line: `--prefill C@O` (a chunk of C new tokens on O cached)
/// and `--decode BxL` (B sequences at context L), as `simserve cost` takes them.
public enum BatchSpecError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformed(option: String, value: String, expected: String)
    case empty

    public var description: String {
        switch self {
        case let .malformed(option, value, expected):
            return "\(option) '\(value)' is not of the form \(expected)"
        case .empty:
            return "the batch is empty: give at least one --prefill C@O or --decode BxL"
        }
    }
}

extension BatchShape {
    /// The batch of `prefills` ("2048@0", "512@1536"; "@O" may be left out for O = 0) and
    /// `decodes` ("64x1152"). Each prefill chunk completes its prompt (emits logits).
    /// - Throws: ``BatchSpecError`` naming the option and value that do not parse, or
    ///   `.empty` when both lists are empty.
    public static func parse(prefills: [String], decodes: [String]) throws(BatchSpecError) -> BatchShape {
        var shape = BatchShape()
        for text in prefills {
            let parts = text.split(separator: "@", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), let chunk = Int(parts[0]), chunk > 0,
                  let cached = parts.count == 2 ? Int(parts[1]) : 0, cached >= 0 else {
                throw .malformed(option: "--prefill", value: text,
                                 expected: "C@O (C > 0 new tokens on O ≥ 0 cached, e.g. 2048@0)")
            }
            shape.addPrefillChunk(newTokens: chunk, cachedTokens: cached, completesPrompt: true)
        }
        for text in decodes {
            let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
            guard parts.count == 2, let batch = Int(parts[0]), batch > 0,
                  let context = Int(parts[1]), context >= 0 else {
                throw .malformed(option: "--decode", value: text,
                                 expected: "BxL (B > 0 sequences at context L ≥ 0, e.g. 64x1152)")
            }
            shape.addDecodes(count: batch, contextTokens: batch * context)
        }
        guard !shape.isEmpty else { throw .empty }
        return shape
    }
}
