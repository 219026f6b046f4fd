extension RooflineCostModel {
    /// Per-op breakdown of one iteration, for reports and `simserve cost`: each layer op
    /// summed over the n layers, then `emb`, `lm_head`, `logits_gather` (TP > 1), `pp_send`,
    /// the wait for an eager batch's host (`eager_issue_wait`) and `iteration_overhead`.
    /// Ops that do not run in this batch (e.g. `attn_decode` in a prefill-only batch, or
    /// `all_reduce` at t = 1) are left out. The seconds add up to `cost(shape).seconds`.
    ///
    /// Slow path (allocates the array).
    /// - Complexity: O(number of op classes).
    public func breakdown(_ shape: BatchShape) -> [OpCost] {
        if shape.isEmpty { return [] }
        let t = tensorDegree
        var result: [OpCost] = []
        func append(_ name: String, _ op: OpEstimate, gpus: Double) {
            guard op.seconds > 0 else { return }
            let bytes = op.bound == .communication ? op.bytes : op.bytes * gpus
            result.append(OpCost(op: name, seconds: op.seconds, flops: op.flops * gpus,
                                 bytes: bytes, bound: op.bound))
        }
        let saving = launchSaving(shape)
        append("emb", embedding(tokens: Double(shape.totalTokens)).lessFixedTime(kernels.embeddingKernel.graphSaving(saving)), gpus: t)
        let main = layerOps(shape)
        if isLayerMixed {
            // Attention ops over global and windowed layers, MLP ops over MoE and dense ones.
            let variant = variantOps(shape).named
            let attention: Set = ["attn_prefill", "attn_decode"]
            let mlp: Set = ["mlp_up_proj", "mlp_act", "mlp_down_proj", "moe_all_to_all"]
            for (index, (name, op)) in main.named.enumerated() {
                let other = attention.contains(name) ? slidingLayers : mlp.contains(name) ? denseLayers : 0
                var sum = op.repeated(layers - other)
                sum.add(variant[index].1.repeated(other))
                append(name, sum, gpus: t)
            }
        } else {
            for (name, op) in main.named {
                append(name, op.repeated(layers), gpus: t)
            }
        }
        append("lm_head", lmHead(tokens: Double(shape.logitTokens)).lessFixedTime(saving), gpus: t)
        append("logits_gather", logitsGather(tokens: Double(shape.logitTokens)), gpus: 1)
        append("pp_send", pipelineSends(tokens: Double(shape.totalTokens)), gpus: 1)
        let eager = eagerHostOverhead(shape, layerCount: layers)
        // An eager batch whose kernels finish before the host has issued them waits for it.
        let wait = max(0, eagerIssueSeconds(shape, layerCount: layers) - result.reduce(0) { $0 + $1.seconds })
        append("eager_issue_wait", OpEstimate(seconds: wait, flops: 0, bytes: 0, bound: .overhead), gpus: 1)
        // With asynchronous scheduling the host time per step and per sequence shows only where
        // it outlasts everything else; the per-step part is shown first.
        var host = (iteration: iterationOverheadSeconds, sequences: hostOverhead(shape) - iterationOverheadSeconds)
        if hostOverlapsKernels {
            let visible = max(0, hostOverhead(shape) - eager - result.reduce(0) { $0 + $1.seconds })
            host = (min(host.iteration, visible), visible - min(host.iteration, visible))
        }
        append("iteration_overhead", OpEstimate(seconds: host.iteration, flops: 0, bytes: 0, bound: .overhead), gpus: 1)
        append("sequence_overhead", OpEstimate(seconds: host.sequences, flops: 0, bytes: 0, bound: .overhead), gpus: 1)
        if eager > 0 {
            append(shape.prefillSequences > 0 ? "prefill_overhead" : "eager_decode_overhead",
                   OpEstimate(seconds: eager, flops: 0, bytes: 0, bound: .overhead), gpus: 1)
        }
        return result
    }
}
