import XCTest
import SimServeKit
import TestSupport

/// Static batching against continuous batching.
final class StaticBatchingTests: XCTestCase {
    /// A static batch holds its slots until its longest request ends and admits nothing
    /// meanwhile: at the same load it queues far longer and spends iterations on padding.
    func testStaticBatchingWaitsForTheLongestRequest() throws {
        let settings = ["scheduler.max_batch_size=16", "workload.arrival.rate=1", "requests=300"]
        let (_, continuous) = try TestSupport.run(ServingTests.chat, overrides: settings)
        let (_, staticRun) = try TestSupport.run(ServingTests.chat, overrides: settings + ["scheduler.kind=static"])
        for result in [continuous, staticRun] {
            XCTAssertEqual(result.summary.completed, 300)
            for r in result.records { XCTAssertEqual(r.generatedTokens, r.outputTokens) }
        }
        XCTAssertGreaterThan(staticRun.summary.ttft!.p50, 3 * continuous.summary.ttft!.p50)
        XCTAssertGreaterThan(staticRun.summary.e2e!.mean, continuous.summary.e2e!.mean)
        // Padding: finished sequences still count in the batch of every later iteration.
        XCTAssertGreaterThan(staticRun.summary.meanBatchSize!, continuous.summary.meanBatchSize!)
        // Within a static batch, requests are admitted together: at most 16 distinct admission times per batch.
        let admitted = Dictionary(grouping: staticRun.records, by: { $0.firstScheduled! })
        XCTAssertTrue(admitted.values.allSatisfy { $0.count <= 16 })
        XCTAssertLessThan(admitted.count, 300)
    }

    func testSchedulerKindIsChecked() throws {
        let error = try XCTUnwrap(TestSupport.loadError(ServingTests.chat, overrides: ["scheduler.kind=statik"]))
        XCTAssertTrue(error.contains("scheduler.kind: 'statik' is not one of 'continuous', 'static', 'orca'; did you mean 'static'?"), error)
    }
}
