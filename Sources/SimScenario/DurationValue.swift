import SimCore
import SimOutput

/// A duration written as a number with a unit — `"20ms"`, `"1.5s"`, `"2m"` — or as a
/// bare number of seconds.
///
/// The units are `ns`, `us` (or `µs`), `ms`, `s`, `m` (minutes) and `h`; blanks may stand
/// between number and unit (`"20 ms"`). A negative duration parses: whether it makes sense
/// is for the setting that reads it to check, with its own message.
///
/// Whatever the setting, a duration's magnitude must be at most
/// ``SimTime/inputLimitSeconds`` (10⁹ s, about 31.7 years), so that simulated time, integer
/// nanoseconds, holds it and the sums a run makes of it.
///
///     struct Scheduler: Decodable { var batching_window: DurationValue }
///     // batching_window = "20ms"   →  seconds == 0.02
public struct DurationValue: Decodable, Equatable, Sendable {
    /// The duration in seconds.
    public var seconds: Double

    /// Creates a duration of `seconds`.
    public init(seconds: Double) {
        self.seconds = seconds
    }

    /// Parses a duration such as `"20ms"`, `"1.5 s"` or `"-3us"`; a number without unit
    /// is seconds. Returns `nil` for anything else, including infinities and NaN (but not for a
    /// duration out of range: see ``rangeProblem``).
    public init?(parsing text: String) {
        let trimmed = text.trimmingBlanks
        let unitStart = trimmed.lastIndex { !$0.isLetter }.map(trimmed.index(after:)) ?? trimmed.startIndex
        let number = String(trimmed[..<unitStart]).trimmingBlanks
        let unit = String(trimmed[unitStart...])
        let isNumeric = !number.isEmpty && number.allSatisfy { "0123456789.eE+-".contains($0) }
        guard isNumeric, let value = Double(number), value.isFinite,
              let scale = Self.secondsPerUnit[unit]
        else { return nil }
        self.seconds = value * scale
    }

    private static let secondsPerUnit: [String: Double] = [
        "": 1, "ns": 1e-9, "us": 1e-6, "µs": 1e-6, "μs": 1e-6, "ms": 1e-3,
        "s": 1, "m": 60, "h": 3600,
    ]

    /// Why this duration cannot be simulated, or nil: its magnitude exceeds
    /// ``SimTime/inputLimitSeconds``. `found` is the value as the user wrote it.
    public func rangeProblem(found: String) -> String? {
        guard seconds.isFinite, abs(seconds) <= SimTime.inputLimitSeconds else {
            return "must be at most 1e9 s (about 31.7 years: simulated time is integer nanoseconds), found \(found)"
        }
        return nil
    }

    /// Reads a number of seconds, or a string parsed by ``init(parsing:)``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let value = try container.decode(ConfigValue.self)
        switch value {
        case .integer(let number):
            seconds = Double(number)
        case .float(let number):
            seconds = number
        case .string(let text):
            guard let duration = DurationValue(parsing: text) else {
                throw Self.invalid(found: value.literalDescription, in: container)
            }
            self = duration
        case .bool, .array, .table:
            throw Self.invalid(found: value.foundDescription, in: container)
        }
        if let problem = rangeProblem(found: value.literalDescription) {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: problem)
        }
    }

    private static func invalid(found: String, in container: any SingleValueDecodingContainer) -> DecodingError {
        DecodingError.dataCorruptedError(
            in: container, debugDescription: "expected a duration such as \"20ms\" or \"1.5s\", found \(found)")
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    fileprivate var trimmingBlanks: Substring {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) })
        else { return "" }
        return self[first...last]
    }
}
