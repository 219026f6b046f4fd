import Foundation
import SimServeKit

/// An engine description as TOML: inline (for a scenario override) or as a versioned engine
/// profile file that scenarios load with `[engine] profile = "file.toml"`.
public enum EngineProfile {
    public static let format = "simserve-engine-profile"

    /// The fields of `engine` as `key = value` pairs, in ``EngineSpec``'s order.
    static func fields(_ e: EngineSpec) -> [(String, String)] {
        func number(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? String(format: "%.1f", v) : "\(v)" }
        return [
            ("name", "\"\(e.name)\""), ("version", "\"\(e.version)\""),
            ("iteration_overhead_us", number(e.iterationOverheadUs)), ("per_sequence_overhead_us", number(e.perSequenceOverheadUs)),
            ("cuda_graphs", e.cudaGraphs ? "true" : "false"), ("cuda_graph_max_batch_size", "\(e.cudaGraphMaxBatchSize)"),
            ("cuda_graph_launch_us", number(e.cudaGraphLaunchUs)),
            ("prefill_layer_overhead_us", number(e.prefillLayerOverheadUs)),
            ("prefill_iteration_overhead_us", number(e.prefillIterationOverheadUs)),
            ("eager_decode_overhead_us", number(e.eagerDecodeOverheadUs)),
            ("moe_kernel_compile_ms", number(e.moeKernelCompileMs)),
            ("ignore_eos_admission", e.ignoreEOSAdmission ? "true" : "false"),
            ("overlap_scheduling", e.overlapScheduling ? "true" : "false"), ("all_reduce", "\"\(e.allReduce.rawValue)\""),
            ("custom_all_reduce_max_bytes", number(e.customAllReduceMaxBytes)),
            ("custom_all_reduce_latency_us", number(e.customAllReduceLatencyUs)), ("one_shot_max_bytes", number(e.oneShotMaxBytes)),
            ("all_reduce_skew_us_per_peer", number(e.allReduceSkewUsPerPeer)),
            ("tp_step_overhead_us_per_peer", number(e.tpStepOverheadUsPerPeer)), ("request_overhead_ms", number(e.requestOverheadMs)),
            ("front_end_request_ms", number(e.frontEndRequestMs)),
            ("request_admission_us", number(e.requestAdmissionUs)),
            ("prefix_cache_blocks", "\(e.prefixCacheBlocks)"),
            ("prefill_decode_mixing", "\"\(e.prefillDecodeMixing.rawValue)\""), ("scheduler_steps", "\(e.schedulerSteps)"),
            ("output_reserve_ratio", number(e.outputReserve.initialRatio)),
            ("output_reserve_min_ratio", number(e.outputReserve.minRatio)),
            ("output_reserve_decay_steps", number(e.outputReserve.decaySteps)),
            ("retract_reserve_steps", number(e.outputReserve.retractSteps)),
        ]
    }

    /// `{ name = "vllm", ... }`: the whole engine as one inline table.
    public static func inline(_ e: EngineSpec) -> String {
        "{ " + fields(e).map { "\($0.0) = \($0.1)" }.joined(separator: ", ") + " }"
    }

    /// The profile file: a header, the `[engine]` table, and what was fitted with its
    /// uncertainty as comments.
    public static func file(_ e: EngineSpec, source: String, notes: [String]) -> String {
        var lines = [
            "# simserve engine profile, written by `simserve calibrate --from-serving`. Scenarios use it with",
            "#   [engine]",
            "#   profile = \"<this file>\"",
            "# Fitted on: \(source)",
        ]
        lines += notes.map { "# " + $0 }
        lines += ["format = \"\(format)\"", "version = 1", "", "[engine]"]
        lines += fields(e).map { "\($0.0) = \($0.1)" }
        return lines.joined(separator: "\n") + "\n"
    }
}
