import CostModel
import SimServing

/// `[speculative]`: speculative decoding with a draft model preset, k proposed tokens per
/// step and a per-token acceptance rate α.
struct SpeculativeSection: Decodable {
    var draft: String
    var proposal_tokens: Int
    var acceptance_rate: Double
}

extension ScenarioResolver {
    mutating func resolveSpeculation(_ s: SpeculativeSection, usesHardware: Bool) -> SpeculativeDecoding? {
        let before = issues.count
        check(usesHardware, "speculative", "needs the roofline cost model (a model and hardware)")
        check(s.proposal_tokens >= 1 && s.proposal_tokens <= 64, "speculative.proposal_tokens", "must be in 1...64, got \(s.proposal_tokens)")
        check(s.acceptance_rate >= 0 && s.acceptance_rate <= 1, "speculative.acceptance_rate", "must be in [0, 1], got \(s.acceptance_rate)")
        var draft: ModelSpec?
        do {
            draft = decode(ModelSpec.self, from: try Presets.table(.model, named: s.draft), prefix: ["speculative", "draft"])
        } catch {
            issue("speculative.draft", error.description)
        }
        guard issues.count == before, let draft else { return nil }
        return SpeculativeDecoding(draft: draft, proposalTokens: s.proposal_tokens, acceptanceRate: s.acceptance_rate)
    }
}
