import Foundation
import SimServing
import SimSupport

/// Writes a run's files into its output directory: `summary.json` and `requests.csv`.
public struct ResultWriter {
    public let settings: OutputSettings

    public init(settings: OutputSettings) { self.settings = settings }

    public func write(_ result: RunResult, summaryJSON: String) throws {
        let directory = settings.directory
        try OutputFile.createDirectory(directory)
        if settings.summaryJSON {
            try OutputFile.write(summaryJSON, to: directory + "/summary.json")
        }
        if settings.perRequestCSV {
            try RequestCSV.write(result.records, classNames: result.summary.classes.map(\.name),
                                 tenantNames: result.summary.tenants.map(\.name), to: directory + "/requests.csv")
        }
    }
}
