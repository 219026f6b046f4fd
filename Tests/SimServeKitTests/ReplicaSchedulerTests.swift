import XCTest
@testable import SimServing
import SimWorkload
import SimCore
import CostModel

/// A replica's scheduler on its own, through its three verbs — `enqueue`, `startIteration`
/// (→ the batch's shape), `finishIteration` (→ the iteration's outcome as values) — under each
/// batching strategy, with no simulation, cost model or metrics around it.
final class ReplicaSchedulerTests: XCTestCase {
    /// One replica of 100 blocks of 16 tokens scheduling under `strategy`, and its table.
    struct Bench {
        let replica: Replica
        var requests = RequestTable()
        var outcome = IterationOutcome()

        init(strategy: BatchingStrategy = .continuous, budget: Int = 64, maxNewTokens: Int? = nil) {
            replica = Replica(index: 0, kvBlocks: 100,
                              policy: .plain(strategy: strategy, budget: budget, maxNewTokens: maxNewTokens),
                              line: WaitingLine(queue: WaitingQueue(policy: .fcfs)))
        }

        mutating func enqueue(_ index: Int, prompt: Int, output: Int, at seconds: Double = 0) {
            let spec = RequestSpec(index: index, arrival: SimTime(seconds: seconds), promptTokens: prompt, outputTokens: output)
            replica.enqueue(RequestState(spec: spec, replica: 0, measured: true), requests: &requests,
                            now: SimTime(seconds: seconds))
        }

        mutating func start(at seconds: Double) -> BatchShape {
            replica.startIteration(requests: &requests, now: SimTime(seconds: seconds))
        }

        /// Finishes the iteration in flight at `seconds`; returns what it produced and empties it.
        mutating func finish(at seconds: Double) -> (gaps: [IterationOutcome.TokenGaps], finished: [Int]) {
            outcome.removeAll()
            replica.finishIteration(requests: &requests, now: SimTime(seconds: seconds), into: &outcome)
            return ((0..<outcome.gapCount).map { outcome.gaps(at: $0) }, outcome.finished.map(\.spec.index))
        }
    }

    func testVerbsHandTokensAndCompletionsOutAsValues() {
        var bench = Bench()
        bench.enqueue(0, prompt: 20, output: 3)
        bench.enqueue(1, prompt: 10, output: 1)
        XCTAssertEqual(bench.replica.waiting.count, 2)
        XCTAssertEqual(bench.replica.outstandingTokens, 34)

        let first = bench.start(at: 0)
        XCTAssertEqual(first.prefillTokens, 30)
        XCTAssertEqual(first.prefillSequences, 2)
        XCTAssertEqual(first.decodeSequences, 0)
        XCTAssertEqual(bench.replica.kv.used, 3)  // 20 tokens → 2 blocks, 10 → 1
        // Both prompts end: each yields its first token; request 1 asked for one token only.
        var done = bench.finish(at: 1)
        XCTAssertEqual(done.gaps, [])
        XCTAssertEqual(done.finished, [1])
        XCTAssertEqual(bench.replica.outstandingTokens, 23)

        let decode = bench.start(at: 1)
        XCTAssertEqual(decode.decodeSequences, 1)
        XCTAssertEqual(decode.decodeContextTokens, 21)
        XCTAssertEqual(decode.prefillTokens, 0)
        done = bench.finish(at: 1.5)
        XCTAssertEqual(done.gaps, [IterationOutcome.TokenGaps(nanoseconds: 500_000_000, count: 1, stage: nil)])
        XCTAssertEqual(done.finished, [])

        _ = bench.start(at: 1.5)
        done = bench.finish(at: 1.75)
        XCTAssertEqual(done.gaps, [IterationOutcome.TokenGaps(nanoseconds: 250_000_000, count: 1, stage: nil)])
        XCTAssertEqual(done.finished, [0])
        XCTAssertEqual(bench.replica.running, 0)
        XCTAssertEqual(bench.replica.kv.used, 0)
        XCTAssertEqual(bench.replica.outstandingTokens, 0)
        XCTAssertEqual(bench.requests.inFlight, 0)
        XCTAssertTrue(bench.start(at: 2).isEmpty)
    }

    func testContinuousChunksAPromptOverTheTokenBudget() {
        var bench = Bench(budget: 16)
        bench.enqueue(0, prompt: 40, output: 2)
        XCTAssertEqual(bench.start(at: 0).prefillTokens, 16)
        XCTAssertEqual(bench.finish(at: 1).finished, [])
        XCTAssertEqual(bench.start(at: 1).prefillTokens, 16)
        _ = bench.finish(at: 2)
        let last = bench.start(at: 2)
        XCTAssertEqual(last.prefillTokens, 8)
        XCTAssertEqual(last.logitTokens, 1)
        _ = bench.finish(at: 3)
        XCTAssertEqual(bench.start(at: 3).decodeSequences, 1)
        XCTAssertEqual(bench.finish(at: 4).finished, [0])
    }

    func testStaticBatchesPadAndAdmitOnlyWhenTheBatchHasEnded() {
        var bench = Bench(strategy: .staticBatches)
        bench.enqueue(0, prompt: 10, output: 1)
        bench.enqueue(1, prompt: 30, output: 3)
        let first = bench.start(at: 0)
        XCTAssertEqual(first.prefillTokens, 60)  // both prompts at the longest's 30 tokens
        XCTAssertEqual(first.paddingTokens, 20)
        XCTAssertEqual(bench.finish(at: 1).finished, [0])
        bench.enqueue(2, prompt: 5, output: 1, at: 1)
        // Request 0's slot keeps padding the batch; request 2 waits for the batch to end.
        let second = bench.start(at: 1)
        XCTAssertEqual(second.decodeSequences, 2)
        XCTAssertEqual(second.prefillTokens, 0)
        XCTAssertEqual(second.paddingTokens, 1)
        _ = bench.finish(at: 2)
        _ = bench.start(at: 2)
        XCTAssertEqual(bench.finish(at: 3).finished, [1])
        let next = bench.start(at: 3)
        XCTAssertEqual(next.prefillTokens, 5)
        XCTAssertEqual(next.decodeSequences, 0)
    }

    func testWholeSequenceReservationHoldsItsLifetimeFromAdmission() {
        var bench = Bench(strategy: .wholeSequenceReservation, budget: 16, maxNewTokens: 40)
        bench.enqueue(0, prompt: 20, output: 3)
        // No token budget: the whole prompt at once; KV for prompt + max_new_tokens (60 → 4 blocks).
        XCTAssertEqual(bench.start(at: 0).prefillTokens, 20)
        XCTAssertEqual(bench.replica.kv.used, 4)
        _ = bench.finish(at: 1)
        _ = bench.start(at: 1)
        XCTAssertEqual(bench.replica.kv.used, 4)  // no block taken as it grows
        _ = bench.finish(at: 2)
        _ = bench.start(at: 2)
        XCTAssertEqual(bench.finish(at: 3).finished, [0])
        XCTAssertEqual(bench.replica.kv.used, 0)
    }

    /// The plain decode step's two verbs (decode runs) do what the general ones do whenever
    /// their guards hold: two replicas fed alike, one always through `finishIteration` /
    /// `startIteration`, the other through `finishDecodeStep` / `startDecodeStep` where
    /// allowed, compose the same shapes, hand out the same gaps and hold the same KV.
    func testDecodeStepVerbsMatchTheGeneralOnesWhereTheirGuardsHold() {
        var general = Bench(budget: 64), alone = Bench(budget: 64)
        for (index, (prompt, output)) in [(20, 40), (7, 25), (33, 60)].enumerated() {
            general.enqueue(index, prompt: prompt, output: output)
            alone.enqueue(index, prompt: prompt, output: output)
        }
        var stepsAlone = 0, ended = 0, started = 0
        for step in 0..<70 {
            let now = Double(step) * 0.01
            if step > 0 {
                let expected = general.finish(at: now)
                alone.outcome.removeAll()
                if alone.replica.endsDecodeStepAlone {
                    ended += 1
                    alone.replica.finishDecodeStep(requests: &alone.requests, now: SimTime(seconds: now), into: &alone.outcome)
                } else {
                    alone.replica.finishIteration(requests: &alone.requests, now: SimTime(seconds: now), into: &alone.outcome)
                }
                XCTAssertEqual((0..<alone.outcome.gapCount).map { alone.outcome.gaps(at: $0) }, expected.gaps, "step \(step)")
                XCTAssertEqual(alone.outcome.finished.map(\.spec.index), expected.finished, "step \(step)")
            }
            let shape = general.start(at: now)
            let aloneShape: BatchShape
            if alone.replica.startsDecodeStepAlone {
                started += 1
                aloneShape = alone.replica.startDecodeStep()
            } else {
                aloneShape = alone.start(at: now)
            }
            if alone.replica.endsDecodeStepAlone, alone.replica.startsDecodeStepAlone { stepsAlone += 1 }
            XCTAssertEqual(aloneShape, shape, "step \(step)")
            XCTAssertEqual(alone.replica.kv.used, general.replica.kv.used, "step \(step)")
            XCTAssertEqual(alone.replica.iteration, general.replica.iteration, "step \(step)")
            XCTAssertEqual(alone.replica.running, general.replica.running, "step \(step)")
        }
        XCTAssertEqual(general.replica.running, 0)
        XCTAssertGreaterThan(ended, 30)
        XCTAssertGreaterThan(started, 30)
        XCTAssertGreaterThan(stepsAlone, 0)
    }

    /// The guards: no decode step alone while a member's last token is due, while a request
    /// waits, while a prompt still prefills, or when the blocks the members cross into are
    /// not free.
    func testDecodeStepGuards() {
        var bench = Bench(budget: 64)
        bench.enqueue(0, prompt: 16, output: 3)
        _ = bench.start(at: 0)
        XCTAssertFalse(bench.replica.endsDecodeStepAlone)  // a prefill chunk is in flight
        _ = bench.finish(at: 1)
        XCTAssertTrue(bench.replica.startsDecodeStepAlone)
        _ = bench.replica.startDecodeStep()  // the first output token's KV opens block 2
        XCTAssertEqual(bench.replica.kv.used, 2)
        XCTAssertTrue(bench.replica.endsDecodeStepAlone)
        bench.outcome.removeAll()
        bench.replica.finishDecodeStep(requests: &bench.requests, now: SimTime(seconds: 2), into: &bench.outcome)
        bench.enqueue(1, prompt: 5, output: 1, at: 2)
        XCTAssertFalse(bench.replica.startsDecodeStepAlone)  // request 1 waits
        _ = bench.start(at: 2)  // admits it
        XCTAssertFalse(bench.replica.endsDecodeStepAlone)  // its prompt is in flight; request 0's last token due
        XCTAssertEqual(bench.finish(at: 3).finished, [0, 1])

        var full = Bench(budget: 1_600)
        full.enqueue(0, prompt: 1_600, output: 5)  // all 100 blocks
        _ = full.start(at: 0)
        _ = full.finish(at: 1)
        XCTAssertEqual(full.replica.kv.free, 0)
        XCTAssertFalse(full.replica.startsDecodeStepAlone)  // token 1,601 needs block 101
    }

    func testOutcomeEmptiesKeepingItsOrder() {
        var outcome = IterationOutcome()
        XCTAssertTrue(outcome.isEmpty)
        for n in 1...3 { outcome.gaps(nanoseconds: Int64(n), count: n, stage: n == 2 ? 0 : nil) }
        XCTAssertEqual((0..<outcome.gapCount).map { outcome.gaps(at: $0).nanoseconds }, [1, 2, 3])
        outcome.removeAll()
        XCTAssertTrue(outcome.isEmpty)
        outcome.gaps(nanoseconds: 9, count: 1)
        XCTAssertEqual(outcome.gapCount, 1)
        XCTAssertEqual(outcome.gaps(at: 0), IterationOutcome.TokenGaps(nanoseconds: 9, count: 1, stage: nil))
    }
}

extension SchedulingPolicy {
    /// Continuous batching (or `strategy`) over 16-token blocks, at most 8 sequences and
    /// `budget` tokens per iteration, one request class: what the serving parts' tests
    /// schedule by.
    static func plain(strategy: BatchingStrategy = .continuous, budget: Int = 64, maxNewTokens: Int? = nil) -> SchedulingPolicy {
        SchedulingPolicy(settings: SchedulerSettings(maxBatchSize: 8, maxTokensPerIteration: budget, batchingWindow: .zero,
                                                     blockSizeTokens: 16, strategy: strategy),
                         classes: [ClassPolicy(name: "all", priority: 0, slo: ServiceLevelObjectives(), maxNewTokens: maxNewTokens)])
    }
}
