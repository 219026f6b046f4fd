import Foundation
import XCTest
import TestSupport
@testable import SimServeKit

/// The prefill host times the SGLang and vLLM 0.6 presets ship sit at the least-squares optimum
/// of `simserve validate serving --fit` on their fit points: the sum of squared relative TTFT
/// errors over each engine's fit points (and E2E errors of its prefill-only bursts, as the fit
/// weighs them), every other term at the presets' figures, rises when
/// either term moves by the fit's own step (20 µs per layer, 500 µs per iteration) either way.
/// Slow (some fifty simulations of fourteen points; `make validation-tests`); after a change to
/// the fit or its points, rerun `validate serving --fit` and update
/// `EnginePresets.sglangPrefillHost` and `vllmV0PrefillHost`.
final class PrefillHostFitCurrentTests: XCTestCase {
    func testPresetsSitAtTheFittedPrefillHostTimes() throws {
        let subsets = ServingValidation.prefillFitSubsets(try publishedServingScenarios(contextFitted: false))
        let hardware = try Presets.hardware(named: "h100-sxm")
        for name in ["sglang", "vllm-v0"] {
            let subset = subsets[name] ?? []
            XCTAssertGreaterThanOrEqual(subset.count, 6, name)
            let preset = try Presets.engine(named: name, on: hardware)
            func sumOfSquares(_ layer: Double, _ iteration: Double) -> Double {
                subset.reduce(0) { sum, scenario in
                    let overrides = ["prefill_layer_overhead_us": layer, "prefill_iteration_overhead_us": iteration]
                    guard let summary = ServingValidation.simulate(scenario, overrides: overrides) else { return sum + 1e9 }
                    // The fit's residuals: the TTFT median, and for a burst of prompts its E2E median too.
                    let compared = ServingValidation.compare(scenario, summary)
                    let metrics = ServingPointScenario.prefillFitPoints.contains(scenario.point.id) ? [0, 2] : [0]
                    return metrics.reduce(sum) { sum, metric in
                        guard let e = compared[metric].relativeError else { return sum + 1e9 }
                        return sum + e * e
                    }
                }
            }
            let (layer, iteration) = (preset.prefillLayerOverheadUs, preset.prefillIterationOverheadUs)
            let at = sumOfSquares(layer, iteration)
            for (dl, di) in [(20.0, 0.0), (-20, 0), (0, 500), (0, -500)] where layer + dl >= 0 && iteration + di >= 0 {
                XCTAssertGreaterThan(sumOfSquares(layer + dl, iteration + di), at,
                                     "\(name): layer \(layer + dl) µs, iteration \(iteration + di) µs fits better than the preset's")
            }
        }
    }
}
