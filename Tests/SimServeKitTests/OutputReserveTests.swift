import XCTest
import SimServeKit
import TestSupport

/// Admission that keeps KV free for the output still to come (SGLang's `new_token_ratio`,
/// `OutputReserve`), against admission on the prompt's blocks alone (vLLM's).
final class OutputReserveTests: XCTestCase {
    /// The ratio's arithmetic: a linear fall per decode step, and after a preemption room for
    /// `retractSteps` more tokens of every survivor, capped at 1.
    func testRatioFallsPerStepAndRisesAfterAPreemption() {
        let sglang = OutputReserve(initialRatio: 0.7, minRatio: 0.098, decaySteps: 600, retractSteps: 20)
        XCTAssertEqual(sglang.decayPerStep, (0.7 - 0.098) / 600, accuracy: 1e-15)
        // 10 survivors that decoded 300 of their 2,000 output tokens: (300 + 20 × 10) / 2000.
        XCTAssertEqual(sglang.ratioAfterPreemption(decoded: 300, running: 10, outputTokens: 2000), 0.25, accuracy: 1e-15)
        XCTAssertEqual(sglang.ratioAfterPreemption(decoded: 1900, running: 10, outputTokens: 2000), 1)
        XCTAssertTrue(sglang.isActive)
        XCTAssertFalse(OutputReserve.none.isActive)
        XCTAssertTrue(sglang.problems.isEmpty)
    }

    /// The SGLang and TensorRT-LLM presets ship their schedulers' figures; vLLM admits on prompts alone.
    func testPresetsCarryTheirEnginesAdmission() throws {
        let hardware = try Presets.hardware(named: "h100-sxm")
        XCTAssertEqual(try Presets.engine(named: "sglang", on: hardware).outputReserve,
                       OutputReserve(initialRatio: 0.7, minRatio: 0.098, decaySteps: 600, retractSteps: 20))
        XCTAssertEqual(try Presets.engine(named: "vllm", on: hardware).outputReserve, .none)
        // TensorRT-LLM's default GUARANTEED_NO_EVICT: every running request's whole output.
        XCTAssertEqual(try Presets.engine(named: "tensorrt-llm", on: hardware).outputReserve,
                       OutputReserve(initialRatio: 1, minRatio: 1, decaySteps: 600, retractSteps: 20))
    }

    /// Under KV pressure, admission on prompts alone preempts again and again; reserving every
    /// running request's whole output (ratio 1, TensorRT-LLM's guaranteed-no-evict) admits
    /// fewer at a time and preempts far less, and every request still completes with all its
    /// tokens. SGLang's decaying ratio sits between the two.
    func testReservingOutputAvoidsPreemptions() throws {
        let squeeze = PreemptionTests.squeeze
        let (_, prompts) = try TestSupport.run(PreemptionTests.pressure, overrides: squeeze)
        let (_, whole) = try TestSupport.run(PreemptionTests.pressure, overrides: squeeze + [
            "engine.preset=vllm", "engine.output_reserve_ratio=1", "engine.output_reserve_min_ratio=1"])
        let (_, decaying) = try TestSupport.run(PreemptionTests.pressure, overrides: squeeze + [
            "engine.preset=vllm", "engine.output_reserve_ratio=0.7", "engine.output_reserve_min_ratio=0.098"])
        XCTAssertGreaterThan(prompts.summary.preemptions, 20)
        XCTAssertLessThan(whole.summary.preemptions * 10, prompts.summary.preemptions,
                          "\(whole.summary.preemptions) vs \(prompts.summary.preemptions)")
        XCTAssertLessThan(decaying.summary.preemptions, prompts.summary.preemptions)
        XCTAssertGreaterThanOrEqual(decaying.summary.preemptions, whole.summary.preemptions)
        for result in [prompts, whole, decaying] {
            XCTAssertEqual(result.summary.completed, 400)
            for r in result.records { XCTAssertEqual(r.generatedTokens, r.outputTokens) }
        }
        // Fewer running at a time: the reserve holds admissions back.
        XCTAssertGreaterThan(whole.summary.queueDelay?.mean ?? 0, prompts.summary.queueDelay?.mean ?? 0)
    }

    func testBadFiguresNameTheKey() throws {
        let error = try XCTUnwrap(TestSupport.loadError(PreemptionTests.pressure, overrides: [
            "engine.preset=vllm", "engine.output_reserve_ratio=1.5", "engine.output_reserve_decay_steps=0"]))
        XCTAssertTrue(error.contains("engine.output_reserve_ratio: must be a fraction from 0 (off) to 1, got 1.5"), error)
        XCTAssertTrue(error.contains("engine.output_reserve_decay_steps: must be a number of decode steps from 1 to 1e9, got 0.0"), error)
    }
}
