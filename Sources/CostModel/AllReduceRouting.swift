/// Which all-reduce kernel an engine runs for a message, by the size of the tensor-parallel
/// group: vLLM's `CudaCommunicator.all_reduce` tries its custom kernel first (a message below
/// the custom limit), then, with symmetric memory on (vLLM 0.11 on, `symm_mem_all_reduce`),
/// PyTorch's symmetric-memory all-reduce (a message up to its limit: the multimem kernel from
/// `symm_mem_multimem_min_gpus` GPUs, else the two-shot kernel), then NCCL. The limits are
/// precomputed here once per cost model for groups of 2 to 8 GPUs (vLLM's tables name 2, 4,
/// 6 and 8), so the per-iteration lookup is an index.
struct AllReduceRouting: Sendable {
    /// One group size's limits: the custom kernel takes a message below `customMaxBytes`; the
    /// symmetric-memory kernel one up to `symmetricMaxBytes` (nil: none), through multimem
    /// when `multimem`, else its two-shot kernel.
    struct Route: Sendable, Equatable {
        var customMaxBytes: Double
        var symmetricMaxBytes: Double?
        var multimem: Bool
    }

    /// The routes of groups of 2 to 8 GPUs, in that order; `other` every other size.
    let byGroupSize: [Route], other: Route

    /// The routes of `engine` on a GPU with `shape`'s tables: without the engine's flag, every
    /// group takes the engine's custom limit and no symmetric-memory kernel. With it, a group
    /// size the GPU's tables name takes their figures
    /// (``KernelShapeParameters/symmMemCustomAllReduceMaxBytesByGPUs``, replacing the engine's
    /// limit as vLLM's table replaces its 8 MiB default); else 6 to 8 GPUs take the one-figure
    /// keys (`symm_mem_custom_all_reduce_max_bytes`, no higher than the engine's limit, and
    /// `symm_mem_all_reduce_max_bytes`) and other sizes the engine's limit alone.
    init(engine: EngineSpec, shape: KernelShapeParameters) {
        let engineLimit = engine.customAllReduceMaxBytes
        let multimemFrom = shape.symmMemMultimemMinGPUs ?? 6
        func route(_ gpus: Int) -> Route {
            guard engine.symmMemAllReduce else { return Route(customMaxBytes: engineLimit, symmetricMaxBytes: nil, multimem: false) }
            let large = gpus >= 6
            let custom = shape.symmMemCustomAllReduceMaxBytesByGPUs?[gpus]
                ?? (large ? min(engineLimit, shape.symmMemCustomAllReduceMaxBytes ?? engineLimit) : engineLimit)
            let symmetric = shape.symmMemAllReduceMaxBytesByGPUs?[gpus] ?? (large ? shape.symmMemAllReduceMaxBytes : nil)
            return Route(customMaxBytes: custom, symmetricMaxBytes: symmetric, multimem: gpus >= multimemFrom)
        }
        byGroupSize = (2...8).map(route)
        other = Route(customMaxBytes: engineLimit, symmetricMaxBytes: nil, multimem: false)
    }

    /// The route of a group of `workers` GPUs (past 8, the engine's custom limit alone: the
    /// custom kernel does not run there).
    @inline(__always)
    func route(workers: Int) -> Route {
        (2...8).contains(workers) ? byGroupSize[workers - 2] : other
    }
}
