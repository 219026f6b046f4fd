import SimCore
import Foundation

/// A mutation fuzzer over scenarios, overrides and traces, with the properties issue 13 asks
/// of every input: the run ends with status 0, 2 or 3 (never a trap, never another status),
/// within a time bound, with no more requests than its size estimate allows, and every run
/// that succeeds keeps the conservation invariants (arrived = completed + rejected + in
/// flight; every completed request generated exactly the tokens it asked for; latencies
/// finite and ≥ 0; KV use within capacity).
///
/// In process (``check(_:)``) it is fast and covers the bulk; a trap there would stop the
/// fuzzer itself, so ``checkSpawned(_:executable:directory:timeoutSeconds:)`` runs the same
/// case through the real executable, which catches traps and hangs.
public struct ScenarioFuzzer: Sendable {
    /// The bundled scenarios: name → TOML text.
    public let scenarios: [(name: String, toml: String)]
    /// Where the scenarios' relative paths (traces) resolve.
    public let baseDirectory: String
    public let seed: UInt64
    /// Overrides applied before each case's own: small runs without per-request records, so
    /// that many cases fit in the time budget. A case may override them.
    public var baseAssignments = ["output.per_request_csv=false"]
    /// Runs larger than this are refused, as `simserve run --max-requests` would.
    public var limits = RunSizeEstimate.Limits(requests: 20_000, bytes: 1e9)
    /// Requests per base scenario (unless a case sets requests or duration).
    public var requestsPerRun = 60

    /// Reads every `*.toml` under `directory` except those replaying a trace that is not bundled.
    public init(scenarioDirectory directory: String, seed: UInt64) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".toml") }.sorted()
        scenarios = try names.map { ($0, try String(contentsOfFile: directory + "/" + $0, encoding: .utf8)) }
        baseDirectory = directory
        self.seed = seed
    }

    /// The case at `index`: a scenario, 1–4 overrides of distinct keys, sometimes a trace.
    public func makeCase(_ index: Int) -> FuzzCase {
        var random = SplitMix64(seed: seed &* 0x2545_F491_4F6C_DD1D &+ UInt64(index))
        let scenario = random.pick(scenarios)
        var assignments: [String] = []
        var keys: Set<String> = []
        func add(_ key: String, _ value: String) {
            if keys.insert(key).inserted { assignments.append("\(key)=\(value)") }
        }
        if !scenario.toml.contains("duration") && !scenario.toml.contains("stages") { add("requests", "\(requestsPerRun)") }
        for _ in 0..<(1 + random.below(4)) {
            if random.chance(0.5) {
                let (key, values) = random.pick(FuzzPool.plausible)
                add(key, random.pick(values))
                continue
            }
            switch random.below(10) {
            case 0...3: add(random.pick(FuzzPool.numberKeys), random.pick(FuzzPool.numbers))
            case 4...6: add(random.pick(FuzzPool.durationKeys), random.pick(FuzzPool.durations))
            case 7...8:
                let (key, values) = random.pick(FuzzPool.tableKeys)
                add(key, random.pick(values))
            default:
                // A plausible value: most runs should get past validation and simulate.
                add("workload.arrival.rate", random.pick(["0.5", "2.0", "8.0", "40.0", "600.0"]))
            }
        }
        var trace: (String, String)?
        if random.chance(0.15) { trace = ("fuzz-\(index).csv", Self.trace(&random)) }
        return FuzzCase(index: index, scenario: scenario.name, assignments: assignments, trace: trace)
    }

    /// A generated trace: mostly valid rows, with now and then a boundary value or a broken row.
    static func trace(_ random: inout SplitMix64) -> String {
        if random.chance(0.05) { return String(decoding: (0..<64).map { _ in UInt8(random.below(256)) }, as: UTF8.self) }
        let azure = random.chance(0.3)
        var lines = [azure ? "TIMESTAMP,ContextTokens,GeneratedTokens" : "arrived_at,num_prefill_tokens,num_decode_tokens"]
        var t = 0.0
        for _ in 0..<(1 + random.below(40)) {
            t += Double(random.below(1000)) / 1000
            var time = azure ? String(format: "2023-11-16 18:%02d:%06.3f", Int(t / 60) % 60, t.truncatingRemainder(dividingBy: 60)) : String(t)
            var prompt = String(1 + random.below(2000)), output = String(1 + random.below(300))
            var extra = ""
            if random.chance(0.08) {
                switch random.below(7) {
                case 0: time = azure ? "2090-01-01 00:00:00" : "9300000000"
                case 1: time = "-1"
                case 2: prompt = "9223372036854775807"
                case 3: output = "0"
                case 4: extra = ",1,2"
                case 5: time = "nan"
                default: prompt = "1e3"
                }
            }
            lines.append("\(time),\(prompt),\(output)\(extra)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// What one case did.
    public struct Outcome: Sendable {
        public var status: Int32
        public var seconds: Double
        /// Broken properties (empty when the case passed).
        public var violations: [String]
    }

    /// Runs `fuzzCase` in this process, as `simserve run --no-files` would, and checks the
    /// properties. Traces go to `directory`.
    public func check(_ fuzzCase: FuzzCase, directory: String) -> Outcome {
        let started = Date()
        var overrides = ScenarioLoader.Overrides(assignments: baseAssignments + fuzzCase.assignments)
        if let trace = fuzzCase.trace {
            let path = directory + "/" + trace.name
            try? Data(trace.text.utf8).write(to: URL(fileURLWithPath: path))
            overrides.tracePath = path
        }
        let toml = scenarios.first { $0.name == fuzzCase.scenario }!.toml
        let scenario: Scenario
        do {
            scenario = try ScenarioLoader.load(toml: toml, source: fuzzCase.scenario, baseDirectory: baseDirectory,
                                               overrides: overrides)
        } catch {
            return Outcome(status: 2, seconds: Date().timeIntervalSince(started), violations: Self.messageViolations(error.description))
        }
        let estimate = RunSizeEstimate(scenario.serving)
        if estimate.refusal(limits) != nil {
            return Outcome(status: 2, seconds: Date().timeIntervalSince(started), violations: [])
        }
        let result = ScenarioRunner.run(scenario)
        var violations = Self.invariantViolations(result, estimate: estimate)
        let status: Int32 = scenario.assertions.allSatisfy { $0.evaluate(result.summary).passed } ? 0 : 3
        if status == 3, scenario.assertions.isEmpty { violations.append("status 3 without assertions") }
        return Outcome(status: status, seconds: Date().timeIntervalSince(started), violations: violations)
    }

    /// A message must name something: a key path, a file, an option.
    static func messageViolations(_ message: String) -> [String] {
        message.isEmpty ? ["an empty error message"] : []
    }

    /// The conservation invariants of a finished run, and the size estimate's bound.
    public static func invariantViolations(_ result: RunResult, estimate: RunSizeEstimate) -> [String] {
        let s = result.summary
        var problems: [String] = []
        if s.arrived != s.completed + s.rejected + s.inFlight {
            problems.append("arrived \(s.arrived) ≠ completed \(s.completed) + rejected \(s.rejected) + in flight \(s.inFlight)")
        }
        if s.rejected != s.rejectedByReason.values.reduce(0, +) { problems.append("rejections by reason do not add up") }
        if Double(s.arrived) > estimate.requests * 1.5 + 100 {
            problems.append("\(s.arrived) requests arrived; the size estimate said \(estimate.requests)")
        }
        if !(s.kvUtilizationPeak >= 0 && s.kvUtilizationPeak <= 1 + 1e-9) { problems.append("KV peak \(s.kvUtilizationPeak) outside [0, 1]") }
        for (name, d) in [("ttft", s.ttft), ("tpot", s.tpot), ("e2e", s.e2e), ("queue_delay", s.queueDelay), ("itl", s.itl)] {
            guard let d else { continue }
            if !(d.min >= -1e-9 && d.max.isFinite && d.min <= d.p50 + 1e-12 && d.p50 <= d.p99 + 1e-12 && d.p99 <= d.max + 1e-12) {
                problems.append("\(name) summary out of order or negative: min \(d.min) p50 \(d.p50) p99 \(d.p99) max \(d.max)")
            }
        }
        for record in result.records where record.outcome == .completed && record.generatedTokens != record.outputTokens {
            problems.append("request \(record.index) completed with \(record.generatedTokens) of \(record.outputTokens) tokens")
            break
        }
        if s.measurementWindowSeconds != nil, s.saturation == nil { problems.append("a load window without a saturation state") }
        return problems
    }
}
