import XCTest
import SimServeKit
import TestSupport

/// End-to-end behaviour of the serving simulation, through scenarios.
final class ServingTests: XCTestCase {
    static let chat = """
        name = "chat-test"
        seed = 3
        requests = 400
        model = "llama-2-7b"
        hardware = "a100-80gb"
        [scheduler]
        max_batch_size = 64
        max_tokens_per_iteration = 2048
        [workload]
        arrival = { kind = "poisson", rate = 6.0 }
        prompt_tokens = { kind = "lognormal", mean = 800, cv = 0.8, max = 3000 }
        output_tokens = { kind = "lognormal", mean = 200, cv = 0.8, max = 1000 }
        [slo]
        ttft = "500ms"
        tpot = "60ms"
        """

    /// Every request ends exactly once; completed requests produce exactly the tokens they
    /// asked for; KV use stays within capacity.
    func testConservationAndTokenAccounting() throws {
        for seed: UInt64 in [1, 2, 3] {
            let (_, result) = try TestSupport.run(Self.chat, seed: seed)
            let s = result.summary
            XCTAssertEqual(s.arrived, 400, "seed \(seed)")
            XCTAssertEqual(s.arrived, s.completed + s.rejected + s.inFlight, "seed \(seed)")
            XCTAssertEqual(result.records.count, s.arrived, "seed \(seed)")
            XCTAssertEqual(Set(result.records.map(\.index)).count, s.arrived, "seed \(seed): a request ended twice")
            for r in result.records where r.outcome == .completed {
                XCTAssertEqual(r.generatedTokens, r.outputTokens, "seed \(seed), request \(r.index)")
                XCTAssertLessThanOrEqual(r.arrival, r.firstScheduled!)
                XCTAssertLessThan(r.firstScheduled!, r.firstToken!)
                XCTAssertLessThanOrEqual(r.firstToken!, r.lastToken!)
            }
            XCTAssertLessThanOrEqual(s.kvUtilizationPeak, 1.0)
            XCTAssertGreaterThan(s.kvUtilizationPeak, 0)
            XCTAssertGreaterThan(try XCTUnwrap(s.mfu), 0)
            XCTAssertLessThan(try XCTUnwrap(s.mfu), 1)
        }
    }

    /// When decode growth runs out of KV blocks, the newest request is preempted, recomputed,
    /// and still finishes with all its tokens.
    func testPreemptionUnderMemoryPressure() throws {
        let (scenario, result) = try TestSupport.run(Self.chat, overrides: [
            "scheduler.gpu_memory_utilization=0.22", "workload.arrival.rate=30", "scheduler.max_batch_size=256",
        ])
        let s = result.summary
        XCTAssertLessThan(scenario.serving.kvBlocksPerReplica, 2000)
        XCTAssertGreaterThan(s.preemptions, 0)
        XCTAssertEqual(s.completed + s.rejected, 400)
        XCTAssertEqual(s.inFlight, 0)
        XCTAssertLessThanOrEqual(s.kvUtilizationPeak, 1.0)
        let preempted = result.records.filter { $0.preemptions > 0 }
        XCTAssertFalse(preempted.isEmpty)
        for r in preempted where r.outcome == .completed { XCTAssertEqual(r.generatedTokens, r.outputTokens) }
    }

    /// A request that could never fit is rejected and counted, not left to hang the run.
    func testImpossibleRequestsAreRejectedWithTheirReason() throws {
        let (_, result) = try TestSupport.run(Self.chat, overrides: [
            "workload.prompt_tokens={ kind = \"uniform\", min = 100, max = 6000 }",
        ])
        let s = result.summary
        XCTAssertGreaterThan(s.rejectedByReason[.exceedsContext] ?? 0, 0)
        XCTAssertEqual(s.arrived, s.completed + s.rejected)
        for r in result.records where r.outcome == .rejected {
            XCTAssertGreaterThan(r.promptTokens + r.outputTokens, 4096)
            XCTAssertEqual(r.rejection, .exceedsContext)
        }
    }

    /// A larger batching window raises the mean batch size and the median TTFT at low load.
    func testBatchingWindowTradesLatencyForBatchSize() throws {
        let lowLoad = ["workload.arrival.rate=2", "requests=200"]
        let (_, none) = try TestSupport.run(Self.chat, overrides: lowLoad)
        let (_, window) = try TestSupport.run(Self.chat, overrides: lowLoad + ["scheduler.batching_window=\"400ms\""])
        XCTAssertGreaterThan(window.summary.ttft!.p50, none.summary.ttft!.p50 + 0.1)
        XCTAssertGreaterThan(window.summary.meanBatchSize!, none.summary.meanBatchSize!)
    }

    /// More load, longer queues: TTFT p99 grows with the arrival rate.
    func testTTFTGrowsWithLoad() throws {
        let (_, light) = try TestSupport.run(Self.chat, overrides: ["workload.arrival.rate=2"])
        let (_, heavy) = try TestSupport.run(Self.chat, overrides: ["workload.arrival.rate=40"])
        XCTAssertGreaterThan(heavy.summary.ttft!.p99, light.summary.ttft!.p99)
        XCTAssertGreaterThan(heavy.summary.meanBatchSize!, light.summary.meanBatchSize!)
    }

    /// Same seed, same run; another seed, another run.
    func testRunsAreDeterministicForASeed() throws {
        let (_, a) = try TestSupport.run(Self.chat)
        let (_, b) = try TestSupport.run(Self.chat)
        let (_, c) = try TestSupport.run(Self.chat, seed: 99)
        XCTAssertEqual(a.records, b.records)
        XCTAssertNotEqual(a.records, c.records)
    }

    /// Two replicas halve each one's load. Near saturation (20 requests/s on two replicas),
    /// join-shortest-queue routes away from the replica holding long prompts and cuts the p99
    /// TTFT below round-robin's (not every percentile: its p90 is higher here, and at light
    /// load the two are within noise of each other).
    func testReplicasShareTheLoad() throws {
        let (_, one) = try TestSupport.run(Self.chat, overrides: ["workload.arrival.rate=20"])
        let (_, two) = try TestSupport.run(Self.chat, overrides: ["workload.arrival.rate=20", "cluster.replicas=2"])
        XCTAssertEqual(Set(two.records.map(\.replica)), [0, 1])
        XCTAssertLessThan(two.summary.ttft!.p90, one.summary.ttft!.p90)
        XCTAssertEqual(two.summary.gpus, 2)
        let (_, jsq) = try TestSupport.run(Self.chat, overrides: ["workload.arrival.rate=20", "cluster.replicas=2",
                                                                  "cluster.router=join_shortest_queue"])
        XCTAssertEqual(Set(jsq.records.map(\.replica)), [0, 1])
        XCTAssertNotEqual(jsq.records.map(\.replica), two.records.map(\.replica), "the router was not applied")
        XCTAssertLessThan(jsq.summary.ttft!.p99, two.summary.ttft!.p99)
    }

    /// Requests that arrive during the warm-up are left out of the latency figures.
    func testWarmupExcludesEarlyRequests() throws {
        let (_, result) = try TestSupport.run(Self.chat, overrides: ["warmup=\"20s\""])
        let early = result.records.filter { $0.arrival < 20 }.count
        XCTAssertGreaterThan(early, 0)
        XCTAssertEqual(result.summary.measured, result.summary.completed - early)
        XCTAssertEqual(result.summary.ttft!.count, result.summary.measured)
    }

    /// Goodput counts the requests that met every SLO; attainment is their share.
    func testGoodputAgainstSLOs() throws {
        let (_, result) = try TestSupport.run(Self.chat, overrides: ["workload.arrival.rate=20"])
        let met = result.records.filter { r in
            r.outcome == .completed && r.ttft! <= 0.5 && (r.tpot.map { $0 <= 0.06 } ?? true)
        }.count
        let s = result.summary
        XCTAssertEqual(s.sloAttainment!, Double(met) / Double(s.completed), accuracy: 1e-12)
        XCTAssertEqual(s.goodputRequestsPerSecond!, Double(met) / s.measurementWindowSeconds!, accuracy: 1e-9)
        XCTAssertLessThan(s.sloAttainment!, 1)
    }

    /// A trace in either public layout replays its exact requests, relative to its first row.
    func testTraceReplayInBothLayouts() throws {
        let directory = try TestSupport.temporaryDirectory()
        let vidur = directory.appendingPathComponent("vidur.csv").path
        try "arrived_at,num_prefill_tokens,num_decode_tokens,request_id\n0.0,100,5,a\n0.5,200,1,b\n2.25,50,3,c\n"
            .write(toFile: vidur, atomically: true, encoding: .utf8)
        let azure = directory.appendingPathComponent("azure.csv").path
        try "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 23:59:59.7500000,100,5\n2023-11-17 00:00:00.2500000,200,1\n2023-11-17 00:00:02.0000000,50,3\n"
            .write(toFile: azure, atomically: true, encoding: .utf8)
        for path in [vidur, azure] {
            let toml = """
                model = "llama-2-7b"
                hardware = "a100-80gb"
                [workload]
                trace = "\(path)"
                """
            let (_, result) = try TestSupport.run(toml)
            XCTAssertEqual(result.records.map(\.arrival), [0, 0.5, 2.25], path)
            XCTAssertEqual(result.records.map(\.promptTokens), [100, 200, 50], path)
            XCTAssertEqual(result.records.map(\.generatedTokens), [5, 1, 3], path)
            XCTAssertEqual(result.summary.completed, 3)
        }
        let (_, named) = try TestSupport.run("model = \"llama-2-7b\"\nhardware = \"a100-80gb\"\n[workload]\ntrace = \"\(vidur)\"")
        XCTAssertEqual(named.records.map(\.externalID), ["a", "b", "c"])
    }

    func testMalformedTracesAreNamedByLine() {
        let bad = "arrived_at,num_prefill_tokens,num_decode_tokens\n0.0,100,5\n0.1,-3,5\n"
        XCTAssertThrowsError(try TraceReader.parse(bad, path: "bad.csv")) { error in
            XCTAssertEqual("\(error)", "Trace 'bad.csv', line 3: num_prefill_tokens must be an integer in 1...10000000, found '-3'")
        }
        XCTAssertThrowsError(try TraceReader.parse("a,b\n1,2\n", path: "x.csv")) { error in
            XCTAssertTrue("\(error)".contains("unknown header 'a,b'"), "\(error)")
        }
    }
}
