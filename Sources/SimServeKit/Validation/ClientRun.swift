import SimMetrics
import SimServing

/// A validation point's simulated run as its benchmark client reports it: simserve's summary,
/// with the TTFT, TPOT and E2E of every measured request (completed, arrived after the
/// warm-up: the requests the summary's own figures count) summarised as the clients read
/// percentiles, NumPy's linear interpolation (``PercentileDefinition/linear``) — the
/// definition of vLLM's and SGLang's `bench_serving` and of AccelMark's load generator, every
/// source of a measured median or tail in the suite. A median of 10 requests is then the mean
/// of the 5th and 6th, as published, not the 5th.
struct ClientRun {
    let summary: RunSummary
    let ttft: SampleSummary?
    let tpot: SampleSummary?
    let e2e: SampleSummary?

    /// `result` must keep its records (the run's `keep_request_records`).
    init(_ result: RunResult) {
        summary = result.summary
        let measured = result.records.filter { $0.outcome == .completed && $0.arrival >= result.summary.warmupSeconds }
        func client(_ samples: [Double]) -> SampleSummary? { SampleSummary(samples: samples, percentiles: .linear) }
        ttft = client(measured.compactMap(\.ttft))
        tpot = client(measured.compactMap(\.tpot))
        e2e = client(measured.compactMap(\.e2e))
    }
}
