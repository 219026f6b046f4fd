import Foundation
import XCTest
@testable import SimServeKit

/// Strong and weak scaling efficiency columns of a sweep over the GPU count.
final class SweepScalingTests: XCTestCase {
    private func row(_ index: Int, gpus: Int, e2e: Double?, status: String = "ok") -> (index: Int, csv: String, json: String) {
        let r = SweepRow(index: index, columns: [("point", .int(index)), ("status", .string(status)), ("gpus", .int(gpus)),
                                                 ("latency_seconds.e2e.mean", .number(e2e))])
        return (index, r.csvLine, r.jsonLine)
    }

    /// tp ∈ {1, 2} × rate ∈ {10, 20}: strong efficiency compares equal rates, weak efficiency
    /// equal rates per GPU; rows without a partner get null.
    func testEfficienciesFollowTheirDefinitions() throws {
        let parameters = [SweepManifest.Parameter(key: "cluster.tp", values: ["1", "2"]),
                          SweepManifest.Parameter(key: "workload.arrival.rate", values: ["10", "20"])]
        let rows = [row(0, gpus: 1, e2e: 1.0), row(1, gpus: 1, e2e: 2.0), row(2, gpus: 2, e2e: 0.6), row(3, gpus: 2, e2e: 1.25)]
        let (header, out) = SweepScaling.appended(header: "point,status,gpus,e2e", rows: rows, parameters: parameters)
        XCTAssertEqual(header, "point,status,gpus,e2e,scaling.strong_efficiency,scaling.weak_efficiency")
        func values(_ k: Int) throws -> (Double?, Double?) {
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(out[k].json.utf8)) as? [String: Any])
            return (object["scaling.strong_efficiency"] as? Double, object["scaling.weak_efficiency"] as? Double)
        }
        XCTAssertEqual(try values(0).0, 1)
        XCTAssertEqual(try values(2).0!, (1.0 / 0.6) / 2, accuracy: 1e-12)
        XCTAssertEqual(try values(3).0!, (2.0 / 1.25) / 2, accuracy: 1e-12)
        XCTAssertEqual(try values(0).1, 1)
        XCTAssertEqual(try values(3).1!, 1.0 / 1.25, accuracy: 1e-12)   // 20/s on 2 GPUs vs 10/s on 1
        XCTAssertNil(try values(1).1)                                    // 20/s per GPU: no partner
        XCTAssertNil(try values(2).1)                                    // 5/s per GPU: no partner
        XCTAssertTrue(out[1].csv.hasSuffix(",1,"), out[1].csv)
    }

    func testPointsThatDidNotRunAndSweepsWithoutAGPUAxisGetNone() throws {
        let gpuAxis = [SweepManifest.Parameter(key: "cluster.replicas", values: ["1", "2"])]
        let (_, out) = SweepScaling.appended(header: "h", rows: [row(0, gpus: 1, e2e: nil, status: "does_not_fit: x"),
                                                                 row(1, gpus: 2, e2e: 1.0)], parameters: gpuAxis)
        XCTAssertTrue(out[0].csv.hasSuffix(",,"), out[0].csv)
        XCTAssertTrue(out[1].json.hasSuffix(#""scaling.strong_efficiency":null,"scaling.weak_efficiency":null}"#), out[1].json)
        let rateOnly = [SweepManifest.Parameter(key: "workload.arrival.rate", values: ["1", "2"])]
        let rows = [row(0, gpus: 1, e2e: 1), row(1, gpus: 1, e2e: 2)]
        let (header, same) = SweepScaling.appended(header: "h", rows: rows, parameters: rateOnly)
        XCTAssertEqual(header, "h")
        XCTAssertEqual(same.map(\.json), rows.map(\.json))
    }
}
