import XCTest
import SimServeKit
import TestSupport

/// Closed-loop clients: N users, each sending its next request a think time after the last.
final class ClosedLoopTests: XCTestCase {
    static let clients = """
        seed = 8
        requests = 1500
        model = "llama-2-7b"
        hardware = "a100-80gb"
        [workload]
        clients = { users = 24, think_time = { kind = "exponential", mean = "3s" } }
        prompt_tokens = { kind = "lognormal", mean = 600, cv = 0.5, max = 2000 }
        output_tokens = { kind = "lognormal", mean = 150, cv = 0.5, max = 500 }
        """

    /// The interactive response time law, N = X·(R + Z): throughput times (mean response +
    /// mean think time) gives back the number of users; and never more than N requests are in
    /// the system at once.
    func testInteractiveResponseTimeLaw() throws {
        let (_, result) = try TestSupport.run(Self.clients)
        let s = result.summary
        XCTAssertEqual(s.completed, 1500)
        let records = result.records.sorted { $0.arrival < $1.arrival }
        let span = records.last!.lastToken! - records.first!.arrival
        let throughput = Double(records.count) / span
        let users = throughput * (s.e2e!.mean + 3.0)
        XCTAssertEqual(users, 24, accuracy: 24 * 0.06, "N = X(R+Z) gives \(users)")
        var events: [(Double, Int)] = records.flatMap { [($0.arrival, 1), ($0.lastToken!, -1)] }
        events.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        var inSystem = 0, peak = 0
        for (_, delta) in events { inSystem += delta; peak = max(peak, inSystem) }
        XCTAssertLessThanOrEqual(peak, 24)
    }

    /// More users, more load: response time grows with the population (at fixed think time).
    func testMoreUsersMoreLatency() throws {
        let (_, few) = try TestSupport.run(Self.clients, overrides: ["workload.clients.users=4"])
        let (_, many) = try TestSupport.run(Self.clients, overrides: ["workload.clients.users=200"])
        XCTAssertGreaterThan(many.summary.ttft!.p90, few.summary.ttft!.p90)
        XCTAssertGreaterThan(many.summary.meanBatchSize!, few.summary.meanBatchSize!)
    }

    func testClientsAndArrivalAreExclusive() throws {
        let error = try XCTUnwrap(TestSupport.loadError(Self.clients + "\narrival = { kind = \"poisson\", rate = 1.0 }\n", overrides: ["workload.clients.users=0"]))
        XCTAssertTrue(error.contains("workload.clients: give either workload.arrival or workload.clients, not both"), error)
        XCTAssertTrue(error.contains("workload.clients.users: must be in 1...1000000, got 0"), error)
    }
}
