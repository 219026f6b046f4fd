import ArgumentParser
import SimServeKit

/// `simserve merge`: joins the output directories of a sharded sweep.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Join the directories of a sharded sweep into the output of the unsharded sweep.",
        discussion: """
            Give every slice's --out directory (any order). They must be the shards 0/n … (n−1)/n \
            of one sweep — same scenario text, --set axes, seed and replications; the merged \
            sweep.csv, sweep.jsonl and sweep-manifest.json are byte-identical to those of the \
            same sweep run without --shard.
            """)

    @Argument(help: "The slices' output directories.")
    var directories: [String]

    @Option(help: "Directory for the merged files.")
    var out: String

    func run() throws {
        let merged: SweepFiles
        do throws(SweepFilesError) {
            try SweepMerge.checkOutput(out, isNotAmong: directories)
            do {
                try OutputFile.checkDirectory(out)
            } catch {
                throw .unwritable(path: out, reason: "\(error)")
            }
            merged = try SweepMerge.merge(directories: directories)
        } catch {
            printError(error.description)
            throw ExitCode(2)
        }
        do {
            try merged.write(to: out)
        } catch {
            printError(error.description)
            throw ExitCode(1)
        }
        var stderr = StandardError()
        print("merged \(directories.count) slice\(directories.count == 1 ? "" : "s"), \(merged.rows.count) points → \(out)/",
              to: &stderr)
    }
}
