import ArgumentParser
import SimServeKit

/// Checks a scenario's `[assert]` limits against its run: prints each failed one with the
/// measured value and the limit, and exits with status 3 if any failed, so that a scenario
/// works as a CI test of a deployment plan.
///
///     assertion failed: ttft_p99 = 612.4 ms, limit < 500 ms
///     error: 1 of 2 assertions failed
func checkAssertions(_ assertions: [MetricCondition], against summary: RunSummary) throws {
    guard !assertions.isEmpty else { return }
    let outcomes = assertions.map { $0.evaluate(summary) }
    let failed = outcomes.filter { !$0.passed }
    var stderr = StandardError()
    for outcome in failed { print("assertion failed: \(outcome)", to: &stderr) }
    guard failed.isEmpty else {
        printError("\(failed.count) of \(outcomes.count) assertion\(outcomes.count == 1 ? "" : "s") failed")
        throw ExitCode(3)
    }
    print("assertions: all \(outcomes.count) passed", to: &stderr)
}
