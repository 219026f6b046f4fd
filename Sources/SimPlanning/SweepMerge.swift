/// Joins the directories of a sharded sweep into the directory the unsharded sweep would
/// have written, byte for byte.
///
///     let whole = try SweepMerge.merge(directories: ["out/0", "out/1", "out/2", "out/3"])
///     try whole.write(to: "out/all")
///
/// The slices must come from one sweep (same scenario text, grid, seed and replication rule),
/// all with the same shard count, each shard exactly once; every point must be present once.
public enum SweepMerge {
    /// The merged files of `directories`.
    ///
    /// - Throws: ``SweepFilesError`` when a directory cannot be read, or the slices do not make
    ///   one sweep — naming the directory, the missing or repeated shards, or the differing setting.
    public static func merge(directories: [String]) throws(SweepFilesError) -> SweepFiles {
        guard !directories.isEmpty else { throw .mismatch("give at least one sweep directory to merge") }
        var slices: [(directory: String, files: SweepFiles)] = []
        for directory in directories { slices.append((directory, try SweepFiles.read(directory: directory))) }

        let first = slices[0]
        for slice in slices.dropFirst() {
            if let difference = difference(first.files.manifest, slice.files.manifest) {
                throw .mismatch("'\(slice.directory)' is a slice of another sweep than '\(first.directory)': \(difference)")
            }
            guard slice.files.csvHeader == first.files.csvHeader else {
                throw .mismatch("'\(slice.directory)' has other columns than '\(first.directory)'; were they written by different simserve versions?")
            }
        }
        let count = first.files.manifest.shardCount
        var owner: [Int: String] = [:]
        for slice in slices {
            let index = slice.files.manifest.shardIndex
            if let other = owner[index] {
                throw .mismatch("shard \(index)/\(count) is given twice: '\(other)' and '\(slice.directory)'")
            }
            owner[index] = slice.directory
        }
        let missing = (0..<count).filter { owner[$0] == nil }
        guard missing.isEmpty else {
            throw .mismatch("shard\(missing.count == 1 ? "" : "s") \(missing.map { "\($0)/\(count)" }.joined(separator: ", ")) missing; a whole sweep needs all \(count)")
        }

        let rows = slices.flatMap(\.files.rows).sorted { $0.index < $1.index }
        let points = first.files.manifest.points
        guard rows.map(\.index) == Array(0..<points) else {
            throw .mismatch("the slices hold \(rows.count) rows for a sweep of \(points) points; a slice is incomplete or holds foreign rows")
        }
        var manifest = first.files.manifest
        manifest.shardIndex = 0
        manifest.shardCount = 1
        manifest.rows = rows.count
        var whole = SweepFiles(manifest: manifest, csvHeader: first.files.csvHeader, rows: rows)
        if count > 1 { whole.addScalingColumns() }  // a single whole sweep has them already
        return whole
    }

    /// What differs between two slices' sweeps, or nil when they are slices of one sweep.
    static func difference(_ a: SweepManifest, _ b: SweepManifest) -> String? {
        if a.shardCount != b.shardCount { return "split into \(a.shardCount) vs \(b.shardCount) shards" }
        let (x, y) = (a.sweepIdentity, b.sweepIdentity)
        if x == y { return nil }
        if x.scenario != y.scenario || x.scenarioFingerprint != y.scenarioFingerprint {
            return "scenario '\(x.scenario)' (\(x.scenarioFingerprint)) vs '\(y.scenario)' (\(y.scenarioFingerprint))"
        }
        if x.parameters != y.parameters || x.baseAssignments != y.baseAssignments { return "different --set options" }
        if x.seed != y.seed { return "seed \(x.seed.map(String.init) ?? "from the scenario") vs \(y.seed.map(String.init) ?? "from the scenario")" }
        return "different replication settings"
    }
}
