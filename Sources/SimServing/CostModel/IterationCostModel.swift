import CostModel

/// The cost model a replica asks for the time of each iteration.
///
/// The model cases (roofline, service time, speculative) are pure functions of the batch shape;
/// `.measured` is not: it asks an outside source (``IterationTimeSource``, which may keep state
/// and run real work) and lives here, in the serving layer, so that the `CostModel` target stays
/// pure. The service-time model is the degenerate one used to check the simulator against
/// queueing theory: an iteration costs the summed service demand of its requests, whatever their
/// lengths.
public enum IterationCostModel: Sendable {
    /// Per-op roofline of a transformer on a GPU group (see `RooflineCostModel`), with its
    /// token-count terms tabulated.
    case roofline(TabulatedCostModel)
    /// Iteration time = Σ service demand of the requests in the batch.
    case serviceTime
    /// The roofline model with speculative decoding of the decoding sequences: each step runs
    /// k draft iterations and one verify pass and yields (1 − α^(k+1))/(1 − α) tokens per
    /// sequence on average. The simulator advances every sequence one token per iteration, so
    /// an iteration is charged the prefill chunks plus one step's time divided by the
    /// expected tokens (mean-field: mean throughput, TPOT and E2E follow; the burstiness of
    /// inter-token gaps within a step does not). FLOPs and bytes counted are the target's.
    case speculative(TabulatedCostModel, SpeculativeDecoding)
    /// Iteration times from outside the model (``IterationTimeSource``): measured on real
    /// hardware by an executor that runs each batch, to check a cost model in closed loop.
    case measured(any IterationTimeSource)

    @inlinable
    public func cost(_ shape: BatchShape) -> IterationCost {
        switch self {
        case .roofline(let model): model.cost(shape)
        case .serviceTime: IterationCost(seconds: shape.serviceDemandSeconds)
        case .speculative(let model, let speculation): Self.speculativeCost(shape, model, speculation)
        case .measured(let source): source.cost(shape)
        }
    }

    @usableFromInline
    static func speculativeCost(_ shape: BatchShape, _ model: TabulatedCostModel,
                                _ speculation: SpeculativeDecoding) -> IterationCost {
        guard shape.decodeSequences > 0 else { return model.cost(shape) }
        var prefill = shape
        prefill.decodeSequences = 0
        prefill.decodeContextTokens = 0
        prefill.logitTokens -= shape.decodeSequences
        var decode = BatchShape()
        decode.addDecodes(count: shape.decodeSequences, contextTokens: shape.decodeContextTokens)
        let prefillCost = prefill.isEmpty ? IterationCost(seconds: 0) : model.cost(prefill)
        let decodeCost = model.cost(decode)
        let step = model.model.speculativeStep(sequences: shape.decodeSequences, contextTokens: shape.decodeContextTokens,
                                               speculation: speculation)
        return IterationCost(seconds: prefillCost.seconds + step.secondsPerToken,
                             flops: prefillCost.flops + decodeCost.flops, bytes: prefillCost.bytes + decodeCost.bytes,
                             commBytes: prefillCost.commBytes + decodeCost.commBytes,
                             attentionSeconds: prefillCost.attentionSeconds + decodeCost.attentionSeconds,
                             prefillAttentionSeconds: prefillCost.prefillAttentionSeconds)
    }
}

extension IterationCostModel {
    /// How an iteration of `cost` splits over `stages` pipeline stages: each stage's time
    /// (its n/p layers: the iteration's time less the activation sends, over p) and one
    /// activation send of T·d·a bytes between consecutive stages (α + bytes/link_bw, from the
    /// hardware's interconnect). One micro-batch alone takes p · stage + (p − 1) · send, the
    /// iteration's whole time.
    public func pipelineTiming(_ shape: BatchShape, cost: IterationCost,
                               stages: Int) -> (stageSeconds: Double, sendSeconds: Double) {
        let sends = roofline?.pipelineSends(tokens: Double(shape.totalTokens)).seconds ?? 0
        let p = Double(stages)
        return ((cost.seconds - sends) / p, stages > 1 ? sends / (p - 1) : 0)
    }
}
