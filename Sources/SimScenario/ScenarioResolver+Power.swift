import CostModel

extension ScenarioResolver {
    /// Range checks of the hardware's power figures (``GPUPowerModel``): each a finite power
    /// ≥ 0 W, the limit above idle. Every problem is reported under its key path.
    mutating func checkPower(_ hardware: HardwareSpec) {
        let figures: [(String, Double?)] = [
            ("idle_watts", hardware.idleWatts), ("max_watts", hardware.maxWatts),
            ("busy_static_watts", hardware.busyStaticWatts), ("compute_dynamic_watts", hardware.computeDynamicWatts),
            ("memory_dynamic_watts", hardware.memoryDynamicWatts), ("host_watts_per_gpu", hardware.hostWattsPerGPU),
        ]
        for case let (key, value?) in figures {
            check(value >= 0 && value.isFinite, "hardware.\(key)", "must be a finite power ≥ 0 W, got \(value)")
        }
        check(!(hardware.maxWatts < hardware.idleWatts), "hardware.max_watts",
              "must be ≥ hardware.idle_watts (\(hardware.idleWatts) W), got \(hardware.maxWatts)")
    }
}
