import Foundation

/// A named, fixed simulation used to measure simserve's own speed and memory.
///
/// The cases pin everything (scenario, seed) so that numbers taken on different days compare;
/// per-request records are not kept, as for any large run.
public struct BenchmarkCase: Sendable {
    public var name: String
    public var summary: String
    /// Scenario text; a trace path, if any, is resolved against `baseDirectory`.
    public var toml: String
    public var baseDirectory: String

    /// The standard cases. `traceDirectory` is where the public traces are (the project's
    /// `../shared/data/traces`); cases whose trace is missing are left out.
    public static func standard(traceDirectory: String) -> [BenchmarkCase] {
        var cases = [
            BenchmarkCase(
                name: "vidur-100k",
                summary: "100k requests, 1024-token prompts, 256 output tokens, Poisson 3 req/s, Llama-2-7B on 1×A100 (Vidur's reference run)",
                toml: chat(requests: 100_000, rate: 3, prompt: #"{ kind = "fixed", value = 1024 }"#,
                           output: #"{ kind = "fixed", value = 256 }"#),
                baseDirectory: "."),
            BenchmarkCase(
                name: "chat-100k",
                summary: "100k chat requests (prompt lognormal mean 1000, output lognormal mean 250), Poisson 3 req/s, Llama-2-7B on 1×A100",
                toml: chat(requests: 100_000, rate: 3), baseDirectory: "."),
            BenchmarkCase(
                name: "chat-1m",
                summary: "1M chat requests (prompt lognormal mean 1000, output lognormal mean 250), Poisson 3 req/s, Llama-2-7B on 1×A100",
                toml: chat(requests: 1_000_000, rate: 3), baseDirectory: "."),
        ]
        for (name, file, label) in [("azure-conv-trace", "AzureLLMInferenceTrace_conv.csv", "conversation"),
                                    ("azure-code-trace", "AzureLLMInferenceTrace_code.csv", "code")] {
            let path = traceDirectory + "/" + file
            guard FileManager.default.fileExists(atPath: path) else { continue }
            cases.append(BenchmarkCase(
                name: name,
                summary: "replay of the whole Azure LLM inference trace 2023 (\(label)), Llama-2-7B on 1×A100",
                toml: scenario(name: name, workload: "trace = \"\(path)\""),
                baseDirectory: "."))
        }
        return cases
    }

    static func chat(requests: Int, rate: Double,
                     prompt: String = #"{ kind = "lognormal", mean = 1000, cv = 0.8, max = 3072 }"#,
                     output: String = #"{ kind = "lognormal", mean = 250, cv = 0.8, max = 1000 }"#) -> String {
        scenario(name: "bench", top: "seed = 1\nrequests = \(requests)", workload: """
            arrival = { kind = "poisson", rate = \(rate) }
            prompt_tokens = \(prompt)
            output_tokens = \(output)
            """)
    }

    /// Llama-2-7B on one A100-80GB, without per-request records, with `workload` as the
    /// body of its [workload] table.
    static func scenario(name: String, top: String = "", workload: String) -> String {
        """
        name = "\(name)"
        \(top)
        model = "llama-2-7b"
        hardware = "a100-80gb"
        [scheduler]
        max_batch_size = 256
        max_tokens_per_iteration = 8192
        [workload]
        \(workload)
        [output]
        per_request_csv = false
        """
    }

    /// What one run of a case measured.
    public struct Measurement: Sendable {
        public var wallSeconds: Double
        public var requests: Int
        public var events: Int
        public var iterations: Int
        public var simulatedSeconds: Double

        public var eventsPerSecond: Double { Double(events) / wallSeconds }
        public var requestsPerSecond: Double { Double(requests) / wallSeconds }
    }

    /// Loads and runs the case once, timing the simulation only (not the scenario load).
    public func run() throws(ScenarioLoadError) -> Measurement {
        let scenario = try ScenarioLoader.load(toml: toml, source: name, baseDirectory: baseDirectory)
        let clock = ContinuousClock()
        var result: RunResult?
        let elapsed = clock.measure { result = ServingSimulation(configuration: scenario.serving).run() }
        let r = result!
        return Measurement(
            wallSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
            requests: r.summary.arrived, events: r.events, iterations: r.summary.iterations,
            simulatedSeconds: r.summary.simulatedSeconds)
    }
}
