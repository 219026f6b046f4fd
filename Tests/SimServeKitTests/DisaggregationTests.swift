import XCTest
import SimServeKit
import TestSupport

/// Disaggregated prefill/decode serving (`[cluster.prefill]`, `[cluster.decode]`,
/// `[cluster.kv_transfer]`), through scenario TOML → run → summary.
final class DisaggregationTests: XCTestCase {
    /// Llama-2-7B (KV 2·32·32·128·2 B = 524,288 B per token), fixed 1000-token prompts, so
    /// every transfer moves the same bytes.
    static func scenario(rate: Double = 0.5, requests: Int = 200, prefillTP: Int = 1, decodeTP: Int = 1,
                         link: String = "infiniband", mode: String = "whole_request", extraLink: String = "",
                         output: Int = 50, decodeHardware: String = "a100-80gb") -> String {
        """
        seed = 3
        requests = \(requests)
        model = "llama-2-7b"
        hardware = "a100-80gb"
        [cluster.prefill]
        replicas = 2
        tp = \(prefillTP)
        [cluster.decode]
        replicas = 1
        tp = \(decodeTP)
        hardware = "\(decodeHardware)"
        [cluster.kv_transfer]
        link = "\(link)"
        mode = "\(mode)"
        \(extraLink)
        [scheduler]
        max_batch_size = 64
        max_tokens_per_iteration = 4096
        [workload]
        arrival = { kind = "poisson", rate = \(rate) }
        prompt_tokens = { kind = "fixed", value = 1000 }
        output_tokens = { kind = "fixed", value = \(output) }
        """
    }

    static let bytesPerRequest = 1000.0 * 524_288

    /// Whole-request transfer: latency + bytes / bandwidth, for every request (low load, so no
    /// transfer waits for the link); twice the lanes halve the bytes' time.
    func testTransferTimeIsLatencyPlusBytesOverBandwidth() throws {
        let (_, run) = try TestSupport.run(Self.scenario(extraLink: "bandwidth_gbs = 10\nlatency_us = 100"))
        let d = try XCTUnwrap(run.summary.disaggregation)
        let expected = 100e-6 + Self.bytesPerRequest / 10e9
        let transfer = try XCTUnwrap(d.transfer)
        XCTAssertEqual(transfer.min, expected, accuracy: 2e-9)
        XCTAssertEqual(transfer.max, expected, accuracy: 2e-9)
        XCTAssertEqual(d.transfers, 200)
        XCTAssertEqual(d.transferBytes, 200 * Self.bytesPerRequest, accuracy: 1)
        XCTAssertEqual(run.summary.completed, 200)

        let (_, wide) = try TestSupport.run(Self.scenario(prefillTP: 2, decodeTP: 2, extraLink: "bandwidth_gbs = 10\nlatency_us = 100"))
        XCTAssertEqual(try XCTUnwrap(wide.summary.disaggregation?.transfer).max, 100e-6 + Self.bytesPerRequest / 20e9, accuracy: 2e-9)
        // Link utilisation: Σ occupancy over (prefill replicas × span).
        let span = run.summary.simulatedSeconds
        XCTAssertEqual(try XCTUnwrap(d.linkUtilisation), 200 * Self.bytesPerRequest / 10e9 / (2 * span), accuracy: 1e-9)
    }

    /// Layer-wise: of a transfer of S seconds streamed over L = 32 layers behind a prefill of T
    /// seconds, max(S/L, S − T·(L−1)/L) + latency remains after the prefill.
    func testLayerwiseTransferOverlapsThePrefill() throws {
        for gbs in [10.0, 200.0] {  // S > T, and S < T
            let (_, run) = try TestSupport.run(Self.scenario(mode: "layerwise", extraLink: "bandwidth_gbs = \(gbs)\nlatency_us = 100"))
            let d = try XCTUnwrap(run.summary.disaggregation)
            let prefill = try XCTUnwrap(d.prefillCompute)
            XCTAssertEqual(prefill.min, prefill.max, accuracy: 1e-9, "each prompt prefilled alone, in one iteration")
            let s = Self.bytesPerRequest / (gbs * 1e9)
            let t = prefill.max
            let expected = 100e-6 + max(s / 32, s - t * 31 / 32)
            XCTAssertEqual(try XCTUnwrap(d.transfer).max, expected, accuracy: 5e-9, "at \(gbs) GB/s, T = \(t) s")
            XCTAssertLessThan(try XCTUnwrap(d.transfer).max, 100e-6 + s, "layer-wise beats whole-request")
        }
    }

    /// The first token comes from the prefill pool: with an ideal link the disaggregated TTFT
    /// equals that of the prefill pool serving the prompts alone (a colocated deployment of
    /// the same replicas with one output token), here under enough load that prompts queue
    /// and batch; a slower link (half busy) leaves the TTFT alone and lengthens E2E. (A link
    /// too slow for the load holds the prefill pool's KV blocks and then delays prompts too.)
    func testIdealLinkTTFTEqualsThePrefillPoolsOwn() throws {
        let (_, ideal) = try TestSupport.run(Self.scenario(rate: 40, requests: 600, link: "ideal"))
        let colocated = """
            seed = 3
            requests = 600
            model = "llama-2-7b"
            hardware = "a100-80gb"
            [cluster]
            replicas = 2
            [scheduler]
            max_batch_size = 64
            max_tokens_per_iteration = 4096
            [workload]
            arrival = { kind = "poisson", rate = 40 }
            prompt_tokens = { kind = "fixed", value = 1000 }
            output_tokens = { kind = "fixed", value = 1 }
            """
        let (_, alone) = try TestSupport.run(colocated)
        let (a, b) = (try XCTUnwrap(ideal.summary.ttft), try XCTUnwrap(alone.summary.ttft))
        XCTAssertEqual(a, b)
        XCTAssertGreaterThan(a.p99, 2 * a.min, "prompts queued behind others")
        XCTAssertEqual(try XCTUnwrap(ideal.summary.disaggregation?.transfer).max, 0)

        let (_, slow) = try TestSupport.run(Self.scenario(rate: 40, requests: 600, link: "pcie", extraLink: "bandwidth_gbs = 20"))
        XCTAssertEqual(slow.summary.ttft, a)
        XCTAssertGreaterThan(slow.summary.e2e!.mean, ideal.summary.e2e!.mean + 0.02)
        XCTAssertGreaterThan(slow.summary.disaggregation!.linkUtilisation!, 0.3)
    }

    /// Each pool counts its own GPUs at its own price; the deployment's cost is their sum.
    func testPoolsHaveTheirOwnGPUsAndCost() throws {
        let (_, run) = try TestSupport.run(Self.scenario(decodeTP: 2, decodeHardware: "h100-sxm"))
        let s = run.summary
        let d = try XCTUnwrap(s.disaggregation)
        XCTAssertEqual(d.prefill.gpus, 2)
        XCTAssertEqual(d.decode.gpus, 2)
        XCTAssertEqual(d.prefill.hardware, "a100-80gb")
        XCTAssertEqual(d.decode.hardware, "h100-sxm")
        XCTAssertEqual(s.gpus, 4)
        let cost = try XCTUnwrap(s.costUSD)
        XCTAssertEqual(cost, d.prefill.costUSD! + d.decode.costUSD!, accuracy: 1e-9)
        XCTAssertGreaterThan(d.decode.costUSD!, d.prefill.costUSD!, "H100s cost more per hour than A100s")
        XCTAssertGreaterThan(d.decode.iterations, d.prefill.iterations, "50 decode steps per prompt")
        XCTAssertEqual(s.completed, 200)
    }

    /// A decode pool short of KV blocks makes arrived requests wait for them; all finish.
    func testDecodeAdmissionWaitsForKVBlocks() throws {
        let (_, run) = try TestSupport.run(Self.scenario(rate: 30, requests: 400, output: 400, decodeHardware: "l4"))
        let d = try XCTUnwrap(run.summary.disaggregation)
        XCTAssertGreaterThan(try XCTUnwrap(d.decodeWait).p90, 0.05)
        XCTAssertEqual(run.summary.completed, 400)
    }

    func testBadDisaggregationKeysAreNamed() throws {
        let both = try XCTUnwrap(TestSupport.loadError(Self.scenario() + "\n[cluster]\n".replacingOccurrences(of: "[cluster]", with: ""),
                                                       overrides: ["cluster.tp=2"]))
        XCTAssertTrue(both.contains("cluster.tp: not used with [cluster.prefill] and [cluster.decode]"), both)
        let link = try XCTUnwrap(TestSupport.loadError(Self.scenario(link: "infiniband-ndr")))
        XCTAssertTrue(link.contains("cluster.kv_transfer.link"), link)
        XCTAssertTrue(link.contains("infiniband"), link)
        let mode = try XCTUnwrap(TestSupport.loadError(Self.scenario(mode: "pipelined")))
        XCTAssertTrue(mode.contains("cluster.kv_transfer.mode"), mode)
        let bandwidth = try XCTUnwrap(TestSupport.loadError(Self.scenario(extraLink: "bandwidth_gbs = 0")))
        XCTAssertTrue(bandwidth.contains("cluster.kv_transfer.bandwidth_gbs: must be in 1e-3 GB/s...inf"), bandwidth)
        let tp = try XCTUnwrap(TestSupport.loadError(Self.scenario(decodeTP: 3)))
        XCTAssertTrue(tp.contains("cluster.decode.tp: must divide the model's 32 attention heads, got 3"), tp)
        let prefillTP = try XCTUnwrap(TestSupport.loadError(Self.scenario(prefillTP: 16)))
        XCTAssertTrue(prefillTP.contains("cluster.prefill.tp: must be at most 8"), prefillTP)
        let gpu = try XCTUnwrap(TestSupport.loadError(Self.scenario(decodeHardware: "h100-sxn")))
        XCTAssertTrue(gpu.contains("cluster.decode.hardware"), gpu)
        let noDecode = try XCTUnwrap(TestSupport.loadError(Self.scenario()
            .replacingOccurrences(of: "[cluster.decode]\nreplicas = 1\ntp = 1\nhardware = \"a100-80gb\"\n", with: "")))
        XCTAssertTrue(noDecode.contains("cluster.decode: missing"), noDecode)
    }

    /// `simserve plan --search` over both pools' sizes finds the prefill:decode ratio: at
    /// 6 req/s of 1000-token prompts and 250-token outputs, one H100 prefills in time, but a
    /// TPOT p99 of 25 ms takes two A100 decode replicas (one gives ~35 ms).
    func testPlanFindsThePrefillToDecodeRatio() throws {
        let directory = try TestSupport.temporaryDirectory()
        let path = directory.appendingPathComponent("pools.toml").path
        let toml = try String(contentsOfFile: TestSupport.packageRoot.appendingPathComponent("Scenarios/disaggregated-prefill-decode.toml").path,
                              encoding: .utf8)
            .replacingOccurrences(of: "requests = 2000", with: "requests = 400")
            .replacingOccurrences(of: "warmup = \"30s\"", with: "warmup = \"10s\"")
        try toml.write(toFile: path, atomically: true, encoding: .utf8)
        let (status, stdout, stderr) = try TestSupport.runCLI([
            "plan", path, "--search", "cluster.prefill.replicas=1:2", "--search", "cluster.decode.replicas=1:3",
            "--rate", "6", "--slo", "ttft_p99=500ms", "--slo", "tpot_p99=25ms", "--replications", "1", "--no-headroom",
            "--out", directory.appendingPathComponent("plan").path,
        ])
        XCTAssertEqual(status, 0, stderr)
        XCTAssertTrue(stdout.contains("best: cluster.prefill.replicas=1 cluster.decode.replicas=2 — 3 GPUs"), stdout)
    }

    /// The bundled scenario runs through the CLI: the table names both pools and the link, the
    /// JSON has the `disaggregation` section with both GPU types.
    func testBundledScenarioThroughTheCLI() throws {
        let root = TestSupport.packageRoot
        let table = try TestSupport.runCLI(["run", "Scenarios/disaggregated-prefill-decode.toml", "--set", "requests=300",
                                            "--set", "warmup=5s", "--no-files"], in: root)
        XCTAssertEqual(table.status, 0, table.stderr)
        XCTAssertTrue(table.stdout.contains("on 3×h100-sxm+a100-80gb (3 replicas, tp 1)"), table.stdout)
        XCTAssertTrue(table.stdout.contains("pools        prefill 2×h100-sxm (tp 1) busy"), table.stdout)
        XCTAssertTrue(table.stdout.contains("KV transfer  300 × "), table.stdout)
        let run = try TestSupport.runCLI(["run", "Scenarios/disaggregated-prefill-decode.toml", "--set", "requests=300",
                                          "--set", "warmup=5s", "--no-files", "--json"], in: root)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let section = try XCTUnwrap(json["disaggregation"] as? [String: Any])
        let decode = try XCTUnwrap(section["decode_pool"] as? [String: Any])
        XCTAssertEqual(decode["hardware"] as? String, "a100-80gb")
        let transfer = try XCTUnwrap(section["kv_transfer"] as? [String: Any])
        XCTAssertEqual(transfer["transfers"] as? Int, 300)
        XCTAssertEqual(json["gpus"] as? Int, 3)
    }

    /// A class's `max_running` cap holds on the decode pool too: at most 3 of the capped class
    /// decode at once on the decode replica (many more without the cap), while requests of the
    /// uncapped class whose KV arrived behind them go ahead. A request decodes for at least
    /// its last (output − 1) × 5 ms before its last token (a Llama-2-7B decode step on an A100
    /// takes longer), so those intervals lie within its decode and bound the concurrency below.
    func testClassCapHoldsOnTheDecodePool() throws {
        let base = Self.scenario(rate: 6, requests: 400).replacingOccurrences(of: """
            prompt_tokens = { kind = "fixed", value = 1000 }
            output_tokens = { kind = "fixed", value = 50 }
            """, with: """
            [[workload.classes]]
            name = "interactive"
            share = 0.5
            prompt_tokens = { kind = "fixed", value = 300 }
            output_tokens = { kind = "fixed", value = 100 }
            [[workload.classes]]
            name = "batch"
            share = 0.5
            prompt_tokens = { kind = "fixed", value = 1000 }
            output_tokens = { kind = "fixed", value = 400 }
            """)
        XCTAssertTrue(base.contains("name = \"batch\""))
        func decodingPeak(_ result: RunResult, prompt: Int, output: Int) -> Int {
            var events: [(time: Double, delta: Int)] = []
            for r in result.records where r.promptTokens == prompt && r.outcome == .completed {
                events.append((r.lastToken! - Double(output - 1) * 0.005, 1))
                events.append((r.lastToken!, -1))
            }
            events.sort { $0.time != $1.time ? $0.time < $1.time : $0.delta < $1.delta }
            var running = 0, peak = 0
            for e in events { running += e.delta; peak = max(peak, running) }
            return peak
        }
        let (_, free) = try TestSupport.run(base)
        let (_, capped) = try TestSupport.run(base.replacingOccurrences(
            of: "output_tokens = { kind = \"fixed\", value = 400 }",
            with: "output_tokens = { kind = \"fixed\", value = 400 }\nmax_running = 3"))
        XCTAssertEqual(capped.summary.completed, 400)
        XCTAssertGreaterThan(decodingPeak(free, prompt: 1000, output: 400), 5)
        XCTAssertLessThanOrEqual(decodingPeak(capped, prompt: 1000, output: 400), 3)
        XCTAssertGreaterThan(decodingPeak(capped, prompt: 300, output: 100), 3)
        let wait = try XCTUnwrap(capped.summary.disaggregation?.decodeWait), freeWait = try XCTUnwrap(free.summary.disaggregation?.decodeWait)
        XCTAssertGreaterThan(wait.max, 10 * freeWait.max, "capped requests wait for the decode replica")
    }
}
