/// A `RooflineCostModel` with every term that depends only on token counts computed once.
///
/// An iteration's cost splits into what depends on the batch's token count T alone (the
/// linear layers, norms, activations, all-reduces, embedding, pipeline sends), what depends on
/// its logit count (the LM head), and attention, which depends on each sequence's context.
/// The first two are tabulated for every T up to the scheduler's token budget, so the hot
/// path evaluates only the attention kernels: the same functions, the same numbers (up to
/// the order of floating-point additions), many times faster.
public struct TabulatedCostModel: Sendable {
    public let model: RooflineCostModel
    private let tokenTerms: [Terms]
    private let logitTerms: [Terms]

    /// Work and time of a group of ops, per replica (seconds on the critical path; FLOPs and
    /// bytes summed over the TP group).
    struct Terms: Sendable {
        var seconds: Double
        var flops: Double
        var bytes: Double
        var commBytes: Double
    }

    /// Tabulates `model` for batches of up to `maxTokens` tokens.
    ///
    /// - Complexity: O(maxTokens) evaluations of the model's per-op functions.
    public init(_ model: RooflineCostModel, maxTokens: Int) {
        self.model = model
        let count = max(0, maxTokens) + 1
        self.tokenTerms = (0..<count).map { t in Self.tokenOnlyTerms(model, tokens: t) }
        self.logitTerms = (0..<count).map { l in
            let head = model.lmHead(tokens: Double(l))
            return Terms(seconds: head.seconds, flops: head.flops * model.tensorDegree,
                         bytes: head.bytes * model.tensorDegree, commBytes: 0)
        }
    }

    /// The cost of one iteration; equal to `model.cost(shape)` up to rounding.
    @inlinable
    public func cost(_ shape: BatchShape) -> IterationCost {
        costOfShape(shape)
    }

    @usableFromInline
    func costOfShape(_ shape: BatchShape) -> IterationCost {
        let tokens = shape.totalTokens
        guard tokens > 0 else { return IterationCost(seconds: 0) }
        guard tokens < tokenTerms.count, shape.logitTokens < logitTerms.count else { return model.cost(shape) }
        let byTokens = tokenTerms[tokens]
        let head = logitTerms[shape.logitTokens]
        let k = model.kernels
        let prefill = k.prefillAttention(
            newTokens: Double(shape.prefillTokens), cachedTokens: Double(shape.prefillCachedTokens),
            tokenPairs: shape.prefillAttentionTokenPairs,
            squareTokenPairs: shape.prefillSquareTokenPairsOrEstimate, heads: model.headsPerGPU,
            kvHeads: model.kvHeadsPerGPU, headDim: model.headDim, activationBytes: model.activationBytes,
            kvBytes: model.kvElementBytes)
        let decode = k.decodeAttention(
            sequences: Double(shape.decodeSequences), contextTokens: Double(shape.decodeContextTokens),
            heads: model.headsPerGPU, kvHeads: model.kvHeadsPerGPU, headDim: model.headDim,
            activationBytes: model.activationBytes, kvBytes: model.kvElementBytes)
        let layers = model.layers
        return IterationCost(
            seconds: model.iterationOverheadSeconds + byTokens.seconds + head.seconds
                + layers * (prefill.seconds + decode.seconds),
            flops: byTokens.flops + head.flops + layers * (prefill.flops + decode.flops) * model.tensorDegree,
            bytes: byTokens.bytes + head.bytes + layers * (prefill.bytes + decode.bytes) * model.tensorDegree,
            commBytes: byTokens.commBytes)
    }

    /// Everything of an iteration of `tokens` tokens but attention and the LM head.
    private static func tokenOnlyTerms(_ model: RooflineCostModel, tokens: Int) -> Terms {
        guard tokens > 0 else { return Terms(seconds: 0, flops: 0, bytes: 0, commBytes: 0) }
        var shape = BatchShape()
        shape.addDecodes(count: tokens, contextTokens: tokens)
        var ops = model.layerOps(shape)
        ops.prefillAttention = .zero
        ops.decodeAttention = .zero
        let layer = ops.total
        let embed = model.embedding(tokens: Double(tokens))
        let sends = model.pipelineSends(tokens: Double(tokens))
        return Terms(
            seconds: model.layers * layer.seconds + embed.seconds + sends.seconds,
            flops: model.layers * layer.flops * model.tensorDegree,
            bytes: (model.layers * layer.bytes + embed.bytes) * model.tensorDegree,
            commBytes: model.layers * 2 * ops.allReduce.bytes + sends.bytes)
    }
}
