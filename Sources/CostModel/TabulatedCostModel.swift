/// A `RooflineCostModel` with every term that depends only on token counts computed once.
///
/// An iteration's cost splits into what depends on the batch's token count T alone (the
/// linear layers, norms, activations, all-reduces, embedding, pipeline sends), what depends on
/// its logit count (the LM head and its logits' gather), and attention, which depends on each sequence's context.
/// The first two are tabulated for every T up to the scheduler's token budget, so the hot
/// path evaluates only the attention kernels: the same functions, the same numbers (up to
/// the order of floating-point additions), many times faster. Decode-only batches that run
/// from a CUDA graph (lower fixed time per kernel) have tables of their own. A class, so
/// that the hot path passes a reference rather than copying the tables' headers around. The
/// attention terms come from the model's ``LayerAttentionModel`` (a reference too), never
/// from a method of `model`: calling one out of line copies the whole roofline model.
public final class TabulatedCostModel: Sendable {
    public let model: RooflineCostModel
    private let attention: LayerAttentionModel
    private let tokenTerms: [Terms]
    private let logitTerms: [Terms]
    private let graphTokenTerms: [Terms]
    private let graphLogitTerms: [Terms]

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
        self.attention = model.attention
        let count = max(0, maxTokens) + 1
        let graphCount = model.cudaGraphs ? min(count, model.cudaGraphMaxBatch + 1) : 0
        self.tokenTerms = (0..<count).map { Self.tokenOnlyTerms(model, tokens: $0, graph: false) }
        self.logitTerms = (0..<count).map { Self.headTerms(model, logits: $0, saving: 0) }
        self.graphTokenTerms = (0..<graphCount).map { Self.tokenOnlyTerms(model, tokens: $0, graph: true) }
        let saving = model.kernels.graphLaunchSavingSeconds
        self.graphLogitTerms = (0..<graphCount).map { Self.headTerms(model, logits: $0, saving: saving) }
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
        let graph = model.usesCUDAGraph(shape)
        let tokenTable = graph ? graphTokenTerms : tokenTerms
        let logitTable = graph ? graphLogitTerms : logitTerms
        guard tokens < tokenTable.count, shape.logitTokens < logitTable.count else { return model.cost(shape) }
        let byTokens = tokenTable[tokens]
        let head = logitTable[shape.logitTokens]
        let (attention, decodeAttentionSeconds, prefillAttentionSeconds) = self.attention.overLayers(
            shape, decodeSaving: graph ? model.kernels.graphLaunchSavingSeconds : 0)
        var seconds = model.hostOverlapsKernels
            ? max(model.hostOverhead(shape),
                  model.eagerHostOverhead(shape, layerCount: model.layers) + byTokens.seconds + head.seconds + attention.seconds)
            : model.hostOverhead(shape) + model.eagerHostOverhead(shape, layerCount: model.layers) + byTokens.seconds
                + head.seconds + attention.seconds
        let issue = model.eagerIssueSeconds(shape, layerCount: model.layers)
        var idle = 0.0
        if issue > 0 {
            // The kernels wait for the host issuing them (as `RooflineCostModel.cost`).
            let busy = byTokens.seconds + head.seconds + attention.seconds
            let kernels = max(busy, issue)
            let eager = model.eagerHostOverhead(shape, layerCount: model.layers)
            seconds = model.hostOverlapsKernels ? max(model.hostOverhead(shape), eager + kernels)
                : model.hostOverhead(shape) + eager + kernels
            idle = max(0, issue - busy)
        }
        return IterationCost(
            seconds: seconds,
            flops: byTokens.flops + head.flops + attention.flops * model.tensorDegree,
            bytes: byTokens.bytes + head.bytes + attention.bytes * model.tensorDegree,
            commBytes: byTokens.commBytes + head.commBytes, attentionSeconds: decodeAttentionSeconds,
            prefillAttentionSeconds: prefillAttentionSeconds, gpuIdleSeconds: idle)
    }

    /// The LM head over `logits` tokens, each kernel's fixed time less `saving`, and the
    /// gather of its logits (TP > 1).
    private static func headTerms(_ model: RooflineCostModel, logits: Int, saving: Double) -> Terms {
        let head = model.lmHead(tokens: Double(logits)).lessFixedTime(saving)
        let gather = model.logitsGather(tokens: Double(logits))
        return Terms(seconds: head.seconds + gather.seconds, flops: head.flops * model.tensorDegree,
                     bytes: head.bytes * model.tensorDegree, commBytes: gather.bytes)
    }

    /// Everything of an iteration of `tokens` tokens but attention and the LM head, eager or
    /// from a CUDA graph (a decode-only batch).
    private static func tokenOnlyTerms(_ model: RooflineCostModel, tokens: Int, graph: Bool) -> Terms {
        guard tokens > 0 else { return Terms(seconds: 0, flops: 0, bytes: 0, commBytes: 0) }
        var shape = BatchShape()
        if graph {
            shape.addDecodes(count: tokens, contextTokens: tokens)
        } else {
            shape.addPrefillChunk(newTokens: tokens, cachedTokens: 0, completesPrompt: false)
        }
        precondition(model.usesCUDAGraph(shape) == graph, "tabulating a graph shape that is not one")
        var ops = model.layerOps(shape)
        ops.prefillAttention = .zero
        ops.decodeAttention = .zero
        let layer = ops.total
        let embed = model.embedding(tokens: Double(tokens))
            .lessFixedTime(graph ? model.kernels.embeddingKernel.graphSaving(model.kernels.graphLaunchSavingSeconds) : 0)
        let sends = model.pipelineSends(tokens: Double(tokens))
        var terms = Terms(
            seconds: model.layers * layer.seconds + embed.seconds + sends.seconds,
            flops: model.layers * layer.flops * model.tensorDegree,
            bytes: (model.layers * layer.bytes + embed.bytes) * model.tensorDegree,
            commBytes: model.layers * 2 * ops.allReduce.bytes + sends.bytes)
        if model.denseLayers > 0 {
            let extra = model.layerMixCorrection(shape, main: ops, attention: false)
            terms.seconds += extra.seconds
            terms.flops += extra.flops * model.tensorDegree
            terms.bytes += extra.bytes * model.tensorDegree
        }
        if ops.allToAll.bytes > 0 { terms.commBytes += model.moeLayers * ops.allToAll.bytes }
        return terms
    }
}
