import Foundation
import XCTest
import TestSupport
import SimServeKit

/// The held-out error table a run's report quotes: which runs it picks for a deployment, what
/// it prints, its CSV, and the line `simserve run` ends with.
final class HeldOutErrorsTests: XCTestCase {
    private func run(_ engine: String, _ gpu: String, _ tp: Int, step: Double? = 0.1, ttft: Double? = -0.2,
                     tokens: Double? = nil) -> HeldOutErrors.Run {
        HeldOutErrors.Run(engine: engine, gpu: gpu, tensorParallel: tp, stepTime: step, ttft: ttft, outputTokensPerSecond: tokens)
    }

    /// The closest group with three runs or more: the same preset, GPU and TP; else the same
    /// engine family there; else the family on that GPU at any TP; else any engine on the GPU.
    func testClosestGroupFallsBackInOrder() {
        let table = HeldOutErrors(runs: [
            run("vllm-v0", "h100-sxm", 4), run("vllm-v0", "h100-sxm", 4), run("vllm-v0", "h100-sxm", 4),
            run("vllm-v0", "h100-sxm", 8), run("vllm-v0.5", "h100-sxm", 8), run("vllm-v0", "h100-sxm", 8),
            run("sglang", "a100-80gb", 1), run("vllm-0.11", "a100-80gb", 1), run("tensorrt-llm", "a100-80gb", 2),
        ])
        XCTAssertEqual(table.closest(engine: "vllm-v0", gpu: "h100-sxm", tensorParallel: 4)?.closeness, .sameEngine)
        XCTAssertEqual(table.closest(engine: "vllm-v0", gpu: "h100-sxm", tensorParallel: 4)?.runs.count, 3)
        // Two vllm-v0 runs at TP 8 are too few alone; with 0.5's, the V0 family has three.
        XCTAssertEqual(table.closest(engine: "vllm-v0", gpu: "h100-sxm", tensorParallel: 8)?.closeness, .sameFamily)
        XCTAssertEqual(table.closest(engine: "vllm-v0.5", gpu: "h100-sxm", tensorParallel: 2)?.closeness, .sameFamilyAnyTP)
        XCTAssertEqual(table.closest(engine: "vllm-v0.5", gpu: "h100-sxm", tensorParallel: 2)?.runs.count, 6)
        XCTAssertEqual(table.closest(engine: "vllm", gpu: "a100-80gb", tensorParallel: 1)?.closeness, .sameGPU)
        XCTAssertNil(table.closest(engine: "vllm", gpu: "b200", tensorParallel: 1))
        XCTAssertEqual(HeldOutErrors.family(of: "vllm-async"), HeldOutErrors.family(of: "vllm"))
        XCTAssertNotEqual(HeldOutErrors.family(of: "vllm-v0"), HeldOutErrors.family(of: "vllm"))
    }

    /// The line gives each metric's median |error|, its median signed error and how many runs
    /// compared it, and says so
    /// when no published run on the GPU was compared.
    func testReportLineQuotesMediansAndSaysWhenNothingWasCompared() {
        let table = HeldOutErrors(runs: [
            run("sglang", "h200", 4, step: 0.10, ttft: -0.30, tokens: 0.05),
            run("sglang", "h200", 4, step: -0.20, ttft: nil, tokens: nil),
            run("sglang", "h200", 4, step: 0.40, ttft: 0.10, tokens: nil),
        ])
        let line = table.reportLine(engine: "sglang", gpu: "h200", tensorParallel: 4)
        XCTAssertEqual(line, "held out     median |error| (signed) on 3 published runs of sglang on h200 × 4 (not fitted on): "
                       + "step time 20 % (+10 %, 3), TTFT 20 % (-10 %, 2), output tok/s 5 % (+5 %, 1)\n")
        XCTAssertTrue(table.reportLine(engine: "sglang", gpu: "l40s", tensorParallel: 1)
            .contains("no published serving run of sglang or any engine on l40s compared"))
    }

    /// The line names the sources its runs come from, most runs first, three at most and the
    /// rest counted: a group of one source is one machine's runs.
    func testReportLineNamesTheSourcesOfItsRuns() {
        func sourced(_ source: String) -> HeldOutErrors.Run {
            var r = run("vllm", "h100-sxm", 1)
            r.source = source
            return r
        }
        let one = HeldOutErrors(runs: Array(repeating: sourced("gpustack_perflab"), count: 3))
        XCTAssertTrue(one.reportLine(engine: "vllm", gpu: "h100-sxm", tensorParallel: 1)
            .contains("on 3 published runs of vllm on h100-sxm × 1 (gpustack_perflab 3; not fitted on): "))
        let many = ["b", "a", "c", "a", "d", "b", "e", "a"].map(sourced)
        XCTAssertEqual(HeldOutErrors.sources(of: many), "a 3, b 2, c 1 and 2 more")
        XCTAssertEqual(HeldOutErrors.sources(of: [run("vllm", "h100-sxm", 1)]), "")
    }

    /// The CSV reads back to the same runs (errors to four decimals, the source kept); a line
    /// of another layout is refused.
    func testCSVRoundTripAndRefusal() {
        var sourced = run("vllm", "a100-40gb", 8, step: 0.0512, ttft: nil, tokens: -0.25)
        sourced.source = "lambda_vllm060"
        let table = HeldOutErrors(runs: [sourced, run("sglang", "h200", 4)])
        XCTAssertEqual(HeldOutErrors(csv: table.csv), table)
        XCTAssertTrue(table.csv.hasSuffix(",lambda_vllm060\nsglang,h200,4,0.1000,-0.2000,,\n"), table.csv)
        XCTAssertNil(HeldOutErrors(csv: "engine,gpu\nvllm,a100"))
        XCTAssertNil(HeldOutErrors(csv: table.csv + "vllm,a100-40gb,zero,0.1,,,\n"))
        XCTAssertNil(HeldOutErrors(csv: table.csv + "vllm,a100-40gb,2,nan,,,\n"))
        XCTAssertNil(HeldOutErrors(csv: table.csv + "vllm,a100-40gb,2,0.1,,\n"), "a line without its source column")
    }

    /// The shipped table holds the serving report's held-out points, every engine and GPU a
    /// preset; a deployment those points cover is quoted at its own engine, GPU and TP.
    func testShippedTableCoversThePublishedRuns() throws {
        let table = HeldOutErrors.shipped
        XCTAssertGreaterThan(table.runs.count, 300)
        XCTAssertTrue(table.runs.allSatisfy { !$0.source.isEmpty }, "every shipped run names its source")
        for engine in Set(table.runs.map(\.engine)) { XCTAssertNoThrow(try Presets.engine(named: engine, on: Presets.hardware(named: "h100-sxm"))) }
        for gpu in Set(table.runs.map(\.gpu)) { XCTAssertNoThrow(try Presets.hardware(named: gpu)) }
        XCTAssertEqual(table.closest(engine: "vllm-v0", gpu: "h100-sxm", tensorParallel: 4)?.closeness, .sameEngine)
    }

    /// A scenario file of `deployment` with a light Poisson load of short requests.
    private func scenario(deployment: String, outputTokens: String) throws -> URL {
        let url = try TestSupport.temporaryDirectory().appendingPathComponent("held-out.toml")
        try (deployment + """

            [workload]
            arrival = { kind = "poisson", rate = 2.0 }
            prompt_tokens = { kind = "uniform", min = 100, max = 300 }
            output_tokens = { kind = "uniform", \(outputTokens) }
            """).write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// `simserve run` and `simserve cost` end their tables with the line for their engine, GPU
    /// and TP; the JSON outputs are as they were.
    func testRunPrintsTheHeldOutLine() throws {
        let url = try scenario(deployment: """
            requests = 50
            model = "llama-3-70b"
            hardware = "h100-sxm"
            engine = "vllm-v0"
            [cluster]
            tp = 4
            """, outputTokens: "min = 10, max = 20")
        let table = try TestSupport.runCLI(["run", url.path, "--no-files"])
        XCTAssertEqual(table.status, 0, table.stderr)
        let expected = HeldOutErrors.shipped.reportLine(engine: "vllm-v0", gpu: "h100-sxm", tensorParallel: 4)
        XCTAssertTrue(table.stdout.hasSuffix(expected), table.stdout)
        XCTAssertTrue(expected.contains("vllm-v0 on h100-sxm × 4"), expected)
        let json = try TestSupport.runCLI(["run", url.path, "--no-files", "--json"])
        XCTAssertEqual(json.status, 0, json.stderr)
        XCTAssertFalse(json.stdout.contains("held out"))
        // `simserve cost` quotes the same runs for its step.
        let cost = try TestSupport.runCLI(["cost", "--model", "llama-3-70b", "--hardware", "h100-sxm", "--tp", "4",
                                           "--engine", "vllm-v0", "--decode", "8x500"])
        XCTAssertEqual(cost.status, 0, cost.stderr)
        XCTAssertTrue(cost.stdout.hasSuffix(expected), cost.stdout)
    }

    /// `simserve plan` ends with the line for the deployment it bisected, and `plan --search`
    /// with the line for its best candidate.
    func testPlanQuotesTheHeldOutLine() throws {
        let url = try scenario(deployment: """
            requests = 300
            warmup = "0s"
            model = "llama-2-7b"
            hardware = "a100-80gb"
            """, outputTokens: "min = 10, max = 40")
        let directory = url.deletingLastPathComponent()
        let expected = HeldOutErrors.shipped.reportLine(engine: Presets.defaultEngine, gpu: "a100-80gb", tensorParallel: 1)
        let plan = try TestSupport.runCLI(["plan", url.path, "--slo", "ttft_p99=300ms", "--replications", "1", "--tolerance", "20%"])
        XCTAssertEqual(plan.status, 0, plan.stderr)
        XCTAssertTrue(plan.stdout.hasSuffix(expected), plan.stdout)
        let search = try TestSupport.runCLI(["plan", url.path, "--rate", "2", "--slo", "ttft_p99=300ms", "--search", "cluster.replicas=1:2",
                                             "--replications", "1", "--no-headroom", "--out", directory.appendingPathComponent("s").path])
        XCTAssertEqual(search.status, 0, search.stderr)
        XCTAssertTrue(search.stdout.contains("\nbest candidate ("), search.stdout)
        XCTAssertTrue(search.stdout.hasSuffix(expected), search.stdout)
    }
}
