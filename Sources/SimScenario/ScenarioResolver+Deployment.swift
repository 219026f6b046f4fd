import CostModel
import SimServing
import SimSupport

/// What the deployment's memory leaves for the KV cache, and the cost model that times its
/// iterations: the roofline's on a simulated model and hardware, the service time's otherwise.
struct DeploymentPlan {
    var memory: MemoryPlan?
    var kvBlocks = Int.max / 4
    var costModel = IterationCostModel.serviceTime
    var preemption = PreemptionMode.recompute
    var figures: HardwareFigures?
}

extension ScenarioResolver {
    /// The memory plan (a speculative draft's weights sharing each GPU with the target's), a
    /// swap space in tokens, and the tabulated roofline cost model; `model` and `hardware` are
    /// the simulated ones (nil under the service-time cost model).
    /// - Throws: ``ScenarioLoadError/doesNotFit(_:)`` when the weights leave no room.
    func planDeployment(model: ModelSpec?, hardware: HardwareSpec?, engine: EngineSpec?, parallelism: Parallelism,
                        scheduler: SchedulerChoice, speculation: SpeculativeDecoding?) throws(ScenarioLoadError) -> DeploymentPlan {
        var plan = DeploymentPlan()
        guard let model, let hardware else { return plan }
        let (tp, pp) = (parallelism.tensor, parallelism.pipeline)
        let memoryFraction = scheduler.memoryFraction
        do throws(MemoryFitError) {
            // A draft model's weights share each GPU's memory with the target's.
            let draftShare = speculation.map { $0.draft.weightBytes / Double(tp * pp) / hardware.memoryBytes } ?? 0
            guard memoryFraction - draftShare > 0 else {
                throw MemoryFitError(kind: .weights, message:
                    "the draft model's weights take \(MemoryFitError.gigabytes(draftShare * hardware.memoryBytes)) per GPU, more than the "
                    + "\(MemoryFitError.gigabytes(memoryFraction * hardware.memoryBytes)) scheduler.gpu_memory_utilization (\(MemoryFitError.fraction(memoryFraction))) leaves on each \(hardware.name): use a larger cluster.tp or a smaller draft")
            }
            // The draft's weights come out of the memory before the KV cache is sized.
            let memory = try MemoryPlan(model: model, hardware: hardware, parallelism: parallelism,
                                        gpuMemoryUtilization: memoryFraction, blockSizeTokens: scheduler.settings.blockSizeTokens,
                                        maxBatchTokens: scheduler.settings.maxTokensPerIteration,
                                        maxSequences: scheduler.settings.maxBatchSize,
                                        kvCacheSizing: engine?.kvCacheSizing ?? .fractionOfTotal,
                                        otherWeightBytesPerGPU: draftShare * hardware.memoryBytes)
            plan.memory = memory
            plan.kvBlocks = memory.kvBlocks
            if let swap = scheduler.swap {
                plan.preemption = .swap(SwapSettings(
                    bytesPerTokenPerGPU: memory.kvBytesPerTokenAllLayersPerGPU, bytesPerSecond: swap.bandwidthGBs * 1e9,
                    capacityTokens: Int(saturating: swap.spaceGB * 1e9 / memory.kvBytesPerTokenAllLayersPerGPU)))
            }
        } catch {
            throw .doesNotFit(error)
        }
        let table = TabulatedCostModel(RooflineCostModel(model: model, hardware: hardware, parallelism: parallelism,
                                                         engine: engine),
                                       maxTokens: scheduler.settings.maxTokensPerIteration)
        plan.costModel = speculation.map { .speculative(table, $0) } ?? .roofline(table)
        plan.figures = HardwareFigures(hardware, weightDtype: model.weightDtype)
        return plan
    }
}
