import Foundation
import XCTest
@testable import SimPlanning
import SimServeKit
import TestSupport

/// Strong and weak scaling efficiency columns of a sweep over the GPU count.
final class SweepScalingTests: XCTestCase {
    private func row(_ index: Int, gpus: Int, tokens: Double?, status: String = "ok") -> (index: Int, csv: String, json: String) {
        let r = SweepRow(index: index, columns: [("point", .int(index)), ("status", .string(status)), ("gpus", .int(gpus)),
                                                 ("throughput.output_tokens_per_second", .number(tokens))])
        return (index, r.csvLine, r.jsonLine)
    }

    /// tp ∈ {1, 2} × rate ∈ {10, 20}: strong efficiency compares equal rates, weak efficiency
    /// equal rates per GPU, both on throughput per GPU against the best of the compared rows;
    /// rows without a partner get null.
    func testEfficienciesFollowTheirDefinitions() throws {
        let parameters = [SweepManifest.Parameter(key: "cluster.tp", values: ["1", "2"]),
                          SweepManifest.Parameter(key: "workload.arrival.rate", values: ["10", "20"])]
        // 10/s: 1 GPU serves 100 tok/s, 2 serve 100 (nothing gained); 20/s: 1 GPU is overloaded
        // at 150 tok/s, 2 serve 200.
        let rows = [row(0, gpus: 1, tokens: 100), row(1, gpus: 1, tokens: 150), row(2, gpus: 2, tokens: 100), row(3, gpus: 2, tokens: 200)]
        let (header, out) = SweepScaling.appended(header: "point,status,gpus,tokens", rows: rows, parameters: parameters)
        XCTAssertEqual(header, "point,status,gpus,tokens,scaling.strong_efficiency,scaling.weak_efficiency")
        func values(_ k: Int) throws -> (Double?, Double?) {
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out[k].json.utf8)) as? [String: Any])
            return (object["scaling.strong_efficiency"] as? Double, object["scaling.weak_efficiency"] as? Double)
        }
        XCTAssertEqual(try values(0).0, 1)
        XCTAssertEqual(try values(2).0!, 0.5, accuracy: 1e-12)            // twice the GPUs, the same tokens
        XCTAssertEqual(try values(3).0!, (200.0 / 150) / 2, accuracy: 1e-12)
        XCTAssertEqual(try values(0).1, 1)
        XCTAssertEqual(try values(3).1!, 1, accuracy: 1e-12)              // 20/s on 2 GPUs vs 10/s on 1
        XCTAssertNil(try values(1).1)                                    // 20/s per GPU: no partner
        XCTAssertNil(try values(2).1)                                    // 5/s per GPU: no partner
        XCTAssertTrue(out[1].csv.hasSuffix(",1,"), out[1].csv)
    }

    /// Superlinear rows (more GPUs, more tokens per GPU) do not give E > 1: the best row per
    /// GPU is the reference.
    func testEfficiencyIsAtMostOneByConstruction() throws {
        let parameters = [SweepManifest.Parameter(key: "cluster.replicas", values: ["1", "2", "4"])]
        let (_, out) = SweepScaling.appended(header: "h", rows: [row(0, gpus: 1, tokens: 100), row(1, gpus: 2, tokens: 260),
                                                                 row(2, gpus: 4, tokens: 300)], parameters: parameters)
        let strong = try out.map { try XCTUnwrap((JSONSerialization.jsonObject(with: Data($0.json.utf8)) as? [String: Any])?["scaling.strong_efficiency"] as? Double) }
        XCTAssertEqual(strong[1], 1)
        XCTAssertEqual(strong[0], 100 / 130, accuracy: 1e-12)
        XCTAssertEqual(strong[2], 75 / 130, accuracy: 1e-12)
    }

    /// Closed form through the CLI: replicas with a fixed 10 ms service time (μ = 100/s each)
    /// fed round-robin serve min(λ, nμ), so at λ = 150/s strong efficiency is
    /// min(λ, nμ) / (n · min(λ, μ)): 1, 0.75 and 0.375 for 1, 2 and 4 replicas; at a rate in
    /// proportion to the replicas (80/s each) weak efficiency is 1, and so is it at 150/s each
    /// (every replica saturated, none interacting).
    func testClosedFormForReplicasWithAFixedServiceTime() throws {
        let dir = try TestSupport.temporaryDirectory()
        let url = dir.appendingPathComponent("md.toml")
        try TestSupport.queueingScenario(rate: 80, service: .fixed(seconds: 0.01), requests: 6000)
            .replacingOccurrences(of: "requests = 6000", with: "duration = \"40s\"\nwarmup = \"5s\"")
            .write(to: url, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("s").path
        let r = try TestSupport.runCLI(["sweep", url.path, "--set", "cluster.replicas=1,2,4",
                                        "--set", "workload.arrival.rate=80,150,160,320,600", "--out", out])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = try String(contentsOfFile: out + "/sweep.jsonl", encoding: .utf8).split(separator: "\n")
        var strong: [String: Double] = [:], weak: [String: Double] = [:]
        for line in lines {
            let o = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let key = "\(o["cluster.replicas"]!)@\(o["workload.arrival.rate"]!)"
            if let e = o["scaling.strong_efficiency"] as? Double { strong[key] = e; XCTAssertLessThanOrEqual(e, 1) }
            if let e = o["scaling.weak_efficiency"] as? Double { weak[key] = e; XCTAssertLessThanOrEqual(e, 1) }
        }
        print("strong:", strong.sorted { $0.key < $1.key }, "weak:", weak.sorted { $0.key < $1.key })
        let mu = 100.0
        for n in [1, 2, 4] {
            let exact = min(150, Double(n) * mu) / (Double(n) * min(150, mu))
            XCTAssertEqual(try XCTUnwrap(strong["\(n)@150"]), exact, accuracy: 0.03 * exact, "strong, \(n) replicas")
        }
        // 80/s per replica: 1@80, 2@160, 4@320; 150/s per replica: 1@150, 4@600.
        for key in ["1@80", "2@160", "4@320", "1@150", "4@600"] {
            XCTAssertEqual(try XCTUnwrap(weak[key]), 1, accuracy: 0.03, "weak, \(key)")
        }
    }

    func testPointsThatDidNotRunAndSweepsWithoutAGPUAxisGetNone() throws {
        let gpuAxis = [SweepManifest.Parameter(key: "cluster.replicas", values: ["1", "2"])]
        let (_, out) = SweepScaling.appended(header: "h", rows: [row(0, gpus: 1, tokens: nil, status: "does_not_fit: x"),
                                                                 row(1, gpus: 2, tokens: 1.0)], parameters: gpuAxis)
        XCTAssertTrue(out[0].csv.hasSuffix(",,"), out[0].csv)
        XCTAssertTrue(out[1].json.hasSuffix(#""scaling.strong_efficiency":null,"scaling.weak_efficiency":null}"#), out[1].json)
        let rateOnly = [SweepManifest.Parameter(key: "workload.arrival.rate", values: ["1", "2"])]
        let rows = [row(0, gpus: 1, tokens: 1), row(1, gpus: 1, tokens: 2)]
        let (header, same) = SweepScaling.appended(header: "h", rows: rows, parameters: rateOnly)
        XCTAssertEqual(header, "h")
        XCTAssertEqual(same.map(\.json), rows.map(\.json))
    }
}
