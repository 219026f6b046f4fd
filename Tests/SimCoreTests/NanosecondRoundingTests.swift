import Foundation
import SimCore
import XCTest

/// Seconds become integer nanoseconds rounded half away from zero, as `Double.rounded()` does,
/// whichever way `Int64(saturatingNanoseconds:)` computes it.
final class NanosecondRoundingTests: XCTestCase {
    /// What the conversion must give: libm's rounding of the scaled value, saturated.
    private func reference(_ seconds: Double) -> Int64 {
        let nanoseconds = (seconds * 1e9).rounded()
        if nanoseconds >= 9.223372036854775e18 { return .max }
        if nanoseconds <= -9.223372036854775e18 { return .min }
        return Int64(nanoseconds)
    }

    func testHalvesRoundAwayFromZeroAndLessStaysBelow() {
        // Scaled values (ns) where adding a half and truncating goes wrong if done naively:
        // exact halves, the double just below a half, halves at the powers of two where the
        // spacing of doubles is a half or one, and the fast path's upper edge.
        let scaled: [Double] = [
            0, 0.5, 0.49999999999999994, 1.5, 2.5, 0.5.nextUp, 0.5.nextDown, 1, 1.nextDown,
            4_503_599_627_370_495.5, 2_251_799_813_685_247.5, 2_251_799_813_685_248.5,
            4_503_599_627_370_496, 4_503_599_627_370_496.nextDown, 4_503_599_627_370_497, 9_007_199_254_740_993,
            123_456_789.5, 123_456_789.49999998,
        ]
        for ns in scaled {
            let seconds = ns / 1e9
            XCTAssertEqual(Int64(saturatingNanoseconds: seconds), reference(seconds), "\(ns) ns")
        }
        XCTAssertEqual(Int64(saturatingNanoseconds: 2.5e-9), 3)
        XCTAssertEqual(Int64(saturatingNanoseconds: 0.49999999999999994e-9), 0)
        XCTAssertEqual(SimDuration(seconds: 1.5e-9).nanoseconds, 2)
    }

    func testEveryScaleRoundsAsLibm() {
        // Durations from a picosecond to a century, and their negatives (times before zero in
        // the CSV writers): the same integer as `rounded()`, bit for bit.
        var generator = SplitMix64(seed: 2026_12_07)  // the same durations on every run
        for _ in 0..<200_000 {
            let exponent = Double.random(in: -12...9.5, using: &generator)
            var seconds = pow(10, exponent)
            if Bool.random(using: &generator) { seconds = (seconds * 1e9).rounded(.down) / 1e9 + 0.5e-9 }
            XCTAssertEqual(Int64(saturatingNanoseconds: seconds), reference(seconds), "\(seconds) s")
            XCTAssertEqual(Int64(saturatingNanoseconds: -seconds), reference(-seconds), "\(-seconds) s")
        }
    }

    func testBeyondInt64Saturates() {
        XCTAssertEqual(Int64(saturatingNanoseconds: .infinity), .max)
        XCTAssertEqual(Int64(saturatingNanoseconds: 1e300), .max)
        XCTAssertEqual(Int64(saturatingNanoseconds: -.infinity), .min)
        XCTAssertEqual(SimDuration(seconds: .infinity).nanoseconds, .max)
    }
}

