import XCTest
import SimServeKit
import TestSupport

/// Prefill batches apart from decode batches (SGLang, vLLM V0 without chunked prefill), multi-
/// step decoding (vLLM V0's `num_scheduler_steps`) and the CPU time of eager iterations.
final class SeparatePrefillBatchTests: XCTestCase {
    static func scenario(engine: String, rate: Double = 6, outputs: Int = 120, requests: Int = 60) -> String {
        """
        requests = \(requests)
        seed = 3
        model = "llama-3.1-8b"
        hardware = "h100-sxm"
        \(engine)
        [workload]
        arrival = { kind = "poisson", rate = \(rate) }
        prompt_tokens = { kind = "uniform", min = 100, max = 900 }
        output_tokens = { kind = "fixed", value = \(outputs) }
        """
    }

    private func run(_ toml: String) throws -> (shapes: [BatchShape], summary: RunSummary) {
        let (log, summary) = try IterationLog.run(toml, source: "separate.toml")
        return (log.shapes, summary)
    }

    func testPresetsChooseHowPrefillsMeetDecodes() throws {
        func separates(_ engine: String, chunked: Bool = true) throws -> Bool {
            let toml = Self.scenario(engine: "engine = \"\(engine)\"") + "\n[scheduler]\nchunked_prefill = \(chunked)\n"
            return try ScenarioLoader.load(toml: toml, source: "t.toml").serving.scheduler.separatePrefillBatches
        }
        XCTAssertTrue(try separates("sglang"))
        XCTAssertFalse(try separates("vllm"))
        XCTAssertFalse(try separates("tensorrt-llm"))
        XCTAssertFalse(try separates("vllm-v0", chunked: true))
        XCTAssertTrue(try separates("vllm-v0", chunked: false))
        let bad = TestSupport.loadError(Self.scenario(engine: "[engine]\npreset = \"vllm\"\nprefill_decode_mixing = \"sometimes\""))
        XCTAssertTrue(bad?.contains("engine.prefill_decode_mixing") ?? false, bad ?? "")
        let steps = TestSupport.loadError(Self.scenario(engine: "[engine]\npreset = \"vllm-v0\"\nscheduler_steps = 0"))
        XCTAssertTrue(steps?.contains("engine.scheduler_steps") ?? false, steps ?? "")
    }

    /// SGLang's scheduling: no iteration mixes prompt chunks with decodes, every request still
    /// gets all its tokens, and the decodes wait for the prefills (a higher ITL tail and a lower
    /// TTFT than the mixed batches of vLLM V1 at the same load).
    func testIterationsEitherPrefillOrDecode() throws {
        let separate = try run(Self.scenario(engine: "engine = \"sglang\""))
        XCTAssertFalse(separate.shapes.contains { $0.prefillSequences > 0 && $0.decodeSequences > 0 })
        XCTAssertTrue(separate.shapes.contains { $0.prefillSequences > 0 })
        XCTAssertTrue(separate.shapes.contains { $0.decodeSequences > 0 })
        XCTAssertEqual(separate.summary.completed, 60)
        // Output tokens: every decode step gives each member one token, every prompt one.
        let tokens = separate.shapes.reduce(0) { $0 + $1.decodeSequences } + 60
        XCTAssertEqual(tokens, 60 * 120)

        let mixed = try run(Self.scenario(engine: "[engine]\npreset = \"sglang\"\nprefill_decode_mixing = \"always\""))
        XCTAssertTrue(mixed.shapes.contains { $0.prefillSequences > 0 && $0.decodeSequences > 0 })
        let (s, m) = (try XCTUnwrap(separate.summary.itl), try XCTUnwrap(mixed.summary.itl))
        let (sTTFT, mTTFT) = (try XCTUnwrap(separate.summary.ttft), try XCTUnwrap(mixed.summary.ttft))
        XCTAssertGreaterThan(s.p99, m.p99)
        XCTAssertLessThan(sTTFT.p50, mTTFT.p50 * 1.05)
    }

    /// The inter-token gaps with separate batches add up to each request's decode time: mean
    /// ITL × gaps = Σ (E2E − TTFT), as with mixed batches (a newcomer's first gap is counted
    /// from its own prefill, not from the decodes' last step).
    func testGapsSumToTheDecodeTime() throws {
        let toml = Self.scenario(engine: "engine = \"sglang\"", rate: 4, outputs: 40, requests: 30)
        let scenario = try ScenarioLoader.load(toml: toml, source: "gaps.toml")
        let result = ScenarioRunner.run(scenario)
        let records = result.records
        XCTAssertEqual(records.count, 30)
        let decodeSeconds = records.reduce(0.0) { $0 + ($1.lastToken! - $1.firstToken!) }
        let itl = try XCTUnwrap(result.summary.itl)
        XCTAssertEqual(itl.mean * Double(30 * 39), decodeSeconds, accuracy: decodeSeconds * 1e-9)
    }

    /// vLLM V0's multi-step scheduling: once the decodes start a round they run
    /// `scheduler_steps` steps back to back; a prompt waits for the round's end.
    func testMultiStepDecodesRunInRounds() throws {
        let engine = "[engine]\npreset = \"vllm-v0\"\nscheduler_steps = 8\n"
        let toml = Self.scenario(engine: engine, rate: 10, outputs: 400, requests: 20)
            + "\n[scheduler]\nchunked_prefill = false\n"
        let stepped = try run(toml)
        var decodeRun = 0
        var checked = 0
        for shape in stepped.shapes {
            if shape.prefillSequences > 0 {
                if decodeRun > 0 {
                    XCTAssertEqual(decodeRun % 8, 0, "a decode run of \(decodeRun) steps before a prefill")
                    checked += 1
                }
                decodeRun = 0
            } else {
                decodeRun += 1
            }
        }
        XCTAssertGreaterThan(checked, 5)
        let single = try run(Self.scenario(engine: "engine = \"vllm-v0\"", rate: 10, outputs: 400, requests: 20)
                             + "\n[scheduler]\nchunked_prefill = false\n")
        XCTAssertGreaterThan(try XCTUnwrap(stepped.summary.ttft).p50, try XCTUnwrap(single.summary.ttft).p50)
        let ignored = try ScenarioLoader.load(toml: Self.scenario(engine: "[engine]\npreset = \"vllm\"\nscheduler_steps = 4"),
                                              source: "t.toml")
        XCTAssertTrue(ignored.warnings.contains { $0.keyPath == "engine.scheduler_steps" })
    }

    /// The engine's host time of a prefill iteration: layers × the per-layer figure plus the
    /// per-iteration figure on every iteration with prompt tokens (mixed ones too), never on a
    /// decode-only step, from a graph or not.
    func testPrefillOverheadIsChargedPerLayerAndIterationOnPrefillIterations() throws {
        let model = try Presets.model(named: "llama-3.1-8b")
        let hardware = try Presets.hardware(named: "h100-sxm")
        for name in ["sglang", "vllm-v0"] {
            let preset = try Presets.engine(named: name, on: hardware)
            XCTAssertGreaterThan(preset.prefillLayerOverheadUs + preset.prefillIterationOverheadUs, 0, name)
        }
        var engine = try Presets.engine(named: "vllm", on: hardware)
        XCTAssertEqual(engine.prefillLayerOverheadUs, 0)
        XCTAssertEqual(engine.prefillIterationOverheadUs, 0)
        let plain = RooflineCostModel(model: model, hardware: hardware, parallelism: Parallelism(tensor: 1, pipeline: 1),
                                      engine: engine)
        engine.prefillLayerOverheadUs = 250
        engine.prefillIterationOverheadUs = 7_000
        let dispatched = RooflineCostModel(model: model, hardware: hardware, parallelism: Parallelism(tensor: 1, pipeline: 1),
                                           engine: engine)
        var prefill = BatchShape()
        prefill.addPrefillChunk(newTokens: 512, cachedTokens: 0, completesPrompt: true)
        XCTAssertEqual(dispatched.cost(prefill).seconds - plain.cost(prefill).seconds,
                       250e-6 * Double(model.layers) + 7e-3, accuracy: 1e-12)
        // Two prompts in one iteration pay the per-iteration part once.
        var two = prefill
        two.addPrefillChunk(newTokens: 512, cachedTokens: 0, completesPrompt: true)
        XCTAssertEqual(dispatched.cost(two).seconds - plain.cost(two).seconds,
                       250e-6 * Double(model.layers) + 7e-3, accuracy: 1e-12)
        var graphed = BatchShape()
        graphed.addDecodes(count: 32, contextTokens: 32 * 500)
        XCTAssertEqual(dispatched.cost(graphed).seconds, plain.cost(graphed).seconds, accuracy: 1e-15)
        var eager = BatchShape()
        eager.addDecodes(count: engine.cudaGraphMaxBatchSize + 1, contextTokens: (engine.cudaGraphMaxBatchSize + 1) * 500)
        XCTAssertEqual(dispatched.cost(eager).seconds, plain.cost(eager).seconds, accuracy: 1e-15)
        var mixed = graphed
        mixed.addPrefillChunk(newTokens: 64, cachedTokens: 0, completesPrompt: false)
        XCTAssertEqual(dispatched.cost(mixed).seconds - plain.cost(mixed).seconds,
                       250e-6 * Double(model.layers) + 7e-3, accuracy: 1e-12)
        // The tabulated model the simulation runs agrees.
        let table = TabulatedCostModel(dispatched, maxTokens: 2048)
        XCTAssertEqual(table.cost(prefill).seconds, dispatched.cost(prefill).seconds, accuracy: 1e-9)
        XCTAssertTrue(dispatched.breakdown(prefill).contains { $0.op == "prefill_overhead" })
    }

    /// The host time of a decode step that runs eagerly: once per decode-only batch past the
    /// CUDA-graph size (or with graphs off), never on one replayed from a graph, and never
    /// added to a prefill's own term.
    func testEagerDecodeOverheadIsChargedPastTheGraphSize() throws {
        let model = try Presets.model(named: "llama-3.1-8b")
        let hardware = try Presets.hardware(named: "h100-sxm")
        XCTAssertEqual(try Presets.engine(named: "sglang", on: hardware).eagerDecodeOverheadUs, 58_400)
        XCTAssertEqual(try Presets.engine(named: "vllm", on: hardware).eagerDecodeOverheadUs, 0)
        var engine = try Presets.engine(named: "sglang", on: hardware)
        engine.eagerDecodeOverheadUs = 0
        let tp1 = Parallelism(tensor: 1, pipeline: 1)
        let plain = RooflineCostModel(model: model, hardware: hardware, parallelism: tp1, engine: engine)
        engine.eagerDecodeOverheadUs = 300
        let charged = RooflineCostModel(model: model, hardware: hardware, parallelism: tp1, engine: engine)
        let largest = engine.cudaGraphMaxBatchSize
        var graphed = BatchShape()
        graphed.addDecodes(count: largest, contextTokens: largest * 500)
        XCTAssertEqual(charged.cost(graphed).seconds, plain.cost(graphed).seconds, accuracy: 1e-15)
        var eager = BatchShape()
        eager.addDecodes(count: largest + 1, contextTokens: (largest + 1) * 500)
        XCTAssertEqual(charged.cost(eager).seconds - plain.cost(eager).seconds, 300e-6, accuracy: 1e-12)
        var prefill = BatchShape()
        prefill.addPrefillChunk(newTokens: 512, cachedTokens: 0, completesPrompt: true)
        XCTAssertEqual(charged.cost(prefill).seconds, plain.cost(prefill).seconds, accuracy: 1e-15)
        engine.cudaGraphs = false
        let noGraphs = RooflineCostModel(model: model, hardware: hardware, parallelism: tp1, engine: engine)
        engine.eagerDecodeOverheadUs = 0
        let noGraphsPlain = RooflineCostModel(model: model, hardware: hardware, parallelism: tp1, engine: engine)
        XCTAssertEqual(noGraphs.cost(graphed).seconds - noGraphsPlain.cost(graphed).seconds,
                       300e-6, accuracy: 1e-12)
        // The tabulated model the simulation runs agrees, and `cost` names the term.
        let table = TabulatedCostModel(charged, maxTokens: 2048)
        XCTAssertEqual(table.cost(eager).seconds, charged.cost(eager).seconds, accuracy: 1e-9)
        XCTAssertTrue(charged.breakdown(eager).contains { $0.op == "eager_decode_overhead" })
        XCTAssertFalse(charged.breakdown(graphed).contains { $0.op == "eager_decode_overhead" })
    }

    /// SGLang's overlap scheduler composes the next batch while the current one runs: a
    /// request that arrives while another decodes waits one decode step more for its prefill
    /// than without it; one that finds the replica idle waits for nothing.
    func testOverlapSchedulingDelaysAnArrivalByOneStep() throws {
        let toml = """
            requests = 2
            model = "llama-3.1-8b"
            hardware = "h100-sxm"
            [engine]
            preset = "sglang"
            overlap_scheduling = %@
            [workload]
            arrival = { kind = "constant", rate = 2.0 }
            prompt_tokens = { kind = "fixed", value = 100 }
            output_tokens = { kind = "fixed", value = 200 }
            """
        let plain = try run(String(format: toml, "false")).summary
        let overlap = try run(String(format: toml, "true")).summary
        XCTAssertTrue(try ScenarioLoader.load(toml: String(format: toml, "true"), source: "t.toml").serving.scheduler.overlapScheduling)
        XCTAssertEqual(try XCTUnwrap(overlap.ttft).min, try XCTUnwrap(plain.ttft).min, accuracy: 1e-9)
        let step = try XCTUnwrap(plain.tpot).p50
        let delay = try XCTUnwrap(overlap.ttft).max - (try XCTUnwrap(plain.ttft).max)
        XCTAssertGreaterThan(delay, 0.5 * step)
        XCTAssertLessThan(delay, 1.5 * step)
    }
}
