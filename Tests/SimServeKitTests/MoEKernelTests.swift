import XCTest
import TestSupport
@testable import SimServeKit

/// The MoE expert layer of ``KernelTimeModel``: without the fitted keys it times the experts
/// exactly as dense GEMMs split among the experts touched; with them it adds routing and its
/// own efficiency; bad values are rejected with the key path and range; the aiconfigurator
/// MoE rows are split by expert shape.
final class MoEKernelTests: XCTestCase {
    private func cleared(_ name: String) throws -> HardwareSpec {
        var h = try Presets.hardware(named: name)
        h.shape.moeComputeEfficiency = nil
        h.shape.moeFP8ComputeEfficiency = nil
        h.shape.moeOverheadUs = 0
        h.shape.moePerPairNs = 0
        return h
    }

    func testWithoutMoEKeysExpertsAreDenseGEMMsSplitAmongTheExpertsTouched() throws {
        let mixtral = try Presets.model(named: "mixtral-8x7b")
        let model = RooflineCostModel(model: mixtral, hardware: try cleared("h100-sxm"), parallelism: Parallelism(tensor: 2))
        let k = model.kernels
        for tokens in [1.0, 3, 64, 300, 4096] {
            let touched = model.moe.expertsTouched(tokens: tokens)
            let up = k.tiledGemm(m: 2 * tokens, n: 2 * 14336 / 2, k: 4096, weightBytes: 2, activationBytes: 2,
                                 groups: touched, flopsPerSecond: k.gemmFlopsPerSecond)
            let down = k.tiledGemm(m: 2 * tokens, n: 4096, k: 14336 / 2, weightBytes: 2, activationBytes: 2,
                                   groups: touched, flopsPerSecond: k.gemmFlopsPerSecond)
            XCTAssertEqual(model.mlpUpProjection(tokens: tokens).seconds, up.seconds, "\(tokens) tokens")
            XCTAssertEqual(model.mlpDownProjection(tokens: tokens).seconds, down.seconds, "\(tokens) tokens")
        }
        // A dense model never takes the expert path, whatever the hardware's MoE keys.
        let llama = RooflineCostModel(model: try Presets.model(named: "llama-2-7b"),
                                      hardware: try Presets.hardware(named: "h100-sxm"), parallelism: Parallelism(tensor: 1))
        XCTAssertEqual(llama.mlpUpProjection(tokens: 100).seconds,
                       llama.kernels.gemm(m: 100, n: 2 * 11008, k: 4096, weightBytes: 2, activationBytes: 2).seconds)
    }

    func testFittedKeysAddRoutingAndTheGroupedGEMMsOwnEfficiency() throws {
        let h100 = try Presets.hardware(named: "h100-sxm")
        let shape = h100.shape
        let efficiency = try XCTUnwrap(shape.moeComputeEfficiency)
        let model = RooflineCostModel(model: try Presets.model(named: "mixtral-8x7b"), hardware: h100,
                                      parallelism: Parallelism(tensor: 1))
        XCTAssertEqual(model.kernels.moeFlopsPerSecond, h100.peakTflops * 1e12 * efficiency, accuracy: 1)
        let tokens = 512.0
        let gemm = model.kernels.expertGemm(m: 2 * tokens, n: 2 * 14336, k: 4096, weightBytes: 2, activationBytes: 2,
                                            experts: model.moe.expertsTouched(tokens: tokens))
        let routing = (shape.moeOverheadUs + shape.moePerPairNs * 1e-3 * 2 * tokens) * 1e-6
        XCTAssertEqual(model.mlpUpProjection(tokens: tokens).seconds, gemm.seconds + routing, accuracy: 1e-12)
        XCTAssertEqual(model.kernels.moeRouting(pairs: 0).seconds, 0)
    }

    func testBadMoEValuesNameTheKeyAndTheRange() {
        let base = """
            requests = 4
            model = "mixtral-8x7b"
            [hardware]
            preset = "h200"
            KEY
            [workload]
            arrival = { kind = "poisson", rate = 1.0 }
            prompt_tokens = { kind = "fixed", value = 16 }
            output_tokens = { kind = "fixed", value = 4 }
            """
        let cases = [("moe_compute_efficiency = 1.5", "hardware.moe_compute_efficiency: must be in (0, 1.2] (a fraction of the peak), got 1.5"),
                     ("moe_fp8_compute_efficiency = 0", "hardware.moe_fp8_compute_efficiency: must be in (0, 1.2]"),
                     ("moe_overhead_us = -3", "hardware.moe_overhead_us: must be a finite time ≥ 0 µs, got -3.0"),
                     ("moe_per_pair_ns = -1", "hardware.moe_per_pair_ns: must be a finite time ≥ 0 ns, got -1.0")]
        for (line, message) in cases {
            let error = TestSupport.loadError(base.replacingOccurrences(of: "KEY", with: line))
            XCTAssertTrue(error?.contains(message) == true, error ?? "loaded")
        }
        XCTAssertNil(TestSupport.loadError(base.replacingOccurrences(of: "KEY", with: "moe_per_pair_ns = 4")))
    }

    func testSplitRuleHoldsOutTwoExpertShapesAndExcludesSkewedRouting() {
        XCTAssertEqual(KernelSplitRule.moe(hidden: 4096, inter: 14336, fittedDistribution: true), .fit)
        XCTAssertEqual(KernelSplitRule.moe(hidden: 4096, inter: 1536, fittedDistribution: true), .fit)
        XCTAssertEqual(KernelSplitRule.moe(hidden: 6144, inter: 16384, fittedDistribution: true), .heldOut)
        XCTAssertEqual(KernelSplitRule.moe(hidden: 2048, inter: 768, fittedDistribution: true), .heldOut)
        XCTAssertEqual(KernelSplitRule.moe(hidden: 4096, inter: 14336, fittedDistribution: false), .excluded)
    }
}
