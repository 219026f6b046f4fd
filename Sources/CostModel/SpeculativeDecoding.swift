import Foundation

/// Speculative decoding as a cost-model option: a small draft model proposes `proposalTokens`
/// k tokens one at a time, and the target model checks all of them in one forward pass.
///
/// Leviathan, Kalman & Matias 2023, "Fast Inference from Transformers via Speculative
/// Decoding" (ICML), §3.1: with each proposed token accepted independently with probability
/// α, one step yields (1 − α^(k+1)) / (1 − α) tokens in expectation (the accepted prefix plus
/// the target's own token at the first rejection, or the bonus token when all k pass).
/// Chen et al. 2023, "Accelerating LLM Decoding with Speculative Sampling", use the same form.
public struct SpeculativeDecoding: Equatable, Sendable {
    /// The draft model (it runs on the same GPUs and TP group as the target).
    public var draft: ModelSpec
    /// Tokens proposed per step, k ≥ 1.
    public var proposalTokens: Int
    /// Probability that the target accepts one proposed token, α in [0, 1].
    public var acceptanceRate: Double

    public init(draft: ModelSpec, proposalTokens: Int, acceptanceRate: Double) {
        precondition(proposalTokens >= 1, "proposalTokens must be ≥ 1, got \(proposalTokens)")
        precondition((0...1).contains(acceptanceRate), "acceptanceRate must be in [0, 1], got \(acceptanceRate)")
        self.draft = draft
        self.proposalTokens = proposalTokens
        self.acceptanceRate = acceptanceRate
    }

    /// Expected tokens emitted per sequence per step, (1 − α^(k+1)) / (1 − α); k + 1 at α = 1
    /// and 1 at α = 0.
    public var expectedTokensPerStep: Double {
        Self.expectedTokens(proposalTokens: proposalTokens, acceptanceRate: acceptanceRate)
    }

    /// (1 − α^(k+1)) / (1 − α), the limit k + 1 at α = 1.
    public static func expectedTokens(proposalTokens k: Int, acceptanceRate alpha: Double) -> Double {
        if alpha >= 1 { return Double(k + 1) }
        return (1 - Foundation.pow(alpha, Double(k + 1))) / (1 - alpha)
    }
}

/// The cost of one speculative step of a decode batch.
public struct SpeculativeStepCost: Equatable, Sendable {
    /// Wall time of the step: k draft decode iterations and one verify pass, seconds.
    public var seconds: Double
    /// Of which the k draft iterations.
    public var draftSeconds: Double
    /// Of which the target's verify pass over k + 1 tokens per sequence.
    public var verifySeconds: Double
    /// Expected tokens emitted per sequence, (1 − α^(k+1)) / (1 − α).
    public var expectedTokensPerSequence: Double
    /// Expected seconds per emitted token of one sequence: seconds / expected tokens (the
    /// step's inter-token latency, amortised).
    public var secondsPerToken: Double { seconds / expectedTokensPerSequence }
}

extension RooflineCostModel {
    /// One speculative step for `sequences` decoding sequences whose contexts sum to
    /// `contextTokens`, with `speculation`'s draft on this model's hardware and parallelism.
    ///
    /// The step is (as vLLM's draft-model speculative decoding runs it) k decode iterations
    /// of the draft, the j-th over contexts Σ L + j·B, then one target iteration that scores
    /// k + 1 tokens per sequence on top of its context: a prefill chunk of k + 1 new tokens
    /// on L cached ones, with logits for all of them. Rejected tokens' work is spent
    /// anyway, so the cost does not depend on α; the tokens it yields do.
    ///
    /// A pure function (it builds the draft's cost model, so call it outside the hot loop or
    /// keep a ``SpeculativeDecoding`` per scenario and cache the result per batch size).
    public func speculativeStep(sequences: Int, contextTokens: Int,
                                speculation: SpeculativeDecoding) -> SpeculativeStepCost {
        let expected = speculation.expectedTokensPerStep
        guard sequences > 0 else {
            return SpeculativeStepCost(seconds: 0, draftSeconds: 0, verifySeconds: 0,
                                       expectedTokensPerSequence: expected)
        }
        let k = speculation.proposalTokens
        let draft = RooflineCostModel(model: speculation.draft, hardware: hardware, parallelism: parallelism)
        var draftSeconds = 0.0
        for j in 0..<k {
            var shape = BatchShape()
            shape.addDecodes(count: sequences, contextTokens: contextTokens + j * sequences)
            draftSeconds += draft.cost(shape).seconds
        }
        let verifySeconds = cost(Self.verifyShape(sequences: sequences, contextTokens: contextTokens,
                                                  proposalTokens: k)).seconds
        return SpeculativeStepCost(seconds: draftSeconds + verifySeconds, draftSeconds: draftSeconds,
                                   verifySeconds: verifySeconds, expectedTokensPerSequence: expected)
    }

    /// The target's verify pass: per sequence a chunk of k + 1 new tokens on its L cached
    /// ones, every token emitting logits. Built from the sums (O(1)): the causal pairs are
    /// Σ (k+1)(Lᵢ + (k+2)/2) = (k+1)·ΣL + B(k+1)(k+2)/2, the square pairs (k+1)·ΣL + B(k+1)².
    public static func verifyShape(sequences: Int, contextTokens: Int, proposalTokens k: Int) -> BatchShape {
        let b = Double(sequences), c = Double(k + 1), context = Double(contextTokens)
        var shape = BatchShape()
        shape.prefillTokens = sequences * (k + 1)
        shape.prefillSequences = sequences
        shape.prefillCachedTokens = contextTokens
        shape.prefillAttentionTokenPairs = c * context + b * c * (c + 1) / 2
        shape.prefillSquareTokenPairs = c * context + b * c * c
        shape.logitTokens = sequences * (k + 1)
        return shape
    }
}
