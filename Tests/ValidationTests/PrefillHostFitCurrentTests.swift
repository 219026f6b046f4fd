import Foundation
import XCTest
import TestSupport
@testable import SimServeKit

/// The prefill host times the SGLang and vLLM 0.6 presets ship (with vLLM 0.6's time to add
/// each arriving request) sit at the least-squares optimum of `simserve validate serving --fit`
/// on their fit points: the sum of squared relative TTFT errors over each engine's fit points
/// (and E2E errors of its prefill-only bursts, as the fit weighs them), every other term at the
/// presets' figures, rises when any of the terms moves by the fit's own step (20 µs per layer,
/// 500 µs per iteration, 100 µs per request; SGLang's request path, fitted in place of its time
/// per iteration, 0.5 ms) either way.
/// Slow (some fifty simulations of fourteen points; `make validation-tests`); after a change to
/// the fit or its points, rerun `validate serving --fit` and update
/// `EnginePresets.sglangPrefillHost`, `vllmV0PrefillHost` and SGLang's
/// `ServingPointScenario.requestPathMs`.
final class PrefillHostFitCurrentTests: XCTestCase {
    func testPresetsSitAtTheFittedPrefillHostTimes() throws {
        let subsets = ServingValidation.prefillFitSubsets(try publishedServingScenarios(contextFitted: false))
        let hardware = try Presets.hardware(named: "h100-sxm")
        for name in ["sglang", "vllm-v0"] {
            let subset = subsets[name] ?? []
            XCTAssertGreaterThanOrEqual(subset.count, 6, name)
            let preset = try Presets.engine(named: name, on: hardware)
            // An engine whose request path is fitted in place of a host time per iteration
            // (``ServingPointScenario/requestPathEngines``) has that path as its second term.
            var terms = [("prefill_layer_overhead_us", preset.prefillLayerOverheadUs, 20.0),
                         ServingPointScenario.requestPathEngines.contains(name)
                            ? ("request_overhead_ms", ServingPointScenario.requestPathMs[name] ?? 0, 0.5)
                            : ("prefill_iteration_overhead_us", preset.prefillIterationOverheadUs, 500)]
            if preset.requestAdmissionUs > 0 { terms.append(("request_admission_us", preset.requestAdmissionUs, 100)) }
            func sumOfSquares(_ values: [Double]) -> Double {
                var overrides: [String: Double] = [:]
                for (term, value) in zip(terms, values) { overrides[term.0] = value }
                return subset.reduce(0) { sum, scenario in
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
            let shipped = terms.map(\.1)
            let at = sumOfSquares(shipped)
            for (k, term) in terms.enumerated() {
                for sign in [1.0, -1.0] where term.1 + sign * term.2 >= 0 {
                    var moved = shipped
                    moved[k] += sign * term.2
                    XCTAssertGreaterThan(sumOfSquares(moved), at,
                                         "\(name): \(term.0) at \(moved[k]) fits better than the preset's \(term.1)")
                }
            }
        }
    }
}
