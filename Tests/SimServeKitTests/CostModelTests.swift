import TOMLKit
import XCTest
@testable import SimServeKit

/// Tests of the roofline cost model, the memory plan and the presets.
final class CostModelTests: XCTestCase {
    static func model(_ name: String) throws -> ModelSpec { try Presets.model(named: name) }

    static func hardware(_ name: String) throws -> HardwareSpec { try Presets.hardware(named: name) }

    func costModel(_ model: String, _ hardware: String = "a100-80gb", tp: Int = 1, pp: Int = 1) throws
        -> RooflineCostModel {
        RooflineCostModel(model: try Self.model(model), hardware: try Self.hardware(hardware),
                          parallelism: Parallelism(tensor: tp, pipeline: pp))
    }

    func op(_ name: String, in ops: [OpCost]) throws -> OpCost {
        try XCTUnwrap(ops.first { $0.op == name }, "no op \(name) in \(ops.map(\.op))")
    }

    static func prefill(_ tokens: Int, cached: Int = 0) -> BatchShape {
        var shape = BatchShape()
        shape.addPrefillChunk(newTokens: tokens, cachedTokens: cached, completesPrompt: true)
        return shape
    }

    static func decode(batch: Int, context: Int) -> BatchShape {
        var shape = BatchShape()
        for _ in 0..<batch { shape.addDecode(contextTokens: context) }
        return shape
    }

    // MARK: Attention scaling

    func testPrefillAttentionFlopsGrowQuadraticallyInPromptLength() throws {
        let m = try costModel("llama-2-7b")
        let f1 = try op("attn_prefill", in: m.breakdown(Self.prefill(1024))).flops
        let f2 = try op("attn_prefill", in: m.breakdown(Self.prefill(2048))).flops
        let f4 = try op("attn_prefill", in: m.breakdown(Self.prefill(4096))).flops
        XCTAssertEqual(f2 / f1, 4, accuracy: 0.01)
        XCTAssertEqual(f4 / f1, 16, accuracy: 0.05)
        // Exact count: 4 · n · H · D · c(c+1)/2.
        XCTAssertEqual(f2, 4 * 32 * 32 * 128 * 2048 * 2049 / 2, accuracy: 1)
    }

    func testDecodeTimeGrowsLinearlyInContextAndBatchOnceMemoryBound() throws {
        let m = try costModel("llama-2-7b")
        // Context: equal steps of context add equal time.
        // (Exactly where the per-sequence work adds to the KV streaming; with the preset's
        // overlap sharpness the streaming hides a shrinking part of that work: within 1 %.)
        let t = [1024, 2048, 3072].map { m.cost(Self.decode(batch: 32, context: $0)).seconds }
        XCTAssertEqual((t[2] - t[1]) / (t[1] - t[0]), 1, accuracy: 0.01)
        XCTAssertGreaterThan(t[1], t[0])
        // Batch: the decode attention kernel is bandwidth-bound and linear in the batch.
        let attention = try [16, 32, 48].map {
            try op("attn_decode", in: m.breakdown(Self.decode(batch: $0, context: 2048)))
        }
        XCTAssertTrue(attention.allSatisfy { $0.bound == .memory })
        let a = attention.map(\.seconds)
        XCTAssertEqual((a[2] - a[1]) / (a[1] - a[0]), 1, accuracy: 0.01)
        XCTAssertEqual(attention[1].bytes / attention[0].bytes, 2, accuracy: 1e-3)
    }

    func testGQAReducesDecodeAttentionBytesInProportionToKVHeads() throws {
        var mha = try Self.model("llama-2-7b")
        mha.kvHeads = 32
        var gqa = mha
        gqa.kvHeads = 8
        let hw = try Self.hardware("a100-80gb")
        let shape = Self.decode(batch: 16, context: 4096)
        let bytes = try [mha, gqa].map {
            try op("attn_decode", in: RooflineCostModel(model: $0, hardware: hw,
                                                        parallelism: Parallelism()).breakdown(shape)).bytes
        }
        // KV bytes dominate (the query/output term is 1/L of them): ratio ≈ 8/32.
        XCTAssertEqual(bytes[1] / bytes[0], 8.0 / 32.0, accuracy: 0.002)
    }

    // MARK: Specs and presets

    func testKVBytesPerTokenOfEveryPreset() throws {
        for name in Presets.modelNames {
            let m = try Self.model(name)
            // MLA caches one latent of kv_lora_rank + qk_rope_head_dim per layer for all heads.
            let expected = m.kvLoraRank != nil
                ? Double(m.layers) * Double(m.kvLoraRank! + m.qkRopeHeadDim!) * m.kvDtype.bytes
                : 2.0 * Double(m.layers) * Double(m.kvHeads) * Double(m.headDim) * m.kvDtype.bytes
            XCTAssertEqual(m.kvBytesPerToken, expected, name)
        }
        XCTAssertEqual(try Self.model("llama-2-7b").kvBytesPerToken, 524_288)   // 0.5 MiB
        XCTAssertEqual(try Self.model("llama-3-8b").kvBytesPerToken, 131_072)
        XCTAssertEqual(try Self.model("llama-2-70b").kvBytesPerToken, 327_680)
    }

    func testEveryPresetParsesAndRoundTrips() throws {
        XCTAssertEqual(Presets.modelNames, ["bloom-176b", "codellama-34b", "deepseek-v3", "gemma-2-27b", "gemma-3-27b", "gpt-oss-120b",
                                            "llama-2-13b", "llama-2-70b", "llama-2-7b",
                                            "llama-3-70b", "llama-3-8b", "llama-3.1-405b", "llama-3.1-70b",
                                            "llama-3.1-8b", "mistral-7b", "mixtral-8x22b", "mixtral-8x7b", "phi-2",
                                            "qwen2.5-72b", "qwen2.5-7b", "qwen3-14b", "qwen3-235b-a22b", "qwen3-30b-a3b",
                                            "qwen3-32b", "qwen3-8b"])
        // Current architectures set head_dim apart from hidden / heads (MLA's d_nope + d_R,
        // Qwen3's and Gemma's explicit head_dim, gpt-oss's 64).
        let ownHeadDim: Set = ["deepseek-v3", "gemma-2-27b", "gemma-3-27b", "gpt-oss-120b", "qwen3-235b-a22b",
                               "qwen3-30b-a3b", "qwen3-32b"]
        XCTAssertEqual(Presets.hardwareNames, ["a100-40gb", "a100-80gb", "a10g", "a40", "b200", "h100-pcie", "h100-sxm",
                                               "h200", "l4", "l40s", "mi300x"])
        for name in Presets.modelNames {
            let m = try Self.model(name)
            XCTAssertEqual(m.name, name)
            if !ownHeadDim.contains(name) { XCTAssertEqual(m.headDim * m.heads, m.hiddenSize, name) }
            XCTAssertEqual(m.heads % m.kvHeads, 0, name)
            // Encodes back to the same value.
            let table = try TOMLEncoder().encode(m)
            XCTAssertEqual(try TOMLDecoder().decode(ModelSpec.self, from: table), m, name)
        }
        for name in Presets.hardwareNames {
            let h = try Self.hardware(name)
            XCTAssertEqual(h.name, name)
            XCTAssertGreaterThan(h.peakTflops, 0, name)
            XCTAssertTrue((0...1).contains(h.computeEfficiency) && (0...1).contains(h.memoryEfficiency), name)
            let table = try TOMLEncoder().encode(h)
            XCTAssertEqual(try TOMLDecoder().decode(HardwareSpec.self, from: table), h, name)
        }
        let l2 = try Self.model("llama-2-70b")
        XCTAssertEqual(l2, ModelSpec(name: "llama-2-70b", layers: 80, hiddenSize: 8192, heads: 64, kvHeads: 8,
                                     headDim: 128, intermediateSize: 28672, vocabSize: 32000, gatedMLP: true,
                                     maxContext: 4096, weightDtype: .fp16, kvDtype: .fp16, tieEmbeddings: false))
        XCTAssertEqual(l2.parameterCount, 68.98e9, accuracy: 0.01e9)
        XCTAssertEqual(try Self.model("llama-2-7b").parameterCount, 6.738e9, accuracy: 0.002e9)
        XCTAssertEqual(try Self.model("llama-3-8b").parameterCount, 8.03e9, accuracy: 0.01e9)
        XCTAssertEqual(try Self.model("phi-2").parameterCount, 2.78e9, accuracy: 0.01e9)
        let a100 = try Self.hardware("a100-80gb")
        XCTAssertEqual(a100.peakTflops, 312)
        XCTAssertEqual(a100.hbmBandwidthGBs, 2039)
        XCTAssertNil(a100.peakTflopsFP8)
        XCTAssertEqual(try Self.hardware("h100-sxm").peakTflopsFP8, 1978.9)
    }

    func testHardwareDecodesIntegerNumbersAndDefaultsShapeParameters() throws {
        let text = """
            name = "custom"
            peak_tflops = 100
            hbm_bandwidth_gbs = 1000
            memory_gb = 40
            link_bandwidth_gbs = 50
            link_latency_us = 5
            idle_watts = 50
            max_watts = 300
            cost_per_hour = 1
            compute_efficiency = 0.7
            memory_efficiency = 0.8
            iteration_overhead_us = 100
            kernel_launch_us = 4
            """
        let h = try TOMLDecoder().decode(HardwareSpec.self, from: try TOMLTable(string: text))
        XCTAssertEqual(h.peakTflops, 100)
        XCTAssertEqual(h.shape, KernelShapeParameters())
        XCTAssertEqual(h.linkEfficiency, 0.8)
        XCTAssertNil(h.peakTflopsFP8)
    }

    // MARK: Memory plan

    func testLlama70BOnOneA100ThrowsWithTheNumbers() throws {
        let model = try Self.model("llama-2-70b"), hw = try Self.hardware("a100-80gb")
        XCTAssertThrowsError(try MemoryPlan(model: model, hardware: hw, parallelism: Parallelism(tensor: 1),
                                            gpuMemoryUtilization: 0.9, blockSizeTokens: 16,
                                            maxBatchTokens: 8192)) { error in
            let e = error as? MemoryFitError
            XCTAssertEqual(e?.kind, .weights)
            XCTAssertEqual(e?.description,
                           "llama-2-70b in fp16 needs 138.0 GB of weights, 138.0 GB per GPU on 1×a100-80gb "
                           + "(tp=1, pp=1); each GPU holds 77.3 GB (85.9 GB × gpu_memory_utilization 0.90): "
                           + "use cluster.tp ≥ 2 (or more pipeline stages, or a smaller weight_dtype).")
        }
        let plan = try MemoryPlan(model: model, hardware: hw, parallelism: Parallelism(tensor: 2),
                                  gpuMemoryUtilization: 0.9, blockSizeTokens: 16, maxBatchTokens: 8192)
        XCTAssertEqual(plan.weightBytesPerGPU, model.weightBytes / 2)
        XCTAssertGreaterThanOrEqual(plan.kvTokenCapacity, model.maxContext)
        XCTAssertEqual(plan.kvTokenCapacity, plan.kvBlocks * 16)
        // Per GPU: 80 layers · ⌈8/2⌉ KV heads · 128 · 2 (K,V) · 2 bytes.
        XCTAssertEqual(plan.kvBytesPerTokenPerGPU, 80 * 4 * 128 * 2 * 2)
        XCTAssertLessThanOrEqual(plan.weightBytesPerGPU + plan.activationBytesPerGPU + plan.kvBytesPerGPU, 0.9 * 85.899e9)
    }

    func testNoRoomForOneSequenceThrows() throws {
        var model = try Self.model("llama-2-7b")
        model.maxContext = 1_000_000
        XCTAssertThrowsError(try MemoryPlan(model: model, hardware: try Self.hardware("a100-80gb"),
                                            parallelism: Parallelism(), gpuMemoryUtilization: 0.9,
                                            blockSizeTokens: 16, maxBatchTokens: 4096)) { error in
            let e = error as? MemoryFitError
            XCTAssertEqual(e?.kind, .kvCache)
            XCTAssertTrue(e?.description.contains("max_context 1000000") ?? false, "\(String(describing: e))")
        }
    }

    func testTensorParallelismSplitsWeightsAndAddsCommunication() throws {
        let model = try Self.model("llama-2-13b"), hw = try Self.hardware("a100-80gb")
        let plans = try [1, 2, 4].map {
            try MemoryPlan(model: model, hardware: hw, parallelism: Parallelism(tensor: $0),
                           gpuMemoryUtilization: 0.9, blockSizeTokens: 16, maxBatchTokens: 4096)
        }
        XCTAssertEqual(plans[1].weightBytesPerGPU, plans[0].weightBytesPerGPU / 2)
        XCTAssertEqual(plans[2].weightBytesPerGPU, plans[0].weightBytesPerGPU / 4)
        XCTAssertGreaterThan(plans[1].kvTokenCapacity, plans[0].kvTokenCapacity)

        let shape = Self.decode(batch: 8, context: 1000)
        let c1 = try costModel("llama-2-13b", tp: 1).cost(shape)
        let c2 = try costModel("llama-2-13b", tp: 2).cost(shape)
        XCTAssertEqual(c1.commBytes, 0)
        // Two ring all-reduces per layer of T·d·2 bytes, 2(t−1)·size bytes sent in all, and the
        // gather of the 8 logit rows of the 32,000-token vocabulary, (t−1)·size.
        let allReduces: Double = 40 * 2 * (2 * 1 * 8 * 5120 * 2)
        let logitsGather: Double = 1 * 8 * 32000 * 2
        XCTAssertEqual(c2.commBytes, allReduces + logitsGather, accuracy: 1)
        XCTAssertLessThan(c2.seconds, c1.seconds)
        XCTAssertEqual(c2.flops / c1.flops, 1, accuracy: 0.01)
        let ar = try op("all_reduce", in: try costModel("llama-2-13b", tp: 2).breakdown(shape))
        XCTAssertEqual(ar.bound, .communication)
    }

    // MARK: Sanity against first principles

    func testLlama7BDecodeOnA100TakesAboutTenMilliseconds() throws {
        let c = try costModel("llama-2-7b").cost(Self.decode(batch: 1, context: 1024))
        XCTAssertGreaterThan(c.seconds, 0.007)
        XCTAssertLessThan(c.seconds, 0.012)
        // Every weight but the embedding table (gathered, not streamed) is read once: 13.2 GB,
        // plus 1024 tokens of KV cache, 0.54 GB.
        let m = try Self.model("llama-2-7b")
        let streamed = m.weightBytes - Double(m.vocabSize * m.hiddenSize) * 2
        XCTAssertEqual(c.bytes, streamed + 1024 * m.kvBytesPerToken, accuracy: 0.01e9)
    }

    func testLlama7BPrefillIsComputeBound() throws {
        let m = try costModel("llama-2-7b")
        let c = m.cost(Self.prefill(2048))
        let expected = 2 * 6.74e9 * 2048 / (312e12 * 0.7)
        XCTAssertEqual(c.seconds / expected, 1, accuracy: 0.3)
        XCTAssertEqual(try op("mlp_up_proj", in: m.breakdown(Self.prefill(2048))).bound, .compute)
    }

    func testBreakdownAddsUpToCost() throws {
        for tp in [1, 2] {
            for pp in [1, 2] {
                let m = try costModel("llama-3-8b", tp: tp, pp: pp)
                var shape = Self.decode(batch: 20, context: 700)
                shape.addPrefillChunk(newTokens: 300, cachedTokens: 512, completesPrompt: false)
                let parts = m.breakdown(shape)
                let c = m.cost(shape)
                XCTAssertEqual(parts.map(\.seconds).reduce(0, +), c.seconds, accuracy: 1e-12)
                XCTAssertEqual(parts.map(\.flops).reduce(0, +), c.flops, accuracy: c.flops * 1e-12)
                XCTAssertEqual(parts.filter { $0.bound != .communication }.map(\.bytes).reduce(0, +),
                               c.bytes, accuracy: c.bytes * 1e-12)
                XCTAssertEqual(parts.filter { $0.bound == .communication }.map(\.bytes).reduce(0, +),
                               c.commBytes, accuracy: 1)
            }
        }
        XCTAssertEqual(try costModel("llama-2-7b").cost(BatchShape()), IterationCost(seconds: 0))
    }
}
