import XCTest
@testable import SimCore

final class RandomStreamTests: XCTestCase {
    /// Golden draws: the first values GSL 2.7's mt19937 gives at a fixed seed. A change here
    /// means the algorithm behind the draws changed.
    func testGoldenDrawsMatchGSL() {
        let exp = RandomStream(name: "golden", rawSeed: 42)
        XCTAssertEqual(exp.exponential(mean: 2), 0.9385361654436789, accuracy: 1e-15)
        XCTAssertEqual(exp.exponential(mean: 2), 3.1846010419674329, accuracy: 1e-15)
        XCTAssertEqual(exp.exponential(mean: 2), 6.0202430709246286, accuracy: 1e-15)
        let logn = RandomStream(name: "golden", rawSeed: 42)
        XCTAssertEqual(logn.lognormal(mu: 1, sigma: 0.5), 2.0991193873536687, accuracy: 1e-14)
        XCTAssertEqual(logn.lognormal(mu: 1, sigma: 0.5), 3.8987902260758882, accuracy: 1e-14)
        XCTAssertEqual(logn.lognormal(mu: 1, sigma: 0.5), 6.1050020416795938, accuracy: 1e-14)
        let gamma = RandomStream(name: "golden", rawSeed: 42)
        XCTAssertEqual(gamma.gamma(shape: 2, scale: 3), 2.4701847409955415, accuracy: 1e-14)
        XCTAssertEqual(gamma.gamma(shape: 2, scale: 3), 0.68843679494116394, accuracy: 1e-14)
        XCTAssertEqual(gamma.gamma(shape: 2, scale: 3), 0.9407399576806974, accuracy: 1e-14)
    }

    func testSameSeedAndNameGiveTheSameStream() {
        let a = RandomStream(seed: 7, name: "workload.arrivals")
        let b = RandomStream(seed: 7, name: "workload.arrivals")
        for _ in 0..<100 { XCTAssertEqual(a.uniform(), b.uniform()) }
    }

    /// Streams are independent by name: adding a component never shifts another's draws.
    func testStreamsDifferByNameSeedAndReplication() {
        let seeds: Set<UInt32> = [
            StreamSeed.derive(seed: 1, name: "a"), StreamSeed.derive(seed: 1, name: "b"),
            StreamSeed.derive(seed: 2, name: "a"), StreamSeed.derive(seed: 1, replication: 1, name: "a"),
        ]
        XCTAssertEqual(seeds.count, 4)
        let streams = RandomStreams(seed: 3)
        let first = streams.stream("x").uniform()
        _ = streams.stream("y").uniform()
        let again = RandomStreams(seed: 3)
        _ = again.stream("y")
        XCTAssertEqual(again.stream("x").uniform(), first)
        XCTAssertEqual(streams.seedMap.map(\.name), ["x", "y"])
    }

    /// Statistical check (separate from the golden one): sample mean and variance of the
    /// exponential and gamma draws within 5 standard errors of theory.
    func testMomentsMatchTheory() {
        let stream = RandomStream(seed: 11, name: "moments")
        let n = 200_000
        func moments(_ draw: () -> Double) -> (Double, Double) {
            var sum = 0.0, sum2 = 0.0
            for _ in 0..<n { let x = draw(); sum += x; sum2 += x * x }
            let mean = sum / Double(n)
            return (mean, sum2 / Double(n) - mean * mean)
        }
        let (em, ev) = moments { stream.exponential(mean: 2) }
        XCTAssertEqual(em, 2, accuracy: 5 * 2 / Double(n).squareRoot())
        XCTAssertEqual(ev, 4, accuracy: 0.1)
        let (gm, gv) = moments { stream.gamma(shape: 0.25, scale: 4) }  // mean 1, variance 4
        XCTAssertEqual(gm, 1, accuracy: 5 * 2 / Double(n).squareRoot())
        XCTAssertEqual(gv, 4, accuracy: 0.3)
        let counts = (0..<n).reduce(into: [0, 0, 0]) { c, _ in c[stream.uniformInt(below: 3)] += 1 }
        for c in counts { XCTAssertEqual(Double(c) / Double(n), 1.0 / 3, accuracy: 0.01) }
    }

    func testDiscreteDistributionRejectsBadWeightsWithAGSLError() {
        XCTAssertThrowsError(try DiscreteDistribution(weights: [0, 0])) { error in
            XCTAssertTrue("\(error)".contains("gsl_ran_discrete_preproc"), "\(error)")
        }
        let table = try! DiscreteDistribution(weights: [0, 1, 0])
        let stream = RandomStream(seed: 1, name: "d")
        for _ in 0..<50 { XCTAssertEqual(stream.discrete(table), 1) }
    }
}
