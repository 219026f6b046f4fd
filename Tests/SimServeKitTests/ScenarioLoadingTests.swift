import XCTest
import SimServeKit
import TestSupport

/// Scenario files through the loader: presets, overrides, and the exact wording of errors.
final class ScenarioLoadingTests: XCTestCase {
    static let valid = """
        requests = 10
        model = "llama-2-7b"
        hardware = "a100-80gb"
        [workload]
        arrival = { kind = "poisson", rate = 5.0 }
        prompt_tokens = { kind = "fixed", value = 10 }
        output_tokens = { kind = "fixed", value = 10 }
        """

    func testPresetsAndFieldOverrides() throws {
        let plain = try ScenarioLoader.load(toml: Self.valid, source: "t.toml")
        XCTAssertEqual(plain.model?.layers, 32)
        XCTAssertEqual(plain.model?.hiddenSize, 4096)
        let overridden = try ScenarioLoader.load(
            toml: Self.valid.replacingOccurrences(of: "model = \"llama-2-7b\"",
                                                  with: "model = { preset = \"llama-2-7b\", layers = 40 }"),
            source: "t.toml")
        XCTAssertEqual(overridden.model?.layers, 40)
        XCTAssertEqual(overridden.model?.hiddenSize, 4096)
        XCTAssertLessThan(overridden.serving.kvBlocksPerReplica, plain.serving.kvBlocksPerReplica)
    }

    func testCommandLineOverrides() throws {
        let scenario = try ScenarioLoader.load(toml: Self.valid, source: "t.toml", overrides: .init(
            assignments: ["workload.arrival.rate=40", "cluster.tp=2", "scheduler.batching_window=20ms"], seed: 9))
        guard case .synthetic(let workload) = scenario.serving.workload else { return XCTFail("not synthetic") }
        XCTAssertEqual(workload.arrival, .poisson(ratePerSecond: 40))
        XCTAssertEqual(scenario.parallelism.tensor, 2)
        XCTAssertEqual(scenario.serving.scheduler.batchingWindow.seconds, 0.02, accuracy: 1e-12)
        XCTAssertEqual(scenario.seed, 9)
    }

    func testUnknownKeyGetsADidYouMean() {
        let error = TestSupport.loadError(Self.valid + "\n[scheduler]\nmax_batch_szie = 8\n")
        XCTAssertEqual(error, """
            Scenario 'test.toml' is not valid (1 problem):
              - scheduler.max_batch_szie: unknown key; did you mean 'max_batch_size'?
            """)
    }

    func testNegativeRateIsNamedWithItsValue() {
        let error = TestSupport.loadError(Self.valid, overrides: ["workload.arrival.rate=-5"])
        XCTAssertEqual(error, """
            Scenario 'test.toml' is not valid (1 problem):
              - workload.arrival.rate: must be a number of requests per second in 1e-6...1e7, got -5.0
            """)
    }

    func testAllProblemsAreReportedAtOnce() throws {
        let error = try XCTUnwrap(TestSupport.loadError(Self.valid, overrides: [
            "workload.arrival.kind=poison", "model.layers=\"many\"", "cluster.tp=0",
        ]))
        XCTAssertTrue(error.contains("workload.arrival.kind: 'poison' is not one of 'poisson', 'gamma', 'mmpp', 'piecewise', 'constant'; did you mean 'poisson'?"), error)
        XCTAssertTrue(error.contains("model.layers: expected an integer, found a string (\"many\")"), error)
        XCTAssertTrue(error.contains("cluster.tp: must be ≥ 1, got 0"), error)
        XCTAssertTrue(error.contains("(3 problems)"), error)
    }

    func testUnknownPresetSuggestsTheClosest() throws {
        let error = try XCTUnwrap(TestSupport.loadError(Self.valid.replacingOccurrences(of: "\"llama-2-7b\"", with: "\"llama-2-7\"")))
        XCTAssertTrue(error.contains("model.preset: unknown model preset 'llama-2-7'; did you mean 'llama-2-7b'?"), error)
    }

    func testSyntaxErrorNamesLineAndColumn() throws {
        let error = try XCTUnwrap(TestSupport.loadError("requests = 10\n[workload\narrival = 3\n"))
        XCTAssertTrue(error.contains("line 2, column"), error)
    }

    func testModelTooBigForItsGPUs() throws {
        let error = try XCTUnwrap(TestSupport.loadError(Self.valid.replacingOccurrences(of: "llama-2-7b", with: "llama-2-70b")))
        XCTAssertTrue(error.contains("needs 138.0 GB of weights"), error)
        XCTAssertTrue(error.contains("use cluster.tp ≥ 2"), error)
        XCTAssertNil(TestSupport.loadError(Self.valid.replacingOccurrences(of: "llama-2-7b", with: "llama-2-70b"),
                                           overrides: ["cluster.tp=4"]))
    }

    func testMissingWorkloadLimitAndBothLimits() throws {
        let missing = try XCTUnwrap(TestSupport.loadError(Self.valid.replacingOccurrences(of: "requests = 10\n", with: "")))
        XCTAssertTrue(missing.contains("requests: missing; give requests (a count) or duration (e.g. \"600s\")"), missing)
        let both = try XCTUnwrap(TestSupport.loadError(Self.valid, overrides: ["duration=60s"]))
        XCTAssertTrue(both.contains("requests: give either requests or duration, not both"), both)
    }

    func testUnreadableFile() {
        XCTAssertThrowsError(try ScenarioLoader.load(path: "/nonexistent/x.toml")) { error in
            XCTAssertEqual("\(error)", "Cannot read scenario '/nonexistent/x.toml': no such file.")
        }
    }

    /// `model.config` reads a Hugging Face config.json; other model keys override its fields.
    func testModelFromHuggingFaceConfig() throws {
        let directory = try TestSupport.temporaryDirectory()
        let config = directory.appendingPathComponent("config.json")
        try """
            {"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 2048,
             "num_hidden_layers": 16, "num_attention_heads": 32, "num_key_value_heads": 8,
             "intermediate_size": 8192, "vocab_size": 128256, "max_position_embeddings": 8192,
             "hidden_act": "silu", "tie_word_embeddings": true, "torch_dtype": "bfloat16"}
            """.write(to: config, atomically: true, encoding: .utf8)
        let toml = Self.valid.replacingOccurrences(of: "model = \"llama-2-7b\"",
                                                   with: "model = { config = \"\(config.path)\", layers = 8 }")
        let scenario = try ScenarioLoader.load(toml: toml, source: "t.toml")
        XCTAssertEqual(scenario.model?.hiddenSize, 2048)
        XCTAssertEqual(scenario.model?.kvHeads, 8)
        XCTAssertEqual(scenario.model?.layers, 8)
        XCTAssertEqual(scenario.model?.kvBytesPerToken, 2 * 8 * 8 * 64 * 2)
        let missing = try XCTUnwrap(TestSupport.loadError(toml.replacingOccurrences(of: config.path, with: "/nope/config.json")))
        XCTAssertTrue(missing.contains("model.config: "), missing)
        XCTAssertTrue(missing.contains("/nope/config.json"), missing)
    }

    func testPrecisionKeys() throws {
        let fp8 = try ScenarioLoader.load(toml: Self.valid, source: "t.toml", overrides: .init(assignments: [
            "model.weight_dtype=\"fp8\"", "model.kv_dtype=\"fp8\"", "hardware=\"h100-sxm\""]))
        let fp16 = try ScenarioLoader.load(toml: Self.valid, source: "t.toml", overrides: .init(assignments: ["hardware=\"h100-sxm\""]))
        XCTAssertGreaterThan(fp8.serving.kvBlocksPerReplica, fp16.serving.kvBlocksPerReplica * 19 / 10)
        let fp32 = try ScenarioLoader.load(toml: Self.valid, source: "t.toml", overrides: .init(assignments: [
            "model.activation_dtype=\"fp32\"", "hardware=\"h100-sxm\""]))
        XCTAssertLessThan(fp32.serving.kvBlocksPerReplica, fp16.serving.kvBlocksPerReplica)
        XCTAssertNil(TestSupport.loadError(Self.valid, overrides: ["model.kv_dtype=\"int4\"", "hardware=\"h100-sxm\""]))
        let bad = try XCTUnwrap(TestSupport.loadError(Self.valid, overrides: ["model.kv_dtype=\"int2\""]))
        XCTAssertTrue(bad.contains("model.kv_dtype"), bad)
    }
}
