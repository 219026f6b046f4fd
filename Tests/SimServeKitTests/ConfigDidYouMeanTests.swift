import XCTest
@testable import SimServeKit

final class ConfigDidYouMeanTests: XCTestCase {
    func testSuggestsTheClosestCandidate() {
        let keys = ["max_batch_size", "max_tokens", "policy"]
        XCTAssertEqual(DidYouMean.suggestion(for: "max_batch_szie", among: keys), "max_batch_size")
        XCTAssertEqual(DidYouMean.suggestion(for: "max_batchsize", among: keys), "max_batch_size")
        XCTAssertEqual(DidYouMean.suggestion(for: "polcy", among: keys), "policy")
        XCTAssertEqual(DidYouMean.suggestion(for: "Policy", among: keys), "policy")
    }

    func testSuggestsNothingWhenNothingIsClose() {
        XCTAssertNil(DidYouMean.suggestion(for: "colour", among: ["max_batch_size", "policy"]))
        XCTAssertNil(DidYouMean.suggestion(for: "x", among: ["y"]))
        XCTAssertNil(DidYouMean.suggestion(for: "seed", among: []))
        XCTAssertNil(DidYouMean.suggestion(for: "seed", among: ["seed"]))
    }

    func testTiesGoToTheEarlierCandidate() {
        XCTAssertEqual(DidYouMean.suggestion(for: "rate", among: ["rates", "gate"]), "rates")
        XCTAssertEqual(DidYouMean.suggestion(for: "rate", among: ["gate", "rates"]), "gate")
    }

    func testEditDistanceCountsASwapAsOneEdit() {
        XCTAssertEqual(DidYouMean.editDistance("kitten", "sitting"), 3)
        XCTAssertEqual(DidYouMean.editDistance("szie", "size"), 1)
        XCTAssertEqual(DidYouMean.editDistance("", "abc"), 3)
        XCTAssertEqual(DidYouMean.editDistance("same", "same"), 0)
    }

    func testNotOneOfMessage() {
        XCTAssertEqual(DidYouMean.message(for: "poison", notAmong: ["poisson", "gamma"]),
                       "'poison' is not one of 'poisson', 'gamma'; did you mean 'poisson'?")
        XCTAssertEqual(DidYouMean.message(for: "weibull", notAmong: ["poisson", "gamma"]),
                       "'weibull' is not one of 'poisson', 'gamma'")
    }
}
