import Foundation
import XCTest
import SimServeKit

// Small scenario-shaped types: snake_case properties are the TOML keys.

private struct Scenario: Decodable, Equatable {
    var seed: Int?
    var scheduler: Scheduler
}

private struct Scheduler: Decodable, Equatable {
    var max_batch_size: Int?
    var policy: Policy?
    var batching_window: DurationValue?
}

private enum Policy: String, Decodable, CaseIterable {
    case fcfs, sjf
}

private struct Model: Decodable, Equatable {
    var name: String
    var hidden_size: Int
    var dtype_bytes: Int8?
    var layers: UInt?
    var scale: Double?
    var tied: Bool?
}

/// A `kind`-selected variant, read the way the scenario types read theirs.
private enum Arrival: Decodable, Equatable {
    case poisson(rate: Double)
    case gamma(Gamma)

    struct Gamma: Decodable, Equatable {
        var shape: Double
        var rate: Double
    }

    private enum KindKey: String, CodingKey { case kind }
    private enum PoissonKeys: String, CodingKey { case rate }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: KindKey.self)
        let kind = try container.decode(String.self, forKey: .kind)
        switch kind {
        case "poisson":
            let keys = try decoder.container(keyedBy: PoissonKeys.self)
            self = .poisson(rate: try keys.decode(Double.self, forKey: .rate))
        case "gamma":
            self = .gamma(try Gamma(from: decoder))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: container,
                debugDescription: DidYouMean.message(for: kind, notAmong: ["poisson", "gamma"]))
        }
    }
}

private struct Workload: Decodable, Equatable {
    var arrival: Arrival
    var classes: [RequestClass]?
    var weights: [String: Double]?
}

private struct RequestClass: Decodable, Equatable {
    var name: String
    var x: Int?
}

private func decode<T: Decodable>(
    _ type: T.Type, _ toml: String, prefix: [String] = []
) throws(ScenarioError) -> T {
    let table = try ConfigTable.parse(toml: toml, source: "test.toml")
    return try ConfigDecoder().decode(type, from: table, source: "test.toml", keyPathPrefix: prefix)
}

/// The issues decoding `toml` as a `T` reports, as lines; empty if it decodes.
private func issues<T: Decodable>(_ type: T.Type, _ toml: String, prefix: [String] = []) -> [String] {
    do {
        _ = try decode(type, toml, prefix: prefix)
        return []
    } catch {
        return error.issues.map(\.description)
    }
}

final class ConfigDecoderTests: XCTestCase {
    func testDecodesAValidScenario() throws {
        let scenario = try decode(Scenario.self, """
            seed = 7
            [scheduler]
            max_batch_size = 64
            policy = "sjf"
            batching_window = "20ms"
            """)
        XCTAssertEqual(scenario, Scenario(
            seed: 7,
            scheduler: Scheduler(max_batch_size: 64, policy: .sjf, batching_window: DurationValue(seconds: 0.02))))
    }

    func testUnknownKeySuggestsTheClosestKnownKey() {
        XCTAssertEqual(issues(Scenario.self, "[scheduler]\nmax_batch_szie = 64"), [
            "scheduler.max_batch_szie: unknown key; did you mean 'max_batch_size'?",
        ])
    }

    func testUnknownKeyWithoutCloseMatchListsAllowedKeys() {
        XCTAssertEqual(issues(Scenario.self, "[scheduler]\ncolour = 1"), [
            "scheduler.colour: unknown key; allowed keys: batching_window, max_batch_size, policy",
        ])
    }

    func testMisspelledTableIsUnknownAndTheRealOneMissing() {
        XCTAssertEqual(issues(Scenario.self, "[schedulr]\nmax_batch_size = 64"), [
            "schedulr: unknown key; did you mean 'scheduler'?",
            "scheduler: missing required key",
        ])
    }

    func testWrongTypeForOptionalKeyIsReportedAndDecodingGoesOn() {
        XCTAssertEqual(issues(Scenario.self, "seed = \"x\"\n[scheduler]\nmax_batch_size = true"), [
            "seed: expected an integer, found a string (\"x\")",
            "scheduler.max_batch_size: expected an integer, found a boolean (true)",
        ])
    }

    func testReportsAllProblemsTogetherInOneError() {
        XCTAssertThrowsError(try decode(Scenario.self, """
            seed = "x"
            [scheduler]
            max_batch_szie = 64
            """)) { error in
            XCTAssertEqual("\(error)", """
                Scenario 'test.toml' is not valid (2 problems):
                  - seed: expected an integer, found a string ("x")
                  - scheduler.max_batch_szie: unknown key; did you mean 'max_batch_size'?
                """)
        }
    }

    func testIssuesFollowDeclarationOrderNotDocumentOrder() {
        let expected = [
            "scale: expected a number, found a string (\"big\")",
            "tied: expected a boolean, found an integer (1)",
        ]
        XCTAssertEqual(issues(Model.self, "tied = 1\nscale = \"big\"\nname = \"m\"\nhidden_size = 8"), expected)
        XCTAssertEqual(issues(Model.self, "name = \"m\"\nhidden_size = 8\nscale = \"big\"\ntied = 1"), expected)
    }

    func testUnknownKeysComeAfterTheKnownOnesOfTheirTableByName() {
        XCTAssertEqual(issues(Model.self, "zeta = 1\nname = \"m\"\nalpha = 2\nhidden_size = 8\ntied = 1"), [
            "tied: expected a boolean, found an integer (1)",
            "alpha: unknown key; allowed keys: dtype_bytes, hidden_size, layers, name, scale, tied",
            "zeta: unknown key; allowed keys: dtype_bytes, hidden_size, layers, name, scale, tied",
        ])
    }

    func testMissingRequiredKey() {
        XCTAssertEqual(issues(Model.self, "name = \"m\""), ["hidden_size: missing required key"])
    }

    func testMisspelledRequiredKeyIsBothUnknownAndMissing() {
        XCTAssertEqual(issues(Model.self, "name = \"m\"\nhiden_size = 8"), [
            "hiden_size: unknown key; did you mean 'hidden_size'?",
            "hidden_size: missing required key",
        ])
    }

    func testKeysAfterAFailedRequiredKeyAreNotCalledUnknown() {
        // Decoding stops at `name`: `hidden_size` and `scale` were never reached, and
        // `colour`, close to no key asked about, is left for the next run.
        XCTAssertEqual(issues(Model.self, "name = 3\nhidden_size = 8\nscale = 1.0\ncolour = 2"), [
            "name: expected a string, found an integer (3)",
        ])
        // `nmae` is not a model key but close to `name`, which was asked about.
        XCTAssertEqual(issues(Model.self, "nmae = \"m\"\nhidden_size = 8"), [
            "nmae: unknown key; did you mean 'name'?",
            "name: missing required key",
        ])
    }

    func testTableExpectedButScalarFound() {
        XCTAssertEqual(issues(Scenario.self, "scheduler = 3"), [
            "scheduler: expected a table, found an integer (3)",
        ])
    }

    func testStringIsNeverCoercedFromANumber() {
        XCTAssertEqual(issues(Model.self, "name = 3\nhidden_size = 8"), [
            "name: expected a string, found an integer (3)",
        ])
    }

    func testIntegralFloatDecodesAsInteger() throws {
        XCTAssertEqual(try decode(Model.self, "name = \"m\"\nhidden_size = 4096.0").hidden_size, 4096)
    }

    func testFractionalFloatIsNotAnInteger() {
        XCTAssertEqual(issues(Model.self, "name = \"m\"\nhidden_size = 2.5"), [
            "hidden_size: expected an integer, found 2.5",
        ])
    }

    func testIntegerDecodesAsDouble() throws {
        XCTAssertEqual(try decode(Model.self, "name = \"m\"\nhidden_size = 1\nscale = 2").scale, 2.0)
    }

    func testIntegerOutOfRangeOfSmallerType() {
        XCTAssertEqual(issues(Model.self, "name = \"m\"\nhidden_size = 1\ndtype_bytes = 300\nlayers = -1"), [
            "dtype_bytes: expected an integer between -128 and 127, found 300",
            "layers: expected an integer between 0 and 18446744073709551615, found -1",
        ])
    }

    func testKeyPathPrefixIsPrependedToEveryIssue() throws {
        let table = try ConfigTable.parse(
            toml: "[model]\nname = \"m\"\nhidden_size = 1\nscale = \"big\"\ncolour = 2", source: "test.toml")
        guard case .table(let model)? = table["model"] else { return XCTFail("no [model] table") }
        XCTAssertThrowsError(
            try ConfigDecoder().decode(Model.self, from: model, source: "test.toml", keyPathPrefix: ["model"])
        ) { error in
            XCTAssertEqual((error as? ScenarioError)?.issues.map(\.description), [
                "model.scale: expected a number, found a string (\"big\")",
                "model.colour: unknown key; allowed keys: dtype_bytes, hidden_size, layers, name, scale, tied",
            ])
        }
    }

    func testDataCorruptedFromATypesOwnInitIsRecordedAtItsKeyPath() {
        XCTAssertEqual(issues(Workload.self, "[arrival]\nkind = \"poison\"\nrate = 2.0"), [
            "arrival.kind: 'poison' is not one of 'poisson', 'gamma'; did you mean 'poisson'?",
        ])
    }

    func testKindSelectedVariantKnowsTheKeysOfAllItsContainers() throws {
        XCTAssertEqual(try decode(Workload.self, "[arrival]\nkind = \"gamma\"\nshape = 2\nrate = 1").arrival,
                       .gamma(.init(shape: 2, rate: 1)))
        XCTAssertEqual(issues(Workload.self, "[arrival]\nkind = \"gamma\"\nshape = 2\nrate = 1\ncv = 3"), [
            "arrival.cv: unknown key; allowed keys: kind, rate, shape",
        ])
        XCTAssertEqual(issues(Workload.self, "[arrival]\nkind = \"poisson\"\nrate = 1\nshape = 2"), [
            "arrival.shape: unknown key; allowed keys: kind, rate",
        ])
    }

    func testCaseIterableStringEnumNamesItsCases() {
        XCTAssertEqual(issues(Scenario.self, "[scheduler]\npolicy = \"fcf\""), [
            "scheduler.policy: 'fcf' is not one of 'fcfs', 'sjf'; did you mean 'fcfs'?",
        ])
        XCTAssertEqual(issues(Scenario.self, "[scheduler]\npolicy = \"random\""), [
            "scheduler.policy: 'random' is not one of 'fcfs', 'sjf'",
        ])
    }

    func testArrayElementsAreNamedByIndex() {
        XCTAssertEqual(issues(Workload.self, """
            [arrival]
            kind = "poisson"
            rate = 1
            [[classes]]
            name = "chat"
            y = 1
            [[classes]]
            name = "code"
            x = "oops"
            """), [
            "classes[0].y: unknown key; allowed keys: name, x",
            "classes[1].x: expected an integer, found a string (\"oops\")",
        ])
    }

    func testArrayOfScalarsNamesTheBadElement() {
        struct Sizes: Decodable { var sizes: [Int] }
        XCTAssertEqual(issues(Sizes.self, "sizes = [1, 2, \"x\"]"), [
            "sizes[2]: expected an integer, found a string (\"x\")",
        ])
        XCTAssertEqual(issues(Sizes.self, "sizes = 4"), ["sizes: expected an array, found an integer (4)"])
    }

    func testFixedLengthArrayTooShort() {
        struct Pair: Decodable {
            var first: Int, second: Int
            init(from decoder: any Decoder) throws {
                var elements = try decoder.unkeyedContainer()
                first = try elements.decode(Int.self)
                second = try elements.decode(Int.self)
            }
        }
        struct Holder: Decodable { var pair: Pair }
        XCTAssertEqual(issues(Holder.self, "pair = [1]"), ["pair: expected at least 2 elements, found 1"])
    }

    func testDictionaryDecodesFromATableAndHasNoUnknownKeys() throws {
        let workload = try decode(Workload.self, """
            [arrival]
            kind = "poisson"
            rate = 1
            [weights]
            chat = 0.75
            code = 1
            """)
        XCTAssertEqual(workload.weights, ["chat": 0.75, "code": 1])
    }

    func testDictionaryValueProblemNamesItsKey() {
        XCTAssertEqual(issues([String: Double].self, "chat = 1\n\"gpu.a100\" = \"x\""), [
            "\"gpu.a100\": expected a number, found a string (\"x\")",
        ])
    }

    func testDurationProblemsAreRecordedAtTheirKey() {
        XCTAssertEqual(issues(Scenario.self, "[scheduler]\nbatching_window = \"fast\""), [
            "scheduler.batching_window: expected a duration such as \"20ms\" or \"1.5s\", found \"fast\"",
        ])
        XCTAssertEqual(issues(Scenario.self, "[scheduler]\nbatching_window = true"), [
            "scheduler.batching_window: expected a duration such as \"20ms\" or \"1.5s\", found a boolean (true)",
        ])
    }

    func testConfigValuePropertyTakesItsSubtreeUnchecked() throws {
        struct Holder: Decodable { var name: String; var extra: ConfigValue }
        let holder = try decode(Holder.self, "name = \"h\"\n[extra]\nanything = [1, 2]")
        XCTAssertEqual(holder.extra, .table(["anything": .array([.integer(1), .integer(2)])]))
    }

    func testConfigValueDecodesUnderOtherDecoders() throws {
        let json = Data(#"{"sizes": [1, 2.5, "x", true]}"#.utf8)
        XCTAssertEqual(try JSONDecoder().decode(ConfigValue.self, from: json),
                       .table(["sizes": .array([.integer(1), .float(2.5), .string("x"), .bool(true)])]))
    }

    func testEmptyStructRejectsEveryKey() {
        struct Nothing: Decodable {}
        XCTAssertEqual(issues(Nothing.self, "a = 1"), ["a: unknown key; this table takes no keys"])
    }
}
