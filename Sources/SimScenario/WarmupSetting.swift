/// A scenario's `warmup`: a fixed duration, or `"auto"` for MSER-5 detection.
struct WarmupSetting: Decodable {
    /// Nil for `"auto"`.
    var fixed: DurationValue?

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if case .string(let text) = try container.decode(ConfigValue.self), text == "auto" {
            fixed = nil
            return
        }
        do {
            fixed = try DurationValue(from: decoder)
        } catch DecodingError.dataCorrupted(let context) {
            throw DecodingError.dataCorrupted(.init(codingPath: context.codingPath,
                                                    debugDescription: context.debugDescription.hasPrefix("expected")
                                                        ? context.debugDescription + " or \"auto\"" : context.debugDescription))
        }
    }
}
