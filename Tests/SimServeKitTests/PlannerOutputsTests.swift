import Foundation
import XCTest
import TestSupport

/// What a capacity planner reads besides latency, through the CLI: the memory plan, goodput
/// from `[assert]` limits, and the seeds' efficiency extras.
final class PlannerOutputsTests: XCTestCase {
    static let root = ReadmeComparisonTests.root

    func runJSON(_ arguments: [String]) throws -> (status: Int32, json: [String: Any], stderr: String) {
        let r = try TestSupport.runCLI(arguments + ["--json", "--no-files"], in: Self.root)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], r.stderr)
        return (r.status, json, r.stderr)
    }

    /// Weights, activations, KV and free add up to each GPU's memory, in the JSON and the table.
    func testMemoryPlanInTheSummaryAndTable() throws {
        let r = try runJSON(["run", "Scenarios/chat.toml", "--set", "requests=200"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let m = try XCTUnwrap(r.json["memory_per_gpu"] as? [String: Any])
        let parts = try ["weights_gb", "activations_gb", "kv_gb", "free_gb"].map { try XCTUnwrap(m[$0] as? Double, $0) }
        XCTAssertEqual(parts.reduce(0, +), try XCTUnwrap(m["capacity_gb"] as? Double), accuracy: 1e-9)
        XCTAssertEqual(m["capacity_gb"] as? Double, 85.899)   // 81,920 MiB, as the driver reports an A100-80GB
        XCTAssertEqual(parts[0], 13.48, accuracy: 0.01, "Llama-2-7B fp16 weights")
        let batching = try XCTUnwrap(r.json["batching"] as? [String: Any])
        XCTAssertEqual(m["kv_blocks"] as? Int, batching["kv_blocks_per_replica"] as? Int)
        let text = try TestSupport.runCLI(["run", "Scenarios/chat.toml", "--set", "requests=200", "--no-files"], in: Self.root)
        XCTAssertTrue(text.stdout.contains("memory       weights 13.48 GB · activations "), text.stdout)
        XCTAssertTrue(text.stdout.contains(" blocks, "), text.stdout)

        let service = try runJSON(["run", "Scenarios/mm1.toml", "--set", "requests=100"])
        XCTAssertTrue((service.json["memory_per_gpu"] as? [String: Any])?["weights_gb"] is NSNull)
        XCTAssertEqual((service.json["null_reasons"] as? [String: Any])?["memory_per_gpu"] as? String,
                       "the service-time cost model has no hardware")
    }

    /// `simserve cost` gives the memory plan, and says so when the model does not fit.
    func testCostSaysWhenTheModelDoesNotFit() throws {
        let unfit = try TestSupport.runCLI(["cost", "--model", "llama-2-70b", "--hardware", "a100-80gb", "--decode", "8x1000"])
        XCTAssertEqual(unfit.status, 0, unfit.stderr)
        XCTAssertTrue(unfit.stdout.contains("memory: DOES NOT FIT — llama-2-70b in fp16 needs 138.0 GB of weights"), unfit.stdout)
        XCTAssertTrue(unfit.stdout.contains("use cluster.tp ≥ 2"), unfit.stdout)
        let json = try TestSupport.runCLI(["cost", "--model", "llama-2-70b", "--hardware", "a100-80gb", "--decode", "8x1000", "--json"])
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let memory = try XCTUnwrap(object["memory_per_gpu"] as? [String: Any])
        XCTAssertEqual(memory["fits"] as? Bool, false)
        XCTAssertTrue(memory["kv_gb"] is NSNull)
        let fits = try TestSupport.runCLI(["cost", "--model", "llama-2-70b", "--hardware", "a100-80gb", "--tp", "4", "--decode", "8x1000"])
        XCTAssertTrue(fits.stdout.contains("memory: weights 34.49 GB · activations "), fits.stdout)
    }

    /// Without `[slo]`, goodput counts the requests within the `[assert]` latency limits, and
    /// the table says where they came from; with neither, it says there is none.
    func testGoodputFromAssertLimits() throws {
        let overloaded = ["run", "Scenarios/capacity-search.toml", "--set", "workload.arrival.rate=30"]
        let r = try runJSON(overloaded)
        XCTAssertEqual(r.status, 3, "both [assert] limits fail at 30 req/s")
        let slo = try XCTUnwrap(r.json["slo"] as? [String: Any])
        XCTAssertEqual(slo["source"] as? String, "assert")
        XCTAssertEqual(slo["ttft_seconds"] as? Double, 0.5)
        XCTAssertEqual(slo["tpot_seconds"] as? Double, 0.05)
        let throughput = try XCTUnwrap(r.json["throughput"] as? [String: Any])
        XCTAssertLessThan(try XCTUnwrap(throughput["slo_attainment"] as? Double), 0.5)
        let text = try TestSupport.runCLI(overloaded + ["--no-files"], in: Self.root)
        XCTAssertTrue(text.stdout.contains("(per request: TTFT ≤ 500 ms, TPOT ≤ 50 ms, from [assert])"), text.stdout)
        XCTAssertFalse(text.stdout.contains("SLO attainment 100.0%"), text.stdout)

        let none = try TestSupport.runCLI(["run", "Scenarios/mm1.toml", "--set", "requests=100", "--no-files"], in: Self.root)
        XCTAssertTrue(none.stdout.contains("goodput      — (no per-request SLO"), none.stdout)
    }

    /// The seeds' extended efficiency figures: always present, null with a reason where they
    /// do not apply; padding only under static batching.
    func testEfficiencyExtras() throws {
        let r = try runJSON(["run", "Scenarios/chat.toml", "--set", "requests=300"])
        let e = try XCTUnwrap(r.json["efficiency"] as? [String: Any])
        let throughput = try XCTUnwrap(r.json["throughput"] as? [String: Any])
        let energy = try XCTUnwrap(r.json["energy"] as? [String: Any])
        let tokensPerSecond = try XCTUnwrap(throughput["output_tokens_per_second"] as? Double)
        let tokensPerJoule = try XCTUnwrap(energy["output_tokens_per_joule"] as? Double)
        XCTAssertEqual(e["precision_factor"] as? Double, 1)
        XCTAssertEqual(try XCTUnwrap(e["token_efficiency_index"] as? Double), tokensPerSecond * tokensPerJoule, accuracy: 1e-6 * tokensPerSecond * tokensPerJoule)
        let batching = try XCTUnwrap(r.json["batching"] as? [String: Any])
        XCTAssertEqual(try XCTUnwrap(e["batch_utilisation"] as? Double), try XCTUnwrap(batching["mean_batch_size"] as? Double) / 128, accuracy: 1e-12)
        for name in ["tokens_per_gb_vram", "model_memory_utilisation", "kv_cache_memory_ratio", "total_flops", "flops_per_output_token"] {
            XCTAssertGreaterThan(e[name] as? Double ?? 0, 0, name)
        }
        XCTAssertEqual(try XCTUnwrap(e["model_memory_utilisation"] as? Double), 13.476 / 85.899, accuracy: 0.001)
        XCTAssertTrue(e["padding_overhead"] is NSNull)
        let reasons = try XCTUnwrap(r.json["null_reasons"] as? [String: Any])
        XCTAssertTrue((reasons["padding_overhead"] as? String ?? "").hasPrefix("continuous batching pads nothing"))

        let staticRun = try runJSON(["run", "Scenarios/chat.toml", "--set", "requests=300", "--set", "scheduler.kind=static",
                                     "--set", "scheduler.max_batch_size=16"])
        let padding = try XCTUnwrap((staticRun.json["efficiency"] as? [String: Any])?["padding_overhead"] as? Double)
        XCTAssertGreaterThan(padding, 0.05, "lognormal lengths in batches of 16 leave many slots idle")
        XCTAssertLessThan(padding, 1)

        let service = try runJSON(["run", "Scenarios/mm1.toml", "--set", "requests=100"])
        let serviceReasons = try XCTUnwrap(service.json["null_reasons"] as? [String: Any])
        XCTAssertEqual(serviceReasons["tokens_per_gb_vram"] as? String, "the service-time cost model has no hardware")
        XCTAssertEqual(serviceReasons["token_efficiency_index"] as? String, "the service-time cost model has no hardware")
    }
}
