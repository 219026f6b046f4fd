import SimCore

/// Runs the simulator in its degenerate mode (one request per batch, one output token, service
/// time drawn per request) and compares the mean wait in queue with queueing theory.
///
/// Each case runs `replications` independent replications (seeds 1…R) of `requests` requests;
/// the estimate is the mean of the replication means and its 95% confidence interval comes from
/// their spread (Student t), so the error bar is honest about the strong correlation of
/// successive waits.
public enum QueueingValidation {
    public struct Case: Sendable {
        public var name: String
        public var rate: Double
        public var service: ServiceTimeDistribution
        public var servers: Int

        public init(name: String, rate: Double, service: ServiceTimeDistribution, servers: Int = 1) {
            self.name = name
            self.rate = rate
            self.service = service
            self.servers = servers
        }

        /// Mean wait in queue from theory: Pollaczek–Khinchine for one server, Erlang C for
        /// several with exponential service (nil otherwise).
        public var theory: Double? {
            if servers == 1 {
                return QueueingTheory.mg1MeanWait(arrivalRate: rate, meanService: service.meanSeconds,
                                                  serviceSecondMoment: service.secondMomentSeconds2)
            }
            guard case .exponential(let mean) = service else { return nil }
            return QueueingTheory.mmcMeanWait(arrivalRate: rate, serviceRate: 1 / mean, servers: servers)
        }

        var serviceTOML: String {
            switch service {
            case .fixed(let s): #"{ kind = "fixed", seconds = \#(s) }"#
            case .exponential(let m): #"{ kind = "exponential", mean = \#(m) }"#
            case .uniform(let a, let b): #"{ kind = "uniform", min = \#(a), max = \#(b) }"#
            case .gamma(let m, let cv): #"{ kind = "gamma", mean = \#(m), cv = \#(cv) }"#
            case .lognormal(let m, let cv): #"{ kind = "lognormal", mean = \#(m), cv = \#(cv) }"#
            }
        }

        /// The scenario of this case: `requests` requests at `seed`, one request per batch and
        /// one output token; per-request records kept only when asked.
        public func scenario(requests: Int, seed: Int, keepRecords: Bool = false) -> String {
            """
            name = "\(name)"
            seed = \(seed)
            requests = \(requests)
            [cost_model]
            kind = "service_time"
            service_time = \(serviceTOML)
            [cluster]
            replicas = \(servers)
            router = "\(servers > 1 ? "central_queue" : "round_robin")"
            [scheduler]
            max_batch_size = 1
            [workload]
            arrival = { kind = "poisson", rate = \(rate) }
            prompt_tokens = { kind = "fixed", value = 1 }
            output_tokens = { kind = "fixed", value = 1 }
            [output]
            per_request_csv = \(keepRecords)
            """
        }
    }

    /// M/M/1 and M/D/1 at ρ = 0.5 and 0.9, M/G/1 with Gamma service of CV 2 at ρ = 0.7, and
    /// M/M/4 at ρ = 0.8 (four replicas pulling from a central queue), all with a 10 ms mean
    /// service time.
    public static let standardCases: [Case] = [
        Case(name: "M/M/1 ρ=0.5", rate: 50, service: .exponential(meanSeconds: 0.01), servers: 1),
        Case(name: "M/M/1 ρ=0.9", rate: 90, service: .exponential(meanSeconds: 0.01), servers: 1),
        Case(name: "M/D/1 ρ=0.5", rate: 50, service: .fixed(seconds: 0.01), servers: 1),
        Case(name: "M/D/1 ρ=0.9", rate: 90, service: .fixed(seconds: 0.01), servers: 1),
        Case(name: "M/G/1 ρ=0.7 (Gamma CV 2)", rate: 70, service: .gamma(meanSeconds: 0.01, cv: 2), servers: 1),
        Case(name: "M/M/4 ρ=0.8 (central queue)", rate: 320, service: .exponential(meanSeconds: 0.01), servers: 4),
    ]

    public struct Row: Sendable {
        public var name: String
        public var requests: Int
        public var theorySeconds: Double
        public var simulatedSeconds: Double
        /// Standard error of `simulatedSeconds` (spread of the replication means).
        public var standardErrorSeconds: Double
        public var replications: Int
        public var relativeError: Double { simulatedSeconds / theorySeconds - 1 }

        /// Half-width of the two-sided confidence interval at `level` (Student t).
        public func halfWidthSeconds(level: Double = 0.95) -> Double {
            StatisticalFunctions.studentTQuantile(0.5 + level / 2, degreesOfFreedom: Double(replications - 1))
                * standardErrorSeconds
        }

        /// Whether theory lies inside the confidence interval at `level`.
        public func contains(theoryAt level: Double = 0.95) -> Bool {
            abs(simulatedSeconds - theorySeconds) <= halfWidthSeconds(level: level)
        }
    }

    /// Runs one case.
    public static func run(_ c: Case, requestsPerReplication: Int, replications: Int) throws(ScenarioLoadError) -> Row {
        precondition(replications >= 2, "a confidence interval needs at least 2 replications")
        var means: [Double] = []
        for seed in 1...replications {
            let scenario = try ScenarioLoader.load(toml: c.scenario(requests: requestsPerReplication, seed: seed),
                                                   source: c.name)
            let summary = ServingSimulation(configuration: scenario.serving).run().summary
            means.append(summary.queueDelay?.mean ?? .nan)
        }
        let n = Double(replications)
        let mean = means.reduce(0, +) / n
        let variance = means.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        return Row(name: c.name, requests: requestsPerReplication * replications, theorySeconds: c.theory ?? .nan,
                   simulatedSeconds: mean, standardErrorSeconds: (variance / n).squareRoot(),
                   replications: replications)
    }

    /// A markdown table of rows.
    public static func markdown(_ rows: [Row]) -> String {
        var lines = [
            "| case | requests | theory W_q (ms) | simulated W_q (ms) | 95% CI (ms) | error | theory inside CI |",
            "|---|---:|---:|---:|---:|---:|:---:|",
        ]
        for r in rows {
            lines.append("| \(r.name) | \(r.requests) | \(fixed(r.theorySeconds * 1000, 4)) | "
                + "\(fixed(r.simulatedSeconds * 1000, 4)) | ±\(fixed(r.halfWidthSeconds() * 1000, 4)) | "
                + "\(fixed(r.relativeError * 100, 2))% | \(r.contains() ? "yes" : "no") |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func fixed(_ x: Double, _ digits: Int) -> String { TextTable.fmt(x, digits) }
}

