import SimCore

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
    static func gigabytes(_ bytes: Double) -> String {
        let tenths = Int(saturating: (bytes / 1e8).rounded())
        let whole = tenths / 10
        let fraction = tenths % 10
        return "\(whole).\(fraction) GB"
    }

    /// Formats a utilisation such as 0.9 as "0.90".
    static func fraction(_ value: Double) -> String {
        let hundredths = Int(saturating: (value * 100).rounded())
        let tail = hundredths % 100
        return "\(hundredths / 100).\(tail < 10 ? "0" : "")\(tail)"
    }
}
