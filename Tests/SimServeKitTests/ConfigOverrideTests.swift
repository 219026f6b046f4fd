import XCTest
import SimServeKit
import TestSupport

final class ConfigOverrideTests: XCTestCase {
    private var base: ConfigTable {
        ["seed": .integer(1), "scheduler": .table(["policy": .string("fcfs")])]
    }

    /// The value at `path` after applying `assignment` to `base`.
    private func value(after assignment: String, at path: [String]) throws -> ConfigValue? {
        var table = base
        try table.applyOverride(assignment)
        return table[path: path]
    }

    /// The error's full text for an override that fails.
    private func failure(_ assignment: String) -> String? {
        var table = base
        do {
            try table.applyOverride(assignment)
            return nil
        } catch {
            XCTAssertEqual(table, base, "a failed override must leave the table unchanged")
            return "\(error)"
        }
    }

    func testValuesAreReadAsTOML() throws {
        XCTAssertEqual(try value(after: "seed=7", at: ["seed"]), .integer(7))
        XCTAssertEqual(try value(after: "scheduler.rate=2.5", at: ["scheduler", "rate"]), .float(2.5))
        XCTAssertEqual(try value(after: "scheduler.chunked=false", at: ["scheduler", "chunked"]), .bool(false))
        XCTAssertEqual(try value(after: "scheduler.policy=\"sjf\"", at: ["scheduler", "policy"]), .string("sjf"))
        XCTAssertEqual(try value(after: "sizes=[1, 2]", at: ["sizes"]), .array([.integer(1), .integer(2)]))
        XCTAssertEqual(try value(after: "model={ name = \"m\", tp = 2 }", at: ["model"]),
                       .table(["name": .string("m"), "tp": .integer(2)]))
    }

    func testInvalidTOMLValueIsABareString() throws {
        XCTAssertEqual(try value(after: "scheduler.batching_window=20ms", at: ["scheduler", "batching_window"]),
                       .string("20ms"))
        XCTAssertEqual(try value(after: "scheduler.policy=sjf", at: ["scheduler", "policy"]), .string("sjf"))
        XCTAssertEqual(try value(after: "name=a=b", at: ["name"]), .string("a=b"))
    }

    func testBlanksAroundKeyAndValueAreIgnored() throws {
        XCTAssertEqual(try value(after: " seed = 7 ", at: ["seed"]), .integer(7))
    }

    func testCreatesMissingTablesAndKeepsOtherKeys() throws {
        var table = base
        try table.applyOverride("workload.arrival.rate=5")
        try table.applyOverride("scheduler.max_batch_size=64")
        XCTAssertEqual(table, [
            "seed": .integer(1),
            "scheduler": .table(["policy": .string("fcfs"), "max_batch_size": .integer(64)]),
            "workload": .table(["arrival": .table(["rate": .integer(5)])]),
        ])
    }

    func testQuotedKeysFollowTOMLRules() throws {
        XCTAssertEqual(try value(after: "models.\"gpu.a100\".tp=2", at: ["models", "gpu.a100", "tp"]), .integer(2))
    }

    func testOverrideWithoutEqualsSign() {
        XCTAssertEqual(failure("seed"), """
            Scenario '--set' is not valid (1 problem):
              - override 'seed' has no '='; expected key.path=value
            """)
    }

    func testOverrideWithEmptyKey() {
        XCTAssertEqual(failure(" =5"), """
            Scenario '--set' is not valid (1 problem):
              - override ' =5' has no key before '='; expected key.path=value
            """)
    }

    func testOverrideWithInvalidKeyPath() {
        XCTAssertEqual(failure("scheduler..policy=sjf"), """
            Scenario '--set' is not valid (1 problem):
              - override 'scheduler..policy=sjf': 'scheduler..policy' is not a valid key path
            """)
    }

    func testOverrideThroughAValueThatIsNotATable() {
        XCTAssertEqual(failure("seed.low=1"), """
            Scenario '--set' is not valid (1 problem):
              - override 'seed.low=1' sets a key inside 'seed', which is an integer, not a table
            """)
        XCTAssertEqual(failure("scheduler.policy.kind=x"), """
            Scenario '--set' is not valid (1 problem):
              - override 'scheduler.policy.kind=x' sets a key inside 'scheduler.policy', which is a string, not a table
            """)
    }

    func testIndexedKeysReachAnElementOfAnArrayOfTables() throws {
        var table: ConfigTable = ["seed": .integer(1), "workload": .table(["classes": .array([
            .table(["name": .string("interactive")]), .table(["name": .string("batch")]),
        ])])]
        try table.applyOverride("workload.classes[1].batching_window=30ms")
        try table.applyOverride("workload.classes[0].name=chat")
        XCTAssertEqual(table[path: ["workload", "classes"]], .array([
            .table(["name": .string("chat")]),
            .table(["name": .string("batch"), "batching_window": .string("30ms")]),
        ]))
        for (assignment, expected) in [
            ("workload.classes[2].name=x", "'workload.classes' has 2 entries (indexes 0 to 1), not [2]"),
            ("seed[0].x=1", "indexes 'seed', which is an integer, not an array of tables"),
            ("workload.tenants[0].share=1", "indexes 'workload.tenants', which is not set, not an array of tables"),
            ("workload.classes[x].name=a", "'workload.classes[x].name' is not a valid key path"),
            ("workload.classes[0]=1", "'workload.classes[0]' is not a valid key path"),
        ] {
            var copy = table
            XCTAssertThrowsError(try copy.applyOverride(assignment), assignment) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(assignment): \(error)")
            }
            XCTAssertEqual(copy, table, assignment)
        }
    }

    func testIndexedOverrideChangesTheRun() throws {
        let toml = """
            requests = 400
            model = "llama-2-7b"
            hardware = "a100-80gb"
            [workload]
            arrival = { kind = "poisson", rate = 2.0 }
            [[workload.classes]]
            name = "a"
            share = 0.5
            prompt_tokens = { kind = "fixed", value = 200 }
            output_tokens = { kind = "fixed", value = 50 }
            [[workload.classes]]
            name = "b"
            share = 0.5
            prompt_tokens = { kind = "fixed", value = 200 }
            output_tokens = { kind = "fixed", value = 50 }
            """
        let plain = try TestSupport.run(toml).1
        let windowed = try TestSupport.run(toml, overrides: ["workload.classes[1].batching_window=40ms"]).1
        let ttft = { (result: RunResult, name: String) in
            result.summary.classes.first { $0.name == name }!.ttft!.p50
        }
        XCTAssertEqual(ttft(windowed, "a"), ttft(plain, "a"), accuracy: 0.01)
        XCTAssertGreaterThan(ttft(windowed, "b"), ttft(plain, "b") + 0.015)
    }
}
