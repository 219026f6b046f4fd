import XCTest
import SimServeKit
import TestSupport

/// The one preset loader (Scenario/PresetLoader.swift): the resolver, the speculative draft,
/// `simserve cost` and the tests read the same specs and report an unknown name the same way.
final class PresetLoaderTests: XCTestCase {
    static let scenario = """
        seed = 1
        requests = 10
        model = "llama-3.1-70b"
        hardware = "h100-sxm"
        engine = "sglang"
        [cluster]
        tp = 4
        [workload]
        arrival = { kind = "poisson", rate = 1.0 }
        prompt_tokens = { kind = "fixed", value = 100 }
        output_tokens = { kind = "fixed", value = 10 }
        """

    /// A scenario that names presets gets exactly the specs the loader decodes.
    func testScenarioSpecsAreTheLoadersSpecs() throws {
        let scenario = try ScenarioLoader.load(toml: Self.scenario, source: "p.toml")
        let roofline = try XCTUnwrap(scenario.serving.costModel.roofline)
        let hardware = try Presets.hardware(named: "h100-sxm")
        XCTAssertEqual(roofline.model, try Presets.model(named: "llama-3.1-70b"))
        XCTAssertEqual(roofline.hardware, hardware)
        XCTAssertEqual(roofline.engine, try Presets.engine(named: "sglang", on: hardware))
    }

    /// Names match ignoring case, as in a scenario; "none" is the hardware's own terms.
    func testNamesIgnoreCase() throws {
        XCTAssertEqual(try Presets.hardware(named: "H100-SXM"), try Presets.hardware(named: "h100-sxm"))
        XCTAssertEqual(try Presets.model(named: "Llama-3.1-8B"), try Presets.model(named: "llama-3.1-8b"))
        let h200 = try Presets.hardware(named: "h200")
        XCTAssertEqual(try Presets.engine(named: "None", on: h200), .bare(h200))
    }

    /// Every preset of every kind decodes through the loader.
    func testEveryPresetLoads() throws {
        for name in PresetKind.model.names { XCTAssertEqual(try Presets.model(named: name).name.isEmpty, false, name) }
        for name in PresetKind.hardware.names {
            let hardware = try Presets.hardware(named: name)
            for engine in PresetKind.engine.names { _ = try Presets.engine(named: engine, on: hardware) }
        }
    }

    /// One message for an unknown name, whoever asks: the API, the scenario's sections, the
    /// speculative draft and `simserve cost`.
    func testUnknownNameHasOneMessageEverywhere() throws {
        let hardware = PresetError(kind: "hardware", name: "mi300", known: Presets.hardwareNames).description
        XCTAssertEqual(hardware, "unknown hardware preset 'mi300'; did you mean 'mi300x'? (known: "
                       + Presets.hardwareNames.joined(separator: ", ") + ")")
        XCTAssertThrowsError(try Presets.hardware(named: "mi300")) { XCTAssertEqual("\($0)", hardware) }

        let inScenario = try XCTUnwrap(TestSupport.loadError(Self.scenario, overrides: ["hardware=mi300"]))
        XCTAssertTrue(inScenario.contains("hardware.preset: " + hardware), inScenario)

        let engine = PresetError(kind: "engine", name: "vlm", known: Presets.engineNames).description
        let engineError = try XCTUnwrap(TestSupport.loadError(Self.scenario, overrides: ["engine=vlm"]))
        XCTAssertTrue(engineError.contains("engine.preset: " + engine), engineError)
        XCTAssertTrue(engine.contains("did you mean 'vllm'?"), engine)

        let draft = PresetError(kind: "model", name: "llama-3.1-8", known: Presets.modelNames).description
        let withDraft = Self.scenario + "\n[speculative]\ndraft = \"llama-3.1-8\"\nproposal_tokens = 4\nacceptance_rate = 0.7\n"
        let draftError = try XCTUnwrap(TestSupport.loadError(withDraft))
        XCTAssertTrue(draftError.contains("speculative.draft: " + draft), draftError)

        let cli = try TestSupport.runCLI(["cost", "--model", "llama-3.1-8b", "--hardware", "mi300", "--decode", "1x10"])
        XCTAssertNotEqual(cli.status, 0)
        XCTAssertEqual(cli.stderr, "error: " + hardware + "\n")
    }
}
