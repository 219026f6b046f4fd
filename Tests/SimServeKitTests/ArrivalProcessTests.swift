import XCTest
import SimCore
import SimServeKit
import TestSupport

/// Each arrival process generates the rate and dispersion it promises.
final class ArrivalProcessTests: XCTestCase {
    private func arrivals(_ process: ArrivalProcess, count: Int, seed: UInt64 = 1) -> [Double] {
        let workload = Workload.synthetic(SyntheticWorkload(
            arrival: process, promptTokens: .fixed(value: 1), outputTokens: .fixed(value: 1), limit: .requests(count)))
        var generator = RequestGenerator(workload: workload, streams: RandomStreams(seed: seed))
        var times: [Double] = []
        while let r = generator.next() { times.append(r.arrival.seconds) }
        return times
    }

    private func gapStatistics(_ times: [Double]) -> (mean: Double, cv: Double) {
        let gaps = zip(times.dropFirst(), times).map { $0 - $1 }
        let mean = gaps.reduce(0, +) / Double(gaps.count)
        let variance = gaps.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(gaps.count - 1)
        return (mean, variance.squareRoot() / mean)
    }

    /// Index of dispersion of counts in windows of `window` seconds: Var(N)/E[N].
    private func indexOfDispersion(_ times: [Double], window: Double) -> Double {
        var counts = Array(repeating: 0.0, count: Int(times.last! / window))
        for t in times { let i = Int(t / window); if i < counts.count { counts[i] += 1 } }
        let mean = counts.reduce(0, +) / Double(counts.count)
        let variance = counts.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(counts.count - 1)
        return variance / mean
    }

    func testPoissonHasTheRateAndUnitCV() {
        for seed: UInt64 in 1...3 {
            let (mean, cv) = gapStatistics(arrivals(.poisson(ratePerSecond: 20), count: 100_000, seed: seed))
            XCTAssertEqual(mean, 0.05, accuracy: 0.05 * 0.015, "seed \(seed)")
            XCTAssertEqual(cv, 1, accuracy: 0.02, "seed \(seed)")
        }
    }

    func testGammaHasTheRateAndTargetCV() {
        for (cv, seed) in [(0.5, UInt64(1)), (2.0, 2), (4.0, 3)] {
            let (mean, measured) = gapStatistics(arrivals(.gamma(ratePerSecond: 10, cv: cv), count: 200_000, seed: seed))
            XCTAssertEqual(mean, 0.1, accuracy: 0.1 * 0.03, "cv \(cv), seed \(seed)")
            XCTAssertEqual(measured, cv, accuracy: cv * 0.05, "cv \(cv), seed \(seed)")
        }
    }

    /// An on/off MMPP: mean rate Σλᵢmᵢ/Σmᵢ, and counts overdispersed as theory says:
    /// IDC(∞) = 1 + 2r₁r₂(λ₁ − λ₂)² / ((r₁ + r₂)²(λ₁r₂ + λ₂r₁)), rᵢ = 1/mᵢ (Fischer & Meier-Hellstern 1993).
    func testMMPPHasTheMeanRateAndOverdispersion() {
        let states = [ArrivalProcess.ModulatingState(ratePerSecond: 50, meanSojournSeconds: 2),
                      ArrivalProcess.ModulatingState(ratePerSecond: 5, meanSojournSeconds: 8)]
        let process = ArrivalProcess.mmpp(states: states)
        XCTAssertEqual(process.meanRatePerSecond, (50 * 2 + 5 * 8) / 10.0, accuracy: 1e-12)
        let times = arrivals(process, count: 600_000)
        XCTAssertEqual(Double(times.count) / times.last!, process.meanRatePerSecond, accuracy: 0.03 * process.meanRatePerSecond)
        let (r1, r2, l1, l2) = (1 / 2.0, 1 / 8.0, 50.0, 5.0)
        let theory = 1 + 2 * r1 * r2 * (l1 - l2) * (l1 - l2) / ((r1 + r2) * (r1 + r2) * (l1 * r2 + l2 * r1))
        let measured = indexOfDispersion(times, window: 200)
        XCTAssertEqual(measured, theory, accuracy: 0.2 * theory, "IDC \(measured) vs theory \(theory)")
        XCTAssertGreaterThan(measured, 10)
        XCTAssertEqual(indexOfDispersion(arrivals(.poisson(ratePerSecond: 14), count: 300_000), window: 200), 1, accuracy: 0.25)
    }

    func testPiecewiseRateFollowsItsSegments() {
        let process = ArrivalProcess.piecewise(segments: [
            .init(startSeconds: 0, ratePerSecond: 10), .init(startSeconds: 100, ratePerSecond: 0),
            .init(startSeconds: 150, ratePerSecond: 40),
        ])
        let times = arrivals(process, count: 5_000)
        let first = times.filter { $0 < 100 }.count
        XCTAssertEqual(Double(first), 1000, accuracy: 4 * 1000.0.squareRoot())
        XCTAssertEqual(times.filter { $0 >= 100 && $0 < 150 }.count, 0)
        let late = times.filter { $0 >= 150 && $0 < 200 }.count
        XCTAssertEqual(Double(late), 2000, accuracy: 4 * 2000.0.squareRoot())
    }

    func testScenarioKindsAndTheirErrors() throws {
        let base = """
            requests = 50
            model = "llama-2-7b"
            hardware = "a100-80gb"
            [workload]
            prompt_tokens = { kind = "fixed", value = 100 }
            output_tokens = { kind = "fixed", value = 10 }

            """
        let mmpp = base + #"arrival = { kind = "mmpp", states = [{ rate = 20.0, mean_sojourn = "5s" }, { rate = 0.0, mean_sojourn = "10s" }] }"#
        let (_, result) = try TestSupport.run(mmpp)
        XCTAssertEqual(result.summary.completed, 50)
        let piecewise = base + #"arrival = { kind = "piecewise", segments = [{ start = "0s", rate = 5.0 }, { start = "10s", rate = 50.0 }] }"#
        XCTAssertEqual(try TestSupport.run(piecewise).1.summary.completed, 50)
        let bad = base + #"arrival = { kind = "piecewise", segments = [{ start = "5s", rate = 5.0 }, { start = "1s", rate = -1.0 }] }"#
        let error = try XCTUnwrap(TestSupport.loadError(bad))
        XCTAssertTrue(error.contains("workload.arrival.segments[0].start: must be 0, got 5.0 s"), error)
        XCTAssertTrue(error.contains("workload.arrival.segments[1].rate: must be 0 or a number of requests per second in 1e-6...1e7, got -1.0"), error)
        XCTAssertTrue(error.contains("workload.arrival.segments[1].start: must be after the previous segment's start (5.0 s), got 1.0 s"), error)
        let typo = try XCTUnwrap(TestSupport.loadError(base + #"arrival = { kind = "mmpp", states = [{ rate = 1.0, mean_sojurn = "1s" }] }"#))
        XCTAssertTrue(typo.contains("did you mean 'mean_sojourn'?"), typo)
    }
}

/// Length distributions beyond the closed forms: Zipf, empirical (explicit or from a trace's
/// column), and trace time scaling.
final class LengthDistributionTests: XCTestCase {
    func testZipfAndEmpiricalFrequencies() {
        let stream = RandomStream(seed: 4, name: "lengths")
        let zipf = LengthDistribution.zipf(exponent: 1.0, min: 10, max: 13)
        var counts: [Int: Int] = [:]
        for _ in 0..<100_000 { counts[zipf.draw(from: stream), default: 0] += 1 }
        let norm = 1 + 1 / 2.0 + 1 / 3.0 + 1 / 4.0
        for (k, value) in [10, 11, 12, 13].enumerated() {
            XCTAssertEqual(Double(counts[value] ?? 0) / 100_000, 1 / Double(k + 1) / norm, accuracy: 0.01, "value \(value)")
        }
        let empirical = LengthDistribution.empirical(values: [100, 2000], weights: [3, 1])
        let draws = (0..<40_000).map { _ in empirical.draw(from: stream) }
        XCTAssertEqual(Double(draws.filter { $0 == 2000 }.count) / 40_000, 0.25, accuracy: 0.01)
        XCTAssertEqual(Set(draws), [100, 2000])
    }

    func testEmpiricalFromATraceColumnAndRateScale() throws {
        let directory = try TestSupport.temporaryDirectory()
        let trace = directory.appendingPathComponent("t.csv").path
        try "arrived_at,num_prefill_tokens,num_decode_tokens\n0,100,7\n1,100,7\n2,300,9\n4,300,9\n"
            .write(toFile: trace, atomically: true, encoding: .utf8)
        let synthetic = """
            requests = 300
            model = "llama-2-7b"
            hardware = "a100-80gb"
            [workload]
            arrival = { kind = "poisson", rate = 50.0 }
            prompt_tokens = { kind = "empirical", trace = "\(trace)" }
            output_tokens = { kind = "zipf", exponent = 1.5, min = 2, max = 40 }
            """
        let (_, result) = try TestSupport.run(synthetic)
        XCTAssertEqual(Set(result.records.map(\.promptTokens)), [100, 300])
        XCTAssertTrue(result.records.allSatisfy { (2...40).contains($0.outputTokens) })
        let replay = "model = \"llama-2-7b\"\nhardware = \"a100-80gb\"\n[workload]\ntrace = \"\(trace)\"\nrate_scale = 4.0\n"
        XCTAssertEqual(try TestSupport.run(replay).1.records.map(\.arrival), [0, 0.25, 0.5, 1])
        let misplaced = try XCTUnwrap(TestSupport.loadError(synthetic + "\nrate_scale = 2.0\n"))
        XCTAssertTrue(misplaced.contains("workload.rate_scale: only used with workload.trace"), misplaced)
    }
}
