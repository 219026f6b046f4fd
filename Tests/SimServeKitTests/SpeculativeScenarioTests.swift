import XCTest
import SimServeKit
import TestSupport

/// `[speculative]` in a scenario: draft and verify charged per step, tokens per step as theory.
final class SpeculativeScenarioTests: XCTestCase {
    static let base = """
        seed = 2
        requests = 150
        model = "llama-3.1-70b"
        hardware = "h100-sxm"
        [cluster]
        tp = 4
        [workload]
        arrival = { kind = "poisson", rate = 2.0 }
        prompt_tokens = { kind = "lognormal", mean = 800, cv = 0.5, max = 3000 }
        output_tokens = { kind = "lognormal", mean = 300, cv = 0.5, max = 1000 }
        """

    private func speculative(_ acceptance: Double) -> String {
        Self.base + "\n[speculative]\ndraft = \"llama-3.1-8b\"\nproposal_tokens = 4\nacceptance_rate = \(acceptance)\n"
    }

    /// High acceptance lowers TPOT (more tokens per step than the step costs), low acceptance
    /// raises it; the draft's weights take KV memory; tokens are all produced either way.
    func testAcceptanceDecidesWhetherSpeculationPays() throws {
        let (plainScenario, plain) = try TestSupport.run(Self.base)
        let (specScenario, high) = try TestSupport.run(speculative(0.8))
        let (_, low) = try TestSupport.run(speculative(0.2))
        XCTAssertLessThan(high.summary.tpot!.mean, 0.8 * plain.summary.tpot!.mean)
        XCTAssertGreaterThan(low.summary.tpot!.mean, plain.summary.tpot!.mean)
        XCTAssertLessThan(specScenario.serving.kvBlocksPerReplica, plainScenario.serving.kvBlocksPerReplica)
        for r in high.records { XCTAssertEqual(r.generatedTokens, r.outputTokens) }
    }

    /// The charged time per decoding token is one step over (1 − α^(k+1))/(1 − α).
    func testChargedTimeIsStepOverExpectedTokens() throws {
        let scenario = try ScenarioLoader.load(toml: speculative(0.6), source: "s.toml")
        guard case .speculative(let table, let speculation) = scenario.serving.costModel else { return XCTFail("not speculative") }
        var shape = BatchShape()
        shape.addDecodes(count: 16, contextTokens: 16 * 1200)
        let step = table.model.speculativeStep(sequences: 16, contextTokens: 16 * 1200, speculation: speculation)
        let expected = (1 - pow(0.6, 5)) / (1 - 0.6)
        XCTAssertEqual(step.expectedTokensPerSequence, expected, accuracy: 1e-12)
        XCTAssertEqual(scenario.serving.costModel.cost(shape).seconds, step.seconds / expected, accuracy: 1e-12)
    }

    func testSpeculativeErrors() throws {
        let bad = Self.base + "\n[speculative]\ndraft = \"llama-3.1-8\"\nproposal_tokens = 0\nacceptance_rate = 1.5\n"
        let error = try XCTUnwrap(TestSupport.loadError(bad))
        XCTAssertTrue(error.contains("speculative.draft: unknown model preset 'llama-3.1-8'"), error)
        XCTAssertTrue(error.contains("did you mean 'llama-3.1-8b'?"), error)
        XCTAssertTrue(error.contains("speculative.proposal_tokens: must be in 1...64, got 0"), error)
        XCTAssertTrue(error.contains("speculative.acceptance_rate: must be in [0, 1], got 1.5"), error)
    }
}
