import Foundation
import XCTest
@testable import SimServeKit
import TestSupport

/// The clock under the power limit (``PowerLimitedClock``): sustained compute-bound work
/// slows to the rate the limit allows, short or light work keeps the full clock, and a
/// scenario turns it on by one hardware key.
final class PowerLimitedClockTests: XCTestCase {
    /// Idle 70 W, static 320 W while busy, limit 700 W, τ = 30 ms.
    static var power: GPUPowerModel {
        var p = EnergyTests.power
        p.limitTimeConstantSeconds = 0.03
        return p
    }

    /// An iteration of 10 ms at 90 % of the tensor peak draws 320 + 450 = 770 W at full clock.
    static let flops = 0.9e15 * 0.01

    /// Back to back, such iterations converge to t₀·(P₀ − P_s)/(P_max − P_s) = 10 ms · 450/380,
    /// and the run's power to the limit.
    func testSustainedComputeBoundWorkSlowsToTheLimit() throws {
        var clock = try XCTUnwrap(PowerLimitedClock(power: Self.power))
        var now = 0.0, last = 0.0
        for _ in 0..<200 {
            last = clock.run(seconds: 0.01, flops: Self.flops, bytes: 0, attentionShare: 0, startingAt: now)
            now += last
        }
        XCTAssertEqual(last, 0.01 * 450 / 380, accuracy: 1e-9)
        XCTAssertEqual(clock.sustainedSeconds(seconds: 0.01, flops: Self.flops, bytes: 0), last, accuracy: 1e-12)
        XCTAssertEqual(clock.sustainedSeconds(seconds: 0.01, flops: Self.flops / 2, bytes: 0), 0.01)
        XCTAssertEqual(clock.averageWatts, 700, accuracy: 1e-9)
        // The energy it is charged: the limit over the stretched time.
        XCTAssertEqual(Self.power.busyWatts(flops: Self.flops, bytes: 0, seconds: last), 700, accuracy: 1e-6)
    }

    /// The first iteration after idle runs at full clock while the averaged power climbs
    /// (t₁ = τ·ln((770 − 70)/(770 − 700)) = 69 ms), and a long one throttles only after t₁.
    func testWorkAfterIdleKeepsTheFullClockUntilTheAverageReachesTheLimit() throws {
        var clock = try XCTUnwrap(PowerLimitedClock(power: Self.power))
        XCTAssertEqual(clock.run(seconds: 0.05, flops: 0.9e15 * 0.05, bytes: 0, attentionShare: 0, startingAt: 1), 0.05)
        XCTAssertLessThan(clock.averageWatts, 700)
        var fresh = try XCTUnwrap(PowerLimitedClock(power: Self.power))
        let t1 = 0.03 * log(700.0 / 70.0)
        let taken = fresh.run(seconds: 0.2, flops: 0.9e15 * 0.2, bytes: 0, attentionShare: 0, startingAt: 1)
        XCTAssertEqual(taken, t1 + (0.2 - t1) * 450 / 380, accuracy: 1e-9)
        // After a long idle gap the average has decayed to the idle draw: full clock again.
        XCTAssertEqual(fresh.run(seconds: 0.05, flops: 0.9e15 * 0.05, bytes: 0, attentionShare: 0, startingAt: 100), 0.05)
    }

    /// Work that draws less than the limit at full clock never slows, however long it runs.
    func testWorkBelowTheLimitNeverSlows() throws {
        var clock = try XCTUnwrap(PowerLimitedClock(power: Self.power))
        var now = 0.0
        for _ in 0..<1000 {
            // Half the tensor peak and 80 % of HBM: 320 + 250 + 80 = 650 W.
            let taken = clock.run(seconds: 0.01, flops: 0.5e15 * 0.01, bytes: 0.8 * 3e12 * 0.01, attentionShare: 0,
                                  startingAt: now)
            XCTAssertEqual(taken, 0.01)
            now += taken
        }
        XCTAssertEqual(clock.averageWatts, 650, accuracy: 1e-6)
    }

    /// No time constant, or a static draw at the limit: no clock.
    func testNoClockWithoutATimeConstantOrRoomUnderTheLimit() {
        XCTAssertNil(PowerLimitedClock(power: EnergyTests.power))
        var p = Self.power
        p.busyStaticWatts = 640
        XCTAssertNil(PowerLimitedClock(power: p))
    }

    static let prefillHeavy = """
        seed = 5
        requests = 300
        model = "llama-3.1-8b"
        hardware = "h200"
        [scheduler]
        max_tokens_per_iteration = 8192
        [workload]
        arrival = { kind = "poisson", rate = 200.0 }
        prompt_tokens = { kind = "fixed", value = 4000 }
        output_tokens = { kind = "fixed", value = 4 }
        """

    /// Through a scenario: h200 sets the time constant, so a prefill-heavy load at saturation
    /// takes longer than with a time constant far longer than the run (the clock held at full),
    /// while a light load's lone prefills are the same.
    func testScenarioSlowsSaturatedPrefillOnlyWhereTheHardwareSetsIt() throws {
        XCTAssertEqual(try Presets.hardware(named: "h200").powerLimitTimeConstantMs, 30)
        XCTAssertNil(try Presets.hardware(named: "a100-80gb").powerLimitTimeConstantMs)
        let limited = try TestSupport.run(Self.prefillHeavy).1.summary
        let held = try TestSupport.run(Self.prefillHeavy, overrides: ["hardware.power_limit_time_constant_ms=1e6"]).1.summary
        XCTAssertEqual(limited.completed, held.completed)
        let ratio = limited.simulatedSeconds / held.simulatedSeconds
        XCTAssertGreaterThan(ratio, 1.02, "sustained prefill runs slower under the limit")
        XCTAssertLessThan(ratio, 1.2)
        XCTAssertLessThanOrEqual(try XCTUnwrap(limited.averageWattsPerGPU), 700)
        let light = Self.prefillHeavy.replacingOccurrences(of: "rate = 200.0", with: "rate = 0.5")
            .replacingOccurrences(of: "requests = 300", with: "requests = 30")
            .replacingOccurrences(of: "value = 4000", with: "value = 1000")
        let a = try TestSupport.run(light).1.summary
        let b = try TestSupport.run(light, overrides: ["hardware.power_limit_time_constant_ms=1e6"]).1.summary
        XCTAssertEqual(try XCTUnwrap(a.ttft).p50, try XCTUnwrap(b.ttft).p50, "a lone prefill after idle keeps the full clock")
    }

    /// A disaggregated deployment clocks each pool by its own GPU: an h200 prefill pool under
    /// a saturating prompt load slows, whichever GPU decodes.
    func testDisaggregatedPoolsFollowTheirOwnGPU() throws {
        let scenario = Self.prefillHeavy + """

            [cluster.prefill]
            replicas = 1
            tp = 1

            [cluster.decode]
            replicas = 1
            tp = 1
            hardware = "a100-80gb"
            """
        let limited = try TestSupport.run(scenario).1.summary
        let held = try TestSupport.run(scenario, overrides: ["hardware.power_limit_time_constant_ms=1e6"]).1.summary
        XCTAssertEqual(limited.completed, held.completed)
        XCTAssertGreaterThan(limited.simulatedSeconds, held.simulatedSeconds * 1.02)
    }

    /// A time constant out of range, or one no clock can keep, is refused by key.
    func testBadTimeConstantNamesKeyValueAndRange() throws {
        let bad = try XCTUnwrap(TestSupport.loadError(Self.prefillHeavy, overrides: ["hardware.power_limit_time_constant_ms=-3"]))
        XCTAssertTrue(bad.contains("hardware.power_limit_time_constant_ms: must be in (0, 1e6] ms, got -3.0"), bad)
        let hot = try XCTUnwrap(TestSupport.loadError(Self.prefillHeavy, overrides: ["hardware.busy_static_watts=640"]))
        XCTAssertTrue(hot.contains("hardware.power_limit_time_constant_ms: needs idle_watts + busy_static_watts (715.0 W)"), hot)
    }

    /// `simserve cost` prints the sustained time beside the full-clock table on a GPU that sets
    /// the time constant (longer for a compute-bound prefill), and nothing of it elsewhere.
    func testCostCommandPrintsTheSustainedTimeWhereTheGPUSetsALimit() throws {
        let h200 = try TestSupport.runCLI(["cost", "--model", "llama-3.1-8b", "--hardware", "h200", "--prefill", "8192"])
        XCTAssertEqual(h200.status, 0, h200.stderr)
        let line = try XCTUnwrap(h200.stdout.split(separator: "\n").first { $0.hasPrefix("sustained ") }, h200.stdout)
        let iteration = try XCTUnwrap(h200.stdout.split(separator: "\n").first { $0.hasPrefix("iteration ") })
        func ms(_ text: Substring) throws -> Double { try XCTUnwrap(Double(text.split(separator: " ")[1])) }
        XCTAssertGreaterThan(try ms(line), try ms(iteration))
        XCTAssertTrue(line.contains("under the 700 W limit"), String(line))
        let a100 = try TestSupport.runCLI(["cost", "--model", "llama-3.1-8b", "--hardware", "a100-80gb", "--prefill", "8192"])
        XCTAssertEqual(a100.status, 0, a100.stderr)
        XCTAssertFalse(a100.stdout.contains("sustained "), a100.stdout)
        // The JSON carries it as keys, present only where the GPU sets the time constant.
        let json = try TestSupport.runCLI(["cost", "--model", "llama-3.1-8b", "--hardware", "h200", "--prefill", "8192", "--json"])
        let document = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let sustained = try XCTUnwrap(document["sustained_seconds"] as? Double), seconds = try XCTUnwrap(document["seconds"] as? Double)
        XCTAssertEqual(sustained * 1e3, try ms(line), accuracy: 0.001)
        XCTAssertGreaterThan(sustained, seconds)
        XCTAssertGreaterThan(try XCTUnwrap(document["uncapped_watts_per_gpu"] as? Double), 700)
        let plain = try TestSupport.runCLI(["cost", "--model", "llama-3.1-8b", "--hardware", "a100-80gb", "--decode", "4x100", "--json"])
        XCTAssertFalse(plain.stdout.contains("sustained_seconds"), plain.stdout)
    }
}
