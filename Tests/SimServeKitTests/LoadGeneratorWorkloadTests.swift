import XCTest
import SimServeKit
import TestSupport

/// Workloads as load generators (inference-perf, GuideLLM, vLLM bench) send them: constant
/// rates, load stages, multi-turn conversations over shared system prompts.
final class LoadGeneratorWorkloadTests: XCTestCase {
    static let base = """
        seed = 4
        model = "llama-2-7b"
        hardware = "h100-sxm"
        [workload]
        prompt_tokens = { kind = "fixed", value = 64 }
        output_tokens = { kind = "fixed", value = 8 }
        """

    /// Constant rate: arrivals exactly 1/rate apart (integer nanoseconds), the first at 0,
    /// rate × duration of them in a duration.
    func testConstantArrivalsAreExactlyOneOverRateApart() throws {
        let (_, result) = try TestSupport.run(Self.base + "\narrival = { kind = \"constant\", rate = 8.0 }\n", overrides: ["duration=\"10s\""])
        let nanoseconds = result.records.map { Int(($0.arrival * 1e9).rounded()) }
        XCTAssertEqual(nanoseconds.count, 80)
        XCTAssertEqual(nanoseconds, (0..<80).map { $0 * 125_000_000 })
    }

    func testConstantRateErrorsNameKeyValueAndRange() {
        let bad = TestSupport.loadError(Self.base + "\narrival = { kind = \"constant\", rate = 0.0 }\nrequests = 5\n") ?? ""
        XCTAssertTrue(bad.contains("workload.arrival.rate: must be a number of requests per second in 1e-6...1e7, got 0.0"), bad)
        let missing = TestSupport.loadError(Self.base + "\narrival = { kind = \"constant\" }\nrequests = 5\n") ?? ""
        XCTAssertTrue(missing.contains("workload.arrival.rate: missing; give the rate in requests per second, e.g. rate = 5.0"), missing)
    }

    static let staged = base + """

        arrival = { kind = "constant" }
        [[workload.stages]]
        rate = 2.0
        duration = "10s"
        [[workload.stages]]
        rate = 4.0
        duration = "5s"
        """

    /// Stages run one after the other: a constant-rate stage sends its first request at its
    /// start, rate × duration in all; the run ends with the last stage.
    func testStagesSetTheRateInTurn() throws {
        let (_, result) = try TestSupport.run(Self.staged)
        let arrivals = result.records.map { Int(($0.arrival * 1e9).rounded()) }
        let first: [Int] = (0..<20).map { $0 * 500_000_000 }
        let second: [Int] = (0..<20).map { 10_000_000_000 + $0 * 250_000_000 }
        XCTAssertEqual(arrivals, first + second)
    }

    /// A load stepped up from 5 to 10 to 20 req/s, far below capacity: the requests in the
    /// system rise with the rate (Little's law), which over the whole window is a positive
    /// trend; judged stage by stage the run is stable. Raised to 600 req/s, the last stage's
    /// queue grows without bound: the run is overloaded, in that stage, and the first two
    /// stay stable.
    func testStagesAreJudgedEachOnItsOwnQueue() throws {
        let rising = Self.base + """

            arrival = { kind = "constant" }
            [[workload.stages]]
            rate = 5.0
            duration = "20s"
            [[workload.stages]]
            rate = 10.0
            duration = "20s"
            [[workload.stages]]
            rate = 20.0
            duration = "20s"
            """
        let long = ["workload.output_tokens={ kind = \"fixed\", value = 128 }"]
        let (_, light) = try TestSupport.run(rising, overrides: long)
        XCTAssertEqual(light.summary.saturation?.state, .stable, light.summary.saturation?.sentence ?? "")
        XCTAssertEqual(light.summary.stages.map { $0.saturation?.state }, [.stable, .stable, .stable])
        XCTAssertEqual(try XCTUnwrap(light.summary.saturation).offeredRequestsPerSecond, 35.0 * 20 / 60, accuracy: 0.05)
        XCTAssertLessThan(light.summary.stages.map { $0.saturation!.queueGrowthPerSecond }.max()!, 0.01 * 20)

        let (_, heavy) = try TestSupport.run(rising, overrides: long + ["workload.stages[2].rate=600"])
        let run = try XCTUnwrap(heavy.summary.saturation)
        XCTAssertEqual(run.state, .overloaded, run.sentence)
        XCTAssertEqual(run.stage, 2)
        XCTAssertTrue(run.sentence.contains("in stage 2"), run.sentence)
        XCTAssertEqual(heavy.summary.stages.map { $0.saturation?.state }, [.stable, .stable, .overloaded])
        let last = try XCTUnwrap(heavy.summary.stages[2].saturation)
        XCTAssertEqual(last.admittedRequestsPerSecond, 600, accuracy: 1)
        XCTAssertLessThan(last.servedRequestsPerSecond, 0.5 * 600)
    }

    func testStageErrorsNameKeyValueAndRange() {
        let error = TestSupport.loadError(Self.staged, overrides: [
            "workload.stages[1].rate=-1", "workload.stages[0].duration=\"0s\"", "requests=10"]) ?? ""
        for expected in ["workload.stages[1].rate: must be a number of requests per second in 1e-6...1e7, got -1.0",
                         "workload.stages[0].duration: must be > 0, got 0.0 s",
                         "requests: not used with workload.stages (the stages' durations set the run's length)"] {
            XCTAssertTrue(error.contains(expected), error)
        }
        let mmpp = TestSupport.loadError(Self.staged, overrides: [
            "workload.arrival={ kind = \"mmpp\", states = [{ rate = 1.0, mean_sojourn = \"1s\" }, { rate = 2.0, mean_sojourn = \"1s\" }] }"]) ?? ""
        XCTAssertTrue(mmpp.contains("workload.arrival.kind: 'mmpp' has no single rate for workload.stages to set; use 'constant', 'poisson' or 'gamma'"), mmpp)
    }

    /// `plan` searches one arrival rate: a staged scenario is refused with the reason, exit 2.
    func testPlanRefusesStages() throws {
        let url = try TestSupport.temporaryDirectory().appendingPathComponent("staged.toml")
        try Self.staged.write(to: url, atomically: true, encoding: .utf8)
        let r = try TestSupport.runCLI(["plan", url.path, "--slo", "ttft_p99=500ms"])
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertTrue(r.stderr.contains("the scenario runs workload.stages, each with its own rate; plan needs one workload.arrival.rate"), r.stderr)
    }

    static let conversation = """
        seed = 4
        requests = 4
        model = "llama-2-7b"
        hardware = "h100-sxm"
        [scheduler]
        prefix_caching = true
        block_size = 16
        [workload]
        arrival = { kind = "constant", rate = 0.25 }
        [workload.shared_prefix]
        groups = 1
        users_per_group = 1
        system_prompt_tokens = 120
        question_tokens = { kind = "fixed", value = 100 }
        output_tokens = 128
        turns = 3
        """

    /// One user, three turns, then a new conversation; 16-token blocks, each turn done before
    /// the next arrives. Prompts: 220, 448 (+ answer 128 + question 100), 676, then 220 again.
    /// A finished turn leaves its full blocks cached, prompt and answer (vLLM caches generated
    /// tokens' blocks too): turn 1 holds 220 + 127 = 347 tokens → 21 blocks; turn 2 hits those
    /// 21 (336 tokens) and holds 575 → 35 blocks; turn 3 hits 35 (560 tokens). The new
    /// conversation shares only the system prompt's 7 full blocks (112 of its 120 tokens).
    func testConversationTurnsHitTheSystemPromptAndTheirHistory() throws {
        let (_, result) = try TestSupport.run(Self.conversation)
        XCTAssertEqual(result.records.map(\.promptTokens), [220, 448, 676, 220])
        XCTAssertTrue(result.records.allSatisfy { $0.generatedTokens == 128 })
        XCTAssertEqual(result.summary.prefixHitRate!, Double(0 + 336 + 560 + 112) / Double(220 + 448 + 676 + 220), accuracy: 1e-12)
    }

    /// Users take turns round-robin: with two users, arrivals alternate between them, and the
    /// second user's first turn hits the shared system prompt.
    func testUsersTakeTurnsRoundRobin() throws {
        let (_, result) = try TestSupport.run(Self.conversation, overrides: ["workload.shared_prefix.users_per_group=2"])
        XCTAssertEqual(result.records.map(\.promptTokens), [220, 220, 448, 448])
        XCTAssertEqual(result.summary.prefixHitRate!, Double(0 + 112 + 336 + 336) / Double(220 + 220 + 448 + 448), accuracy: 1e-12)
    }

    func testSharedPrefixErrorsNameKeyValueAndRange() {
        let error = TestSupport.loadError(Self.conversation, overrides: [
            "workload.shared_prefix.turns=0", "workload.shared_prefix.output_tokens=0",
            "workload.prompt_tokens={ kind = \"fixed\", value = 5 }"]) ?? ""
        for expected in ["workload.shared_prefix.turns: must be in 1...1000, got 0",
                         "workload.shared_prefix.output_tokens: must be in 1...10000000 tokens, got 0",
                         "workload.prompt_tokens: not used when workload.shared_prefix is set (it gives the lengths and the prefix)"] {
            XCTAssertTrue(error.contains(expected), error)
        }
    }
}
