/// Where and what a run writes.
public struct OutputSettings: Equatable, Sendable {
    public var directory: String
    public var perRequestCSV: Bool
    public var summaryJSON: Bool

    public init(directory: String, perRequestCSV: Bool, summaryJSON: Bool) {
        self.directory = directory
        self.perRequestCSV = perRequestCSV
        self.summaryJSON = summaryJSON
    }
}
