import XCTest
import SimServeKit

/// The simulator in its degenerate mode against closed-form queueing theory, at the scale
/// where a 1% bias shows (minutes in a debug build: `make validation`, not `make test`; the
/// fast suite checks the same cases at a tenth of the scale in
/// `QueueingTheoryTests.testMeanWaitsAtSmallScale`).
final class QueueingValidationTests: XCTestCase {
    /// M/M/1 and M/D/1 at ρ = 0.5 through `QueueingValidation` (10 independent replications;
    /// the standard error comes from their spread): the runs are long enough that the standard
    /// error is under 0.4% (a 1% bias would stand 2.5 standard errors out), and theory lies
    /// inside the 99% confidence interval. ρ = 0.9 needs tens of millions of requests: see
    /// `simserve validate queueing` (release build) and VALIDATION.md.
    func testMM1AndMD1MeanWaitAtHalfLoad() throws {
        for (c, requests) in [(QueueingValidation.standardCases[0], 160_000), (QueueingValidation.standardCases[2], 130_000)] {
            let row = try QueueingValidation.run(c, requestsPerReplication: requests, replications: 10)
            XCTAssertLessThan(row.standardErrorSeconds / row.theorySeconds, 0.004, "\(c.name): too few requests to see a 1% bias")
            XCTAssertTrue(row.contains(theoryAt: 0.99),
                          "\(c.name): simulated \(row.simulatedSeconds) s, theory \(row.theorySeconds) s, SE \(row.standardErrorSeconds)")
            XCTAssertEqual(row.relativeError, 0, accuracy: 0.02, c.name)
        }
    }

    /// M/G/1 with Gamma service (CV 2) and M/M/4 with a central queue (Erlang C): theory
    /// inside the 99% confidence interval of 10 replications.
    func testMG1AndMMcMeanWait() throws {
        for (c, requests) in [(QueueingValidation.standardCases[4], 40_000), (QueueingValidation.standardCases[5], 30_000)] {
            let row = try QueueingValidation.run(c, requestsPerReplication: requests, replications: 10)
            XCTAssertTrue(row.contains(theoryAt: 0.99),
                          "\(c.name): simulated \(row.simulatedSeconds) s, theory \(row.theorySeconds) s, SE \(row.standardErrorSeconds)")
            XCTAssertLessThan(row.standardErrorSeconds / row.theorySeconds, 0.03, c.name)
        }
    }
}
