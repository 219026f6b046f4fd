import XCTest
import SimServeKit
import TestSupport

/// Adaptive batching windows per class (`batching_window_min` / `batching_window_max`).
final class AdaptiveWindowTests: XCTestCase {
    /// On/off bursts (20 req/s for ~1 s, then 2 req/s for ~3 s) of prompts only, so every
    /// iteration is a prefill batch and what a window gathers shows in the batch size.
    static func scenario(window: String) -> String {
        """
        seed = 7
        requests = 3000
        model = "llama-2-7b"
        hardware = "a100-80gb"
        [scheduler]
        max_batch_size = 64
        max_tokens_per_iteration = 8192
        [workload]
        arrival = { kind = "mmpp", states = [{ rate = 20.0, mean_sojourn = "1s" }, { rate = 2.0, mean_sojourn = "3s" }] }
        [[workload.classes]]
        name = "chat"
        share = 1.0
        prompt_tokens = { kind = "lognormal", mean = 300, cv = 0.5, max = 2000 }
        output_tokens = { kind = "fixed", value = 1 }
        \(window)
        """
    }

    /// Against the fixed window that gathers the same mean batch (30 ms: 1.43 vs 1.44
    /// requests), the adaptive 2–40 ms window cuts TTFT p99 by about a tenth (0.131 s vs
    /// 0.145 s): it waits the long window when requests come alone and the short one in bursts.
    func testAdaptiveWindowLowersTTFTTailAtEqualMeanBatch() throws {
        let (_, adaptive) = try TestSupport.run(Self.scenario(window: "batching_window_min = \"2ms\"\nbatching_window_max = \"40ms\""))
        let (_, fixed) = try TestSupport.run(Self.scenario(window: "batching_window = \"30ms\""))
        let (a, f) = (adaptive.summary, fixed.summary)
        XCTAssertEqual(a.meanBatchSize!, f.meanBatchSize!, accuracy: 0.03 * f.meanBatchSize!, "near-equal mean batch")
        XCTAssertGreaterThanOrEqual(a.meanBatchSize!, f.meanBatchSize!)
        XCTAssertLessThan(a.ttft!.p99, 0.93 * f.ttft!.p99, "TTFT p99 \(a.ttft!.p99) s adaptive vs \(f.ttft!.p99) s fixed")
        // Its bounds: no lower than the 2 ms window's tail, and it gathers more than the 2 ms one.
        let (_, short) = try TestSupport.run(Self.scenario(window: "batching_window = \"2ms\""))
        XCTAssertGreaterThan(a.meanBatchSize!, 1.1 * short.summary.meanBatchSize!)
        let (_, long) = try TestSupport.run(Self.scenario(window: "batching_window = \"40ms\""))
        XCTAssertLessThan(a.ttft!.p99, long.summary.ttft!.p99)
    }

    /// min = max is the fixed window, byte for byte.
    func testEqualBoundsAreTheFixedWindow() throws {
        let (_, adaptive) = try TestSupport.run(Self.scenario(window: "batching_window_min = \"20ms\"\nbatching_window_max = \"20ms\""))
        let (_, fixed) = try TestSupport.run(Self.scenario(window: "batching_window = \"20ms\""))
        XCTAssertEqual(adaptive.summary.ttft, fixed.summary.ttft)
        XCTAssertEqual(adaptive.summary.meanBatchSize, fixed.summary.meanBatchSize)
    }

    func testBoundsAreChecked() throws {
        let both = try XCTUnwrap(TestSupport.loadError(Self.scenario(window: "batching_window = \"5ms\"\nbatching_window_max = \"40ms\"\nbatching_window_min = \"2ms\"")))
        XCTAssertTrue(both.contains("workload.classes[0].batching_window: give either"), both)
        let half = try XCTUnwrap(TestSupport.loadError(Self.scenario(window: "batching_window_max = \"40ms\"")))
        XCTAssertTrue(half.contains("workload.classes[0].batching_window_min: missing"), half)
        let order = try XCTUnwrap(TestSupport.loadError(Self.scenario(window: "batching_window_min = \"40ms\"\nbatching_window_max = \"2ms\"")))
        XCTAssertTrue(order.contains("workload.classes[0].batching_window_max: must be ≥ batching_window_min"), order)
    }
}
