import XCTest
import SimServeKit
import TestSupport

/// Pipeline parallelism (`cluster.pp`): stages, micro-batches, activation sends, bubbles.
final class PipelineParallelTests: XCTestCase {
    static func scenario(requests: Int, rate: Double, prompt: Int, output: Int) -> String {
        """
        seed = 2
        requests = \(requests)
        model = "llama-2-7b"
        hardware = "a100-80gb"
        [scheduler]
        max_batch_size = 32
        max_tokens_per_iteration = 4096
        [workload]
        arrival = { kind = "poisson", rate = \(rate) }
        prompt_tokens = { kind = "fixed", value = \(prompt) }
        output_tokens = { kind = "fixed", value = \(output) }
        """
    }

    /// One request alone: its prefill iteration takes p × stage time + (p − 1) sends, where a
    /// stage runs n/p layers (the pp = 1 time over p, same TP shard) and a send moves
    /// T·d·a bytes over the link: α + 512·4096·2 B / (300 GB/s × 0.8) on an A100.
    func testLoneMicroBatchLatencyIsStagesPlusSends() throws {
        let toml = Self.scenario(requests: 1, rate: 1, prompt: 512, output: 1)
        let (one, single) = try TestSupport.run(toml)
        let (_, piped) = try TestSupport.run(toml, overrides: ["cluster.pp=2"])
        let (_, four) = try TestSupport.run(toml, overrides: ["cluster.pp=4"])
        let link = try XCTUnwrap(one.hardware)
        let send = link.linkLatencyUs * 1e-6 + 512.0 * 4096 * 2 / (link.linkBandwidthGBs * 1e9 * link.linkEfficiency)
        var shape = BatchShape()
        shape.addPrefillChunk(newTokens: 512, cachedTokens: 0, completesPrompt: true)
        let alone = try XCTUnwrap(one.serving.costModel.roofline).cost(shape).seconds
        let ttft1 = single.summary.ttft!.p50, ttft2 = piped.summary.ttft!.p50, ttft4 = four.summary.ttft!.p50
        XCTAssertEqual(ttft1, alone, accuracy: 1e-6 * alone)
        XCTAssertEqual(ttft2, 2 * (alone / 2) + 1 * send, accuracy: 1e-8)
        XCTAssertEqual(ttft4, 4 * (alone / 4) + 3 * send, accuracy: 1e-8)
        // One micro-batch in flight: every stage but one idles, less the sends' share.
        let bubble2 = try XCTUnwrap(piped.summary.pipelineBubbleFraction)
        XCTAssertEqual(bubble2, 1 - alone / (2 * (alone + send)), accuracy: 1e-6)
        XCTAssertNil(single.summary.pipelineBubbleFraction)
    }

    /// At saturation, two stages with two micro-batches in flight beat one GPU, but by less
    /// than 2× (the sends, and a micro-batch's own latency gates its engine's next one);
    /// the bubble shrinks well below a lone micro-batch's 1/2.
    func testSaturatedPipelineThroughputBetweenOneAndTwoGPUs() throws {
        let toml = Self.scenario(requests: 800, rate: 200, prompt: 256, output: 128)
        let (_, single) = try TestSupport.run(toml)
        let (scenario, piped) = try TestSupport.run(toml, overrides: ["cluster.pp=2"])
        XCTAssertEqual(piped.summary.completed, 800)
        XCTAssertEqual(piped.summary.gpus, 2)
        let ratio = piped.summary.outputTokensPerSecond! / single.summary.outputTokensPerSecond!
        XCTAssertGreaterThan(ratio, 1.3, "pp=2 over pp=1 throughput")
        XCTAssertLessThanOrEqual(ratio, 2.0)
        XCTAssertLessThan(piped.summary.pipelineBubbleFraction!, 0.2)
        XCTAssertGreaterThan(piped.summary.pipelineBubbleFraction!, 0)
        XCTAssertLessThanOrEqual(piped.summary.busyFraction!, 1)
        // Weights and KV split over the stages: half the weights per GPU.
        let (flat, _) = try TestSupport.run(Self.scenario(requests: 1, rate: 1, prompt: 8, output: 1))
        XCTAssertEqual(scenario.memory!.weightBytesPerGPU, flat.memory!.weightBytesPerGPU / 2, accuracy: 1)
        XCTAssertGreaterThan(scenario.memory!.kvBlocks, 2 * flat.memory!.kvBlocks)
        for r in piped.records { XCTAssertEqual(r.generatedTokens, 128); XCTAssertEqual(r.replica, 0) }
    }

    /// Same seed, same run: pipelines, tenants and class caps together, twice.
    func testPipelineRunsAreDeterministic() throws {
        let toml = Self.scenario(requests: 300, rate: 30, prompt: 256, output: 64)
            .replacingOccurrences(of: "prompt_tokens = { kind = \"fixed\", value = 256 }\n", with: "")
            .replacingOccurrences(of: "output_tokens = { kind = \"fixed\", value = 64 }", with: """
                [[workload.classes]]
                name = "a"
                share = 0.5
                prompt_tokens = { kind = "lognormal", mean = 300, cv = 0.5, max = 1000 }
                output_tokens = { kind = "lognormal", mean = 60, cv = 0.5, max = 200 }
                batching_window = "5ms"
                max_running = 4
                [[workload.classes]]
                name = "b"
                share = 0.5
                prompt_tokens = { kind = "fixed", value = 200 }
                output_tokens = { kind = "fixed", value = 50 }
                [[workload.tenants]]
                name = "t"
                share = 1
                tokens_per_second = 6000
                burst_tokens = 2000
                """)
        let overrides = ["cluster.pp=4", "cluster.replicas=2", "cluster.router=join_shortest_queue"]
        let (_, first) = try TestSupport.run(toml, overrides: overrides)
        let (_, second) = try TestSupport.run(toml, overrides: overrides)
        XCTAssertEqual(first.records, second.records)
        XCTAssertEqual(first.summary.pipelineBubbleFraction, second.summary.pipelineBubbleFraction)
        XCTAssertGreaterThan(first.summary.rejectedByReason[.rateLimited] ?? 0, 0)
        XCTAssertEqual(first.summary.completed + first.summary.rejected, 300)
        XCTAssertEqual(Set(first.records.map(\.replica)), [0, 1])
    }

    func testStagesMustDivideTheLayers() throws {
        let toml = Self.scenario(requests: 1, rate: 1, prompt: 8, output: 1)
        let error = try XCTUnwrap(TestSupport.loadError(toml, overrides: ["cluster.pp=3"]))
        XCTAssertTrue(error.contains("cluster.pp: must divide the model's 32 layers into equal stages, got 3"), error)
        let zero = try XCTUnwrap(TestSupport.loadError(toml, overrides: ["cluster.pp=0"]))
        XCTAssertTrue(zero.contains("cluster.pp: must be ≥ 1, got 0"), zero)
    }
}
