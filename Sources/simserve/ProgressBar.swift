import Foundation

/// A progress bar with an ETA on standard error, for sweeps and plans.
///
/// On a terminal it redraws one line (`\r`), at most ten times a second. Forced on where
/// stderr is not a terminal (`--progress` in a CI log), it prints a plain line at every tenth
/// of the work instead, so that logs stay short. Off otherwise.
final class ProgressBar: @unchecked Sendable {
    private let label: String
    private let started = Date()
    private let isTerminal: Bool
    private let enabled: Bool
    // Mutated only from `update`, which its callers serialise (ParallelMap's completion lock).
    private var lastDraw = Date.distantPast
    private var lastTenth = -1

    /// - Parameter forced: `--progress`: draw even when stderr is not a terminal.
    init(label: String, forced: Bool) {
        self.label = label
        isTerminal = isatty(STDERR_FILENO) == 1
        enabled = isTerminal || forced
    }

    /// Records that `done` of `total` items are finished.
    func update(_ done: Int, _ total: Int) {
        guard enabled, total > 0 else { return }
        let now = Date()
        let elapsed = now.timeIntervalSince(started)
        let fraction = Double(done) / Double(total)
        let eta = done > 0 ? elapsed / Double(done) * Double(total - done) : .nan
        let status = "\(done)/\(total) \(label) · \(Self.duration(elapsed)) elapsed · ETA \(done == total ? "0 s" : Self.duration(eta))"
        if isTerminal {
            guard done == total || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
            lastDraw = now
            let width = 30
            let filled = Int((fraction * Double(width)).rounded(.down))
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            FileHandleStandardError.write("\r\u{1B}[2K[\(bar)] \(status)" + (done == total ? "\n" : ""))
        } else {
            let tenth = Int((fraction * 10).rounded(.down))
            guard tenth > lastTenth else { return }
            lastTenth = tenth
            FileHandleStandardError.write("progress: \(status)\n")
        }
    }

    /// `42 s`, `3 min 5 s`, `1 h 2 min`, or `?` when unknown.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        let s = Int(seconds.rounded())
        if s < 60 { return "\(s) s" }
        if s < 3600 { return "\(s / 60) min \(s % 60) s" }
        return "\(s / 3600) h \(s % 3600 / 60) min"
    }
}
