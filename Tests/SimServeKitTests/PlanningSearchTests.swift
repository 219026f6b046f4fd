import Foundation
import XCTest
import SimServeKit
import TestSupport

/// `simserve plan --search`: the cheapest deployment meeting the SLOs at a target rate.
final class PlanningSearchTests: XCTestCase {
    // MARK: Pareto set

    func testParetoSetKeepsNonDominatedPointsAndTies() {
        let points: [[Double]] = [[1, 5], [2, 2], [3, 3], [2, 2], [5, 1], [2, 6], [5, 1.5]]
        // [3,3] is dominated by [2,2]; [2,6] by [1,5] and [2,2]; [5,1.5] by [5,1]. Ties stay.
        XCTAssertEqual(ParetoFront.indices(of: points), [0, 1, 3, 4])
        XCTAssertTrue(ParetoFront.dominates([1, 1], [1, 2]))
        XCTAssertFalse(ParetoFront.dominates([1, 2], [1, 2]), "equal points do not dominate each other")
        XCTAssertFalse(ParetoFront.dominates([0, 3], [1, 2]))
        XCTAssertEqual(ParetoFront.indices(of: []), [])
        XCTAssertEqual(ParetoFront.indices(of: [[4, 4, 4]]), [0])
        // One criterion: the minimum (and its ties) only.
        XCTAssertEqual(ParetoFront.indices(of: [[3], [1], [2], [1]]), [1, 3])
    }

    /// Randomised: no point of the set is dominated, every point outside it is.
    func testParetoSetMatchesItsDefinitionOnRandomPoints() {
        for seed in UInt64(1)...20 {
            var generator = SeededGenerator(seed: seed)
            let points = (0..<30).map { _ in (0..<3).map { _ in Double(Int.random(in: 0..<6, using: &generator)) } }
            let front = Set(ParetoFront.indices(of: points))
            for i in points.indices {
                let dominated = points.indices.contains { ParetoFront.dominates(points[$0], points[i]) }
                XCTAssertEqual(front.contains(i), !dominated, "seed \(seed), point \(i)")
            }
        }
    }

    func testSearchSpaceSeparatesTheReplicaAxis() throws {
        let space = try SearchSpace([SweepParameter(parsing: "hardware=a100-80gb,h100-sxm"),
                                     SweepParameter(parsing: "cluster.replicas=4,1:3,2")])
        XCTAssertEqual(space.replicas, [1, 2, 3, 4])
        XCTAssertEqual(space.grid.count, 2)
        func message(_ axes: [String]) -> String? {
            do { _ = try SearchSpace(axes.map { try SweepParameter(parsing: $0) }); return nil } catch { return "\(error)" }
        }
        XCTAssertEqual(message(["workload.arrival.rate=1,2"]), "--search: the arrival rate is the target (--rate), not a deployment choice")
        XCTAssertEqual(message(["cluster.replicas=two"]),
                       "--search: cluster.replicas: 'two' is not a replica count; expected positive integers such as 1:8 or 1,2,4")
        XCTAssertNil(message(["cluster.tp=1,2"]))
    }

    // MARK: Replica bisection against Erlang C

    /// M/M/c with a central queue, μ = 100/s, λ = 350/s: Erlang C gives the mean wait
    /// W_q = C(c, a)/(cμ − λ) with a = 3.5 — 14.8 ms for c = 4, 2.52 ms for 5, 0.71 ms for 6,
    /// 0.22 ms for 7. Under W_q ≤ 1.3 ms the fewest servers is 6; c ≤ 3 is unstable.
    static func mmc() -> ScenarioTemplate {
        ScenarioTemplate(toml: TestSupport.queueingScenario(rate: 100, service: .exponential(meanSeconds: 0.01),
                                                            requests: 4000, servers: 2),
                         baseAssignments: ["warmup=1s"])
    }

    func testFewestReplicasIsTheErlangCAnswerFoundByBisection() throws {
        let search = DeploymentSearch(
            template: Self.mmc(), space: try SearchSpace([SweepParameter(parsing: "cluster.replicas=1:10")]),
            targetRate: 350, conditions: [try MetricCondition(parsing: "queue_delay_mean=1.3ms")],
            objective: try SearchCriterion.named("cost", option: "--objective"),
            paretoCriteria: [try SearchCriterion.named("cost", option: "--pareto")], replications: 3)
        let result = try search.run(jobs: ParallelMap.availableCores)
        print(result.rendered())
        let best = try XCTUnwrap(result.best)
        XCTAssertEqual(best.replicas, 6)
        XCTAssertEqual(best.gpus, 6)
        XCTAssertEqual(best.label, "cluster.replicas=6")
        // Bisection over 10 counts: the largest, then at most ⌈log₂ 10⌉ more.
        XCTAssertLessThanOrEqual(result.candidates.count, 5)
        XCTAssertTrue(result.candidates.contains { $0.replicas == 5 && !$0.meetsSLOs }, "the answer is bracketed from below")
        // Monotone: every candidate run with fewer than 6 replicas misses, every one with more meets.
        for c in result.candidates {
            XCTAssertEqual(c.meetsSLOs, c.replicas >= 6, "\(c.label): \(c.status)")
        }
        let wait = try XCTUnwrap(best.figures["queue_delay_mean"])
        XCTAssertEqual(wait.mean, 0.00071, accuracy: 0.0003)
        // The same answer on one thread, byte for byte.
        let again = try search.run(jobs: 1)
        XCTAssertEqual(again.csv, result.csv)
    }

    /// A latency objective is not satisfied by the fewest replicas: it runs the larger counts
    /// too and prefers the most (lowest wait).
    func testLatencyObjectiveRunsLargerReplicaCountsAndPrefersThem() throws {
        let search = DeploymentSearch(
            template: Self.mmc(), space: try SearchSpace([SweepParameter(parsing: "cluster.replicas=4:8")]),
            targetRate: 350, conditions: [try MetricCondition(parsing: "queue_delay_mean=3ms")],
            objective: try SearchCriterion.named("queue_delay_mean", option: "--objective"),
            paretoCriteria: [try SearchCriterion.named("cost", option: "--pareto"),
                             try SearchCriterion.named("queue_delay_mean", option: "--pareto")],
            replications: 2)
        let result = try search.run(jobs: ParallelMap.availableCores)
        XCTAssertEqual(result.best?.replicas, 8)
        // Five servers wait 2.52 ms on average (Erlang C), too close to 3 ms for both
        // replications to hold: a candidate must meet the SLO at each.
        XCTAssertEqual(Set(result.candidates.filter(\.meetsSLOs).map(\.replicas)), [6, 7, 8])
        // Cost against wait: every count meeting the SLO trades one for the other.
        XCTAssertEqual(Set(result.paretoSet.map(\.replicas)), [6, 7, 8])
    }

    /// Equal cost: the Pareto criteria break the tie (two servers fed by round robin wait
    /// longer than two pulling from one queue).
    func testTiesInCostGoToTheBetterParetoCriteria() throws {
        let search = DeploymentSearch(
            template: Self.mmc(), space: try SearchSpace([SweepParameter(parsing: "cluster.router=round_robin,central_queue")]),
            targetRate: 140, conditions: [try MetricCondition(parsing: "queue_delay_mean=50ms")],
            objective: SearchCriterion.cost,
            paretoCriteria: [SearchCriterion.cost, try SearchCriterion.named("queue_delay_mean", option: "--pareto")],
            replications: 1)
        let result = try search.run(jobs: 1)
        XCTAssertEqual(result.candidates.map(\.label), ["cluster.router=central_queue", "cluster.router=round_robin"])
        XCTAssertEqual(result.inParetoSet, [true, false])
    }

    // MARK: Real deployments

    static let chat = """
        name = "search"
        seed = 3
        requests = 150
        model = "llama-2-7b"
        hardware = "a100-80gb"
        [workload]
        arrival = { kind = "poisson", rate = 2.0 }
        prompt_tokens = { kind = "fixed", value = 256 }
        output_tokens = { kind = "fixed", value = 32 }
        [output]
        per_request_csv = false
        [assert]
        ttft_p99 = "< 10s"
        """

    /// Cost prefers the cheaper A100, latency the faster H100: the objective picks the winner.
    func testObjectiveChangesTheWinner() throws {
        let template = ScenarioTemplate(toml: Self.chat)
        let space = try SearchSpace([SweepParameter(parsing: "hardware=a100-80gb,h100-sxm")])
        let slos = try ScenarioLoader.load(toml: Self.chat, source: "search.toml").assertions
        func best(_ objective: String) throws -> String? {
            let search = DeploymentSearch(template: template, space: space, targetRate: 2, conditions: slos,
                                          objective: try SearchCriterion.named(objective, option: "--objective"),
                                          paretoCriteria: [try SearchCriterion.named("cost", option: "--pareto"),
                                                           try SearchCriterion.named("latency", option: "--pareto")],
                                          replications: 1)
            let result = try search.run(jobs: 2)
            XCTAssertEqual(result.paretoSet.count, 2, "cheaper or faster: both are on the front")
            return result.best?.hardware
        }
        XCTAssertEqual(try best("cost"), "a100-80gb")
        XCTAssertEqual(try best("latency"), "h100-sxm")
    }

    /// A 70B model does not fit one 80 GB GPU: that candidate is listed with the reason, the
    /// search goes on, and TP = 2 wins. The memory cap removes what holds too much memory.
    func testDeploymentsThatDoNotFitAreListedNotFatal() throws {
        let template = ScenarioTemplate(toml: Self.chat.replacingOccurrences(of: "llama-2-7b", with: "llama-2-70b"))
        let space = try SearchSpace([SweepParameter(parsing: "cluster.tp=1,2"), SweepParameter(parsing: "cluster.replicas=1,2")])
        let slos = [try MetricCondition(parsing: "ttft_p99=10s")]
        let cost = try SearchCriterion.named("cost", option: "--objective")
        let result = try DeploymentSearch(template: template, space: space, targetRate: 1, conditions: slos, objective: cost,
                                          paretoCriteria: [cost], replications: 1).run(jobs: 2)
        let unfit = try XCTUnwrap(result.candidates.first { $0.status.code == "does_not_fit" })
        XCTAssertEqual(unfit.settings.first?.value, "1")
        XCTAssertTrue(unfit.status.reason.contains("cluster.tp"), unfit.status.reason)
        XCTAssertEqual(result.best?.label, "cluster.tp=2 cluster.replicas=1")
        XCTAssertTrue(result.csv.contains("does_not_fit"))

        let capped = try DeploymentSearch(template: template, space: space, targetRate: 1, conditions: slos, objective: cost,
                                          paretoCriteria: [cost], replications: 1, memoryCapGB: 100).run(jobs: 2)
        XCTAssertNil(capped.best)
        XCTAssertEqual(capped.candidates.map(\.status.code).sorted(), ["does_not_fit", "over_memory_cap"])
    }

    // MARK: CLI

    func testPlanSearchCommandPrintsARankedTableAndWritesFiles() throws {
        let directory = try TestSupport.temporaryDirectory()
        let url = directory.appendingPathComponent("mmc.toml")
        try TestSupport.queueingScenario(rate: 350, service: .exponential(meanSeconds: 0.01), requests: 1500, servers: 2)
            .appending("\n[search]\ncluster.replicas = \"3:8\"\n")
            .write(to: url, atomically: true, encoding: .utf8)
        let out = directory.appendingPathComponent("search").path
        let (status, stdout, stderr) = try TestSupport.runCLI(
            ["plan", url.path, "--slo", "queue_delay_mean=1.3ms", "--set", "warmup=1s", "--replications", "2",
             "--out", out, "--no-headroom"])
        XCTAssertEqual(status, 0, stderr)
        XCTAssertTrue(stdout.contains("deployment search at 350 req/s"), stdout)
        XCTAssertTrue(stdout.contains("best: cluster.replicas=6"), stdout)
        let csv = try String(contentsOfFile: out + "/search.csv", encoding: .utf8)
        XCTAssertTrue(csv.hasPrefix("rank,pareto,status,reason,cluster.replicas,gpus,"), csv)
        XCTAssertTrue(FileManager.default.fileExists(atPath: out + "/search.json"))

        // A Pareto ranking as JSON: no SLO is met below 3 replicas here, so a search of 1…2 exits 1.
        let json = try TestSupport.runCLI(["plan", url.path, "--slo", "queue_delay_mean=1.3ms", "--set", "warmup=1s",
                                           "--objective", "pareto", "--pareto", "cost,queue_delay_mean", "--json",
                                           "--replications", "1", "--out", out])
        XCTAssertEqual(json.status, 0, json.stderr)
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        XCTAssertEqual(object["objective"] as? String, "pareto")
        let rows = try XCTUnwrap(object["candidates"] as? [[String: Any]])
        XCTAssertEqual(rows.first?["pareto"] as? Bool, true)
        XCTAssertEqual(rows.first?["cluster.replicas"] as? Int, 6)
        let none = try TestSupport.runCLI(["plan", url.path, "--slo", "queue_delay_mean=1.3ms", "--search", "cluster.replicas=1:2",
                                           "--replications", "1", "--out", out, "--no-headroom"])
        XCTAssertEqual(none.status, 1)
        XCTAssertTrue(none.stdout.contains("no candidate meets the SLOs"), none.stdout)
        // Without a replica axis every candidate keeps the scenario's replicas, and the message says so.
        let unsearched = directory.appendingPathComponent("mmc-fixed.toml")
        try TestSupport.queueingScenario(rate: 350, service: .exponential(meanSeconds: 0.01), requests: 1500, servers: 2)
            .write(to: unsearched, atomically: true, encoding: .utf8)
        let fixed = try TestSupport.runCLI(["plan", unsearched.path, "--slo", "queue_delay_mean=1.3ms", "--search",
                                            "cluster.router=central_queue,round_robin", "--replications", "1", "--out", out,
                                            "--no-headroom"])
        XCTAssertEqual(fixed.status, 1, fixed.stderr)
        XCTAssertTrue(fixed.stdout.contains("replicas were not searched — add --search cluster.replicas=1:N"), fixed.stdout)
        XCTAssertFalse(none.stdout.contains("replicas were not searched"), none.stdout)

        let bad = try TestSupport.runCLI(["plan", url.path, "--slo", "queue_delay_mean=1ms", "--search", "cluster.replicas=0,2",
                                          "--out", out])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("--search: cluster.replicas: '0' is not a replica count"), bad.stderr)
        let typo = try TestSupport.runCLI(["plan", url.path, "--slo", "queue_delay_mean=1ms", "--search", "cluster.routr=central_queue",
                                           "--out", out])
        XCTAssertEqual(typo.status, 2)
        XCTAssertTrue(typo.stderr.contains("setting 0 (cluster.routr=central_queue)"), typo.stderr)
        XCTAssertTrue(typo.stderr.contains("cluster.routr: unknown key; did you mean 'router'?"), typo.stderr)
        let cap = try TestSupport.runCLI(["plan", url.path, "--slo", "queue_delay_mean=1ms", "--memory-cap", "lots", "--out", out])
        XCTAssertEqual(cap.status, 2)
        XCTAssertTrue(cap.stderr.contains("--memory-cap: 'lots' is not a memory size; expected e.g. 320GB or 1.5TB"), cap.stderr)
        let objective = try TestSupport.runCLI(["plan", url.path, "--slo", "queue_delay_mean=1ms", "--objective", "cots", "--out", out])
        XCTAssertEqual(objective.status, 2)
        XCTAssertTrue(objective.stderr.contains("--objective: 'cots' is not a criterion; did you mean 'cost'?"), objective.stderr)
    }
}
