import SimCore

/// A choice among items by their shares (relative weights, normalised here): one uniform draw
/// against the cumulative shares. A single item is chosen without a draw, so that a workload
/// without several classes (or tenants) consumes nothing from the stream.
struct ShareChoice {
    /// Cumulative normalised shares; the last is 1 up to rounding.
    private let cumulative: [Double]

    init(shares: [Double]) {
        let total = shares.reduce(0, +)
        var running = 0.0
        cumulative = shares.map { running += $0 / total; return running }
    }

    /// The index chosen with the next draw of `stream` (0 for one item or none).
    func draw(from stream: RandomStream) -> Int {
        guard cumulative.count > 1 else { return 0 }
        let u = stream.uniform()
        return cumulative.firstIndex { u < $0 } ?? cumulative.count - 1
    }
}
