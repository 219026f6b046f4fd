import XCTest
import SimServeKit
import TestSupport

/// Orca-style iteration-level scheduling (`scheduler.kind = "orca"`) against the paged
/// continuous batcher.
final class OrcaSchedulerTests: XCTestCase {
    /// Llama-2-7B with a small KV cache (30% of an A100-80GB: about 18k tokens) under a load
    /// that paged blocks carry easily.
    static let scenario = """
        seed = 6
        requests = 500
        model = "llama-2-7b"
        hardware = "a100-80gb"
        [scheduler]
        max_batch_size = 64
        gpu_memory_utilization = 0.3
        [workload]
        arrival = { kind = "poisson", rate = 3.0 }
        prompt_tokens = { kind = "lognormal", mean = 500, cv = 0.5, max = 2000 }
        output_tokens = { kind = "lognormal", mean = 200, cv = 0.5, max = 800 }
        """

    /// Reserving the whole context (4,096 tokens) per request admits a handful at once where
    /// paged blocks admit many: smaller batches, longer queues; no preemption either way
    /// for Orca. A class cap on new tokens shrinks the reservation and recovers much of it.
    func testWholeSequenceReservationAdmitsFewerRequests() throws {
        let (_, paged) = try TestSupport.run(Self.scenario)
        let (_, orca) = try TestSupport.run(Self.scenario, overrides: ["scheduler.kind=orca"])
        for result in [paged, orca] {
            XCTAssertEqual(result.summary.completed, 500)
            for r in result.records { XCTAssertEqual(r.generatedTokens, r.outputTokens) }
        }
        XCTAssertEqual(orca.summary.preemptions, 0)
        XCTAssertLessThan(orca.summary.meanBatchSize!, 0.7 * paged.summary.meanBatchSize!,
                          "mean batch: orca \(orca.summary.meanBatchSize!) vs paged \(paged.summary.meanBatchSize!)")
        XCTAssertGreaterThan(orca.summary.queueDelay!.mean, 3 * paged.summary.queueDelay!.mean)
        // Peak KV use: the reservations fill the cache although the tokens do not.
        XCTAssertGreaterThan(orca.summary.kvUtilizationMean!, paged.summary.kvUtilizationMean!)

        let capped = Self.scenario
            .replacingOccurrences(of: "prompt_tokens = { kind = \"lognormal\", mean = 500, cv = 0.5, max = 2000 }\n", with: "")
            .replacingOccurrences(of: "output_tokens = { kind = \"lognormal\", mean = 200, cv = 0.5, max = 800 }", with: """
                [[workload.classes]]
                name = "chat"
                share = 1
                prompt_tokens = { kind = "lognormal", mean = 500, cv = 0.5, max = 2000 }
                output_tokens = { kind = "lognormal", mean = 200, cv = 0.5, max = 800 }
                max_new_tokens = 800
                """)
        let (_, orcaCapped) = try TestSupport.run(capped, overrides: ["scheduler.kind=orca"])
        XCTAssertLessThan(orcaCapped.summary.queueDelay!.mean, orca.summary.queueDelay!.mean)
    }

    func testOrcaOptionsAreChecked() throws {
        let error = try XCTUnwrap(TestSupport.loadError(Self.scenario, overrides: [
            "scheduler.kind=orca", "scheduler.prefix_caching=true", "scheduler.chunked_prefill=true",
        ]))
        XCTAssertTrue(error.contains("scheduler.prefix_caching: needs paged KV blocks; scheduler.kind = \"orca\" reserves each request's whole sequence"), error)
        XCTAssertTrue(error.contains("scheduler.chunked_prefill: not used with scheduler.kind = \"orca\""), error)
    }
}
