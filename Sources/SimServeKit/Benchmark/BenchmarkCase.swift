import Foundation

/// A named, fixed simulation used to measure simserve's own speed and memory.
///
/// The cases pin everything (scenario, seed) so that numbers taken on different days compare;
/// per-request records are not kept, as for any large run, except where a case writes them.
public struct BenchmarkCase: Sendable {
    public var name: String
    public var summary: String
    /// Scenario text; a trace path, if any, is resolved against `baseDirectory`.
    public var toml: String
    public var baseDirectory: String
    public var kind: Kind = .simulation

    /// What a case times.
    public enum Kind: Sendable, Equatable {
        /// The simulation alone (not the scenario load).
        case simulation
        /// The whole `simserve run`: the scenario load (a trace read included), the simulation,
        /// the summary and, when `writesFiles`, summary.json and requests.csv; each part's
        /// time is reported.
        case wholeRun(writesFiles: Bool)
        /// Reading the case's generated trace, in MB/s.
        case traceRead
        /// Writing the run's requests.csv, in MB/s.
        case requestCSVWrite
    }

    /// The standard cases. `traceDirectory` is where the public traces are (the project's
    /// `../shared/data/traces`); cases whose trace is missing are left out. Cases that replay
    /// the generated 100k-request trace name it `generatedTracePlaceholder` in their scenario.
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
        cases += throughputCases
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
                     output: String = #"{ kind = "lognormal", mean = 250, cv = 0.8, max = 1000 }"#,
                     maxBatchSize: Int = 256, cluster: String = "", perRequestCSV: Bool = false) -> String {
        scenario(name: "bench", top: "seed = 1\nrequests = \(requests)", workload: """
            arrival = { kind = "poisson", rate = \(rate) }
            prompt_tokens = \(prompt)
            output_tokens = \(output)
            """, maxBatchSize: maxBatchSize, cluster: cluster, perRequestCSV: perRequestCSV)
    }

    /// Llama-2-7B on one A100-80GB, without per-request records unless asked, with `workload`
    /// as the body of its [workload] table.
    static func scenario(name: String, top: String = "", workload: String, maxBatchSize: Int = 256,
                         cluster: String = "", perRequestCSV: Bool = false, output: String = "") -> String {
        """
        name = "\(name)"
        \(top)
        model = "llama-2-7b"
        hardware = "a100-80gb"
        [cluster]
        \(cluster)
        [scheduler]
        max_batch_size = \(maxBatchSize)
        max_tokens_per_iteration = 8192
        [workload]
        \(workload)
        [output]
        per_request_csv = \(perRequestCSV)
        \(output)
        """
    }

    /// What one run of a case measured.
    public struct Measurement: Sendable {
        public var wallSeconds: Double
        public var requests: Int
        public var events: Int
        public var iterations: Int
        public var simulatedSeconds: Double
        /// The case's own figures (parts of a whole run, MB/s, time per iteration).
        public var detail: String = ""

        public var eventsPerSecond: Double { Double(events) / wallSeconds }
        public var requestsPerSecond: Double { Double(requests) / wallSeconds }
    }
}
