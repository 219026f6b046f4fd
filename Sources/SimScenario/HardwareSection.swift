import CostModel
import SimMetrics
import SimServing
import SimWorkload

/// `[hardware]` (or `hardware = "preset"`): a preset or a whole table (a calibrated profile
/// already laid in by ``HardwareProfile``), decoded into a ``HardwareSpec`` and checked.
extension ScenarioResolver {
    /// The `[hardware]` section over its preset; `required` under the roofline cost model.
    mutating func resolveHardware(in table: ConfigTable, required: Bool) -> HardwareSpec? {
        resolvePreset(HardwareSpec.self, section: "hardware", in: table, required: required, preset: .hardware)
    }

    /// A GPU's figures within physical reason: positive peaks and sizes up to 10⁶ (TFLOP/s,
    /// GB/s) or 10⁵ GB, efficiencies in (0, 1], times and prices ≥ 0 and finite.
    mutating func checkHardware(_ hardware: HardwareSpec) {
        func positive(_ key: String, _ value: Double?, upTo limit: Double) {
            guard let value else { return }
            check(value > 0 && value <= limit, "hardware.\(key)", "must be in (0, \(limit)], got \(value)")
        }
        func nonNegative(_ key: String, _ value: Double) {
            check(value >= 0 && value <= 1e6, "hardware.\(key)", "must be in [0, 1e6], got \(value)")
        }
        positive("peak_tflops", hardware.peakTflops, upTo: 1e6)
        positive("peak_tflops_fp8", hardware.peakTflopsFP8, upTo: 1e6)
        positive("peak_tops_int8", hardware.peakTopsInt8, upTo: 1e6)
        positive("hbm_bandwidth_gbs", hardware.hbmBandwidthGBs, upTo: 1e6)
        positive("memory_gb", hardware.memoryGB, upTo: 1e5)
        positive("link_bandwidth_gbs", hardware.linkBandwidthGBs, upTo: 1e6)
        for (key, value) in [("compute_efficiency", hardware.computeEfficiency), ("memory_efficiency", hardware.memoryEfficiency),
                             ("link_efficiency", hardware.linkEfficiency)] {
            positive(key, value, upTo: 1)
        }
        for (key, value) in [("link_latency_us", hardware.linkLatencyUs), ("cost_per_hour", hardware.costPerHour),
                             ("iteration_overhead_us", hardware.iterationOverheadUs), ("kernel_launch_us", hardware.kernelLaunchUs),
                             ("cuda_graph_launch_us", hardware.cudaGraphLaunchUs)] {
            nonNegative(key, value)
        }
        bounded(hardware.cudaGraphMaxBatchSize, 0...InputBounds.maxBatchSize, "hardware.cuda_graph_max_batch_size")
        bounded(hardware.gpusPerNode, 1...1024, "hardware.gpus_per_node")
        positive("inter_node_bandwidth_gbs", hardware.interNodeBandwidthGBs, upTo: 1e6)
        if let latency = hardware.interNodeLatencyUs { nonNegative("inter_node_latency_us", latency) }
    }

    /// Range checks of the hardware's power figures (``GPUPowerModel``): each a finite power
    /// ≥ 0 W, the limit above idle. Every problem is reported under its key path.
    mutating func checkPower(_ hardware: HardwareSpec) {
        let figures: [(String, Double?)] = [
            ("idle_watts", hardware.idleWatts), ("max_watts", hardware.maxWatts),
            ("busy_static_watts", hardware.busyStaticWatts), ("compute_dynamic_watts", hardware.computeDynamicWatts),
            ("memory_dynamic_watts", hardware.memoryDynamicWatts), ("host_watts_per_gpu", hardware.hostWattsPerGPU),
            ("attention_dynamic_watts", hardware.attentionDynamicWatts),
            ("prefill_attention_dynamic_watts", hardware.prefillAttentionDynamicWatts),
        ]
        for case let (key, value?) in figures {
            check(value >= 0 && value.isFinite, "hardware.\(key)", "must be a finite power ≥ 0 W, got \(value)")
        }
        check(!(hardware.maxWatts < hardware.idleWatts), "hardware.max_watts",
              "must be ≥ hardware.idle_watts (\(hardware.idleWatts) W), got \(hardware.maxWatts)")
        if let tau = hardware.powerLimitTimeConstantMs {
            check(tau > 0 && tau <= 1e6, "hardware.power_limit_time_constant_ms", "must be in (0, 1e6] ms, got \(tau)")
            let power = GPUPowerModel(hardware, weightDtype: .bf16)
            check(power.staticWatts < power.maxWatts, "hardware.power_limit_time_constant_ms",
                  "needs idle_watts + busy_static_watts (\(power.staticWatts) W) below max_watts "
                  + "(\(power.maxWatts) W): no clock keeps the power under the limit, got a time constant of \(tau) ms")
        }
    }
}

extension HardwareFigures {
    /// Peaks for MFU and MBU: the tensor FLOP/s at which the model's GEMMs run.
    init(_ spec: HardwareSpec, weightDtype: DataType) {
        self.init(name: spec.name, peakFlopsPerSecond: spec.peakFlopsPerSecond(for: weightDtype),
                  memoryBytesPerSecond: spec.hbmBandwidthGBs * 1e9,
                  power: GPUPowerModel(spec, weightDtype: weightDtype), usdPerGPUHour: spec.costPerHour)
    }
}
