import SimOutput

/// `[output]`: where a run writes its files, and which.
struct OutputSection: Decodable {
    var dir: String?
    var per_request_csv: Bool?
    var summary_json: Bool?
}

extension ScenarioResolver {
    /// The run's output settings; `--out` takes the place of `output.dir`, and both default
    /// to `results/<name>`.
    func resolveOutput(_ section: OutputSection?, name: String) -> OutputSettings {
        OutputSettings(
            directory: overrides.outputDirectory ?? section?.dir ?? "results/\(name)",
            perRequestCSV: section?.per_request_csv ?? true,
            summaryJSON: section?.summary_json ?? true)
    }
}
