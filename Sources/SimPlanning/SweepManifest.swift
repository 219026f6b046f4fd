import Foundation

/// What a sweep directory holds: which scenario, grid, seeds and replication rule, and which
/// shard of it. Written as `sweep-manifest.json` beside the tables, so that `simserve merge`
/// can check that the slices it joins belong to one sweep and cover it exactly once.
public struct SweepManifest: Codable, Equatable, Sendable {
    public struct Parameter: Codable, Equatable, Sendable {
        public var key: String
        public var values: [String]
    }

    public struct Target: Codable, Equatable, Sendable {
        public var metric: String
        public var relativeHalfWidth: Double
        public var maxReplications: Int
    }

    public var schemaVersion = 1
    /// The scenario's file name and a fingerprint of its text.
    public var scenario: String
    public var scenarioFingerprint: String
    /// Plain `--set` overrides applied to every point (none: every `--set` is an axis).
    public var baseAssignments: [String]
    public var parameters: [Parameter]
    public var points: Int
    public var seed: UInt64?
    public var replications: Int
    public var ciTarget: Target?
    public var shardIndex: Int
    public var shardCount: Int
    /// Rows in this directory's tables.
    public var rows: Int

    /// The file name inside a sweep directory.
    public static let fileName = "sweep-manifest.json"

    public init(sweep: ParameterSweep, shard: Shard, rows: Int) {
        scenario = sweep.template.source
        scenarioFingerprint = sweep.template.fingerprint
        baseAssignments = sweep.template.baseAssignments
        parameters = sweep.grid.parameters.map { Parameter(key: $0.key, values: $0.values) }
        points = sweep.grid.count
        seed = sweep.seed
        replications = sweep.replications
        ciTarget = sweep.ciTarget.map {
            Target(metric: $0.metric.name, relativeHalfWidth: $0.relativeHalfWidth, maxReplications: $0.maxReplications)
        }
        shardIndex = shard.index
        shardCount = shard.count
        self.rows = rows
    }

    /// The manifest without its shard: equal for every slice of one sweep.
    public var sweepIdentity: SweepManifest {
        var copy = self
        copy.shardIndex = 0
        copy.shardCount = 1
        copy.rows = 0
        return copy
    }

    /// Pretty JSON with sorted keys and a final newline: the same manifest, the same bytes.
    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(self) + Data("\n".utf8)
        } catch {
            preconditionFailure("a sweep manifest always encodes: \(error)")
        }
    }

    /// Reads the manifest in `directory`.
    public static func read(directory: String) throws(SweepFilesError) -> SweepManifest {
        let path = directory + "/" + fileName
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, reason: "no such file; is this the --out directory of a simserve sweep?")
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(SweepManifest.self, from: data)
        } catch {
            throw .unreadable(path: path, reason: "not a sweep manifest (\(error))")
        }
    }
}

/// A sweep directory that cannot be written, read or merged, naming the path.
public enum SweepFilesError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case unwritable(path: String, reason: String)
    /// Slices that do not make one whole sweep.
    case mismatch(String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "cannot read '\(path)': \(reason)"
        case .unwritable(let path, let reason): "cannot write '\(path)': \(reason)"
        case .mismatch(let message): message
        }
    }
}
