/// The cases of issue 15: a whole `simserve run` on a 100k-request trace, 1M and 10M chat
/// requests as whole runs, the per-iteration cost against the batch cap and the number of
/// replicas, and the trace reader's and requests.csv writer's rates.
extension BenchmarkCase {
    /// Stands for the generated trace's path in a case's scenario (``GeneratedTrace``).
    public static let generatedTracePlaceholder = "@generated-trace-100k@"

    /// `simserve run Scenarios/chat.toml`'s settings, with `workload` as its [workload] body.
    static func chatScenario(top: String = "", workload: String, perRequestCSV: Bool, directory: String = "") -> String {
        """
        name = "chat"
        seed = 42
        \(top)
        warmup = "30s"
        model = "llama-2-7b"
        hardware = "a100-80gb"
        [scheduler]
        max_batch_size = 128
        max_tokens_per_iteration = 4096
        batching_window = "0ms"
        block_size = 16
        gpu_memory_utilization = 0.9
        [workload]
        \(workload)
        [slo]
        ttft = "500ms"
        tpot = "50ms"
        [output]
        per_request_csv = \(perRequestCSV)
        dir = "\(directory)"
        """
    }

    static var throughputCases: [BenchmarkCase] {
        let trace = "trace = \"\(generatedTracePlaceholder)\""
        let chatLengths = """
            prompt_tokens = { kind = "lognormal", mean = 1000, cv = 0.8, max = 3072 }
            output_tokens = { kind = "lognormal", mean = 250, cv = 0.8, max = 1024 }
            """
        var cases = [
            BenchmarkCase(
                name: "trace-100k-run",
                summary: "whole `simserve run` of Scenarios/chat.toml on a 100k-request trace (1024/256 tokens, Poisson 3 req/s): load, simulate, write summary.json and requests.csv",
                toml: chatScenario(workload: trace, perRequestCSV: true), baseDirectory: ".",
                kind: .wholeRun(writesFiles: true)),
        ]
        for (name, requests) in [("chat-1m-run", 1_000_000), ("chat-10m-run", 10_000_000)] {
            cases.append(BenchmarkCase(
                name: name,
                summary: "whole `simserve run --no-files` of Scenarios/chat.toml with \(requests / 1_000_000)M requests at 3 req/s",
                toml: chatScenario(top: "requests = \(requests)",
                                   workload: "arrival = { kind = \"poisson\", rate = 3.0 }\n" + chatLengths, perRequestCSV: false),
                baseDirectory: ".", kind: .wholeRun(writesFiles: false)))
        }
        // The same KV-bound load (chat at 8 req/s: about 90 sequences fit the KV cache) under
        // two batch caps: the time per iteration should not follow the cap.
        for cap in [128, 1024] {
            cases.append(BenchmarkCase(
                name: "batch-cap-\(cap)",
                summary: "20k chat requests at 8 req/s (KV-bound batch), max_batch_size = \(cap): time per iteration",
                toml: chat(requests: 20_000, rate: 8, maxBatchSize: cap), baseDirectory: "."))
        }
        // The same load per replica (3 req/s each) on 1, 64 and 512 replicas, least-outstanding-
        // tokens routing: the time per iteration should not follow the replica count.
        for replicas in [1, 64, 512] {
            cases.append(BenchmarkCase(
                name: "replicas-\(replicas)",
                summary: "2k chat requests per replica at 3 req/s per replica on \(replicas) replica(s), least_outstanding_tokens: time per iteration",
                toml: chat(requests: 2_000 * replicas, rate: 3 * Double(replicas),
                           cluster: "replicas = \(replicas)\nrouter = \"least_outstanding_tokens\""),
                baseDirectory: "."))
        }
        cases.append(BenchmarkCase(
            name: "trace-read", summary: "reading the generated 100k-request trace (CSV): MB/s",
            toml: "", baseDirectory: ".", kind: .traceRead))
        cases.append(BenchmarkCase(
            name: "csv-write", summary: "writing requests.csv of the 100k-request trace run: MB/s",
            toml: chatScenario(workload: trace, perRequestCSV: true), baseDirectory: ".", kind: .requestCSVWrite))
        return cases
    }
}
