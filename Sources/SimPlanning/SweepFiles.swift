import Foundation
import SimSupport

/// The files of a sweep directory: `sweep.csv` (a header line, then one line per point),
/// `sweep.jsonl` (one JSON object per point) and `sweep-manifest.json`. Rows are in point
/// order, so a directory's bytes depend only on the sweep and the shard.
public struct SweepFiles: Equatable, Sendable {
    public var manifest: SweepManifest
    public var csvHeader: String
    /// (point index, CSV line, JSON line) for every row, in point order.
    public var rows: [(index: Int, csv: String, json: String)]

    public static let csvName = "sweep.csv"
    public static let jsonlName = "sweep.jsonl"

    public static func == (lhs: SweepFiles, rhs: SweepFiles) -> Bool {
        lhs.manifest == rhs.manifest && lhs.csvHeader == rhs.csvHeader
            && lhs.rows.elementsEqual(rhs.rows) { $0 == $1 }
    }

    /// The files of `rows`, run by `sweep` as `shard`. `header` is the header of any row of the
    /// sweep (``ParameterSweep/csvHeader``), so that an empty shard still has one.
    public init(sweep: ParameterSweep, shard: Shard, rows: [SweepRow]) {
        manifest = SweepManifest(sweep: sweep, shard: shard, rows: rows.count)
        csvHeader = sweep.csvHeader
        for row in rows {
            precondition(row.csvHeader == csvHeader, "row \(row.index) has other columns than the sweep's header")
        }
        self.rows = rows.sorted { $0.index < $1.index }.map { ($0.index, $0.csvLine, $0.jsonLine) }
        if shard == .all { addScalingColumns() }
    }

    /// Appends the scaling-efficiency columns (``SweepScaling``), which need every row: for a
    /// whole sweep only — unsharded, or merged.
    mutating func addScalingColumns() {
        (csvHeader, rows) = SweepScaling.appended(header: csvHeader, rows: rows, parameters: manifest.parameters)
    }

    init(manifest: SweepManifest, csvHeader: String, rows: [(index: Int, csv: String, json: String)]) {
        self.manifest = manifest
        self.csvHeader = csvHeader
        self.rows = rows
    }

    /// Writes the three files into `directory`, creating it.
    public func write(to directory: String) throws(SweepFilesError) {
        let files: [(String, Data)] = [
            (Self.csvName, Data((([csvHeader] + rows.map(\.csv)).joined(separator: "\n") + "\n").utf8)),
            (Self.jsonlName, Data(rows.map { $0.json + "\n" }.joined().utf8)),
            (SweepManifest.fileName, manifest.encoded()),
        ]
        do {
            try OutputFile.createDirectory(directory)
            for (name, data) in files { try OutputFile.write(data, to: directory + "/" + name) }
        } catch {
            switch error {
            case .cannotCreateDirectory(let path, let reason), .cannotWrite(let path, let reason):
                throw .unwritable(path: path, reason: reason)
            }
        }
    }

    /// Reads a sweep directory written by ``write(to:)``.
    public static func read(directory: String) throws(SweepFilesError) -> SweepFiles {
        let manifest = try SweepManifest.read(directory: directory)
        let csv = try lines(directory + "/" + csvName)
        let jsonl = try lines(directory + "/" + jsonlName)
        guard let header = csv.first, csv.count - 1 == manifest.rows, jsonl.count == manifest.rows else {
            throw .unreadable(path: directory, reason: "the manifest lists \(manifest.rows) rows but \(csvName) has \(max(0, csv.count - 1)) and \(jsonlName) \(jsonl.count); was the sweep interrupted?")
        }
        var rows: [(index: Int, csv: String, json: String)] = []
        for (offset, (csvLine, jsonLine)) in zip(csv.dropFirst(), jsonl).enumerated() {
            try checkRow(csvHeader: header, csvLine: csvLine, jsonLine: jsonLine, line: offset + 2, directory: directory)
            let csvIndex = Int(csvLine.prefix { $0 != "," })
            let jsonIndex = Int(jsonLine.dropFirst(#"{"point":"#.count).prefix { $0.isNumber })
            guard let csvIndex, csvIndex == jsonIndex else {
                throw .unreadable(path: directory, reason: "a row of \(csvName) and \(jsonlName) disagree on its point (\(csvLine.prefix(20))…)")
            }
            rows.append((csvIndex, csvLine, jsonLine))
        }
        return SweepFiles(manifest: manifest, csvHeader: header, rows: rows)
    }

    private static func lines(_ path: String) throws(SweepFilesError) -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, reason: "no such file")
        }
        try checkComplete(data, path: path)
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
