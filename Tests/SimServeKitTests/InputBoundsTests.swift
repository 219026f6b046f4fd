import Foundation
import SimCore
import SimServeKit
import TestSupport
import XCTest

/// Issue 13's failing inputs: each is now an exit-2 message naming the key, the value and the
/// allowed range, checked before anything of its size is allocated or simulated.
final class InputBoundsTests: XCTestCase {
    static let valid = """
        name = "bounds"
        seed = 3
        requests = 50
        model = "llama-2-7b"
        hardware = "a100-80gb"
        [workload]
        arrival = { kind = "poisson", rate = 4.0 }
        prompt_tokens = { kind = "lognormal", mean = 500, cv = 0.8, max = 2000 }
        output_tokens = { kind = "fixed", value = 50 }
        """

    private func expect(_ overrides: [String], _ expected: String, toml: String = valid,
                        file: StaticString = #filePath, line: UInt = #line) {
        let error = TestSupport.loadError(toml, overrides: overrides) ?? "(loaded)"
        XCTAssertTrue(error.contains(expected), "\(overrides): \(error)", file: file, line: line)
    }

    func testDurationsBeyondIntegerNanosecondTimeAreRefused() {
        let limit = "must be at most 1e9 s (about 31.7 years: simulated time is integer nanoseconds)"
        expect(["horizon=\"1e19ns\""], "horizon: \(limit), found \"1e19ns\"")
        expect(["warmup=\"1e308s\""], "warmup: \(limit), found \"1e308s\"")
        expect(["scheduler.batching_window=\"9e9h\""], "scheduler.batching_window: \(limit), found \"9e9h\"")
        expect(["requests=[]"], "requests")  // sanity: the override machinery reports types
        let byDuration = Self.valid.replacingOccurrences(of: "requests = 50", with: "duration = \"999999999h\"")
        expect([], "duration: \(limit), found \"999999999h\"", toml: byDuration)
        let classes = Self.valid.replacingOccurrences(of: "prompt_tokens = { kind = \"lognormal\", mean = 500, cv = 0.8, max = 2000 }\noutput_tokens = { kind = \"fixed\", value = 50 }", with: """
            [[workload.classes]]
            name = "a"
            share = 1
            batching_window = "1e19ns"
            prompt_tokens = { kind = "fixed", value = 10 }
            output_tokens = { kind = "fixed", value = 10 }
            """)
        expect([], "workload.classes[0].batching_window: \(limit), found \"1e19ns\"", toml: classes)
    }

    func testRatesCountsAndSpreadsHaveRanges() {
        expect(["workload.arrival.rate=1e-9"], "workload.arrival.rate: must be a number of requests per second in 1e-6...1e7, got 1e-09")
        expect(["workload.prompt_tokens.cv=1e308"], "workload.prompt_tokens.cv: must be in 0.001...100, got 1e+308")
        expect(["workload.arrival={kind=\"gamma\",rate=5.0,cv=1e-300}"], "workload.arrival.cv: must be in 0.001...100, got 1e-300")
        expect(["workload.output_tokens.value=1e15"], "workload.output_tokens.value: must be at most 10000000 tokens (10⁷), got 1000000000000000")
        expect(["scheduler.preemption=\"swap\"", "scheduler.swap_space_gb=9223372036854775807"],
               "scheduler.swap_space_gb: must be in (0, 1e6] GB, got 9.223372036854776e+18")
        expect(["workload.arrival={kind=\"mmpp\",states=[{rate=1e9,mean_sojourn=\"1s\"},{rate=1,mean_sojourn=\"1s\"}]}"],
               "workload.arrival.states[0].rate: must be 0 or a number of requests per second in 1e-6...1e7, got 1000000000.0")
    }

    func testSizesAreCheckedAgainstTheModelBeforeAllocation() {
        expect(["workload.prefix={groups=20,tokens=1e15}"], "workload.prefix.tokens: must be in 1...10000000 tokens, got 1000000000000000")
        expect(["workload.prefix={groups=2,tokens=2147483648}"], "workload.prefix.tokens: must be in 1...10000000 tokens, got 2147483648")
        expect(["workload.prefix={groups=2,tokens=10000}"],
               "workload.prefix.tokens: must be less than the model's context of 4096 tokens (the prompt follows the prefix), got 10000")
        expect(["cluster.replicas=1e9"], "cluster.replicas: must be in 1...10000, got 1000000000")
    }

    func testDeploymentsThatCannotExistAreRefused() {
        for tp in [3, 5] {
            expect(["cluster.tp=\(tp)"], "cluster.tp: must divide the model's 32 attention heads, got \(tp); allowed: 1, 2, 4, 8, 16, 32")
        }
        expect(["cluster.tp=64"], "cluster.tp: must be at most 8 (hardware.gpus_per_node of a100-80gb")
        expect(["cluster.tp=2147483648"], "cluster.tp: must be in 1...1000000, got 2147483648")
        // GQA: 8 KV heads; tp = 16 replicates them (as vLLM does) and is allowed where the node is.
        let gqa = Self.valid.replacingOccurrences(of: "model = \"llama-2-7b\"", with: "model = { preset = \"llama-2-7b\", kv_heads = 8 }")
            .replacingOccurrences(of: "hardware = \"a100-80gb\"", with: "hardware = { preset = \"a100-80gb\", gpus_per_node = 16 }")
        XCTAssertNil(TestSupport.loadError(gqa, overrides: ["cluster.tp=16"]))
        expect(["model.kv_heads=6"], "cluster.tp: must divide the model's 6 KV heads or be a multiple of them (KV heads replicated), got 4",
               toml: Self.valid + "\n[cluster]\ntp = 4\n")
    }

    func testMemoryAdviceNeverNamesAnImpossibleTensorDegree() {
        expect(["scheduler.gpu_memory_utilization=1e-9"],
               "no tensor-parallel group of one node (≤ 8 GPUs) holds it; raise scheduler.gpu_memory_utilization")
    }

    func testLimitsThatCanNeverHoldAreRefused() {
        for (text, expected) in [("ttft_p99=-1s", "'-1s' can never be met by ttft_p99 <= limit; allowed: 0 ≤ limit ≤ 1e9 s"),
                                 ("goodput_fraction=1.5", "'1.5' can never be met by goodput_fraction >= limit; allowed: 0 ≤ limit ≤ 1 (0%...100%)"),
                                 ("ttft_p99<0", "allowed: 0 < limit ≤ 1e9 s")] {
            XCTAssertThrowsError(try MetricCondition(parsing: text)) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(error)")
            }
        }
        expect([], "assert.ttft_p99", toml: Self.valid + "\n[assert]\nttft_p99 = \"-1s\"\n")
    }

    func testConversionsSaturateInsteadOfTrapping() {
        XCTAssertEqual(SimTime(seconds: 1e30), .max)
        XCTAssertEqual(SimTime(seconds: .infinity), .max)
        XCTAssertEqual(SimTime(seconds: -1e30).nanoseconds, .min)
        XCTAssertEqual((SimTime.max + SimDuration(seconds: 5)), .max)
        XCTAssertEqual(SimDuration(seconds: 1e300).nanoseconds, .max)
        XCTAssertEqual(Int(saturating: .nan), 0)
        XCTAssertEqual(Int(saturating: 1e300), .max)
        XCTAssertEqual(Int(saturating: -.infinity), .min)
        XCTAssertEqual(Int(saturating: 12.9), 12)
    }

    func testRunSizeIsEstimatedAndRefusedPastTheLimit() throws {
        let big = Self.valid.replacingOccurrences(of: "requests = 50", with: "duration = \"900s\"")
        let scenario = try ScenarioLoader.load(toml: big, source: "big.toml", overrides: .init(assignments: ["workload.arrival.rate=1e7"]))
        let estimate = RunSizeEstimate(scenario.serving)
        XCTAssertEqual(estimate.requests, 9e9)
        XCTAssertTrue(estimate.refusal(.init())?.contains("about 9e+09 requests, more than the limit of 1e+08") ?? false)
        // The horizon caps it.
        let capped = try ScenarioLoader.load(toml: big, source: "big.toml", overrides: .init(assignments: ["workload.arrival.rate=1e7", "horizon=\"5s\""]))
        XCTAssertEqual(RunSizeEstimate(capped.serving).requests, 5e7)
        XCTAssertNil(RunSizeEstimate(capped.serving).refusal(.init(requests: 1e8, bytes: 1e12)))
    }

    /// Load stages: the estimate follows each stage's rate over its part of the horizon.
    func testStagedRunEstimateCoversItsArrivals() throws {
        let path = TestSupport.packageRoot.appendingPathComponent("Scenarios/shared-prefix-multiturn.toml").path
        let scenario = try ScenarioLoader.load(path: path, overrides: .init(assignments: ["horizon=\"120s\""]))
        let arrived = Double(ScenarioRunner.run(scenario).summary.arrived)
        XCTAssertGreaterThanOrEqual(RunSizeEstimate(scenario.serving).requests * 1.1, arrived)
    }
}
