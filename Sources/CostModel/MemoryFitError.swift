/// A deployment whose model does not fit in its GPUs' memory, with the numbers and the way
/// out in one paragraph.
public struct MemoryFitError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What does not fit.
    public enum Kind: String, Equatable, Sendable {
        /// The weight shard alone exceeds the usable memory of a GPU.
        case weights
        /// Weights and activation workspace fit, but the KV blocks left cannot hold one
        /// sequence of `max_context` tokens (or not even one block).
        case kvCache
    }

    public var kind: Kind
    /// The full message (see `description`).
    public var message: String

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

extension MemoryFitError {
    /// Formats bytes as GB (1e9 bytes) with one decimal, e.g. "138.0 GB".
    package static func gigabytes(_ bytes: Double) -> String {
        let tenths = roundedInt(bytes / 1e8)
        let whole = tenths / 10
        let fraction = tenths % 10
        return "\(whole).\(fraction) GB"
    }

    /// Formats a utilisation such as 0.9 as "0.90".
    package static func fraction(_ value: Double) -> String {
        let hundredths = roundedInt(value * 100)
        let tail = hundredths % 100
        return "\(hundredths / 100).\(tail < 10 ? "0" : "")\(tail)"
    }

    /// `value` rounded to an Int, clamped to Int's range (0 for NaN): a figure in a message
    /// never traps.
    private static func roundedInt(_ value: Double) -> Int {
        let rounded = value.rounded()
        if rounded.isNaN { return 0 }
        if rounded >= 9.223372036854775e18 { return .max }
        if rounded <= -9.223372036854775e18 { return .min }
        return Int(rounded)
    }
}
