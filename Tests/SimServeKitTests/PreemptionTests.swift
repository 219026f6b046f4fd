import XCTest
import SimServeKit
import TestSupport

/// Recompute against swap preemption, and victim choice, under KV pressure.
final class PreemptionTests: XCTestCase {
    static let pressure = ServingTests.chat
    static let squeeze = ["scheduler.gpu_memory_utilization=0.22", "workload.arrival.rate=30", "scheduler.max_batch_size=256"]

    /// Swap costs KV bytes over PCIe where recompute costs prefill compute: with a very fast
    /// host link swap finishes the same work sooner than recompute, with a very slow one later;
    /// only swap moves bytes, out and back.
    func testSwapAndRecomputeDifferAsTheirCostsPredict() throws {
        let (_, recompute) = try TestSupport.run(Self.pressure, overrides: Self.squeeze)
        let (_, fast) = try TestSupport.run(Self.pressure, overrides: Self.squeeze + [
            "scheduler.preemption=swap", "scheduler.swap_bandwidth_gbs=100000", "scheduler.swap_space_gb=1000"])
        let (_, slow) = try TestSupport.run(Self.pressure, overrides: Self.squeeze + [
            "scheduler.preemption=swap", "scheduler.swap_bandwidth_gbs=0.5", "scheduler.swap_space_gb=1000"])
        for result in [recompute, fast, slow] {
            XCTAssertGreaterThan(result.summary.preemptions, 0)
            XCTAssertEqual(result.summary.completed, 400)
            for r in result.records { XCTAssertEqual(r.generatedTokens, r.outputTokens) }
        }
        XCTAssertEqual(recompute.summary.swapBytes, 0)
        XCTAssertGreaterThan(fast.summary.swapBytes, 0)
        XCTAssertLessThan(fast.summary.simulatedSeconds, recompute.summary.simulatedSeconds)
        XCTAssertGreaterThan(slow.summary.simulatedSeconds, recompute.summary.simulatedSeconds)
    }

    /// With no host room, swap falls back to recompute: the same run as recompute.
    func testSwapWithoutHostRoomIsRecompute() throws {
        let (_, recompute) = try TestSupport.run(Self.pressure, overrides: Self.squeeze)
        let (_, tiny) = try TestSupport.run(Self.pressure, overrides: Self.squeeze + [
            "scheduler.preemption=swap", "scheduler.swap_space_gb=0.0001"])
        XCTAssertEqual(tiny.summary.swapBytes, 0)
        XCTAssertEqual(tiny.records, recompute.records)
    }

    /// Evicting the least urgent class first spares the urgent one.
    func testLowestPriorityVictimsSpareTheUrgentClass() throws {
        let squeeze = ["scheduler.gpu_memory_utilization=0.2", "workload.arrival.rate=8", "scheduler.max_batch_size=64",
                       "scheduler.queue_policy=priority"]
        let (_, newest) = try TestSupport.run(RequestClassTests.mixed, overrides: squeeze)
        let (_, lowest) = try TestSupport.run(RequestClassTests.mixed, overrides: squeeze + ["scheduler.preemption_victim=lowest_priority"])
        XCTAssertGreaterThan(newest.summary.preemptions, 0)
        XCTAssertLessThan(lowest.summary.classes[0].preemptions, newest.summary.classes[0].preemptions,
                          "interactive preemptions: \(lowest.summary.classes[0].preemptions) vs \(newest.summary.classes[0].preemptions)")
    }

    func testSwapKeysAreCheckedTogether() throws {
        let error = try XCTUnwrap(TestSupport.loadError(Self.pressure, overrides: [
            "scheduler.preemption=swop", "scheduler.swap_bandwidth_gbs=-1", "scheduler.preemption_victim=oldest"]))
        XCTAssertTrue(error.contains("scheduler.preemption: 'swop' is not one of 'recompute', 'swap'; did you mean 'swap'?"), error)
        XCTAssertTrue(error.contains("scheduler.swap_bandwidth_gbs: must be in 1e-3...1e6 GB/s, got -1.0"), error)
        XCTAssertTrue(error.contains("scheduler.preemption_victim: 'oldest' is not one of 'newest', 'lowest_priority'"), error)
    }
}
