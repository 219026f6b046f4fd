/// The collectives of ``KernelTimeModel``: all-reduce by the engine's algorithm (the custom
/// one-shot/two-shot kernel or NCCL's ring with its protocols), NCCL's ring all-gather (and
/// reduce-scatter), the ring across nodes, and the point-to-point send between pipeline stages.
extension KernelTimeModel {
    /// All-reduce of `bytes` over `workers` GPUs of one node by the engine's algorithm, as vLLM's
    /// `CudaCommunicator.all_reduce` routes it (``AllReduceRouting``): the custom
    /// one-shot/two-shot kernel where it applies (NVLink, at most 8 GPUs, a message below its
    /// limit: `should_custom_ar` takes `inp_size < max_size`, so a message of exactly 8 MiB goes
    /// on), then, for an engine with a symmetric-memory all-reduce
    /// (``EngineSpec/symmMemAllReduce``), PyTorch's symmetric-memory kernels up to the GPU's
    /// limit for the group size (`inp_size <= max_size`), else NCCL's
    /// (``ncclAllReduce(bytes:workers:)``). With symmetric memory on, vLLM states both limits by
    /// group size and compute capability (`all_reduce_utils.py`): on SM 9.0 (H100, H200) the
    /// custom kernel takes up to 64 MiB at 2 GPUs and 32 MiB at 4 but only 512 / 256 KiB at 6 / 8;
    /// on SM 10.0 (B200) 2 MiB at 2 and 4 GPUs, 1 MiB at 6 and 8.
    ///
    /// The symmetric-memory kernels: multimem (from `symm_mem_multimem_min_gpus` GPUs — 4 on SM
    /// 9.0, 6 on SM 10.0): 2 · latency + (t+1)/t · bytes / (link_bw · η_symm), each GPU reducing
    /// its shard through the switch and multicasting it (`symm_mem_all_reduce_efficiency`;
    /// without it, the custom kernel's two-shot curve); two-shot (smaller groups): the custom
    /// kernel's two-shot curve, through peer memory as it. vLLM 0.24's measured eight-GPU rows
    /// from 256 KiB to 64 MiB follow the multimem line (5.0 µs per MiB past ~10 µs on H100);
    /// B200's two-GPU rows from 2 to 8 MiB the two-shot one at the peer rate (VALIDATION.md,
    /// "Kernel tables per GPU").
    ///
    /// One-shot: every GPU reads its t−1 peers' whole buffers over NVLink and sums them:
    /// latency + (t−1)·bytes / rate. Two-shot: reduce-scatter then all-gather through peer
    /// memory, each GPU moving 2(t−1)/t of the message: 2 · latency + 2(t−1)/t · bytes / rate.
    /// The rate is link_bw · η_link, but no more than (t−1) × `peer_copy_gbs` where the GPU
    /// sets it (what one GPU moves to or from one peer with its own loads and stores; the
    /// symmetric-memory two-shot kernel is capped the same way). vLLM picks one-shot for 2
    /// GPUs, and below `one_shot_max_bytes` at ≤ 4 GPUs (half of it at 8).
    ///
    /// Launched `eager`ly (outside a CUDA graph), it takes the engine's eager collective time
    /// more (``EngineSpec/eagerAllReduceUs``).
    /// A group larger than a node, where the hardware describes the network between nodes,
    /// runs NCCL's ring across them (``allReduceAcrossNodes(bytes:workers:perNode:)``).
    package func allReduce(bytes: Double, workers: Int, eager: Bool = false) -> OpEstimate {
        guard workers > 1, bytes > 0 else { return .zero }
        var op = workers > gpusPerNode && interNodeBytesPerSecond != nil
            ? allReduceAcrossNodes(bytes: bytes, workers: workers, perNode: gpusPerNode)
            : collective(bytes: bytes, workers: workers)
        op.seconds += allReduceSkewSeconds * Double(workers - 1)
        if eager { op.seconds += eagerAllReduceSeconds }
        return op
    }

    /// The all-reduce's own time by algorithm (no skew).
    private func collective(bytes: Double, workers: Int) -> OpEstimate {
        guard allReduceAlgorithm == .custom, hasNVLink, workers <= 8 else { return ncclAllReduce(bytes: bytes, workers: workers) }
        let route = allReduceRouting.route(workers: workers)
        let t = Double(workers)
        let rate = peerBound(linkBytesPerSecond, peers: t - 1)
        if bytes >= route.customMaxBytes {
            guard let symmetricLimit = route.symmetricMaxBytes, bytes <= symmetricLimit else {
                return ncclAllReduce(bytes: bytes, workers: workers)
            }
            if route.multimem, let rate = symmMemBytesPerSecond {
                return OpEstimate(seconds: 2 * customAllReduceLatencySeconds + (t + 1) / t * bytes / rate, flops: 0,
                                  bytes: (t + 1) * bytes, bound: .communication)
            }
            return OpEstimate(seconds: 2 * customAllReduceLatencySeconds + 2 * (t - 1) / t * bytes / rate, flops: 0,
                              bytes: 2 * (t - 1) * bytes, bound: .communication)
        }
        let oneShotLimit = workers <= 4 ? oneShotMaxBytes : oneShotMaxBytes / 2
        let seconds = workers == 2 || bytes < oneShotLimit
            ? customAllReduceLatencySeconds + (t - 1) * bytes / rate
            : 2 * customAllReduceLatencySeconds + 2 * (t - 1) / t * bytes / rate
        return OpEstimate(seconds: seconds, flops: 0, bytes: 2 * (t - 1) * bytes, bound: .communication)
    }

    /// A peer-memory kernel's rate: `rate`, but no more than `peers` × what one GPU moves to or
    /// from one peer with its own loads and stores (`peer_copy_gbs`, where the GPU sets it).
    @inline(__always)
    private func peerBound(_ rate: Double, peers: Double) -> Double {
        guard let perPeer = peerCopyBytesPerSecond else { return rate }
        return min(rate, peers * perPeer)
    }

    /// NCCL's all-reduce of `bytes` over `workers` GPUs of one node: the ring
    /// (``ringAllReduce(bytes:workers:)``) or, where the GPU has NVLink SHARP
    /// (`nccl_nvls_efficiency`), NVLS if it is faster, as NCCL's tuner picks by its own model:
    /// fixed time + (t+1)/t · bytes / (link_bw · η_NVLS) — each GPU sends its buffer to the switch
    /// once and receives its reduced shard, then multicasts its shard and receives all t. On the
    /// measured NCCL rows of 8 H100s, H200s and B200s the large messages run at 254–263 (H100,
    /// H200) and 402 GB/s (B200) of algorithm bandwidth, past any ring's (t/(2(t−1)) of the
    /// link's rate): the ring form alone put them 14–26 % slow.
    package func ncclAllReduce(bytes: Double, workers: Int) -> OpEstimate {
        var op = ringAllReduce(bytes: bytes, workers: workers)
        guard let nvls = ncclNVLS, workers > 1, bytes > 0 else { return op }
        let t = Double(workers)
        op.seconds = min(op.seconds, nvls.overheadSeconds + (t + 1) / t * bytes / nvls.bytesPerSecond)
        return op
    }

    /// Ring all-reduce of `bytes` over `workers` GPUs of one node:
    /// fixed overhead + 2(t−1)/t · bytes / (link_bw · η_link) + 2(t−1)·α
    /// (Patarasuk & Yuan 2009, "Bandwidth optimal all-reduce algorithms"; NCCL's
    /// performance notes use the same bus-bandwidth factor 2(t−1)/t).
    /// Where the hardware sets `nccl_ll_efficiency`, NCCL's two protocols, the faster one
    /// taken (as NCCL's tuner picks by its own latency + size/bandwidth model): LL, fixed
    /// overhead + 2(t−1)/t · bytes / (link_bw · η_LL) + 2(t−1)·α, and Simple, its own fixed
    /// time + the ring form above. On the measured H100 NCCL rows the one-protocol form misses
    /// messages of 0.5–8 MB by −20 to −50 % (fit rows): there NCCL still runs LL at a fraction
    /// of the link rate.
    /// `bytes` of the result are interconnect bytes sent by all GPUs together, 2(t−1)·size.
    package func ringAllReduce(bytes: Double, workers: Int) -> OpEstimate {
        guard workers > 1, bytes > 0 else { return .zero }
        let t = Double(workers)
        return OpEstimate(seconds: ringSeconds(busBytes: 2 * (t - 1) / t * bytes, steps: 2 * (t - 1)), flops: 0,
                          bytes: 2 * (t - 1) * bytes, bound: .communication)
    }

    /// Ring all-gather of `bytes` (the gathered buffer each GPU ends with, nccl-tests' size)
    /// over `workers` GPUs of one node: half an all-reduce's ring — each GPU forwards
    /// (t−1)/t · bytes in t−1 steps. Where the hardware sets its all-gather figures
    /// (``KernelShapeParameters/allGatherEfficiency``), Simple takes their fixed time and rate
    /// and the rank's own chunk adds `all_gather_own_chunk_share` of a peer's chunk (bytes/t)
    /// to what it moves — the faster of that and LL at the all-reduce's LL terms, plus the
    /// hops; else the same link terms and protocols as ``ringAllReduce(bytes:workers:)``. A
    /// reduce-scatter of a `bytes` input moves the same bytes in the same steps, so it takes
    /// the same time. `bytes` of the result are interconnect bytes sent by all GPUs together,
    /// (t−1)·size.
    package func ringAllGather(bytes: Double, workers: Int) -> OpEstimate {
        guard workers > 1, bytes > 0 else { return .zero }
        let t = Double(workers)
        let busBytes = (t - 1) / t * bytes
        let simple = allGatherFigures.map { $0.overheadSeconds + (busBytes + $0.ownChunkShare * bytes / t) / $0.bytesPerSecond }
        return OpEstimate(seconds: ringSeconds(busBytes: busBytes, steps: t - 1, simpleSeconds: simple), flops: 0,
                          bytes: (t - 1) * bytes, bound: .communication)
    }

    /// A ring pass moving `busBytes` through each GPU in `steps` link hops: NCCL's fixed
    /// overhead + busBytes / link_bw + steps · α, or, where the hardware sets
    /// `nccl_ll_efficiency`, the faster of the LL and Simple protocols plus the hops.
    /// `simpleSeconds`: the Simple protocol's time where the collective has figures of its own
    /// (nil: the all-reduce's Simple terms).
    private func ringSeconds(busBytes: Double, steps: Double, simpleSeconds: Double? = nil) -> Double {
        let hops = steps * linkLatencySeconds
        if let ll = ncclLLBytesPerSecond {
            return min(collectiveOverheadSeconds + busBytes / ll,
                       simpleSeconds ?? ncclSimpleOverheadSeconds + busBytes / linkBytesPerSecond) + hops
        }
        return (simpleSeconds ?? collectiveOverheadSeconds + busBytes / linkBytesPerSecond) + hops
    }

    /// NCCL's ring all-reduce of `bytes` over `workers` GPUs on several nodes, `perNode` of
    /// them on each: every step of the ring waits for its slowest hop, so 2(t−1) steps of the
    /// network's latency, and each GPU's 2(t−1)/t · bytes pass at the slower of its NVLink
    /// (link_bw · η_link) and the network its node's GPUs share among the ring's channels —
    /// NCCL runs a ring per NIC, so a node's `perNode` GPUs cross the network on `perNode`
    /// NICs at once: perNode × the per-GPU network rate. Collective fixed time as on one node;
    /// one protocol (Simple). Without a network in the hardware, the one-node ring.
    /// `bytes` of the result are interconnect bytes sent by all GPUs together, 2(t−1)·size.
    package func allReduceAcrossNodes(bytes: Double, workers: Int, perNode: Int) -> OpEstimate {
        guard workers > 1, bytes > 0 else { return .zero }
        guard let network = interNodeBytesPerSecond, perNode < workers else { return ncclAllReduce(bytes: bytes, workers: workers) }
        let t = Double(workers)
        let rate = min(linkBytesPerSecond, Double(max(1, perNode)) * network)
        let seconds = collectiveOverheadSeconds + 2 * (t - 1) / t * bytes / rate
            + 2 * (t - 1) * max(linkLatencySeconds, interNodeLatencySeconds)
        return OpEstimate(seconds: seconds, flops: 0, bytes: 2 * (t - 1) * bytes, bound: .communication)
    }

    /// Point-to-point send of `bytes` between pipeline stages: α + bytes / link_bw.
    package func send(bytes: Double) -> OpEstimate {
        guard bytes > 0 else { return .zero }
        return OpEstimate(seconds: linkLatencySeconds + bytes / linkBytesPerSecond, flops: 0,
                          bytes: bytes, bound: .communication)
    }

    /// Point-to-point send of `bytes` between pipeline stages on different nodes: the network's
    /// latency + bytes / its per-GPU rate; without a network in the hardware, ``send(bytes:)``.
    package func sendAcrossNodes(bytes: Double) -> OpEstimate {
        guard let network = interNodeBytesPerSecond else { return send(bytes: bytes) }
        guard bytes > 0 else { return .zero }
        return OpEstimate(seconds: interNodeLatencySeconds + bytes / network, flops: 0, bytes: bytes, bound: .communication)
    }
}
