import XCTest
import SimServeKit
import TestSupport

/// The serving engine as its own part of a scenario: presets, overrides, vLLM's knob names,
/// and the terms it owns (CPU overheads, CUDA graphs, the all-reduce algorithm).
final class EngineTests: XCTestCase {
    static let base = """
        requests = 50
        model = "llama-2-70b"
        hardware = "h100-sxm"
        [cluster]
        tp = 4
        [workload]
        arrival = { kind = "poisson", rate = 2.0 }
        prompt_tokens = { kind = "fixed", value = 200 }
        output_tokens = { kind = "fixed", value = 50 }
        """

    func testDefaultEngineIsVLLMAndPresetsOverrideFieldByField() throws {
        let plain = try ScenarioLoader.load(toml: Self.base, source: "t.toml")
        XCTAssertEqual(plain.serving.costModel.roofline?.engine.name, "vllm")
        let tuned = try ScenarioLoader.load(toml: Self.base + "\n[engine]\npreset = \"sglang\"\niteration_overhead_us = 900\n",
                                            source: "t.toml")
        let engine = try XCTUnwrap(tuned.serving.costModel.roofline?.engine)
        XCTAssertEqual(engine.name, "sglang")
        XCTAssertEqual(engine.iterationOverheadUs, 900)
        XCTAssertEqual(engine.cudaGraphMaxBatchSize, try Presets.engine(named: "sglang", on: XCTUnwrap(tuned.hardware)).cudaGraphMaxBatchSize)
    }

    /// `--set engine.<key>=…` overrides one field of the engine, whether the scenario names its
    /// engine as a string or not at all (the default preset); `engine = "none"` still loads.
    func testSetReachesIntoTheEngineAsIntoAPreset() throws {
        let unnamed = try ScenarioLoader.load(toml: Self.base, source: "t.toml",
                                              overrides: .init(assignments: ["engine.iteration_overhead_us=5"]))
        let defaulted = try XCTUnwrap(unnamed.serving.costModel.roofline?.engine)
        XCTAssertEqual(defaulted.name, "vllm")
        XCTAssertEqual(defaulted.iterationOverheadUs, 5)
        let named = try ScenarioLoader.load(toml: "engine = \"sglang\"\n" + Self.base, source: "t.toml",
                                            overrides: .init(assignments: ["engine.tp_step_overhead_us_per_peer=150"]))
        let sglang = try XCTUnwrap(named.serving.costModel.roofline?.engine)
        XCTAssertEqual(sglang.name, "sglang")
        XCTAssertEqual(sglang.tpStepOverheadUsPerPeer, 150)
        XCTAssertEqual(sglang.iterationOverheadUs, try Presets.engine(named: "sglang", on: XCTUnwrap(named.hardware)).iterationOverheadUs)
        XCTAssertNotNil(try ScenarioLoader.load(toml: "engine = \"none\"\n" + Self.base, source: "t.toml").serving.costModel.roofline)
        do {
            _ = try ScenarioLoader.load(toml: "engine = \"vllm\"\n" + Self.base, source: "t.toml",
                                        overrides: .init(assignments: ["engine.tp_step_overhead_us_per_peer=-1"]))
            XCTFail("a negative per-peer time loaded")
        } catch {
            XCTAssertTrue("\(error)".contains("engine.tp_step_overhead_us_per_peer: must be a finite number ≥ 0, got -1.0"), "\(error)")
        }
    }

    func testUnknownEngineAndBadFieldsNameTheKey() {
        let unknown = TestSupport.loadError("engine = \"vlm\"\n" + Self.base)
        XCTAssertTrue(unknown?.contains("engine.preset") ?? false, unknown ?? "")
        XCTAssertTrue(unknown?.contains("did you mean 'vllm'") ?? false, unknown ?? "")
        let negative = TestSupport.loadError(Self.base + "\n[engine]\npreset = \"vllm\"\nper_sequence_overhead_us = -1\n")
        XCTAssertTrue(negative?.contains("engine.per_sequence_overhead_us") ?? false, negative ?? "")
    }

    /// This stop's engine keys refuse bad values with the key, the value and what is allowed.
    func testWeightOnlyGemmAndAsyncSchedulingRefuseBadValues() {
        let kernel = TestSupport.loadError(Self.base + "\n[engine]\npreset = \"vllm\"\nweight_only_gemm = \"foo\"\n")
        XCTAssertTrue(kernel?.contains("engine.weight_only_gemm") ?? false, kernel ?? "")
        XCTAssertTrue(kernel?.contains("'foo'") ?? false, kernel ?? "")
        XCTAssertTrue(kernel?.contains("'gptq_exllama'") ?? false, kernel ?? "")
        let async = TestSupport.loadError(Self.base + "\n[engine]\npreset = \"vllm\"\nasync_scheduling = \"yes\"\n")
        XCTAssertTrue(async?.contains("engine.async_scheduling") ?? false, async ?? "")
        XCTAssertTrue(async?.contains("boolean") ?? false, async ?? "")
    }

    /// TensorRT-LLM sizes its KV cache from the memory left free once the model is in
    /// (`kv_cache_sizing = "fraction_of_free"`): f·(M − W − A) against vLLM's f·M − W − A, so a
    /// tight deployment holds more KV under it; any other value is refused by name.
    func testKVCacheSizingFollowsTheEngine() throws {
        let toml = Self.base.replacingOccurrences(of: "tp = 4", with: "tp = 2") + "\n"
        let vllm = try ScenarioLoader.load(toml: toml, source: "t.toml")
        let trt = try ScenarioLoader.load(toml: toml + "[engine]\npreset = \"tensorrt-llm\"\n", source: "t.toml")
        let hardware = try XCTUnwrap(vllm.hardware)
        let (a, b) = (try XCTUnwrap(vllm.memory), try XCTUnwrap(trt.memory))
        XCTAssertEqual(try XCTUnwrap(trt.serving.costModel.roofline?.engine.kvCacheSizing), .fractionOfFree)
        let m = hardware.memoryBytes
        let blockBytes = a.kvBytesPerTokenPerGPU * 16
        XCTAssertEqual(a.kvBytesPerGPU, 0.9 * m - a.weightBytesPerGPU - a.activationBytesPerGPU, accuracy: blockBytes)
        XCTAssertEqual(b.kvBytesPerGPU, 0.9 * (m - b.weightBytesPerGPU - b.activationBytesPerGPU), accuracy: blockBytes)
        XCTAssertGreaterThan(Double(b.kvBlocks), 1.5 * Double(a.kvBlocks))
        // A speculative draft is loaded before the KV cache is sized: f·(M − W − W_draft − A).
        let drafted = try ScenarioLoader.load(
            toml: "speculative = { draft = \"llama-2-7b\", proposal_tokens = 4, acceptance_rate = 0.7 }\n" + toml
                + "[engine]\npreset = \"tensorrt-llm\"\n", source: "t.toml")
        let c = try XCTUnwrap(drafted.memory)
        let draft = try Presets.model(named: "llama-2-7b").weightBytes / 2
        XCTAssertEqual(c.kvBytesPerGPU, 0.9 * (m - c.weightBytesPerGPU - draft - c.activationBytesPerGPU), accuracy: blockBytes)
        let bad = TestSupport.loadError(Self.base + "\n[engine]\npreset = \"vllm\"\nkv_cache_sizing = \"free\"\n")
        XCTAssertTrue(bad?.contains("engine.kv_cache_sizing") ?? false, bad ?? "")
        XCTAssertTrue(bad?.contains("'fraction_of_free'") ?? false, bad ?? "")
    }

    func testVLLMKnobNamesAreTheExistingKeys() throws {
        let toml = Self.base + """

            [scheduler]
            max_num_seqs = 128
            max_num_batched_tokens = 2048
            enable_chunked_prefill = true
            enable_prefix_caching = true
            """
        let scenario = try ScenarioLoader.load(toml: toml, source: "t.toml")
        XCTAssertEqual(scenario.serving.scheduler.maxBatchSize, 128)
        XCTAssertEqual(scenario.serving.scheduler.maxTokensPerIteration, 2048)
        XCTAssertTrue(scenario.serving.scheduler.prefixCaching)
        let both = TestSupport.loadError(Self.base + "\n[scheduler]\nmax_num_seqs = 64\nmax_batch_size = 64\n")
        XCTAssertTrue(both?.contains("scheduler.max_num_seqs") ?? false, both ?? "")
    }

    /// A 70B decode step at TP 4 on H100 under vLLM: the custom all-reduce and the measured
    /// decode attention bring it near the weight-and-KV read time, and well below what plain
    /// PyTorch with NCCL's ring takes.
    func testEngineTermsShapeTheStepTime() throws {
        let model = try Presets.model(named: "llama-2-70b")
        let gpu = try Presets.hardware(named: "h100-sxm")
        var shape = BatchShape()
        shape.addDecodes(count: 112, contextTokens: 112 * 700)
        let vllm = RooflineCostModel(model: model, hardware: gpu, parallelism: Parallelism(tensor: 4),
                                     engine: try Presets.engine(named: "vllm", on: gpu))
        let eager = RooflineCostModel(model: model, hardware: gpu, parallelism: Parallelism(tensor: 4),
                                      engine: try Presets.engine(named: "pytorch", on: gpu))
        let step = vllm.cost(shape).seconds
        // Weights (138 GB / 4) and KV (6.4 GB / 4) read once at HBM peak.
        let floor = (model.weightBytes / 4 + 112 * 700 * model.kvBytesPerToken / 4) / (gpu.hbmBandwidthGBs * 1e9)
        XCTAssertGreaterThan(step, floor)
        XCTAssertLessThan(step, 2 * floor)
        XCTAssertLessThan(vllm.allReduceSeconds(shape), eager.allReduceSeconds(shape))
        // Custom one-shot at 2 GPUs: latency + bytes / rate (the link's, capped by what one GPU
        // moves from its peer with its own loads, `peer_copy_gbs`), plus the engine's wait for
        // the slowest GPU (skew per peer).
        let two = RooflineCostModel(model: model, hardware: gpu, parallelism: Parallelism(tensor: 2),
                                    engine: try Presets.engine(named: "vllm", on: gpu))
        var one = BatchShape()
        one.addDecodes(count: 1, contextTokens: 100)
        let bytes = Double(model.hiddenSize) * 2
        let skew = try Presets.engine(named: "vllm", on: gpu).allReduceSkewUsPerPeer * 1e-6
        let oneShot = (try XCTUnwrap(gpu.shape.customAllReduceLatencyUs)) * 1e-6
            + bytes / min(gpu.linkBandwidthGBs * 1e9 * gpu.linkEfficiency, try XCTUnwrap(gpu.shape.peerCopyGBs) * 1e9) + skew
        XCTAssertEqual(two.allReduceSeconds(one), Double(model.layers) * 2 * oneShot, accuracy: 1e-12)
    }

    /// Asynchronous scheduling (`vllm-async`): the host time per step and per sequence overlaps
    /// the kernels, so a step lasts the longer of the two, not their sum; the breakdown still
    /// adds up to the step, showing only the host time that outlasts the kernels; the
    /// tabulated model agrees with the roofline; a scenario loads the preset.
    func testAsyncSchedulingOverlapsTheHostTimeWithTheKernels() throws {
        let model = try Presets.model(named: "llama-3-8b")
        let gpu = try Presets.hardware(named: "b200")
        var sync = try Presets.engine(named: "vllm-async", on: gpu)
        sync.asyncScheduling = false
        let async = try Presets.engine(named: "vllm-async", on: gpu)
        XCTAssertTrue(async.asyncScheduling)
        func costModel(_ engine: EngineSpec) -> RooflineCostModel {
            RooflineCostModel(model: model, hardware: gpu, parallelism: Parallelism(), engine: engine)
        }
        for sequences in [1, 64, 512] {
            var shape = BatchShape()
            shape.addDecodes(count: sequences, contextTokens: sequences * 600)
            let host = (async.iterationOverheadUs + async.perSequenceOverheadUs * Double(sequences)) * 1e-6
            let summed = costModel(sync).cost(shape).seconds
            let overlapped = costModel(async).cost(shape).seconds
            XCTAssertEqual(overlapped, max(host, summed - host), accuracy: 1e-12, "\(sequences)")
            XCTAssertEqual(costModel(async).breakdown(shape).reduce(0) { $0 + $1.seconds }, overlapped, accuracy: 1e-12)
            let table = TabulatedCostModel(costModel(async), maxTokens: 2048)
            XCTAssertEqual(table.cost(shape).seconds, overlapped, accuracy: 1e-9 * overlapped)
        }
        var heavy = async
        heavy.iterationOverheadUs = 50_000
        var one = BatchShape()
        one.addDecodes(count: 1, contextTokens: 600)
        XCTAssertEqual(costModel(heavy).cost(one).seconds, 0.050 + async.perSequenceOverheadUs * 1e-6, accuracy: 1e-12)
        let loaded = try ScenarioLoader.load(toml: Self.base + "\n[engine]\npreset = \"vllm-async\"\n", source: "t.toml")
        XCTAssertEqual(loaded.serving.costModel.roofline?.engine.asyncScheduling, true)
        XCTAssertEqual(loaded.serving.scheduler.overlapScheduling, true)
    }

    /// Decode attention shrinks with TP as the KV heads split (the measured H100 kernels):
    /// TP 8 takes well under half of TP 2's time for the same batch.
    func testDecodeAttentionScalesWithTheHeadsPerGPU() throws {
        let model = try Presets.model(named: "llama-2-70b")
        let gpu = try Presets.hardware(named: "h100-sxm")
        var shape = BatchShape()
        shape.addDecodes(count: 37, contextTokens: 37 * 700)
        func attention(_ tp: Int) throws -> Double {
            let m = RooflineCostModel(model: model, hardware: gpu, parallelism: Parallelism(tensor: tp))
            return try XCTUnwrap(m.breakdown(shape).first { $0.op == "attn_decode" }).seconds
        }
        XCTAssertLessThan(try attention(8), try 0.6 * attention(2))
    }

    /// Twenty requests of 100 prompt and 10 output tokens sent at once to one H100.
    static let burst = """
        requests = 20
        model = "llama-2-7b"
        hardware = "h100-sxm"
        [workload]
        arrival = { kind = "constant", rate = 1000000.0 }
        prompt_tokens = { kind = "fixed", value = 100 }
        output_tokens = { kind = "fixed", value = 10 }
        """

    /// The API front end handles one request at a time: 20 requests sent at once to a front end
    /// of 100 ms each reach the engine 100 ms apart, so the last one's TTFT is at least 2 s
    /// and the first one's at least 100 ms; without it every TTFT is a few steps.
    func testFrontEndPassesRequestsOneAtATime() throws {
        let burst = Self.burst
        let plain = ScenarioRunner.run(try ScenarioLoader.load(toml: burst, source: "t.toml")).summary
        XCTAssertLessThan(try XCTUnwrap(plain.ttft).max, 0.2)
        let queued = ScenarioRunner.run(try ScenarioLoader.load(toml: burst + "\n[engine]\npreset = \"vllm\"\nfront_end_request_ms = 100\n",
                                                                source: "t.toml")).summary
        let ttft = try XCTUnwrap(queued.ttft)
        XCTAssertGreaterThan(ttft.max, 2.0)
        XCTAssertGreaterThan(ttft.min, 0.1)
        XCTAssertEqual(queued.completed, 20)
        XCTAssertThrowsError(try ScenarioLoader.load(toml: burst + "\n[engine]\npreset = \"vllm\"\nfront_end_request_ms = -1\n", source: "t.toml")) {
            XCTAssertTrue("\($0)".contains("front_end_request_ms"), "\($0)")
        }
    }

    /// The engine loop adds every request that came in since its last iteration before its next
    /// one: 20 requests sent at once, 50 ms each to add, hold the first iteration back by 1 s,
    /// so every TTFT grows by about that (the batching window gathers the burst into the first
    /// iteration); one request sent alone pays 50 ms once. Steps after the burst pay nothing.
    func testRequestAdmissionDelaysTheIterationAfterABurst() throws {
        let burst = Self.burst + "\n[scheduler]\nbatching_window = \"1ms\"\n[engine]\npreset = \"vllm\""
        let plain = ScenarioRunner.run(try ScenarioLoader.load(toml: burst, source: "t.toml")).summary
        let admitted = ScenarioRunner.run(try ScenarioLoader.load(toml: burst + "\nrequest_admission_us = 50000\n",
                                                                  source: "t.toml")).summary
        let (before, after) = (try XCTUnwrap(plain.ttft), try XCTUnwrap(admitted.ttft))
        XCTAssertEqual(after.min - before.min, 1.0, accuracy: 1e-6)
        XCTAssertEqual(after.max - before.max, 1.0, accuracy: 1e-6)
        // The decode steps after the burst are the plain run's: the TPOT does not move.
        XCTAssertEqual(try XCTUnwrap(admitted.tpot).p50, try XCTUnwrap(plain.tpot).p50, accuracy: 1e-9)
        let single = burst.replacingOccurrences(of: "requests = 20", with: "requests = 1")
        let one = ScenarioRunner.run(try ScenarioLoader.load(toml: single + "\nrequest_admission_us = 50000\n", source: "t.toml")).summary
        let alone = ScenarioRunner.run(try ScenarioLoader.load(toml: single, source: "t.toml")).summary
        XCTAssertEqual(try XCTUnwrap(one.ttft).p50 - XCTUnwrap(alone.ttft).p50, 0.05, accuracy: 1e-6)
        XCTAssertThrowsError(try ScenarioLoader.load(toml: burst + "\nrequest_admission_us = -1\n", source: "t.toml")) {
            XCTAssertTrue("\($0)".contains("request_admission_us"), "\($0)")
        }
    }

    /// A number key given a string is one problem, not one per type the decoding tried.
    func testAStringForANumberIsOneProblem() {
        XCTAssertThrowsError(try ScenarioLoader.load(toml: Self.base + "\n[engine]\npreset = \"sglang\"\nrequest_overhead_ms = \"x\"\n",
                                                     source: "t.toml")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("(1 problem)"), text)
            XCTAssertTrue(text.contains("engine.request_overhead_ms: expected a number, found a string (\"x\")"), text)
        }
    }
}
