import XCTest
import SimServeKit
import TestSupport

/// Per-class concurrency caps (`max_running` in a `[[workload.classes]]` entry).
final class ConcurrencyCapTests: XCTestCase {
    static let scenario = """
        seed = 9
        requests = 600
        model = "llama-2-7b"
        hardware = "a100-80gb"
        [scheduler]
        max_batch_size = 64
        max_tokens_per_iteration = 4096
        [workload]
        arrival = { kind = "poisson", rate = 4.0 }
        [[workload.classes]]
        name = "interactive"
        share = 0.5
        prompt_tokens = { kind = "fixed", value = 300 }
        output_tokens = { kind = "fixed", value = 100 }
        [[workload.classes]]
        name = "batch"
        share = 0.5
        prompt_tokens = { kind = "fixed", value = 1000 }
        output_tokens = { kind = "fixed", value = 400 }
        """

    /// Most requests with `prompt` tokens running at once, from the per-request records
    /// (each runs from its first scheduling to its last token; no preemption here).
    static func peakConcurrency(_ result: RunResult, prompt: Int) -> Int {
        var events: [(time: Double, delta: Int)] = []
        for r in result.records where r.promptTokens == prompt && r.outcome == .completed {
            events.append((r.firstScheduled!, 1))
            events.append((r.lastToken!, -1))
        }
        events.sort { $0.time != $1.time ? $0.time < $1.time : $0.delta < $1.delta }
        var running = 0, peak = 0
        for e in events { running += e.delta; peak = max(peak, running) }
        return peak
    }

    /// With `max_running = 3` on the batch class, at most 3 of its requests run at once (far
    /// more without); its queue delay grows while the uncapped class keeps running freely.
    func testCapLimitsTheClassConcurrency() throws {
        let (_, free) = try TestSupport.run(Self.scenario)
        let capped = Self.scenario.replacingOccurrences(
            of: "output_tokens = { kind = \"fixed\", value = 400 }",
            with: "output_tokens = { kind = \"fixed\", value = 400 }\nmax_running = 3")
        let (_, limited) = try TestSupport.run(capped)
        XCTAssertEqual(free.summary.preemptions + limited.summary.preemptions, 0)
        XCTAssertEqual(limited.summary.completed, 600)
        XCTAssertGreaterThan(Self.peakConcurrency(free, prompt: 1000), 5)
        XCTAssertEqual(Self.peakConcurrency(limited, prompt: 1000), 3)
        XCTAssertGreaterThan(Self.peakConcurrency(limited, prompt: 300), 3)
        XCTAssertGreaterThan(limited.summary.classes[1].ttft!.p50, 2 * free.summary.classes[1].ttft!.p50)
        XCTAssertLessThan(limited.summary.classes[0].ttft!.p50, 1.5 * free.summary.classes[0].ttft!.p50)
    }

    func testCapIsChecked() throws {
        let error = try XCTUnwrap(TestSupport.loadError(Self.scenario.replacingOccurrences(
            of: "name = \"batch\"", with: "name = \"batch\"\nmax_running = 0")))
        XCTAssertTrue(error.contains("workload.classes[1].max_running: must be ≥ 1 request, got 0"), error)
    }
}
