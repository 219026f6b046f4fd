import SimMetrics
import SimServing
import SimSupport

extension SummaryJSON {
    /// The summary of a disaggregated run: `disaggregation` (each pool's size, busy fraction,
    /// MFU, KV use, energy and cost; the KV transfers; where the handed-off requests' time went)
    /// placed before `null_reasons`. Colocated runs have no such key.
    static func disaggregated(_ body: JSONValue, _ d: DisaggregationSummary,
                              dist: (SampleSummary?) -> JSONValue) -> JSONValue {
        guard case .object(var fields) = body else { return body }
        func pool(_ p: DisaggregationSummary.Pool) -> JSONValue {
            .object([
                ("replicas", .int(p.replicas)), ("tensor_parallel", .int(p.gpusPerReplica)), ("gpus", .int(p.gpus)),
                ("hardware", p.hardware.map { .string($0) } ?? .null), ("iterations", .int(p.iterations)),
                ("busy_fraction", .number(p.busyFraction)), ("mfu", .number(p.mfu)),
                ("kv_utilization_mean", .number(p.kvUtilizationMean)),
                ("energy_joules", .number(p.energyJoules)), ("cost_usd", .number(p.costUSD)),
            ])
        }
        let section: JSONValue = .object([
            ("prefill_pool", pool(d.prefill)),
            ("decode_pool", pool(d.decode)),
            ("prefill_to_decode_gpus", .number(d.decode.gpus > 0 ? Double(d.prefill.gpus) / Double(d.decode.gpus) : nil)),
            ("kv_transfer", .object([
                ("link", .string(d.link)), ("mode", .string(d.transferMode)), ("transfers", .int(d.transfers)),
                ("bytes", .number(d.transferBytes)),
                ("bytes_per_transfer", .number(d.transfers > 0 ? d.transferBytes / Double(d.transfers) : nil)),
                ("link_utilisation", .number(d.linkUtilisation)),
                ("time_after_prefill_seconds", dist(d.transfer)),
            ])),
            ("ttft_breakdown_seconds", .object([
                ("prefill_queue", dist(d.prefillQueue)), ("prefill", dist(d.prefillCompute)),
            ])),
            ("decode_admission_wait_seconds", dist(d.decodeWait)),
        ])
        let at = fields.firstIndex { $0.0 == "null_reasons" } ?? fields.endIndex
        fields.insert(("disaggregation", section), at: at)
        return .object(fields)
    }
}
