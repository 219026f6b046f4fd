import XCTest
import SimServeKit
import TestSupport

/// Batching windows per request class (`batching_window` in a `[[workload.classes]]` entry).
final class ClassBatchingWindowTests: XCTestCase {
    /// Two classes alike but for their windows; prompts only (one output token), so every
    /// iteration is a prefill batch and what the window gathers shows in the batch size.
    static func scenario(interactiveWindow: String, batchWindow: String) -> String {
        """
        seed = 5
        requests = 1200
        model = "llama-2-7b"
        hardware = "a100-80gb"
        [scheduler]
        max_batch_size = 64
        max_tokens_per_iteration = 8192
        [workload]
        arrival = { kind = "poisson", rate = 10.0 }
        [[workload.classes]]
        name = "interactive"
        share = 0.5
        prompt_tokens = { kind = "fixed", value = 200 }
        output_tokens = { kind = "fixed", value = 1 }
        batching_window = "\(interactiveWindow)"
        [[workload.classes]]
        name = "batch"
        share = 0.5
        prompt_tokens = { kind = "fixed", value = 200 }
        output_tokens = { kind = "fixed", value = 1 }
        batching_window = "\(batchWindow)"
        """
    }

    /// At low load, a 40 ms window on the batch class raises its TTFT p50 by tens of ms and
    /// gathers larger batches; the interactive class (3 ms) moves far less.
    func testLargerWindowDelaysItsClassAndGathersLargerBatches() throws {
        let (_, same) = try TestSupport.run(Self.scenario(interactiveWindow: "3ms", batchWindow: "3ms"))
        let (_, split) = try TestSupport.run(Self.scenario(interactiveWindow: "3ms", batchWindow: "40ms"))
        let (si, sb) = (same.summary.classes[0], same.summary.classes[1])
        let (pi, pb) = (split.summary.classes[0], split.summary.classes[1])
        let batchDelay = pb.ttft!.p50 - sb.ttft!.p50
        let interactiveDelay = abs(pi.ttft!.p50 - si.ttft!.p50)
        XCTAssertGreaterThan(batchDelay, 0.015, "batch TTFT p50: \(pb.ttft!.p50) s with 40 ms vs \(sb.ttft!.p50) s with 3 ms")
        XCTAssertLessThan(batchDelay, 0.040 + 0.005, "no request waits past its window at this load")
        XCTAssertLessThan(interactiveDelay, batchDelay / 4, "interactive TTFT p50 moved \(interactiveDelay) s")
        XCTAssertGreaterThan(split.summary.meanBatchSize!, 1.08 * same.summary.meanBatchSize!,
                             "mean batch size \(split.summary.meanBatchSize!) vs \(same.summary.meanBatchSize!)")
        XCTAssertEqual(split.summary.completed, 1200)
    }

    /// A class without a window of its own uses the scheduler's.
    func testClassWithoutWindowUsesTheSchedulers() throws {
        let toml = Self.scenario(interactiveWindow: "3ms", batchWindow: "40ms")
            .replacingOccurrences(of: "batching_window = \"3ms\"\n", with: "")
        let (_, defaulted) = try TestSupport.run(toml, overrides: ["scheduler.batching_window=3ms"])
        let (_, explicit) = try TestSupport.run(Self.scenario(interactiveWindow: "3ms", batchWindow: "40ms"))
        XCTAssertEqual(defaulted.summary.classes[0].ttft!.p50, explicit.summary.classes[0].ttft!.p50)
        XCTAssertEqual(defaulted.summary.meanBatchSize, explicit.summary.meanBatchSize)
    }

    func testWindowIsChecked() throws {
        let error = try XCTUnwrap(TestSupport.loadError(Self.scenario(interactiveWindow: "3ms", batchWindow: "-4ms")))
        XCTAssertTrue(error.contains("workload.classes[1].batching_window: must be ≥ 0, got -0.004 s"), error)
        let typo = try XCTUnwrap(TestSupport.loadError(Self.scenario(interactiveWindow: "3ms", batchWindow: "4ms")
            .replacingOccurrences(of: "batching_window = \"4ms\"", with: "batching_windw = \"4ms\"")))
        XCTAssertTrue(typo.contains("did you mean 'batching_window'?"), typo)
    }
}
