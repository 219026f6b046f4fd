import XCTest
import SimServeKit
import TestSupport

/// Multi-head latent attention and sliding-window layers, read from minimal `config.json`
/// fixtures: the KV bytes per token and the decode attention's bytes and FLOPs equal the
/// figures computed by hand from the config; the memory plan gives the window its capacity;
/// the presets of current models carry their published sizes.
final class CurrentArchitectureTests: XCTestCase {
    func write(_ json: String) throws -> String {
        let url = try TestSupport.temporaryDirectory().appendingPathComponent("config.json")
        try json.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// DeepSeek-V3's attention and MoE fields (values of its config.json).
    static let deepSeekV3 = """
        {"model_type": "deepseek_v3", "hidden_act": "silu", "hidden_size": 7168, "num_hidden_layers": 61,
         "num_attention_heads": 128, "num_key_value_heads": 128, "intermediate_size": 18432,
         "moe_intermediate_size": 2048, "n_routed_experts": 256, "n_shared_experts": 1, "num_experts_per_tok": 8,
         "first_k_dense_replace": 3, "kv_lora_rank": 512, "q_lora_rank": 1536, "qk_nope_head_dim": 128,
         "qk_rope_head_dim": 64, "v_head_dim": 128, "vocab_size": 129280, "max_position_embeddings": 163840,
         "tie_word_embeddings": false, "torch_dtype": "bfloat16",
         "quantization_config": {"quant_method": "fp8", "fmt": "e4m3", "weight_block_size": [128, 128]}}
        """

    func testMLAKVBytesAndDecodeAttentionFromConfig() throws {
        var model = try ModelSpec.fromHuggingFaceConfig(path: try write(Self.deepSeekV3), name: "deepseek-v3")
        // KV per token: 61 layers · (kv_lora_rank 512 + qk_rope_head_dim 64) · 2 bytes = 70,272.
        XCTAssertEqual(model.kvBytesPerToken, 70_272)
        XCTAssertEqual(model.headDim, 192)            // qk_nope + qk_rope
        XCTAssertEqual(model.weightDtype, .fp8)
        model.kvDtype = .bf16
        XCTAssertEqual(model, try Presets.model(named: "deepseek-v3"))

        // 4 sequences decoding at context 1000, TP 8: per layer and GPU the absorbed kernel reads
        // the latents once, 4000 · 576 · 2 = 4,608,000 bytes, and each sequence's 16 heads'
        // queries in and outputs out, 4 · 16 · (576 + 512) · 2 = 139,264 bytes; FLOPs
        // 2 · 16 · 4000 · (576 + 512) = 139,264,000. Over 61 layers and 8 GPUs:
        let gpu = try Presets.hardware(named: "h200")
        var shape = BatchShape()
        shape.addDecodes(count: 4, contextTokens: 4000)
        let report = IterationReport(model: model, hardware: gpu, parallelism: Parallelism(tensor: 8), shape: shape)
        let decode = try XCTUnwrap(report.ops.first { $0.op == "attn_decode" })
        let perLayerBytes: Double = 4_608_000 + 139_264, perLayerFlops: Double = 139_264_000
        XCTAssertEqual(decode.bytes, 61 * 8 * perLayerBytes)
        XCTAssertEqual(decode.flops, 61 * 8 * perLayerFlops)
        // The memory plan charges the latent on every GPU: 61 · 576 · 2 bytes per token.
        XCTAssertEqual(try report.memory.get().kvBytesPerTokenPerGPU, 70_272)
        XCTAssertTrue(report.text().contains("KV cache: 70,272 B per token over 61 layers (multi-head latent attention"))
        XCTAssertTrue(report.json().contains("\"kv_bytes_per_token_all_layers\" : 70272"), report.json())
    }

    /// Six layers alternating sliding (window 32) and full attention, 2 KV heads of 64:
    /// 2 · 2 · 64 · 2 = 512 bytes per token and layer.
    static let alternating = """
        {"model_type": "gpt_oss", "hidden_size": 256, "num_hidden_layers": 6, "num_attention_heads": 4,
         "num_key_value_heads": 2, "head_dim": 64, "intermediate_size": 512, "vocab_size": 1000,
         "max_position_embeddings": 4096, "torch_dtype": "bfloat16", "sliding_window": 32,
         "layer_types": ["sliding_attention", "full_attention", "sliding_attention", "full_attention",
                         "sliding_attention", "full_attention"]}
        """

    func testSlidingWindowKVAndDecodeAttentionFromConfig() throws {
        let model = try ModelSpec.fromHuggingFaceConfig(path: try write(Self.alternating), name: "swa")
        XCTAssertEqual(model.slidingWindow, 32)
        XCTAssertEqual(model.slidingLayerCount, 3)
        XCTAssertEqual(model.kvBytesPerToken, 6 * 512)
        // A sequence of 100 tokens: 3 global layers · 100 + 3 sliding layers · 32 tokens.
        XCTAssertEqual(model.kvBytesPerSequence(context: 100), (3 * 100 + 3 * 32) * 512)
        XCTAssertEqual(model.kvBytesPerSequence(context: 20), 6 * 20 * 512)

        // 3 sequences at context 100: a global layer reads 300 · 512 bytes of KV, a sliding one
        // 3 · 32 · 512; each also moves 3 · 2 · 4 · 64 · 2 = 3,072 bytes of queries and outputs.
        var shape = BatchShape()
        shape.addDecodes(count: 3, contextTokens: 300)
        let gpu = try Presets.hardware(named: "h100-sxm")
        let report = IterationReport(model: model, hardware: gpu, parallelism: Parallelism(tensor: 1), shape: shape)
        let decode = try XCTUnwrap(report.ops.first { $0.op == "attn_decode" })
        let globalBytes: Double = 300 * 512 + 3_072, localBytes: Double = 96 * 512 + 3_072
        XCTAssertEqual(decode.bytes, 3 * globalBytes + 3 * localBytes)
        // FLOPs 4 · H · D per key: 4 · 4 · 64 = 1,024.
        let globalFlops: Double = 1_024 * 300, localFlops: Double = 1_024 * 96
        XCTAssertEqual(decode.flops, 3 * globalFlops + 3 * localFlops)
        // Without the window every layer reads the whole context.
        var full = model
        full.slidingWindow = nil
        let fullReport = IterationReport(model: full, hardware: gpu, parallelism: Parallelism(tensor: 1), shape: shape)
        XCTAssertEqual(fullReport.ops.first { $0.op == "attn_decode" }?.bytes, 6 * globalBytes)
        // Long contexts: the windowed layers' reads no longer grow with the context.
        var long = BatchShape()
        long.addDecodes(count: 64, contextTokens: 64 * 4000)
        XCTAssertLessThan(IterationReport(model: model, hardware: gpu, parallelism: Parallelism(tensor: 1), shape: long).total.seconds,
                          0.8 * IterationReport(model: full, hardware: gpu, parallelism: Parallelism(tensor: 1), shape: long).total.seconds)
    }

    /// The other ways a config names its local layers, and the configs whose window is off.
    func testSlidingLayerPatternsOfGemmaMistralAndQwen() throws {
        let base = #""hidden_size": 256, "num_attention_heads": 4, "intermediate_size": 512, "vocab_size": 1000, "max_position_embeddings": 4096"#
        let gemma3 = try ModelSpec.fromHuggingFaceConfig(path: try write("""
            {"model_type": "gemma3", "text_config": {\(base), "num_hidden_layers": 62, "sliding_window": 1024,
             "sliding_window_pattern": 6}}
            """), name: nil)
        XCTAssertEqual(gemma3.slidingLayerCount, 52)   // 62 − ⌊62 / 6⌋
        let gemma2 = try ModelSpec.fromHuggingFaceConfig(path: try write("""
            {"model_type": "gemma2", \(base), "num_hidden_layers": 46, "sliding_window": 4096}
            """), name: nil)
        XCTAssertEqual(gemma2.slidingLayerCount, 23)
        let mistral = try ModelSpec.fromHuggingFaceConfig(path: try write("""
            {"model_type": "mistral", \(base), "num_hidden_layers": 32, "sliding_window": 4096}
            """), name: nil)
        XCTAssertEqual(mistral.slidingLayerCount, 32)
        let qwen = try ModelSpec.fromHuggingFaceConfig(path: try write("""
            {"model_type": "qwen2", \(base), "num_hidden_layers": 28, "sliding_window": 131072, "use_sliding_window": false}
            """), name: nil)
        XCTAssertNil(qwen.slidingWindow)
        let badTypes = try write("""
            {"model_type": "gpt_oss", \(base), "num_hidden_layers": 4, "sliding_window": 128,
             "layer_types": ["sliding_attention", "full_attention"]}
            """)
        XCTAssertThrowsError(try ModelSpec.fromHuggingFaceConfig(path: badTypes, name: nil)) {
            XCTAssertTrue("\($0)".contains("'layer_types'"), "\($0)")
            XCTAssertTrue("\($0)".contains("a list of 4 strings"), "\($0)")
        }
    }

    /// Capacity (b) of the memory plan: with short windows the global layers alone are
    /// charged per token and each running sequence's windows are set aside.
    func testSlidingWindowGivesTheKVCacheItsCapacity() throws {
        let gpu = try Presets.hardware(named: "h100-sxm")
        let gemma = try Presets.model(named: "gemma-3-27b")
        var noWindow = gemma
        noWindow.slidingWindow = nil
        let windowed = try MemoryPlan(model: gemma, hardware: gpu, parallelism: Parallelism(tensor: 2),
                                      gpuMemoryUtilization: 0.9, blockSizeTokens: 16, maxBatchTokens: 8192, maxSequences: 64)
        let full = try MemoryPlan(model: noWindow, hardware: gpu, parallelism: Parallelism(tensor: 2),
                                  gpuMemoryUtilization: 0.9, blockSizeTokens: 16, maxBatchTokens: 8192, maxSequences: 64)
        // Per GPU at TP 2: 8 KV heads · 128 · 2 (K, V) · 2 bytes = 4,096 bytes per token and layer.
        XCTAssertEqual(full.kvBytesPerTokenPerGPU, 62 * 4_096)
        XCTAssertEqual(windowed.kvBytesPerTokenPerGPU, 10 * 4_096)
        let reserved = 64.0 * 52 * 1024 * 4_096
        let left = full.capacityBytesPerGPU * 0.9 - full.weightBytesPerGPU - full.activationBytesPerGPU
        XCTAssertEqual(windowed.kvBlocks, Int(((left - reserved) / (10 * 4_096 * 16)).rounded(.down)))
        XCTAssertGreaterThan(windowed.kvTokenCapacity, 4 * full.kvTokenCapacity)
        // A scenario passes its batch cap as the sequences whose windows are set aside.
        let (scenario, _) = try TestSupport.run("""
            requests = 20
            model = "gemma-3-27b"
            hardware = "h100-sxm"
            [cluster]
            tp = 2
            [scheduler]
            max_batch_size = 64
            [workload]
            arrival = { kind = "poisson", rate = 2.0 }
            prompt_tokens = { kind = "fixed", value = 3000 }
            output_tokens = { kind = "fixed", value = 50 }
            """)
        XCTAssertEqual(scenario.memory?.kvBlocks, windowed.kvBlocks)
    }

    func testPresetsOfCurrentModelsCarryTheirPublishedSizes() throws {
        func billions(_ name: String) throws -> (total: Double, active: Double, table: Double) {
            let m = try Presets.model(named: name)
            return (m.parameterCount / 1e9, m.activeParameterCount / 1e9, Double(m.vocabSize) * Double(m.hiddenSize) / 1e9)
        }
        // Published totals (model cards): DeepSeek-V3 671B / 37B active (without its 14B MTP
        // module), Mixtral-8x22B 141B / 39B, Qwen3-30B-A3B 30.5B / 3.3B, Qwen3-235B-A22B
        // 235B / 22B, gpt-oss-120b 117B / 5.1B, Gemma 2 27B 27.2B, Gemma 3 27B 27.0B (text).
        // Active counts differ in convention: DeepSeek, Mistral and OpenAI leave out the
        // embedding table (a gather, not a matmul), Qwen counts it; either must match.
        let expected: [(String, Double, Double?)] = [
            ("deepseek-v3", 671, 37), ("mixtral-8x22b", 141, 39), ("qwen3-30b-a3b", 30.5, 3.3),
            ("qwen3-235b-a22b", 235, 22), ("gpt-oss-120b", 117, 5.1), ("gemma-2-27b", 27.2, nil),
            ("gemma-3-27b", 27.0, nil),
        ]
        for (name, total, active) in expected {
            let b = try billions(name)
            XCTAssertEqual(b.total / total, 1, accuracy: 0.03, "\(name): \(b.total)B")
            if let active {
                let error = min(abs(b.active / active - 1), abs((b.active - b.table) / active - 1))
                XCTAssertLessThan(error, 0.06, "\(name): \(b.active)B active, \(b.table)B of them the embedding table")
            }
        }
    }

    /// Models whose layers differ (leading dense layers, sliding windows) and MLA, with and
    /// without EP: the tabulated hot path, the per-op breakdown and the direct cost agree.
    func testTabulatedBreakdownAndDirectCostAgreeForMixedLayers() throws {
        let gpu = try Presets.hardware(named: "h200")
        let cases: [(String, Parallelism)] = [
            ("deepseek-v3", Parallelism(tensor: 8)), ("deepseek-v3", Parallelism(tensor: 8, expert: 8, expertImbalance: 1.5)),
            ("gemma-3-27b", Parallelism(tensor: 2)), ("gpt-oss-120b", Parallelism(tensor: 4, expert: 2)),
        ]
        for (name, parallelism) in cases {
            let model = RooflineCostModel(model: try Presets.model(named: name), hardware: gpu, parallelism: parallelism,
                                          engine: try Presets.engine(named: "vllm", on: gpu))
            let table = TabulatedCostModel(model, maxTokens: 2048)
            var shapes: [BatchShape] = []
            var decode = BatchShape()
            decode.addDecodes(count: 32, contextTokens: 32 * 3000)
            shapes.append(decode)
            var mixed = BatchShape()
            mixed.addPrefillChunk(newTokens: 1500, cachedTokens: 2000, completesPrompt: true)
            mixed.addDecodes(count: 100, contextTokens: 100 * 700)
            shapes.append(mixed)
            for shape in shapes {
                let direct = model.cost(shape)
                XCTAssertEqual(table.cost(shape).seconds / direct.seconds, 1, accuracy: 1e-9, name)
                XCTAssertEqual(table.cost(shape).flops / direct.flops, 1, accuracy: 1e-9, name)
                XCTAssertEqual(table.cost(shape).commBytes, direct.commBytes, accuracy: 1e-6 * direct.commBytes, name)
                let sum = model.breakdown(shape).reduce(0) { $0 + $1.seconds }
                XCTAssertEqual(sum / direct.seconds, 1, accuracy: 1e-9, name)
            }
        }
    }

    func testArchitectureKeysOutOfPlaceAreErrors() throws {
        let toml = """
            requests = 10
            model = "llama-3.1-8b"
            hardware = "h100-sxm"
            [workload]
            arrival = { kind = "poisson", rate = 1.0 }
            prompt_tokens = { kind = "fixed", value = 100 }
            output_tokens = { kind = "fixed", value = 10 }
            """
        let error = try XCTUnwrap(TestSupport.loadError(toml, overrides: [
            "model.shared_experts=1", "model.qk_rope_head_dim=64", "model.sliding_layers=4"]))
        XCTAssertTrue(error.contains("model.shared_experts: only used with a mixture-of-experts model"), error)
        XCTAssertTrue(error.contains("model.qk_rope_head_dim: only used with multi-head latent attention"), error)
        XCTAssertTrue(error.contains("model.sliding_layers: only used with model.sliding_window"), error)
        let latent = try XCTUnwrap(TestSupport.loadError(toml, overrides: ["model.kv_lora_rank=512", "model.qk_rope_head_dim=64"]))
        XCTAssertTrue(latent.contains("model.qk_nope_head_dim: missing; multi-head latent attention (model.kv_lora_rank = 512) needs"), latent)
        XCTAssertTrue(latent.contains("model.v_head_dim: missing"), latent)
        let window = try XCTUnwrap(TestSupport.loadError(toml, overrides: ["model.sliding_window=0"]))
        XCTAssertTrue(window.contains("model.sliding_window: must be in 1...10000000, got 0"), window)
    }
}
