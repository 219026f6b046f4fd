/// The MoE expert layer of ``KernelTimeModel``: grouped expert GEMMs and the routing around
/// them, as fused-MoE kernels run them (vLLM's Triton `fused_moe`, TensorRT-LLM's CUTLASS
/// MoE: route top-k, permute the token rows by expert, one grouped GEMM per projection,
/// unpermute and reduce).
///
/// Form, chosen on the measured fused-MoE layers of `data/kernels/aic_moe.csv`
/// (aiconfigurator, see its README; fit and error in ``KernelValidation`` and
/// `simserve calibrate --from-kernels`): each grouped GEMM is the dense roofline with its own
/// tensor efficiency (`moe_compute_efficiency`), every expert's rows padded to the GEMM tile
/// and every touched expert's weights read once — so its efficiency falls as tokens per
/// expert fall below the tile and the weight read takes over; routing adds a fixed time per
/// layer and a time per routed (token, expert) pair. An efficiency that itself rises with
/// tokens per expert, η·r/(r + r½), was tried: the fits put r½ at 0 on every GPU's CUTLASS
/// rows, so it is not in the model.
extension KernelTimeModel {
    /// One grouped expert GEMM on one GPU: `experts` weight matrices of k×n (the experts the
    /// batch touches, possibly fractional), the m = T·k routed rows split evenly among them.
    package func expertGemm(m: Double, n: Double, k: Double, weightBytes: Double, activationBytes: Double,
                    experts: Double) -> OpEstimate {
        tiledGemm(m: m, n: n, k: k, weightBytes: weightBytes, activationBytes: activationBytes,
                  groups: experts, flopsPerSecond: moeFlopsPerSecond)
    }

    /// The routing of one MoE layer (top-k gating, permute, unpermute and the weighted sum of
    /// the k expert outputs): fixed time + time per routed pair · `pairs` (T·k); no FLOPs or
    /// bytes counted (they are small against the expert GEMMs). Zero when both are unset.
    package func moeRouting(pairs: Double) -> OpEstimate {
        guard pairs > 0, moeOverheadSeconds > 0 || moePerPairSeconds > 0 else { return .zero }
        return OpEstimate(seconds: moeOverheadSeconds + moePerPairSeconds * pairs, flops: 0, bytes: 0, bound: .memory)
    }

    /// NCCL's largest send to one peer that its grouped sends carry in the LL protocol, bytes
    /// (`NCCL_P2P_LL_THRESHOLD`, 16,384 by default, per channel: `src/enqueue.cc`; small sends
    /// run on one channel). Larger ones run Simple: aiconfigurator's all-to-all rows step up to
    /// Simple's ~14 µs exactly past 16 KiB a peer at 2, 4 and 8 GPUs.
    static let ncclP2PLLThresholdBytes = 16_384.0

    /// One direction of an expert-parallel all-to-all (dispatch or combine) in which each
    /// rank sends `bytesPerRank` to its `peers` at once, as NCCL's grouped sends run it: with
    /// the hardware's all-to-all figures, α + LL (its fixed time + bytes / (link_bw · η_LL))
    /// while each peer's share is at most ``ncclP2PLLThresholdBytes``, else Simple (its fixed
    /// time + bytes / (link_bw · η_a2a)) — Simple alone without an LL fixed time; without the
    /// figures, the all-reduce's terms: collective fixed time + α + bytes / (link_bw · η_link),
    /// the link being each GPU's NVLink. The rank's own chunk (bytesPerRank / peers) adds
    /// `all_to_all_own_chunk_share` of a peer's chunk to the bytes moved (none where unset).
    /// `bytes` of the result are one rank's.
    package func allToAll(bytesPerRank: Double, peers: Double) -> OpEstimate {
        guard bytesPerRank > 0 else { return .zero }
        let moved = bytesPerRank * (1 + allToAllOwnChunkShare / max(1, peers))
        guard let own = allToAllFigures else {
            return OpEstimate(seconds: collectiveOverheadSeconds + linkLatencySeconds + moved / linkBytesPerSecond,
                              flops: 0, bytes: bytesPerRank, bound: .communication)
        }
        var seconds = own.overheadSeconds + moved / own.bytesPerSecond
        if let ll = ncclLLBytesPerSecond, let llOverhead = own.llOverheadSeconds,
           bytesPerRank / max(1, peers) <= Self.ncclP2PLLThresholdBytes {
            seconds = llOverhead + moved / ll
        }
        return OpEstimate(seconds: linkLatencySeconds + seconds, flops: 0, bytes: bytesPerRank, bound: .communication)
    }
}
