import XCTest
@testable import SimScenario
import SimServeKit
import TestSupport

/// A model read from a Hugging Face config.json becomes a `[model]` table (so that `--set
/// model.layers=…` can override it) whose keys come from `ModelSpec`'s own coding keys: for every
/// preset, that table written as TOML loads back to the same model.
final class ModelTableRoundTripTests: XCTestCase {
    func testEveryPresetsTableLoadsBackToTheSameModel() throws {
        for name in Presets.modelNames {
            let spec = try Presets.model(named: name)
            let table = try ConfigTable(modelSpec: spec)
            XCTAssertEqual(table["layers"], .integer(spec.layers), name)
            XCTAssertEqual(table["kv_dtype"], .string(spec.kvDtype.rawValue), name)
            XCTAssertNil(table["config"], name)
            let model = table.keys.map { "\($0) = \(table[$0]!.literalDescription)" }.joined(separator: "\n")
            let scenario = try ScenarioLoader.load(toml: """
                requests = 1
                hardware = "h200"
                [cluster]
                tp = \(spec.weightBytes > 100e9 ? 8 : 1)
                [workload]
                arrival = { kind = "poisson", rate = 1.0 }
                prompt_tokens = { kind = "fixed", value = 8 }
                output_tokens = { kind = "fixed", value = 2 }
                [model]
                \(model)
                """, source: "\(name).toml")
            XCTAssertEqual(scenario.serving.costModel.roofline?.model, spec, name)
        }
    }
}
