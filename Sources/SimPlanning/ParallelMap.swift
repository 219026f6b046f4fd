import Dispatch
import Foundation

/// Runs independent jobs on a fixed number of threads and returns their results in job
/// order, whatever order they finished in.
///
/// Each simulation is single-threaded and shares nothing with another (no global state), so
/// a sweep's points, a plan's replications and a coverage test's trials run side by side.
/// Results never depend on `jobs`: only the wall time does.
public enum ParallelMap {
    /// The number of cores the process may use: the default for `--jobs`.
    public static var availableCores: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Calls `body(i)` for every i in 0..<count on up to `jobs` threads and returns the results
    /// in index order. `finished(done, count)` is called after each job, one call at a time.
    ///
    /// - Complexity: `count` calls of `body`, spread over min(jobs, count) threads.
    public static func map<T: Sendable>(
        count: Int, jobs: Int,
        finished: @escaping @Sendable (_ done: Int, _ count: Int) -> Void = { _, _ in },
        _ body: @escaping @Sendable (Int) -> T
    ) -> [T] {
        precondition(jobs >= 1, "jobs must be ≥ 1, got \(jobs)")
        guard count > 0 else { return [] }
        let state = Locked(State<T>(results: [T?](repeating: nil, count: count)))
        let workers = min(jobs, count)
        let work: @Sendable (Int) -> Void = { _ in
            while let index = state.withLock({ $0.take(limit: count) }) {
                let result = body(index)
                state.withLock { s in
                    s.results[index] = result
                    s.done += 1
                    finished(s.done, count)
                }
            }
        }
        if workers == 1 {
            work(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: workers, execute: work)
        }
        return state.withLock { $0.results.map { $0! } }
    }

    private struct State<T> {
        var results: [T?]
        var next = 0
        var done = 0

        mutating func take(limit: Int) -> Int? {
            guard next < limit else { return nil }
            defer { next += 1 }
            return next
        }
    }
}

/// A value behind a lock.
private final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    init(_ value: Value) { self.value = value }

    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
