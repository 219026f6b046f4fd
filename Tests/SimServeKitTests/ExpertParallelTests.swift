import XCTest
import SimServeKit
import TestSupport

/// `cluster.ep` and `cluster.expert_imbalance`: EP = 1 is today's MoE model to the bit, the
/// all-to-all carries the hand-computed bytes, imbalance stretches the busiest rank, and a
/// bad degree is a clear error naming the key.
final class ExpertParallelTests: XCTestCase {
    /// Mixtral-8x7B at TP 2 on a GPU described in full here (no hardware or engine preset, so
    /// that the figures below do not move with the presets).
    static let mixtral = """
        seed = 5
        requests = 300
        model = "mixtral-8x7b"
        engine = "none"
        [hardware]
        name = "test-gpu"
        peak_tflops = 1000.0
        hbm_bandwidth_gbs = 3000.0
        memory_gb = 80.0
        link_bandwidth_gbs = 400.0
        link_latency_us = 1.0
        idle_watts = 70.0
        max_watts = 700.0
        cost_per_hour = 3.0
        compute_efficiency = 0.8
        memory_efficiency = 0.8
        kernel_launch_us = 4.0
        link_efficiency = 0.75
        moe_compute_efficiency = 0.5
        moe_overhead_us = 20.0
        moe_per_pair_ns = 3.0
        [cluster]
        tp = 2
        [workload]
        arrival = { kind = "poisson", rate = 6.0 }
        prompt_tokens = { kind = "lognormal", mean = 600, cv = 0.5, max = 2000 }
        output_tokens = { kind = "lognormal", mean = 150, cv = 0.5, max = 600 }
        """

    /// The figures this scenario gave before expert parallelism existed (commit 3016ffd,
    /// `simserve run … --json`: TTFT mean 0.055064374889999726 s, TPOT mean
    /// 0.027056943354485212 s, E2E p99 10.714251968 s), as moved since only by the LM head's
    /// logits gather at TP 2 (thirtieth stop; `LogitsGatherTests`): with `cluster.ep = 1` written
    /// out, and without it, the run is the same to the last bit.
    func testEPOneReproducesTheMoENumbersOfBeforeExactly() throws {
        for toml in [Self.mixtral, Self.mixtral.replacingOccurrences(of: "tp = 2", with: "tp = 2\nep = 1")] {
            let (scenario, result) = try TestSupport.run(toml)
            XCTAssertEqual(scenario.parallelism.expert, 1)
            XCTAssertEqual(result.summary.ttft?.mean, 0.05485267533666655)
            XCTAssertEqual(result.summary.tpot?.mean, 0.027109101582704208)
            XCTAssertEqual(result.summary.e2e?.p99, 10.720811783000002)
            XCTAssertEqual(scenario.memory?.kvBlocks, 23597)
        }
    }

    /// Qwen3-30B-A3B at TP 4, EP 4: per token and direction d · a · k · (e−1)/e =
    /// 2048 · 2 · 8 · 3/4 = 24,576 bytes leave the rank; a step of T tokens sends
    /// 48 layers · 2 directions · T · 24,576 bytes, each direction taking α + NCCL's all-to-all on
    /// the rank's T/4 · 24,576 bytes, sent to 3 peers: LL (its fixed time + bytes / (link_bw ·
    /// η_LL)) while each peer's share is at most 16 KiB, else Simple (its fixed time + bytes /
    /// (link_bw · η_a2a)). 64 decodes: 131 KB a peer, Simple.
    func testAllToAllBytesPerTokenAreTheHandComputedFigure() throws {
        let model = try Presets.model(named: "qwen3-30b-a3b")
        let gpu = try Presets.hardware(named: "h100-sxm")
        var shape = BatchShape()
        shape.addDecodes(count: 64, contextTokens: 64 * 1000)
        let report = IterationReport(model: model, hardware: gpu, parallelism: Parallelism(tensor: 4, expert: 4),
                                     shape: shape, engine: Self.allToAll(gpu))
        XCTAssertEqual(report.allToAllBytesPerToken, 24_576)
        let op = try XCTUnwrap(report.ops.first { $0.op == "moe_all_to_all" })
        XCTAssertEqual(op.bytes, 48 * 2 * 64 * 24_576)
        let a2a = gpu.shape, link = gpu.linkBandwidthGBs * 1e9, bytes = 64.0 / 4 * 24_576
        // The rank's own chunk (a third of what leaves it) adds its share of a peer's chunk.
        let moved = bytes * (1 + (a2a.allToAllOwnChunkShare ?? 0) / 3)
        let simple = try XCTUnwrap(a2a.allToAllOverheadUs) * 1e-6 + moved / (link * XCTUnwrap(a2a.allToAllEfficiency))
        let ll = try XCTUnwrap(a2a.allToAllLLOverheadUs) * 1e-6 + moved / (link * XCTUnwrap(a2a.ncclLLEfficiency))
        let direction = gpu.linkLatencyUs * 1e-6 + (bytes / 3 <= 16_384 ? ll : simple)
        XCTAssertGreaterThan(bytes / 3, 16_384)
        XCTAssertEqual(op.seconds, 48 * 2 * direction, accuracy: 1e-12)
        XCTAssertEqual(report.allToAllSeconds, op.seconds)
        // The interconnect bytes of the step: the all-reduces' and the all-to-all's.
        let plain = IterationReport(model: model, hardware: gpu, parallelism: Parallelism(tensor: 4), shape: shape,
                                    engine: .bare(gpu))
        XCTAssertEqual(report.total.commBytes - plain.total.commBytes, 48 * 2 * 64 * 24_576, accuracy: 1)
        XCTAssertNil(plain.allToAllBytesPerToken)
        XCTAssertFalse(plain.ops.contains { $0.op == "moe_all_to_all" })
        // `simserve cost` prints it.
        XCTAssertTrue(report.text().contains("all-to-all 24,576 B per token each way"), report.text())
    }

    /// The busiest rank runs ρ times the mean of the routed rows: a skewed router makes every
    /// expert GEMM slower and the step longer; the all-to-all is unchanged.
    func testImbalanceStretchesTheExpertGEMMs() throws {
        let model = try Presets.model(named: "qwen3-30b-a3b")
        let gpu = try Presets.hardware(named: "h100-sxm")
        var shape = BatchShape()
        shape.addPrefillChunk(newTokens: 4096, cachedTokens: 0, completesPrompt: true)
        func report(_ rho: Double) -> IterationReport {
            IterationReport(model: model, hardware: gpu, parallelism: Parallelism(tensor: 4, expert: 4, expertImbalance: rho),
                            shape: shape, engine: Self.allToAll(gpu))
        }
        let balanced = report(1), skewed = report(2)
        func seconds(_ r: IterationReport, _ op: String) -> Double { r.ops.first { $0.op == op }?.seconds ?? 0 }
        // The up projection carries the routing too, which the skew does not change.
        XCTAssertGreaterThan(seconds(skewed, "mlp_up_proj"), seconds(balanced, "mlp_up_proj"))
        XCTAssertGreaterThan(seconds(skewed, "mlp_down_proj"), 1.3 * seconds(balanced, "mlp_down_proj"))
        XCTAssertEqual(seconds(skewed, "moe_all_to_all"), seconds(balanced, "moe_all_to_all"))
        XCTAssertGreaterThan(skewed.total.seconds, balanced.total.seconds)
    }

    /// The engine's terms with an all-to-all dispatch and combine (``MoEDispatch/allToAll``).
    static func allToAll(_ gpu: HardwareSpec) -> EngineSpec {
        var engine = EngineSpec.bare(gpu)
        engine.moeDispatch = .allToAll
        return engine
    }

    /// Without data-parallel attention the engines keep every token on every rank of the TP
    /// group (vLLM's `FusedMoE.forward_impl` dispatches only where `dp_size > 1`): each rank
    /// runs its own experts on the tokens routed to them and the layer's all-reduce combines
    /// the ranks, so EP adds no communication — the step is the all-to-all form's less its
    /// dispatch and combine, the expert GEMMs and the all-reduces the same. The default, in every
    /// engine preset; `engine.moe_dispatch = "all_to_all"` lays the all-to-all over the TP group.
    func testReplicatedTokensNeedNoAllToAll() throws {
        let model = try Presets.model(named: "qwen3-30b-a3b")
        let gpu = try Presets.hardware(named: "h100-sxm")
        var shape = BatchShape()
        shape.addDecodes(count: 64, contextTokens: 64 * 1000)
        shape.addPrefillChunk(newTokens: 2048, cachedTokens: 0, completesPrompt: true)
        let parallelism = Parallelism(tensor: 4, expert: 4, expertImbalance: 1.3)
        let replicated = IterationReport(model: model, hardware: gpu, parallelism: parallelism, shape: shape, engine: .bare(gpu))
        let allToAll = IterationReport(model: model, hardware: gpu, parallelism: parallelism, shape: shape, engine: Self.allToAll(gpu))
        XCTAssertEqual(EngineSpec.bare(gpu).moeDispatch, .replicated)
        XCTAssertFalse(replicated.ops.contains { $0.op == "moe_all_to_all" })
        XCTAssertNil(replicated.allToAllSeconds)
        XCTAssertNil(replicated.allToAllBytesPerToken)
        let dispatch = try XCTUnwrap(allToAll.allToAllSeconds)
        XCTAssertGreaterThan(dispatch, 0)
        XCTAssertEqual(replicated.total.seconds, allToAll.total.seconds - dispatch, accuracy: 1e-12)
        func seconds(_ r: IterationReport, _ op: String) -> Double? { r.ops.first { $0.op == op }?.seconds }
        for op in ["mlp_up_proj", "mlp_down_proj", "all_reduce"] {
            XCTAssertEqual(try XCTUnwrap(seconds(replicated, op)), try XCTUnwrap(seconds(allToAll, op)), op)
        }
        for name in ["vllm", "vllm-0.11", "sglang", "tensorrt-llm"] {
            XCTAssertEqual(try Presets.engine(named: name, on: gpu).moeDispatch, .replicated, name)
        }
        // Through a scenario: the key, and a bad value named with what is allowed.
        let path = TestSupport.packageRoot.appendingPathComponent("Scenarios/moe-expert-parallel.toml").path
        let over = try ScenarioLoader.load(path: path, overrides: .init(assignments: ["engine.moe_dispatch=\"all_to_all\""]))
        XCTAssertEqual(over.serving.costModel.roofline?.engine.moeDispatch, .allToAll)
        XCTAssertEqual(try ScenarioLoader.load(path: path).serving.costModel.roofline?.engine.moeDispatch, .replicated)
        let bad = try XCTUnwrap(TestSupport.loadError(try String(contentsOfFile: path, encoding: .utf8),
                                                      overrides: ["engine.moe_dispatch=\"deepep\""]))
        XCTAssertTrue(bad.contains("engine.moe_dispatch"), bad)
        XCTAssertTrue(bad.contains("all_to_all") && bad.contains("replicated"), bad)
    }

    /// `simserve cost --ep`: says the tokens stay replicated (no all-to-all) unless
    /// `--moe-dispatch all_to_all` asks for one, which prints its bytes and time; a bad value is
    /// named with what is allowed, exit 2.
    func testCostSaysHowTheExpertsGetTheirTokens() throws {
        let base = ["cost", "--model", "qwen3-30b-a3b", "--hardware", "h100-sxm", "--tp", "4", "--ep", "4", "--decode", "64x1000"]
        let replicated = try TestSupport.runCLI(base)
        XCTAssertEqual(replicated.status, 0, replicated.stderr)
        XCTAssertTrue(replicated.stdout.contains("tokens replicated over the TP group"), replicated.stdout)
        XCTAssertFalse(replicated.stdout.contains("moe_all_to_all"), replicated.stdout)
        let allToAll = try TestSupport.runCLI(base + ["--moe-dispatch", "all_to_all"])
        XCTAssertEqual(allToAll.status, 0, allToAll.stderr)
        XCTAssertTrue(allToAll.stdout.contains("all-to-all 24,576 B per token each way"), allToAll.stdout)
        let bad = try TestSupport.runCLI(base + ["--moe-dispatch", "deepep"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("--moe-dispatch 'deepep' is not one of 'replicated', 'all_to_all'"), bad.stderr)
    }

    /// The bundled scenario runs, and its EP and imbalance reach the cost model.
    func testBundledScenarioUsesExpertParallelism() throws {
        let path = TestSupport.packageRoot.appendingPathComponent("Scenarios/moe-expert-parallel.toml").path
        let scenario = try ScenarioLoader.load(path: path)
        XCTAssertEqual(scenario.parallelism.expert, 4)
        XCTAssertEqual(scenario.parallelism.expertImbalance, 1.3)
        XCTAssertEqual(scenario.model?.name, "qwen3-30b-a3b")
    }

    func testBadExpertParallelDegreesAreClearErrors() throws {
        let qwen = """
            requests = 10
            model = "qwen3-30b-a3b"
            hardware = "h100-sxm"
            [cluster]
            tp = 4
            [workload]
            arrival = { kind = "poisson", rate = 1.0 }
            prompt_tokens = { kind = "fixed", value = 100 }
            output_tokens = { kind = "fixed", value = 10 }
            """
        let notDividingTP = try XCTUnwrap(TestSupport.loadError(qwen, overrides: ["cluster.ep=8"]))
        XCTAssertTrue(notDividingTP.contains("cluster.ep: must divide cluster.tp (4)"), notDividingTP)
        XCTAssertTrue(notDividingTP.contains("got 8; allowed: 1, 2, 4"), notDividingTP)
        let notDividingExperts = try XCTUnwrap(TestSupport.loadError(qwen, overrides: ["cluster.tp=3", "cluster.ep=3"]))
        XCTAssertTrue(notDividingExperts.contains("cluster.ep: must divide the model's 128 experts, got 3"), notDividingExperts)
        let dense = try XCTUnwrap(TestSupport.loadError(qwen, overrides: ["model=llama-3.1-8b", "cluster.ep=2"]))
        XCTAssertTrue(dense.contains("cluster.ep: needs a mixture-of-experts model"), dense)
        // With the model itself invalid (fuzz case: seed 7, case 3596), a TP the EP degree does
        // not divide is still refused by name, not trapped on.
        let badModel = try XCTUnwrap(TestSupport.loadError(qwen, overrides: ["model.heads={}", "cluster.tp=9223372036854775807",
                                                                             "cluster.ep=4"]))
        XCTAssertTrue(badModel.contains("cluster.ep: must divide cluster.tp (9223372036854775807)"), badModel)
        XCTAssertTrue(badModel.contains("cluster.tp: must be in 1...1000000"), badModel)
        let zero = try XCTUnwrap(TestSupport.loadError(qwen, overrides: ["cluster.ep=0"]))
        XCTAssertTrue(zero.contains("cluster.ep: must be in 1...1000000, got 0"), zero)
        let skew = try XCTUnwrap(TestSupport.loadError(qwen, overrides: ["cluster.ep=2", "cluster.expert_imbalance=3"]))
        XCTAssertTrue(skew.contains("cluster.expert_imbalance: must be in [1, cluster.ep] = [1, 2]"), skew)
        let unused = try XCTUnwrap(TestSupport.loadError(qwen, overrides: ["cluster.expert_imbalance=1.5"]))
        XCTAssertTrue(unused.contains("cluster.expert_imbalance: only used with cluster.ep > 1"), unused)
        // `--set cluster.ep=1` on a scenario with an imbalance runs, saying what it ignores.
        let path = TestSupport.packageRoot.appendingPathComponent("Scenarios/moe-expert-parallel.toml").path
        let tp = try ScenarioLoader.load(path: path, overrides: .init(assignments: ["cluster.ep=1"]))
        XCTAssertEqual(tp.parallelism.expert, 1)
        XCTAssertEqual(tp.parallelism.expertImbalance, 1)
        XCTAssertTrue(tp.warnings.contains { $0.keyPath == "cluster.expert_imbalance" })
        // `simserve cost` checks --ep as the scenario does.
        let cli = try TestSupport.runCLI(["cost", "--model", "llama-3.1-8b", "--hardware", "h100-sxm", "--ep", "2",
                                          "--decode", "1x100"])
        XCTAssertEqual(cli.status, 2)
        XCTAssertTrue(cli.stderr.contains("--ep needs a mixture-of-experts model; llama-3.1-8b is dense"), cli.stderr)
    }
}
