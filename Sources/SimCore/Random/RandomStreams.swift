/// The random streams of one simulation, created on first use by name and remembered, so that
/// the run can report which streams it used and with which seeds.
public final class RandomStreams {
    public let seed: UInt64
    public let replication: UInt64
    private var streams: [String: RandomStream] = [:]

    public init(seed: UInt64, replication: UInt64 = 0) {
        self.seed = seed
        self.replication = replication
    }

    /// The stream named `name`, created on first use.
    public func stream(_ name: String) -> RandomStream {
        if let existing = streams[name] { return existing }
        let made = RandomStream(seed: seed, replication: replication, name: name)
        streams[name] = made
        return made
    }

    /// Every stream used so far with its mt19937 seed, sorted by name (for the output's record).
    public var seedMap: [(name: String, seed: UInt32)] {
        streams.values.map { ($0.name, $0.seed) }.sorted { $0.name < $1.name }
    }
}
