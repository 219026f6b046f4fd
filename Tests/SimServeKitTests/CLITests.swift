import Foundation
import XCTest
import TestSupport
import SimServeKit

/// Golden end-to-end runs through the real `simserve` executable.
final class CLITests: XCTestCase {
    static let scenario = """
        name = "cli"
        seed = 5
        requests = 300
        model = "llama-2-7b"
        hardware = "a100-80gb"
        [workload]
        arrival = { kind = "poisson", rate = 5.0 }
        prompt_tokens = { kind = "lognormal", mean = 600, cv = 0.5, max = 2000 }
        output_tokens = { kind = "uniform", min = 10, max = 300 }
        [slo]
        ttft = "300ms"
        """

    private func writeScenario(_ text: String = scenario) throws -> URL {
        let directory = try TestSupport.temporaryDirectory()
        let url = directory.appendingPathComponent("cli.toml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// `simserve run` prints the table and writes summary.json and requests.csv; the same seed
    /// gives byte-identical files, another seed different ones.
    func testRunWritesByteIdenticalFilesForTheSameSeed() throws {
        let scenario = try writeScenario()
        let base = scenario.deletingLastPathComponent()
        var outputs: [Data] = []
        for (run, seed) in [("a", "5"), ("b", "5"), ("c", "6")] {
            let out = base.appendingPathComponent(run).path
            let result = try TestSupport.runCLI(["run", scenario.path, "--out", out, "--seed", seed])
            XCTAssertEqual(result.status, 0, result.stderr)
            XCTAssertTrue(result.stdout.contains("TTFT"), result.stdout)
            XCTAssertTrue(result.stdout.contains("goodput"), result.stdout)
            let json = try Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))
            let csv = try Data(contentsOf: URL(fileURLWithPath: out + "/requests.csv"))
            outputs.append(json + csv)
            let object = try JSONSerialization.jsonObject(with: json) as? [String: Any]
            XCTAssertEqual((object?["requests"] as? [String: Any])?["arrived"] as? Int, 300)
            XCTAssertEqual(String(decoding: csv, as: UTF8.self).split(separator: "\n").count, 301)
        }
        XCTAssertEqual(outputs[0], outputs[1], "same seed, different bytes")
        XCTAssertNotEqual(outputs[0], outputs[2])
    }

    /// requests.csv names each request's class and tenant; the per-tenant and per-class counts
    /// of its rows equal the summary's.
    func testRequestCSVNamesClassAndTenant() throws {
        let scenario = try writeScenario("""
            requests = 400
            model = "llama-2-7b"
            hardware = "a100-80gb"
            [workload]
            arrival = { kind = "poisson", rate = 4.0 }
            [[workload.classes]]
            name = "chat"
            share = 0.7
            prompt_tokens = { kind = "fixed", value = 200 }
            output_tokens = { kind = "fixed", value = 20 }
            [[workload.classes]]
            name = "bulk-nightly"
            share = 0.3
            prompt_tokens = { kind = "fixed", value = 800 }
            output_tokens = { kind = "fixed", value = 20 }
            [[workload.tenants]]
            name = "paid"
            share = 0.5
            tokens_per_second = 100000
            burst_tokens = 100000
            [[workload.tenants]]
            name = "free"
            share = 0.5
            tokens_per_second = 500
            burst_tokens = 2000
            """)
        let out = scenario.deletingLastPathComponent().appendingPathComponent("named").path
        let result = try TestSupport.runCLI(["run", scenario.path, "--out", out])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = String(decoding: try Data(contentsOf: URL(fileURLWithPath: out + "/requests.csv")), as: UTF8.self)
            .split(separator: "\n").map(String.init)
        XCTAssertTrue(lines[0].hasSuffix(",e2e,class,tenant"), lines[0])
        let rows = lines.dropFirst()
        XCTAssertEqual(rows.count, 400)
        let freeRejected = rows.filter { $0.contains(",rejected,rate_limited,") && $0.hasSuffix(",free") }.count
        let paidRejected = rows.filter { $0.contains(",rejected,") && $0.hasSuffix(",paid") }.count
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))) as? [String: Any])
        let tenants = try XCTUnwrap(json["tenants"] as? [[String: Any]])
        XCTAssertEqual(tenants.map { $0["rejected"] as? Int }, [paidRejected, freeRejected])
        XCTAssertGreaterThan(freeRejected, 0)
        XCTAssertEqual(paidRejected, 0)
        let bulk = rows.filter { $0.contains(",bulk-nightly,") }.count
        let chat = rows.filter { $0.contains(",chat,") }.count
        XCTAssertEqual(bulk + chat, 400)
        XCTAssertGreaterThan(bulk, 80)
        XCTAssertLessThan(bulk, 160)
    }

    /// Every summary field is present; what cannot be computed is null with a reason.
    func testSummarySchemaIsStable() throws {
        let service = """
            requests = 50
            [cost_model]
            kind = "service_time"
            service_time = { kind = "fixed", seconds = "5ms" }
            [scheduler]
            max_batch_size = 1
            [workload]
            arrival = { kind = "poisson", rate = 10.0 }
            prompt_tokens = { kind = "fixed", value = 1 }
            output_tokens = { kind = "fixed", value = 1 }
            """
        var keySets: [[String]] = []
        for text in [Self.scenario, service] {
            let result = try TestSupport.runCLI(["run", try writeScenario(text).path, "--json", "--no-files"])
            XCTAssertEqual(result.status, 0, result.stderr)
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            keySets.append(Self.paths(object).filter { !$0.hasPrefix("null_reasons.") && !$0.hasPrefix("random_streams.") })
            if text == service {
                XCTAssertTrue((object["hardware_use"] as? [String: Any])?["mfu"] is NSNull)
                let reasons = try XCTUnwrap(object["null_reasons"] as? [String: String])
                XCTAssertEqual(reasons["mfu"], "the service-time cost model has no hardware")
                XCTAssertEqual(reasons["tpot"], "no measured request produced more than one token")
            }
        }
        XCTAssertEqual(keySets[0], keySets[1])
    }

    func testBadInputGivesAClearErrorAndExitStatus2() throws {
        let cases: [(String, [String], String)] = [
            (Self.scenario + "\n[scheduler]\nmax_batch_szie = 8\n", [],
             "scheduler.max_batch_szie: unknown key; did you mean 'max_batch_size'?"),
            (Self.scenario, ["--set", "workload.arrival.rate=-5"],
             "workload.arrival.rate: must be a number of requests per second in 1e-6...1e7, got -5.0"),
            ("seed = 1\nrequests = = 3\n", [], "line 2, column"),
            (Self.scenario.replacingOccurrences(of: "llama-2-7b", with: "llama-2-70b"), [],
             "llama-2-70b in fp16 needs 138.0 GB of weights"),
        ]
        for (text, extra, expected) in cases {
            let result = try TestSupport.runCLI(["run", try writeScenario(text).path, "--no-files"] + extra)
            XCTAssertEqual(result.status, 2, "\(expected): \(result.stderr)")
            XCTAssertTrue(result.stderr.hasPrefix("error: "), result.stderr)
            XCTAssertTrue(result.stderr.contains(expected), "expected '\(expected)' in: \(result.stderr)")
            XCTAssertEqual(result.stdout, "")
        }
        let missing = try TestSupport.runCLI(["run", "/nonexistent.toml"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertEqual(missing.stderr, "error: Cannot read scenario '/nonexistent.toml': no such file.\n")
    }

    func testBundledScenariosRun() throws {
        for name in ["chat", "azure-conv-replay", "class-windows", "pipeline-parallel"] {
            let result = try TestSupport.runCLI(["run", "Scenarios/\(name).toml", "--no-files"])
            XCTAssertEqual(result.status, 0, "\(name): \(result.stderr)")
            XCTAssertTrue(result.stdout.contains("completed"), result.stdout)
        }
        let replay = try TestSupport.runCLI(["run", "Scenarios/azure-conv-replay.toml", "--json", "--no-files"])
        XCTAssertTrue(replay.stdout.contains("\"arrived\": 2000"), replay.stdout)
    }

    func testEveryBundledScenarioLoads() throws {
        let folder = TestSupport.packageRoot.appendingPathComponent("Scenarios")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".toml") }.sorted()
        XCTAssertGreaterThanOrEqual(names.count, 10)
        for name in names {
            XCTAssertNoThrow(try ScenarioLoader.load(path: folder.appendingPathComponent(name).path), name)
        }
    }

    private static func paths(_ value: Any, prefix: String = "") -> [String] {
        guard let object = value as? [String: Any] else { return [prefix] }
        return object.keys.sorted().flatMap { key in paths(object[key]!, prefix: prefix.isEmpty ? key : "\(prefix).\(key)") }
    }
}
