import XCTest
import SimServeKit
import TestSupport

/// Request classes and queue policies, through scenarios.
final class RequestClassTests: XCTestCase {
    static let mixed = """
        name = "mixed"
        seed = 11
        requests = 1500
        model = "llama-2-7b"
        hardware = "a100-80gb"
        [scheduler]
        max_batch_size = 32
        max_tokens_per_iteration = 2048
        [workload]
        arrival = { kind = "poisson", rate = 4.0 }
        [[workload.classes]]
        name = "interactive"
        share = 0.6
        priority = 0
        prompt_tokens = { kind = "lognormal", mean = 300, cv = 0.5, max = 1500 }
        output_tokens = { kind = "lognormal", mean = 120, cv = 0.5, max = 600 }
        slo = { ttft = "500ms", tpot = "60ms" }
        [[workload.classes]]
        name = "batch"
        share = 0.4
        priority = 1
        prompt_tokens = { kind = "lognormal", mean = 1500, cv = 0.5, max = 3000 }
        output_tokens = { kind = "lognormal", mean = 400, cv = 0.5, max = 900 }
        max_new_tokens = 500
        slo = { e2e = "120s" }
        """

    func testClassesHaveTheirSharesLengthsCapsAndSummaries() throws {
        let (_, result) = try TestSupport.run(Self.mixed)
        let s = result.summary
        XCTAssertEqual(s.classes.map(\.name), ["interactive", "batch"])
        XCTAssertEqual(s.classes.reduce(0) { $0 + $1.completed } + s.rejected + s.inFlight, s.arrived)
        let interactive = Double(s.classes[0].completed + s.classes[0].rejected) / Double(s.arrived)
        XCTAssertEqual(interactive, 0.6, accuracy: 0.04)
        // Records carry lengths of their class; the batch class's outputs are capped at 500.
        let batchOutputs = result.records.filter { $0.promptTokens > 1500 }.map(\.outputTokens)
        XCTAssertFalse(batchOutputs.isEmpty)
        XCTAssertLessThanOrEqual(batchOutputs.max()!, 500)
        XCTAssertNotNil(s.classes[0].ttft)
        XCTAssertNotNil(s.classes[1].sloAttainment)
    }

    /// Strict priority lowers the interactive class's TTFT p99 at the batch class's expense.
    func testPriorityFavoursTheUrgentClass() throws {
        let (_, fcfs) = try TestSupport.run(Self.mixed)
        let (_, priority) = try TestSupport.run(Self.mixed, overrides: ["scheduler.queue_policy=priority"])
        let (fi, fb) = (fcfs.summary.classes[0], fcfs.summary.classes[1])
        let (pi, pb) = (priority.summary.classes[0], priority.summary.classes[1])
        XCTAssertLessThan(pi.ttft!.p99, fi.ttft!.p99 * 0.8, "interactive TTFT p99: priority \(pi.ttft!.p99) vs FCFS \(fi.ttft!.p99)")
        XCTAssertGreaterThan(pb.ttft!.p99, fb.ttft!.p99, "batch TTFT p99: priority \(pb.ttft!.p99) vs FCFS \(fb.ttft!.p99)")
    }

    /// Aging bounds how long the low-priority class can wait before admission.
    func testAgingBoundsStarvation() throws {
        let (_, plain) = try TestSupport.run(Self.mixed, overrides: ["scheduler.queue_policy=priority"])
        let (_, aged) = try TestSupport.run(Self.mixed, overrides: ["scheduler.queue_policy=priority", "scheduler.aging=2s"])
        let batch = { (r: RunResult) in r.records.filter { $0.promptTokens > 1500 }.compactMap(\.queueDelay).max()! }
        XCTAssertLessThan(batch(aged), batch(plain))
    }

    /// Shortest-remaining-first lowers the mean TTFT against FCFS under load.
    func testShortestRemainingLowersMeanTTFT() throws {
        let (_, fcfs) = try TestSupport.run(Self.mixed)
        let (_, srpt) = try TestSupport.run(Self.mixed, overrides: ["scheduler.queue_policy=shortest_remaining"])
        XCTAssertLessThan(srpt.summary.ttft!.mean, fcfs.summary.ttft!.mean)
    }

    func testClassErrors() throws {
        let error = try XCTUnwrap(TestSupport.loadError(Self.mixed, overrides: [
            "scheduler.queue_policy=prioirty", "scheduler.aging=-1s",
        ]))
        XCTAssertTrue(error.contains("scheduler.queue_policy: 'prioirty' is not one of 'fcfs', 'priority', 'shortest_remaining'; did you mean 'priority'?"), error)
        XCTAssertTrue(error.contains("scheduler.aging: must be > 0, got -1.0 s"), error)
        let both = try XCTUnwrap(TestSupport.loadError(Self.mixed + "\n", overrides: ["workload.prompt_tokens={ kind = \"fixed\", value = 3 }"]))
        XCTAssertTrue(both.contains("workload.prompt_tokens: not used when workload.classes is set"), both)
    }
}
