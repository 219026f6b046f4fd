import XCTest
@testable import SimServeKit
import TestSupport

/// Power from activity (``GPUPowerModel``), its figures in the run summary, quantised KV
/// caches, and what quantised weights do to energy per token.
final class EnergyTests: XCTestCase {
    static let power = GPUPowerModel(idleWatts: 70, maxWatts: 700, busyStaticWatts: 250, computeDynamicWatts: 500,
                                     memoryDynamicWatts: 100, hostWattsPerGPU: 150, peakFlopsPerSecond: 1e15,
                                     memoryBytesPerSecond: 3e12)

    /// P = idle + busy + compute · a_c + memory · a_m, activities capped at 1, power at TDP.
    func testPowerFollowsActivityAndStopsAtTheLimit() {
        let p = Self.power
        XCTAssertEqual(p.busyWatts(flops: 0, bytes: 0, seconds: 1), 320, accuracy: 1e-9)
        // Half the HBM bandwidth, a tenth of the tensor peak.
        XCTAssertEqual(p.busyWatts(flops: 0.1e15, bytes: 1.5e12, seconds: 1), 320 + 50 + 50, accuracy: 1e-9)
        // Activities above 1 count as 1; the sum stops at max_watts.
        XCTAssertEqual(p.busyWatts(flops: 5e15, bytes: 0, seconds: 1), 700, accuracy: 1e-9)
        // Energy above idle of an iteration on 4 GPUs sharing the work.
        XCTAssertEqual(p.joulesAboveIdle(flops: 0.4e15, bytes: 6e12, seconds: 1, gpus: 4),
                       4 * (250 + 50 + 50), accuracy: 1e-6)
        XCTAssertEqual(p.joulesAboveIdle(flops: 1, bytes: 1, seconds: 0, gpus: 4), 0)
        // Decode attention's own term, by its share of the iteration's time (0 unless set).
        XCTAssertEqual(p.busyWatts(flops: 0, bytes: 1.5e12, seconds: 1, attentionShare: 0.5), 320 + 50, accuracy: 1e-9)
        var q = p
        q.attentionDynamicWatts = 200
        XCTAssertEqual(q.busyWatts(flops: 0, bytes: 1.5e12, seconds: 1, attentionShare: 0.5), 320 + 50 + 100, accuracy: 1e-9)
        XCTAssertEqual(q.busyWatts(flops: 0, bytes: 1.5e12, seconds: 1, attentionShare: 3), 320 + 50 + 200, accuracy: 1e-9)
        XCTAssertEqual(q.joulesAboveIdle(flops: 0, bytes: 3e12, seconds: 1, gpus: 2, attentionShare: 1), 2 * (250 + 50 + 200),
                       accuracy: 1e-6)
    }

    /// The h200 preset and Llama-3.1-8B's roofline on one of them.
    static func llama8BOnH200() throws -> (HardwareSpec, RooflineCostModel) {
        let hardware = try Presets.hardware(named: "h200")
        let model = try Presets.model(named: "llama-3.1-8b")
        return (hardware, RooflineCostModel(model: model, hardware: hardware, parallelism: Parallelism(tensor: 1)))
    }

    /// The cost model says how much of an iteration is decode attention, and a run on a GPU
    /// whose table sets `attention_dynamic_watts` draws more at a decode-heavy load.
    func testDecodeAttentionShareRaisesPower() throws {
        let (hardware, roofline) = try Self.llama8BOnH200()
        XCTAssertEqual(hardware.attentionDynamicWatts, 273)
        var decode = BatchShape()
        decode.addDecodes(count: 64, contextTokens: 64 * 1024)
        let cost = roofline.cost(decode)
        let tabulated = TabulatedCostModel(roofline, maxTokens: 128).cost(decode)
        XCTAssertGreaterThan(cost.attentionSeconds, 0.2 * cost.seconds)
        XCTAssertLessThan(cost.attentionSeconds, cost.seconds)
        XCTAssertEqual(tabulated.attentionSeconds, cost.attentionSeconds, accuracy: 1e-12)
        var prefill = BatchShape()
        prefill.addPrefillChunk(newTokens: 512, cachedTokens: 0, completesPrompt: true)
        XCTAssertEqual(roofline.cost(prefill).attentionSeconds, 0)
        let h200 = Self.chat.replacingOccurrences(of: "hardware = \"h100-sxm\"", with: "hardware = { preset = \"h200\" }")
        let run = { (overrides: [String]) in try TestSupport.run(h200, overrides: overrides).1.summary }
        let with = try run([]), without = try run(["hardware.attention_dynamic_watts=0"])
        XCTAssertEqual(with.completed, without.completed)
        XCTAssertGreaterThan(try XCTUnwrap(with.averageWattsPerGPU), try XCTUnwrap(without.averageWattsPerGPU) + 1)
    }

    /// Prefill attention's share likewise: the cost model reports it (the tabulated model as the
    /// roofline), and the power model adds `prefill_attention_dynamic_watts` times it.
    func testPrefillAttentionShareRaisesPower() throws {
        let (hardware, roofline) = try Self.llama8BOnH200()
        XCTAssertEqual(hardware.prefillAttentionDynamicWatts, 203)
        var prefill = BatchShape()
        prefill.addPrefillChunk(newTokens: 4096, cachedTokens: 0, completesPrompt: true)
        let cost = roofline.cost(prefill)
        XCTAssertGreaterThan(cost.prefillAttentionSeconds, 0.05 * cost.seconds)
        XCTAssertLessThan(cost.prefillAttentionSeconds, 0.5 * cost.seconds)
        XCTAssertEqual(cost.attentionSeconds, 0)
        let tabulated = TabulatedCostModel(roofline, maxTokens: 8192).cost(prefill)
        XCTAssertEqual(tabulated.prefillAttentionSeconds, cost.prefillAttentionSeconds, accuracy: 1e-12)
        var decode = BatchShape()
        decode.addDecodes(count: 8, contextTokens: 8 * 512)
        XCTAssertEqual(roofline.cost(decode).prefillAttentionSeconds, 0)
        var p = Self.power
        p.prefillAttentionDynamicWatts = 200
        XCTAssertEqual(p.busyWatts(flops: 0, bytes: 1.5e12, seconds: 1, prefillAttentionShare: 0.25), 320 + 50 + 50,
                       accuracy: 1e-9)
        XCTAssertEqual(p.joulesAboveIdle(flops: 0, bytes: 3e12, seconds: 1, gpus: 2, prefillAttentionShare: 1),
                       2 * (250 + 50 + 200), accuracy: 1e-6)
    }

    /// Hardware without power figures takes the documented defaults (fractions of the swing,
    /// the host estimate); a preset's fitted figures are used as they stand.
    func testDefaultsAndFittedPresetFigures() throws {
        let a100 = GPUPowerModel(try Presets.hardware(named: "a100-80gb"), weightDtype: .fp16)
        XCTAssertEqual(a100.busyStaticWatts, 0.5 * 340, accuracy: 1e-9)
        XCTAssertEqual(a100.computeDynamicWatts, 0.9 * 340, accuracy: 1e-9)
        XCTAssertEqual(a100.memoryDynamicWatts, 0.2 * 340, accuracy: 1e-9)
        XCTAssertEqual(a100.hostWattsPerGPU, GPUPowerModel.defaultHostWattsPerGPU)
        let h200 = GPUPowerModel(try Presets.hardware(named: "h200"), weightDtype: .bf16)
        XCTAssertEqual([h200.busyStaticWatts, h200.computeDynamicWatts, h200.memoryDynamicWatts], [253, 514, 161])
    }

    static let chat = """
        seed = 3
        requests = 400
        model = "llama-3.1-8b"
        hardware = "h100-sxm"
        [workload]
        arrival = { kind = "poisson", rate = 4.0 }
        prompt_tokens = { kind = "lognormal", mean = 300, cv = 0.5, max = 2000 }
        output_tokens = { kind = "lognormal", mean = 200, cv = 0.5, max = 1000 }
        """

    /// The summary reports GPU and host energy apart, and its figures agree with each other.
    func testSummaryEnergyFiguresAgree() throws {
        let (_, result) = try TestSupport.run(Self.chat)
        let s = result.summary
        let gpu = try XCTUnwrap(s.gpuEnergyJoules), host = try XCTUnwrap(s.hostEnergyJoules)
        let total = try XCTUnwrap(s.energyJoules)
        XCTAssertEqual(total, gpu + host, accuracy: total * 1e-12)
        XCTAssertEqual(host, 150 * s.simulatedSeconds, accuracy: host * 1e-9)
        let watts = try XCTUnwrap(s.averageWattsPerGPU)
        XCTAssertGreaterThan(watts, 70)
        XCTAssertLessThan(watts, 700)
        let tokens = total / s.joulesPerOutputToken!
        XCTAssertEqual(s.gpuJoulesPerOutputToken!, gpu / tokens, accuracy: 1e-12)
        XCTAssertEqual(s.outputTokensPerJoule! * s.joulesPerOutputToken!, 1, accuracy: 1e-12)
        XCTAssertGreaterThan(try XCTUnwrap(s.flopsPerJoule), 1e9)
    }

    /// Weights in int4 move a quarter of fp16's weight bytes: at the same load the
    /// memory-bound decode iterations are shorter and move fewer bytes, so each output token
    /// costs less GPU energy (the power model charges bytes and busy time, not just time).
    func testInt4WeightsUseLessEnergyPerTokenThanFP16() throws {
        let (_, fp16) = try TestSupport.run(Self.chat, overrides: ["model.weight_dtype=fp16"])
        let (_, int4) = try TestSupport.run(Self.chat, overrides: ["model.weight_dtype=int4"])
        let a = fp16.summary, b = int4.summary
        XCTAssertEqual(a.completed, b.completed)
        XCTAssertLessThan(b.busyFraction!, a.busyFraction! * 0.95, "int4 iterations are shorter")
        XCTAssertLessThan(b.mbu! / b.busyFraction!, a.mbu! / a.busyFraction!, "and move fewer bytes per busy second")
        XCTAssertLessThan(b.gpuJoulesPerOutputToken!, a.gpuJoulesPerOutputToken! * 0.9,
                          "int4 \(b.gpuJoulesPerOutputToken!) J/token vs fp16 \(a.gpuJoulesPerOutputToken!)")
    }

    /// int8 and int4 KV caches are accepted; their blocks hold 2× and 4× the tokens of fp16's
    /// in the same memory, and decode attention reads the KV at their width.
    func testKVCacheInInt8AndInt4FollowsItsWidth() throws {
        var plans: [DataType: MemoryPlan] = [:]
        var decodeBytes: [DataType: Double] = [:]
        let hardware = try Presets.hardware(named: "h100-sxm")
        var shape = BatchShape()
        for _ in 0..<32 { shape.addDecode(contextTokens: 1000) }
        for dtype in [DataType.fp16, .int8, .int4] {
            var model = try Presets.model(named: "llama-3.1-8b")
            model.kvDtype = dtype
            plans[dtype] = try MemoryPlan(model: model, hardware: hardware, parallelism: Parallelism(),
                                          gpuMemoryUtilization: 0.9, blockSizeTokens: 16, maxBatchTokens: 8192)
            let cost = RooflineCostModel(model: model, hardware: hardware, parallelism: Parallelism())
            decodeBytes[dtype] = try XCTUnwrap(cost.breakdown(shape).first { $0.op == "attn_decode" }).bytes
        }
        let fp16 = try XCTUnwrap(plans[.fp16]), int8 = try XCTUnwrap(plans[.int8]), int4 = try XCTUnwrap(plans[.int4])
        // 32 layers · 8 KV heads · 128 · 2 (K, V) · bytes per element.
        XCTAssertEqual(fp16.kvBytesPerTokenPerGPU, 32 * 8 * 128 * 2 * 2)
        XCTAssertEqual(int8.kvBytesPerTokenPerGPU, 32 * 8 * 128 * 2 * 1)
        XCTAssertEqual(int4.kvBytesPerTokenPerGPU, 32 * 8 * 128 * 2 * 0.5)
        XCTAssertEqual(Double(int8.kvBlocks) / Double(fp16.kvBlocks), 2, accuracy: 0.001)
        XCTAssertEqual(Double(int4.kvBlocks) / Double(fp16.kvBlocks), 4, accuracy: 0.001)
        // The KV read of 32 sequences × 1000 tokens over 32 layers, at each width; Q and O
        // (activations) are the same in all three.
        let kvElements = 32.0 * 1000 * 32 * 8 * 128 * 2
        XCTAssertEqual(decodeBytes[.fp16]! - decodeBytes[.int8]!, kvElements * 1, accuracy: 1)
        XCTAssertEqual(decodeBytes[.int8]! - decodeBytes[.int4]!, kvElements * 0.5, accuracy: 1)
        // And a scenario takes them by key.
        let (scenario, _) = try TestSupport.run(Self.chat.replacingOccurrences(of: "requests = 400", with: "requests = 20"),
                                                overrides: ["model.kv_dtype=int4"])
        XCTAssertEqual(scenario.serving.kvBlocksPerReplica, int4.kvBlocks)
    }

    /// A power figure out of range is refused with its key path, its value and the range.
    func testBadPowerFiguresNameKeyValueAndRange() throws {
        let error = try XCTUnwrap(TestSupport.loadError(Self.chat, overrides: [
            "hardware.memory_dynamic_watts=-5", "hardware.host_watts_per_gpu=-1", "hardware.max_watts=50",
            "hardware.attention_dynamic_watts=-2",
        ]))
        XCTAssertTrue(error.contains("hardware.attention_dynamic_watts: must be a finite power ≥ 0 W, got -2.0"), error)
        XCTAssertTrue(error.contains("hardware.memory_dynamic_watts: must be a finite power ≥ 0 W, got -5.0"), error)
        XCTAssertTrue(error.contains("hardware.host_watts_per_gpu: must be a finite power ≥ 0 W, got -1.0"), error)
        XCTAssertTrue(error.contains("hardware.max_watts: must be ≥ hardware.idle_watts (70.0 W), got 50.0"), error)
        let kv = try XCTUnwrap(TestSupport.loadError(Self.chat, overrides: ["model.kv_dtype=int2"]))
        XCTAssertTrue(kv.contains("model.kv_dtype"), kv)
    }

    /// `validate energy` simulates the LMArena chat rows of the models it has presets for, skips
    /// the others (a model without a preset, another task), and gives the same figures run after
    /// run, median inter-token latency included.
    func testEnergyValidationSimulatesKnownRowsOnly() throws {
        let data = try String(contentsOf: TestSupport.packageRoot.appendingPathComponent("data/kernels/energy.csv"), encoding: .utf8)
        let lines = data.split(whereSeparator: \.isNewline)
        let keep = lines.filter { $0.hasPrefix("H100,meta-llama/Llama-3.1-8B-Instruct,lm-arena-chat,bfloat16") && $0.contains(",1,1,1,1,8,") }
            + lines.filter { $0.hasPrefix("H100,Qwen/Qwen3-8B,lm-arena-chat,") && $0.contains(",1,1,1,1,16,") }
            + lines.filter { $0.hasPrefix("H100,Qwen/Qwen3-8B,gpqa,") }.prefix(1)
            + lines.filter { $0.hasPrefix("H100,nvidia/NVIDIA-Nemotron-Nano-9B-v2,lm-arena-chat,") }.prefix(1)
        XCTAssertEqual(keep.count, 4)
        let file = try TestSupport.temporaryDirectory().appendingPathComponent("energy.csv")
        try ([lines[0]] + keep).joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let rows = try EnergyValidation.validate(file: file.path)
        XCTAssertEqual(rows.map(\.model), ["meta-llama/Llama-3.1-8B-Instruct", "Qwen/Qwen3-8B"])
        XCTAssertEqual(rows.map(\.task), ["lm-arena-chat", "lm-arena-chat"])
        let row = rows[0]
        XCTAssertNil(row.failure)
        XCTAssertEqual(row.maxBatch, 8)
        XCTAssertEqual(row.predictedBatch ?? 0, 8, accuracy: 0.5)
        XCTAssertLessThan(abs(try XCTUnwrap(row.error)), 0.5)
        // The file's median ITL (7.3 ms at batch 8) against the simulated steady state's.
        XCTAssertEqual(try XCTUnwrap(row.measuredMedianITLMs), 7.316, accuracy: 1e-9)
        XCTAssertLessThan(abs(try XCTUnwrap(row.medianITLError)), 0.5)
        XCTAssertEqual(rows[1].maxBatch, 16)
        XCTAssertNil(rows[1].failure)
        let again = try EnergyValidation.validate(file: file.path)
        XCTAssertEqual(again.first?.predictedJoulesPerToken, row.predictedJoulesPerToken)
        XCTAssertEqual(again.first?.predictedMedianITLMs, row.predictedMedianITLMs)
        let markdown = EnergyValidationReport(rows: rows).markdown()
        XCTAssertTrue(markdown.contains("| H100 | Llama-3.1-8B-Instruct | bf16 | 1 | 8 |"), markdown)
        XCTAssertTrue(markdown.contains("| H100 | Qwen3-8B | bf16 | 1 | 16 |"), markdown)
        XCTAssertTrue(markdown.contains("7.3 → "), markdown)
    }

    /// A row whose preset context limit leaves the KV cache less than one sequence runs with the
    /// largest limit that loads, provided the scenario's longest request (8,192 + 4,096 tokens)
    /// fits in it; a preset limit already below that, or a cache that cannot hold even that,
    /// keeps the preset's limit (and its error).
    func testEnergyRowsTakeTheLargestContextLimitThatLoads() throws {
        XCTAssertEqual(EnergyValidation.contextLimitThatLoads(model: "qwen3-32b") { $0 <= 36_976 }, 36_976)
        XCTAssertEqual(EnergyValidation.contextLimitThatLoads(model: "qwen3-32b") { $0 <= 12_288 }, 12_288)
        XCTAssertNil(EnergyValidation.contextLimitThatLoads(model: "qwen3-32b") { $0 < 12_288 })
        XCTAssertNil(EnergyValidation.contextLimitThatLoads(model: "llama-2-7b") { _ in true })
        XCTAssertNil(EnergyValidation.contextLimitThatLoads(model: "no-such-model") { _ in true })
    }

    /// The two fits of `validate energy` are one at a time: both asked for is a usage error, exit 2.
    func testBothEnergyFitsAtOnceAreAUsageError() throws {
        let result = try TestSupport.runCLI(["validate", "energy", "--fit", "--fit-power"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("--fit and --fit-power are exclusive"), result.stderr)
    }

    /// `validate energy --fit` on a file without the H100 Llama-3.1-8B/70B rows says so, exit 2.
    func testPerSequenceFitWithoutItsRowsIsAnInputError() throws {
        let data = try String(contentsOf: TestSupport.packageRoot.appendingPathComponent("data/kernels/energy.csv"), encoding: .utf8)
        let lines = data.split(whereSeparator: \.isNewline).map(String.init)
        let file = try TestSupport.temporaryDirectory().appendingPathComponent("energy.csv")
        try ([lines[0]] + lines.filter { $0.hasPrefix("B200,meta-llama/Llama-3.1-8B-Instruct,") }.prefix(1))
            .joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let result = try TestSupport.runCLI(["validate", "energy", "--fit", "--measured", file.path])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.contains("has no vLLM rows of Llama-3.1-8B or 70B on H100"), result.stderr)
    }

    /// `validate energy --fit` on rows whose tokens/s simserve produced with a known CPU time
    /// per sequence: the fit, started a third below it, finds it again, and the held-out row (B200) is
    /// then predicted as made.
    func testPerSequenceFitRecoversAKnownTerm() throws {
        let draft = try Self.llama8BRows([("H100", 16), ("B200", 8)])
        let truth = 30.0
        let made = try EnergyValidation.validate(file: draft.file.path, engine: "{ preset = \"vllm-0.11\", per_sequence_overhead_us = \(truth) }")
        XCTAssertEqual(made.count, 2)
        let measured = try Self.replacing("output_tok_per_s", in: draft, with: made.map(\.predictedTokensPerSecond))
        let fit = try EnergyValidation.fitVLLMPerSequence(file: measured.path, start: 20, tolerance: 2e-2)
        XCTAssertEqual(fit.perSequenceOverheadUs, truth, accuracy: 0.05 * truth)
        XCTAssertEqual(fit.fitRows.count, 1)
        XCTAssertEqual(fit.heldOutRows.map(\.gpu), ["B200"])
        XCTAssertGreaterThan(fit.startLoss, fit.loss)
        let held = try XCTUnwrap(fit.heldOutRows.first?.predictedTokensPerSecond)
        XCTAssertEqual(held, try XCTUnwrap(made[1].predictedTokensPerSecond), accuracy: 0.02 * held)
    }

    /// `validate energy --fit-power` on rows whose W/GPU simserve produced with known busy and
    /// compute powers (one row at batch 8, one at batch 256, whose tensor activity differs):
    /// the fit, started away from both, finds them again, and the held-out row (B200) is untouched.
    func testH100PowerFitRecoversKnownTerms() throws {
        let draft = try Self.llama8BRows([("H100", 8), ("H100", 256), ("B200", 8)])
        let truth = (busy: 300.0, compute: 700.0)
        let made = try EnergyValidation.validate(
            file: draft.file.path, hardware: ["h100-sxm": EnergyValidation.h100Hardware(busyWatts: truth.busy, computeWatts: truth.compute)])
        XCTAssertEqual(made.count, 3)
        let measured = try Self.replacing("avg_power_w_per_gpu", in: draft, with: made.map(\.predictedWattsPerGPU))
        let fit = try EnergyValidation.fitH100Power(file: measured.path, start: (busy: 200, compute: 450), tolerance: 2e-2)
        XCTAssertEqual(fit.busyStaticWatts, truth.busy, accuracy: 0.05 * truth.busy)
        XCTAssertEqual(fit.computeDynamicWatts, truth.compute, accuracy: 0.1 * truth.compute)
        XCTAssertEqual(fit.fitRows.count, 2)
        XCTAssertEqual(fit.heldOutRows.map(\.gpu), ["B200"])
        XCTAssertGreaterThan(fit.startLoss, fit.loss)
        XCTAssertEqual(fit.heldOutRows.first?.predictedWattsPerGPU, made[2].predictedWattsPerGPU)
    }

    /// The energy.csv header and its Llama-3.1-8B chat rows (bf16, TP 1) of each GPU and batch,
    /// written to a file of their own.
    static func llama8BRows(_ picks: [(gpu: String, batch: Int)]) throws -> (header: String, rows: [String], file: URL) {
        let data = try String(contentsOf: TestSupport.packageRoot.appendingPathComponent("data/kernels/energy.csv"), encoding: .utf8)
        let lines = data.split(whereSeparator: \.isNewline).map(String.init)
        let rows = picks.compactMap { gpu, batch in
            lines.first { $0.hasPrefix("\(gpu),meta-llama/Llama-3.1-8B-Instruct,lm-arena-chat,bfloat16") && $0.contains(",1,1,1,1,\(batch),") }
        }
        XCTAssertEqual(rows.count, picks.count)
        let file = try TestSupport.temporaryDirectory().appendingPathComponent("energy.csv")
        try ([lines[0]] + rows).joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        return (lines[0], rows, file)
    }

    /// `rows` with `column` replaced by `values` (the rows as simserve predicted them), in a new file.
    static func replacing(_ column: String, in rows: (header: String, rows: [String], file: URL), with values: [Double?]) throws -> URL {
        let index = try XCTUnwrap(rows.header.split(separator: ",").firstIndex { $0 == column })
        let file = try TestSupport.temporaryDirectory().appendingPathComponent("energy.csv")
        try ([rows.header] + zip(rows.rows, values).map { line, value in
            var cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            cells[index] = String(format: "%.6f", value ?? 0)
            return cells.joined(separator: ",")
        }).joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        return file
    }
}
