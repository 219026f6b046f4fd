import Foundation

/// Writes a run's files into its output directory: `summary.json` and `requests.csv`.
public struct ResultWriter {
    public let settings: OutputSettings

    public init(settings: OutputSettings) { self.settings = settings }

    public func write(_ result: RunResult, summaryJSON: String) throws {
        let directory = settings.directory
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw OutputError.cannotCreateDirectory(path: directory, reason: error.localizedDescription)
        }
        if settings.summaryJSON {
            let path = directory + "/summary.json"
            guard FileManager.default.createFile(atPath: path, contents: Data(summaryJSON.utf8)) else {
                throw OutputError.cannotWrite(path: path)
            }
        }
        if settings.perRequestCSV {
            try RequestCSV.write(result.records, classNames: result.summary.classes.map(\.name),
                                 tenantNames: result.summary.tenants.map(\.name), to: directory + "/requests.csv")
        }
    }
}
