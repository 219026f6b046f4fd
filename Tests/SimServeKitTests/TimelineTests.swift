import Foundation
import XCTest
import SimServeKit
import TestSupport

/// The run timeline in Chrome trace-event format (what Perfetto's JSON importer reads).
final class TimelineTests: XCTestCase {
    func testTimelineIsValidTraceEventJSONWithOneSpanPerIteration() throws {
        let scenario = try ScenarioLoader.load(toml: ServingTests.chat, source: "t.toml", overrides: .init(assignments: [
            "cluster.replicas=2", "scheduler.gpu_memory_utilization=0.22", "workload.arrival.rate=30"]))
        let simulation = ServingSimulation(configuration: scenario.serving)
        let recorder = TimelineRecorder()
        simulation.observer = recorder
        let result = simulation.run()
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(recorder.json().utf8)) as? [String: Any])
        let events = try XCTUnwrap(object["traceEvents"] as? [[String: Any]])
        var spans: [Int: [(Double, Double)]] = [:]
        var phases = Set<String>()
        for event in events {
            let ph = try XCTUnwrap(event["ph"] as? String)
            phases.insert(ph)
            XCTAssertTrue(["X", "C", "i", "M"].contains(ph), ph)
            XCTAssertNotNil(event["name"] as? String)
            let pid = try XCTUnwrap(event["pid"] as? Int)
            XCTAssertNotNil(event["tid"] as? Int)
            if ph == "M" { continue }
            let ts = try XCTUnwrap(event["ts"] as? Double)
            XCTAssertGreaterThanOrEqual(ts, 0)
            if ph == "X" {
                let dur = try XCTUnwrap(event["dur"] as? Double)
                XCTAssertGreaterThan(dur, 0)
                spans[pid, default: []].append((ts, dur))
            }
            if ph == "C" { XCTAssertNotNil((event["args"] as? [String: Any])?["value"] as? Double) }
        }
        XCTAssertEqual(phases, ["X", "C", "i", "M"])
        XCTAssertEqual(spans.values.reduce(0) { $0 + $1.count }, result.summary.iterations)
        // A replica runs one iteration at a time: its spans never overlap.
        for (replica, list) in spans {
            for (a, b) in zip(list, list.dropFirst()) {
                XCTAssertLessThanOrEqual(a.0 + a.1, b.0 + 1e-3, "replica \(replica)")
            }
        }
    }

    func testTimelineThroughTheCLIAndItsLimit() throws {
        let out = try TestSupport.temporaryDirectory().appendingPathComponent("timeline.json").path
        let r = try TestSupport.runCLI(["run", "Scenarios/chat.toml", "--no-files", "--timeline", out, "--timeline-limit", "100"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        let spans = (object["traceEvents"] as? [[String: Any]])?.filter { $0["ph"] as? String == "X" }
        XCTAssertEqual(spans?.count, 200, "100 iterations, and the one GPU's share of each")
        XCTAssertEqual((object["otherData"] as? [String: Any])?["iterations_recorded"] as? Int, 100)
    }
}

/// The tensor-parallel all-reduce track of the timeline.
final class TimelineAllReduceTests: XCTestCase {
    /// The spans of `recorder`'s JSON, by (pid, tid).
    private func spans(_ recorder: TimelineRecorder) throws -> [[String: Any]] {
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(recorder.json().utf8)) as? [String: Any])
        return try XCTUnwrap(object["traceEvents"] as? [[String: Any]]).filter { $0["ph"] as? String == "X" }
    }

    private func record(tp: Int) throws -> (Scenario, TimelineRecorder, RunResult) {
        let scenario = try ScenarioLoader.load(toml: ServingTests.chat, source: "t.toml", overrides: .init(assignments: [
            "cluster.tp=\(tp)", "requests=30", "workload.arrival.rate=20"]))
        let recorder = TimelineRecorder(costModel: scenario.serving.costModel)
        let result = ScenarioRunner.run(scenario, observer: recorder)
        return (scenario, recorder, result)
    }

    func testAllReduceSpansWithTensorParallelismOnly() throws {
        let (scenario, recorder, result) = try record(tp: 2)
        let all = try spans(recorder)
        let replicaSpans = all.filter { ($0["pid"] as? Int ?? 0) < TimelineRecorder.stagesProcessBase }
        let comm = replicaSpans.filter { $0["tid"] as? Int == TimelineRecorder.communicationThread }
        let iterations = replicaSpans.filter { $0["tid"] as? Int == 0 }
        XCTAssertEqual(iterations.count, result.summary.iterations)
        XCTAssertEqual(comm.count, iterations.count, "one all-reduce span per iteration")
        let model = try XCTUnwrap(scenario.serving.costModel.roofline)
        for (span, iteration) in zip(comm, iterations).prefix(50) {
            XCTAssertEqual(span["ts"] as? Double, iteration["ts"] as? Double)
            let tokens = try XCTUnwrap((span["args"] as? [String: Any])?["tokens"] as? Int)
            var shape = BatchShape()
            shape.addPrefillChunk(newTokens: tokens, cachedTokens: 0, completesPrompt: false)
            let expected = try XCTUnwrap(model.breakdown(shape).first { $0.op == "all_reduce" }).seconds
            let dur = try XCTUnwrap(span["dur"] as? Double)
            XCTAssertEqual(dur, expected * 1e6, accuracy: 1e-9 * expected * 1e6 + 1e-9)
            XCTAssertLessThan(dur, try XCTUnwrap(iteration["dur"] as? Double), "on the critical path, inside the iteration")
        }
        XCTAssertTrue(recorder.json().contains("TP all-reduce (2 GPUs)"))

        let (_, single, _) = try record(tp: 1)
        XCTAssertTrue(try spans(single).allSatisfy { $0["tid"] as? Int == 0 }, "no all-reduce with tp = 1, one GPU")
        XCTAssertFalse(single.json().contains("all-reduce"))
    }

    /// With pp = 2, each replica has a stages process: every micro-batch is one span per
    /// stage, in stage order, and a stage holds one micro-batch at a time.
    func testPipelineStageTracks() throws {
        let scenario = try ScenarioLoader.load(toml: ServingTests.chat, source: "t.toml", overrides: .init(assignments: [
            "cluster.pp=2", "cluster.replicas=2", "requests=80", "workload.arrival.rate=10"]))
        let recorder = TimelineRecorder(costModel: scenario.serving.costModel)
        let result = ScenarioRunner.run(scenario, observer: recorder)
        let all = try spans(recorder)
        let engineSpans = all.filter { ($0["pid"] as? Int ?? 0) < TimelineRecorder.stagesProcessBase }
        let stageSpans = all.filter { ($0["pid"] as? Int ?? 0) >= TimelineRecorder.stagesProcessBase
                                      && ($0["pid"] as? Int ?? 0) < TimelineRecorder.gpuProcessBase }
        XCTAssertEqual(engineSpans.count, result.summary.iterations)
        XCTAssertEqual(stageSpans.count, 2 * result.summary.iterations, "one span per micro-batch and stage")
        XCTAssertEqual(Set(stageSpans.map { $0["pid"] as? Int }), [TimelineRecorder.stagesProcessBase, TimelineRecorder.stagesProcessBase + 1])
        for pid in Set(stageSpans.compactMap { $0["pid"] as? Int }) {
            for stage in 0..<2 {
                let list = stageSpans.filter { $0["pid"] as? Int == pid && $0["tid"] as? Int == stage }
                    .map { ($0["ts"] as! Double, $0["dur"] as! Double) }.sorted { $0.0 < $1.0 }
                for (a, b) in zip(list, list.dropFirst()) {
                    XCTAssertLessThanOrEqual(a.0 + a.1, b.0 + 1e-3, "stage \(stage) of \(pid) holds one micro-batch at a time")
                }
            }
        }
        // Each micro-batch reaches stage 1 after it leaves stage 0.
        for pid in Set(stageSpans.compactMap { $0["pid"] as? Int }) {
            let first = stageSpans.filter { $0["pid"] as? Int == pid && $0["tid"] as? Int == 0 }
            let second = stageSpans.filter { $0["pid"] as? Int == pid && $0["tid"] as? Int == 1 }
            for (a, b) in zip(first, second) {
                XCTAssertLessThanOrEqual((a["ts"] as! Double) + (a["dur"] as! Double), (b["ts"] as! Double) + 1e-3)
            }
        }
        let json = recorder.json()
        XCTAssertTrue(json.contains("replica 1 · pipeline stages"), "named stage process")
        XCTAssertTrue(json.contains("stage 1 (GPU 1)"))
        XCTAssertTrue(json.contains("replica 0 · engine 1"))
    }

    /// One track per GPU: with tp = 2, both GPUs carry every iteration as a span of their
    /// half of its work, with the iteration's 2·n all-reduces inside it, one by one, summing
    /// to the all-reduce time; with pp = 2 × tp = 2, four GPU tracks, each stage's two GPUs
    /// carrying its micro-batches with its n/p layers' all-reduces.
    func testOneTrackPerGPUWithEachCollective() throws {
        let (scenario, recorder, result) = try record(tp: 2)
        let model = try XCTUnwrap(scenario.serving.costModel.roofline)
        let all = try spans(recorder)
        let gpu = all.filter { ($0["pid"] as? Int ?? 0) >= TimelineRecorder.gpuProcessBase }
        XCTAssertEqual(Set(gpu.compactMap { $0["tid"] as? Int }), [0, 1])
        let layers = model.model.layers
        for tid in 0..<2 {
            let track = gpu.filter { $0["tid"] as? Int == tid }
            let shares = track.filter { !($0["name"] as? String ?? "").hasPrefix("all-reduce") }
            let collectives = track.filter { ($0["name"] as? String ?? "").hasPrefix("all-reduce") }
            XCTAssertEqual(shares.count, result.summary.iterations)
            XCTAssertEqual(collectives.count, 2 * layers * result.summary.iterations, "2 all-reduces per layer per iteration")
            let first = try XCTUnwrap(shares.first)
            let start = first["ts"] as! Double, end = start + (first["dur"] as! Double)
            let inside = collectives.prefix(2 * layers)
            let sum = inside.reduce(0.0) { $0 + ($1["dur"] as! Double) }
            let iterationTokens = try XCTUnwrap(all.first { ($0["pid"] as? Int) == 0 && ($0["tid"] as? Int) == 0 }?["args"] as? [String: Any])
            var shape = BatchShape()
            shape.addPrefillChunk(newTokens: iterationTokens["prefill_tokens"] as! Int, cachedTokens: 0, completesPrompt: true)
            XCTAssertEqual(sum, model.allReduceSeconds(shape) * 1e6, accuracy: 1e-6 * sum, "the collectives sum to the all-reduce time")
            for span in inside {
                XCTAssertGreaterThanOrEqual(span["ts"] as! Double, start - 1e-6)
                XCTAssertLessThanOrEqual((span["ts"] as! Double) + (span["dur"] as! Double), end + 1e-6)
            }
            let args = try XCTUnwrap(first["args"] as? [String: Any])
            let iteration = try XCTUnwrap(all.first { ($0["pid"] as? Int) == 0 && ($0["tid"] as? Int) == 0 })
            let whole = try XCTUnwrap((iteration["args"] as? [String: Any])?["flops"] as? Double)
            XCTAssertEqual(try XCTUnwrap(args["flops"] as? Double), whole / 2, accuracy: 1e-9 * whole, "each GPU's half")
        }
        XCTAssertTrue(recorder.json().contains("GPU 1 (tp rank 1)"))

        let pp = try ScenarioLoader.load(toml: ServingTests.chat, source: "t.toml", overrides: .init(assignments: [
            "cluster.pp=2", "cluster.tp=2", "requests=8", "workload.arrival.rate=10"]))
        let ppRecorder = TimelineRecorder(costModel: pp.serving.costModel, collectiveSpanIterations: .max)
        let ppResult = ScenarioRunner.run(pp, observer: ppRecorder)
        let ppGPU = try spans(ppRecorder).filter { ($0["pid"] as? Int ?? 0) >= TimelineRecorder.gpuProcessBase }
        XCTAssertEqual(Set(ppGPU.compactMap { $0["tid"] as? Int }), [0, 1, 2, 3])
        for tid in 0..<4 {
            let collectives = ppGPU.filter { $0["tid"] as? Int == tid && ($0["name"] as? String ?? "").hasPrefix("all-reduce") }
            XCTAssertEqual(collectives.count, layers * ppResult.summary.iterations, "n/p layers' 2 all-reduces per micro-batch")
        }
        XCTAssertTrue(ppRecorder.json().contains("GPU 3 (stage 1, tp rank 1)"))

        // Past the detail limit, one span per GPU per iteration holds its all-reduces.
        let brief = TimelineRecorder(costModel: scenario.serving.costModel, collectiveSpanIterations: 0)
        let briefResult = ScenarioRunner.run(scenario, observer: brief)
        let briefCollectives = try spans(brief).filter { ($0["pid"] as? Int ?? 0) >= TimelineRecorder.gpuProcessBase
                                                         && ($0["name"] as? String ?? "").hasPrefix("all-reduce") }
        XCTAssertEqual(briefCollectives.count, 2 * briefResult.summary.iterations)
        XCTAssertTrue(brief.json().contains("all-reduce ×\(2 * layers)"))
    }
}
