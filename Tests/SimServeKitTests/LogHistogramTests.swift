import XCTest
@testable import SimServeKit
import TestSupport

final class LogHistogramTests: XCTestCase {
    /// Quantiles from the histogram are within its stated relative error of the exact
    /// nearest-rank quantiles of the raw samples; count, mean, min, max are exact.
    func testQuantilesWithinStatedErrorOfExact() throws {
        for seed: UInt64 in 1...5 {
            var generator = SeededGenerator(seed: seed)
            var histogram = LogHistogram()
            var raw: [Double] = []
            for _ in 0..<20_000 {
                let value = exp(Double.random(in: log(1e-4)...log(10), using: &generator))
                let weight = Int.random(in: 1...3, using: &generator)
                histogram.add(value, weight: weight)
                raw.append(contentsOf: repeatElement(value, count: weight))
            }
            let exact = try XCTUnwrap(SampleSummary(samples: raw))
            let approx = try XCTUnwrap(SampleSummary(histogram: histogram))
            XCTAssertEqual(approx.count, exact.count, "seed \(seed)")
            XCTAssertEqual(approx.mean, exact.mean, accuracy: 1e-9 * exact.mean, "seed \(seed)")
            XCTAssertEqual(approx.min, exact.min, "seed \(seed)")
            XCTAssertEqual(approx.max, exact.max, "seed \(seed)")
            for (a, e) in [(approx.p50, exact.p50), (approx.p90, exact.p90), (approx.p95, exact.p95), (approx.p99, exact.p99)] {
                XCTAssertEqual(a, e, accuracy: e * LogHistogram.relativeError * 1.0001, "seed \(seed)")
            }
        }
    }

    func testZeroGapsAndEmptyHistogram() {
        var histogram = LogHistogram()
        XCTAssertNil(histogram.quantile(0.5))
        histogram.add(0, weight: 3)
        histogram.add(0.02, weight: 1)
        XCTAssertEqual(histogram.quantile(0.5), 0)
        XCTAssertEqual(histogram.quantile(1.0)!, 0.02, accuracy: 0.02 * LogHistogram.relativeError)
    }
}
