import Dispatch

/// Fork–join over a few worker threads (`DispatchQueue.concurrentPerform`), for kernels whose
/// workers write disjoint memory through raw pointers.
///
/// Dispatch asks for a `@Sendable` body; the kernels' bodies capture raw pointers, which are
/// not `Sendable`, and rely on each worker touching its own part of the output — the
/// ownership argument the compiler cannot check, made once, here. The fork–join costs a few
/// microseconds; the fit measures it as part of the kernels' fixed time.
enum Parallel {
    /// Runs `body(0)`, …, `body(workers − 1)`, concurrently when `workers` > 1.
    static func run(workers: Int, _ body: (Int) -> Void) {
        if workers <= 1 {
            body(0)
            return
        }
        withoutActuallyEscaping(body) { body in
            let box = UncheckedBody(body: body)
            DispatchQueue.concurrentPerform(iterations: workers) { box.body($0) }
        }
    }

    private struct UncheckedBody: @unchecked Sendable {
        let body: (Int) -> Void
    }
}
