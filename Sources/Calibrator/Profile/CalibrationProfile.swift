import Foundation
import SimServeKit

/// The versioned hardware profile that `simserve calibrate` writes: the machine, every
/// measurement (shape, repetitions, median and spread, prediction), the fitted parameters
/// with their uncertainty and held-out error, and — the only part the simulator reads — a
/// `[hardware]` table of ``SimServeKit/HardwareSpec`` fields, loaded by a scenario's
/// `hardware.profile = "this-cpu.toml"` (``SimServeKit/HardwareProfile``).
public struct CalibrationProfile: Sendable {
    /// Format name and version written at the top; ``SimServeKit/HardwareProfile`` checks both.
    public static let format = HardwareProfile.format
    public static let version = HardwareProfile.currentVersion

    public var machine: MachineDescription
    public var threads: Int
    public var quick: Bool
    public var createdAt: Date
    public var measurements: [KernelMeasurement]
    public var fit: CostModelFit
    public var hardware: HardwareSpec
    /// The 1-minute load average when the calibration ended (/proc/loadavg): above the
    /// number of CPUs, other processes competed for them.
    public var loadAverage: Double? = MachineDescription.loadAverage()

    public init(machine: MachineDescription, threads: Int, quick: Bool, createdAt: Date = Date(),
                measurements: [KernelMeasurement], fit: CostModelFit, hardware: HardwareSpec) {
        self.machine = machine
        self.threads = threads
        self.quick = quick
        self.createdAt = createdAt
        self.measurements = measurements
        self.fit = fit
        self.hardware = hardware
    }

    /// The profile as TOML text.
    public func toml() -> String {
        var out = Self.header(writtenBy: "simserve calibrate", createdAt: createdAt)
        out.line("quick", .bool(quick))
        out.line("threads", .int(threads))

        out.table("machine")
        out.line("cpu_model", .string(machine.cpuModel))
        out.line("logical_cpus", .int(machine.logicalCPUs))
        out.line("clock_ghz", .double(machine.clockGHz))
        out.line("clock_source", .string("/proc/cpuinfo 'cpu MHz' (nominal; boost not seen)"))
        out.line("simd", .string(machine.simdLevel))
        out.line("simd_fp32_lanes", .int(machine.simdLanes))
        out.line("fma_pipes_per_core", .int(machine.fmaPipesPerCore))
        out.line("fma_pipes_source", .string("assumed (Haswell+ / Zen 2+)"))
        out.line("peak_gflops_per_core", .double(machine.peakFlopsPerSecondPerCore / 1e9))
        out.line("peak_gflops", .double(fit.model.peakFlopsPerSecond / 1e9))
        out.line("stream_triad_gbs", .double(fit.model.bandwidthBytesPerSecond / 1e9))
        out.line("memory_gb", .double(machine.memoryGB))
        if let load = loadAverage { out.line("load_average_1min", .double(load)) }

        out.table("hardware")
        for (key, value) in Self.hardwareFields(hardware) { out.line(key, value) }

        out.table("fit")
        out.line("method", .string("weighted least squares on relative error (GSL gsl_multifit_nlinear trust region; gsl_fit_wlinear)"))
        out.line("statistic", .string(fit.statistic.rawValue))
        out.line("held_out_mape_percent", .double(fit.heldOutMAPE))
        if let causal = fit.prefillCausalHeldOutMAPE { out.line("prefill_causal_form_held_out_mape_percent", .double(causal)) }
        if let unmasked = fit.prefillUnmaskedHeldOutMAPE { out.line("prefill_unmasked_form_held_out_mape_percent", .double(unmasked)) }
        out.table("fit.r_squared")
        for (kernel, r2) in fit.rSquared.sorted(by: { $0.key < $1.key }) { out.line(kernel, .double(r2)) }
        for (kernel, byRole) in fit.errors.sorted(by: { $0.key < $1.key }) {
            out.table("fit.mape_percent.\(kernel)")
            for (role, mape) in byRole.sorted(by: { $0.key < $1.key }) { out.line(role, .double(mape)) }
        }
        for p in fit.parameters {
            out.arrayTable("fit.parameters")
            out.line("name", .string(p.name))
            out.line("value", .double(p.value))
            out.line("standard_error", .double(p.standardError))
            out.line("unit", .string(p.unit))
        }
        for m in measurements {
            out.arrayTable("measurements")
            out.line("kernel", .string(m.kernel.kernel))
            out.line("role", .string(m.role.rawValue))
            for (name, value) in m.kernel.parameters { out.line(name, .int(value)) }
            out.line("repetitions", .int(m.sample.repetitions))
            out.line("median_s", .double(m.sample.medianSeconds))
            out.line("min_s", .double(m.sample.minSeconds))
            out.line("max_s", .double(m.sample.maxSeconds))
            out.line("q1_s", .double(m.sample.lowerQuartileSeconds))
            out.line("q3_s", .double(m.sample.upperQuartileSeconds))
            if let cpu = m.cpuSample {
                out.line("cpu_per_thread_median_s", .double(cpu.medianSeconds))
                out.line("cpu_per_thread_min_s", .double(cpu.minSeconds))
            }
            out.line("flops", .double(m.kernel.flops))
            out.line("bytes", .double(m.kernel.bytes))
            out.line("gflops", .double(m.gflopsPerSecond))
            out.line("gbs", .double(m.gigabytesPerSecond))
            out.line("gflops_best", .double(m.kernel.flops / m.sample.minSeconds / 1e9))
            out.line("gbs_best", .double(m.kernel.bytes / m.sample.minSeconds / 1e9))
            if m.role != .reference {
                let predicted = fit.model.seconds(m.kernel), measured = fit.statistic.seconds(m)
                out.line("predicted_s", .double(predicted))
                out.line("error_percent", .double(100 * (predicted - measured) / measured))
            }
        }
        return out.text
    }

    /// The `[hardware]` keys of ``SimServeKit/HardwareSpec`` (its `CodingKeys` and those of
    /// ``SimServeKit/KernelShapeParameters``), in the order the presets write them.
    static func hardwareFields(_ h: HardwareSpec) -> [(String, TOMLText.Value)] {
        var fields: [(String, TOMLText.Value)] = [
            ("name", .string(h.name)), ("peak_tflops", .double(h.peakTflops)),
            ("hbm_bandwidth_gbs", .double(h.hbmBandwidthGBs)), ("memory_gb", .double(h.memoryGB)),
            ("link_bandwidth_gbs", .double(h.linkBandwidthGBs)), ("link_latency_us", .double(h.linkLatencyUs)),
            ("idle_watts", .double(h.idleWatts)), ("max_watts", .double(h.maxWatts)),
            ("cost_per_hour", .double(h.costPerHour)), ("compute_efficiency", .double(h.computeEfficiency)),
            ("memory_efficiency", .double(h.memoryEfficiency)), ("iteration_overhead_us", .double(h.iterationOverheadUs)),
            ("kernel_launch_us", .double(h.kernelLaunchUs)), ("link_efficiency", .double(h.linkEfficiency)),
            ("cuda_graphs", .bool(h.cudaGraphs)), ("cuda_graph_launch_us", .double(h.cudaGraphLaunchUs)),
            ("cuda_graph_max_batch_size", .int(h.cudaGraphMaxBatchSize)),
        ]
        if let network = h.interNodeBandwidthGBs { fields.append(("inter_node_bandwidth_gbs", .double(network))) }
        if let latency = h.interNodeLatencyUs { fields.append(("inter_node_latency_us", .double(latency))) }
        if let fp8 = h.peakTflopsFP8 { fields.append(("peak_tflops_fp8", .double(fp8))) }
        if let int8 = h.peakTopsInt8 { fields.append(("peak_tops_int8", .double(int8))) }
        let s = h.shape
        fields += [
            ("roofline_sharpness", .double(s.rooflineSharpness)), ("gemm_tile_rows", .int(s.gemmTileRows)),
            ("prefill_attention_efficiency", .double(s.prefillAttentionEfficiency)),
            ("prefill_attention_overhead_us", .double(s.prefillAttentionOverheadUs)),
        ]
        if let tile = s.attentionQueryTile { fields.append(("attention_query_tile", .int(tile))) }
        fields += [
            ("decode_attention_efficiency", .double(s.decodeAttentionEfficiency)),
            ("decode_attention_per_sequence_us", .double(s.decodeAttentionPerSequenceUs)),
            ("collective_overhead_us", .double(s.collectiveOverheadUs)),
            ("decode_attention_floor_us", .double(s.decodeAttentionFloorUs)),
            ("decode_attention_per_sequence_head_us", .double(s.decodeAttentionPerSequenceHeadUs)),
            ("prefill_attention_per_sequence_us", .double(s.prefillAttentionPerSequenceUs)),
            ("prefill_attention_per_token_head_ns", .double(s.prefillAttentionPerTokenHeadNs)),
            ("elementwise_floor_us", .double(s.elementwiseFloorUs)),
        ]
        let optional: [(String, Double?)] = [
            ("decode_attention_overhead_us", s.decodeAttentionOverheadUs), ("gemm_memory_efficiency", s.gemmMemoryEfficiency),
            ("fp8_compute_efficiency", s.fp8ComputeEfficiency), ("weight_only_compute_efficiency", s.weightOnlyComputeEfficiency),
            ("norm_efficiency", s.normEfficiency),
            ("rope_efficiency", s.ropeEfficiency), ("activation_efficiency", s.activationEfficiency),
            ("add_efficiency", s.addEfficiency), ("embedding_efficiency", s.embeddingEfficiency),
            ("elementwise_launch_us", s.elementwiseLaunchUs), ("custom_all_reduce_latency_us", s.customAllReduceLatencyUs),
            ("moe_compute_efficiency", s.moeComputeEfficiency), ("moe_fp8_compute_efficiency", s.moeFP8ComputeEfficiency),
            ("moe_overhead_us", s.moeOverheadUs > 0 ? s.moeOverheadUs : nil), ("moe_per_pair_ns", s.moePerPairNs > 0 ? s.moePerPairNs : nil),
            ("fp8_gemm_launch_us", s.fp8GemmLaunchUs), ("weight_only_launch_us", s.weightOnlyLaunchUs), ("fp8_roofline_sharpness", s.fp8RooflineSharpness),
            ("fp8_activation_quant_gbs", s.fp8ActivationQuantGBs), ("gptq_exllama_tflops", s.gptqExllamaTflops),
            ("decode_attention_fp8_kv_overhead_us", s.decodeAttentionFP8KVOverheadUs > 0 ? s.decodeAttentionFP8KVOverheadUs : nil),
            ("decode_attention_fp8_kv_efficiency", s.decodeAttentionFP8KVEfficiency),
            ("nccl_ll_efficiency", s.ncclLLEfficiency), ("nccl_simple_overhead_us", s.ncclSimpleOverheadUs),
            ("nccl_nvls_efficiency", s.ncclNVLSEfficiency), ("nccl_nvls_overhead_us", s.ncclNVLSOverheadUs),
            ("all_to_all_overhead_us", s.allToAllOverheadUs), ("all_to_all_efficiency", s.allToAllEfficiency),
            ("all_to_all_ll_overhead_us", s.allToAllLLOverheadUs), ("all_to_all_own_chunk_share", s.allToAllOwnChunkShare),
            ("all_gather_overhead_us", s.allGatherOverheadUs), ("all_gather_efficiency", s.allGatherEfficiency),
            ("all_gather_own_chunk_share", s.allGatherOwnChunkShare),
            ("symm_mem_all_reduce_max_bytes", s.symmMemAllReduceMaxBytes),
            ("symm_mem_custom_all_reduce_max_bytes", s.symmMemCustomAllReduceMaxBytes),
            ("symm_mem_all_reduce_efficiency", s.symmMemAllReduceEfficiency),
            ("peer_copy_gbs", s.peerCopyGBs),
            ("decode_attention_per_sequence_kv_head_us",
             s.decodeAttentionPerSequenceKVHeadUs > 0 ? s.decodeAttentionPerSequenceKVHeadUs : nil),
            ("decode_attention_half_rate_units", s.decodeAttentionHalfRateUnits > 0 ? s.decodeAttentionHalfRateUnits : nil),
            ("decode_attention_overlap_sharpness", s.decodeAttentionOverlapSharpness > 1 ? s.decodeAttentionOverlapSharpness : nil),
            ("prefill_attention_per_tile_head_ns", s.prefillAttentionPerTileHeadNs > 0 ? s.prefillAttentionPerTileHeadNs : nil),
            ("prefill_attention_half_rate_units", s.prefillAttentionHalfRateUnits > 0 ? s.prefillAttentionHalfRateUnits : nil),
            ("prefill_attention_concurrent_tiles", s.prefillAttentionConcurrentTiles > 0 ? s.prefillAttentionConcurrentTiles : nil),
            ("prefill_attention_inputs_in_l2_mb", s.prefillAttentionInputsInL2MB > 0 ? s.prefillAttentionInputsInL2MB : nil),
            ("prefill_attention_beyond_l2_efficiency", s.prefillAttentionBeyondL2Efficiency),
        ]
        for (key, value) in optional + s.elementwise.keyValues { if let value { fields.append((key, .double(value))) } }
        if s.prefillOneTokenAsDecode { fields.append(("prefill_one_token_as_decode", .bool(true))) }
        if let rows = s.decodeAttentionQueryTileRows { fields.append(("decode_attention_query_tile_rows", .int(rows))) }
        if let rows = s.weightOnlyTileRows { fields.append(("weight_only_tile_rows", .int(rows))) }
        if let table = s.symmMemCustomAllReduceMaxBytesByGPUs {
            fields.append(("symm_mem_custom_all_reduce_max_bytes_by_gpus", .groupSizes(table)))
        }
        if let table = s.symmMemAllReduceMaxBytesByGPUs { fields.append(("symm_mem_all_reduce_max_bytes_by_gpus", .groupSizes(table))) }
        if let gpus = s.symmMemMultimemMinGPUs { fields.append(("symm_mem_multimem_min_gpus", .int(gpus))) }
        if let source = h.kernelData { fields.append(("kernel_data", .string(source))) }
        return fields
    }
}

extension CalibrationProfile {
    /// The opening lines of every hardware profile: how a scenario names it, then its format,
    /// version and creation time.
    static func header(writtenBy command: String, createdAt: Date) -> TOMLText {
        var out = TOMLText()
        out.comment("simserve hardware profile, written by `\(command)`. Scenarios use it with")
        out.comment("  [hardware]")
        out.comment("  profile = \"<this file>\"")
        out.comment("Only [hardware] is read by the simulator; the rest documents where it came from.")
        out.line("format", .string(format))
        out.line("version", .int(version))
        out.line("created", .string(ISO8601DateFormatter().string(from: createdAt)))
        return out
    }
}
