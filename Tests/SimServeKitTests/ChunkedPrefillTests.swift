import XCTest
import SimServeKit
import TestSupport

/// Chunked prefill and admission control.
final class ChunkedPrefillTests: XCTestCase {
    static let longContext = """
        seed = 9
        requests = 400
        model = "llama-3.1-8b"
        hardware = "h100-sxm"
        [scheduler]
        max_batch_size = 128
        max_tokens_per_iteration = 512
        [workload]
        arrival = { kind = "poisson", rate = 3.0 }
        [[workload.classes]]
        name = "chat"
        share = 0.9
        prompt_tokens = { kind = "lognormal", mean = 400, cv = 0.5, max = 2000 }
        output_tokens = { kind = "lognormal", mean = 300, cv = 0.5, max = 1000 }
        [[workload.classes]]
        name = "document"
        share = 0.1
        prompt_tokens = { kind = "uniform", min = 12000, max = 16000 }
        output_tokens = { kind = "fixed", value = 200 }
        """

    /// A long prompt prefilled in one iteration stalls every concurrent decode; in chunks it
    /// shares iterations with them: chunked prefill lowers the decodes' TPOT p99 and the worst
    /// inter-token gap.
    func testChunkedPrefillProtectsConcurrentDecodes() throws {
        let (_, chunked) = try TestSupport.run(Self.longContext)
        let (_, whole) = try TestSupport.run(Self.longContext, overrides: [
            "scheduler.chunked_prefill=false", "scheduler.max_tokens_per_iteration=16384"])
        XCTAssertEqual(chunked.summary.completed, 400)
        XCTAssertEqual(whole.summary.completed, 400)
        XCTAssertLessThan(chunked.summary.classes[0].tpot!.p99, whole.summary.classes[0].tpot!.p99)
        XCTAssertLessThan(chunked.summary.itl!.max * 5, whole.summary.itl!.max)
    }

    /// Without chunking, a prompt longer than the token budget can never run: rejected, counted.
    func testUnchunkedPromptsBeyondTheBudgetAreRejected() throws {
        let (_, result) = try TestSupport.run(Self.longContext, overrides: ["scheduler.chunked_prefill=false"])
        let rejected = result.summary.rejectedByReason[.exceedsTokenBudget] ?? 0
        XCTAssertGreaterThan(rejected, 0)
        XCTAssertEqual(rejected, result.records.filter { $0.promptTokens > 512 }.count)
        XCTAssertEqual(result.summary.completed + result.summary.rejected, 400)
    }

    /// A queue cap turns overload into counted rejections instead of unbounded queueing.
    func testQueueCapRejectsOverflow() throws {
        let overload = ["workload.arrival.rate=40"]
        let (_, open) = try TestSupport.run(ServingTests.chat, overrides: overload)
        let (_, capped) = try TestSupport.run(ServingTests.chat, overrides: overload + ["scheduler.max_queue_length=5"])
        XCTAssertEqual(open.summary.rejected, 0)
        XCTAssertGreaterThan(capped.summary.rejectedByReason[.queueFull] ?? 0, 0)
        XCTAssertEqual(capped.summary.completed + capped.summary.rejected, 400)
        XCTAssertLessThan(capped.summary.ttft!.p99, open.summary.ttft!.p99)
    }
}
