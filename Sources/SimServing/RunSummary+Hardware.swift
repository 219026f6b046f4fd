import SimMetrics

extension RunSummary {
    static let hardwareFields = [
        "busy_fraction", "mfu", "mbu", "comm_bytes_per_output_token", "energy_joules",
        "gpu_energy_joules", "host_energy_joules", "average_watts_per_gpu", "output_tokens_per_joule",
        "joules_per_output_token", "gpu_joules_per_output_token", "flops_per_joule", "cost_usd",
        "usd_per_million_output_tokens", "usd_per_request", "total_flops", "flops_per_output_token",
    ]

    /// Utilisation, energy and cost over [0, `endSeconds`], from the iterations' work and the
    /// hardware's peaks, powers and price; each figure that cannot be had is nil with its reason.
    mutating func fillHardwareFigures(configuration: ServingConfiguration, metrics: MetricsCollector,
                                      usage: ResourceUsage, endSeconds: Double) {
        guard endSeconds > 0 else {
            for name in Self.hardwareFields { nullReasons[name] = "the run spans no time" }
            return
        }
        busyFraction = usage.busySeconds / (endSeconds * Double(configuration.replicas))
        guard let hw = configuration.hardware else {
            for name in Self.hardwareFields where name != "busy_fraction" {
                nullReasons[name] = "the service-time cost model has no hardware"
            }
            return
        }
        let gpuSeconds = Double(gpus) * endSeconds
        totalFlops = usage.flops
        if usage.outputTokens > 0 {
            flopsPerOutputToken = usage.flops / Double(usage.outputTokens)
        } else {
            nullReasons["flops_per_output_token"] = "no token was produced"
        }
        mfu = usage.flops / (hw.peakFlopsPerSecond * gpuSeconds)
        mbu = usage.bytes / (hw.memoryBytesPerSecond * gpuSeconds)
        // Per GPU: P_idle all the time, plus its power above idle from each iteration's
        // activity (GPUPowerModel); the host's power per GPU all the time.
        let gpuEnergy = hw.power.idleWatts * gpuSeconds + usage.gpuJoulesAboveIdle
        let hostEnergy = hw.power.hostWattsPerGPU * gpuSeconds
        let energy = gpuEnergy + hostEnergy
        energyJoules = energy
        gpuEnergyJoules = gpuEnergy
        hostEnergyJoules = hostEnergy
        averageWattsPerGPU = gpuEnergy / gpuSeconds
        if gpuEnergy > 0 {
            flopsPerJoule = usage.flops / gpuEnergy
        } else {
            nullReasons["flops_per_joule"] = "the GPUs drew no energy (idle_watts and the activity powers are 0)"
        }
        let cost = hw.usdPerGPUHour * gpuSeconds / 3600
        costUSD = cost
        if usage.outputTokens > 0 {
            let tokens = Double(usage.outputTokens)
            commBytesPerOutputToken = usage.commBytes / tokens
            outputTokensPerJoule = energy > 0 ? tokens / energy : nil
            if energy <= 0 { nullReasons["output_tokens_per_joule"] = "the run drew no energy (all powers are 0)" }
            joulesPerOutputToken = energy / tokens
            gpuJoulesPerOutputToken = gpuEnergy / tokens
            usdPerMillionOutputTokens = cost / tokens * 1e6
        } else {
            for name in ["comm_bytes_per_output_token", "output_tokens_per_joule", "joules_per_output_token",
                         "gpu_joules_per_output_token", "usd_per_million_output_tokens"] {
                nullReasons[name] = "no token was produced"
            }
        }
        if metrics.completed > 0 {
            usdPerRequest = cost / Double(metrics.completed)
        } else {
            nullReasons["usd_per_request"] = "no request completed"
        }
    }
}
