import XCTest
import SimServeKit

final class ConfigTableTests: XCTestCase {
    private func parse(_ toml: String) throws -> ConfigTable {
        try ConfigTable.parse(toml: toml, source: "test.toml")
    }

    private func table(_ value: ConfigValue?, file: StaticString = #filePath, line: UInt = #line) -> ConfigTable {
        guard case .table(let table)? = value else {
            XCTFail("not a table: \(String(describing: value))", file: file, line: line)
            return ConfigTable()
        }
        return table
    }

    func testParsesEveryValueType() throws {
        let parsed = try parse("""
            name = "chat"
            count = 3
            rate = 2.5
            enabled = true
            sizes = [1, 2]
            day = 1979-05-27
            [model]
            layers = 32
            """)
        XCTAssertEqual(parsed, [
            "name": .string("chat"),
            "count": .integer(3),
            "rate": .float(2.5),
            "enabled": .bool(true),
            "sizes": .array([.integer(1), .integer(2)]),
            "day": .string("1979-05-27"),
            "model": .table(["layers": .integer(32)]),
        ])
    }

    func testKeepsTheFilesKeyOrder() throws {
        let parsed = try parse(#"""
            zeta = 1
            alpha = """
            [not_a_table]
            beta = "inside a string"
            """
            [model]
            name = "x"
            hidden = 4096   # a comment with [brackets] = and "quotes"
            [[classes]]
            weight = 1
            name = "a"
            [[classes]]
            name = "b"
            weight = 2
            [scheduler]
            "quoted.key" = 1
            b.y = 2
            b.x = 1
            inline = { z = 1, a = [{ q = 1, p = 2 }] }
            """#)
        XCTAssertEqual(parsed.keys, ["zeta", "alpha", "model", "classes", "scheduler"])
        XCTAssertEqual(table(parsed["model"]).keys, ["name", "hidden"])
        guard case .array(let classes)? = parsed["classes"], classes.count == 2 else {
            return XCTFail("classes is not an array of two")
        }
        XCTAssertEqual(table(classes[0]).keys, ["weight", "name"])
        XCTAssertEqual(table(classes[1]).keys, ["name", "weight"])
        let scheduler = table(parsed["scheduler"])
        XCTAssertEqual(scheduler.keys, ["quoted.key", "b", "inline"])
        XCTAssertEqual(table(scheduler["b"]).keys, ["y", "x"])
        XCTAssertEqual(table(scheduler["inline"]).keys, ["z", "a"])
        XCTAssertEqual(table(scheduler[path: ["inline"]].flatMap { value -> ConfigValue? in
            guard case .table(let inline) = value, case .array(let elements)? = inline["a"] else { return nil }
            return elements.first
        }).keys, ["q", "p"])
    }

    func testSyntaxErrorNamesLineAndColumn() {
        XCTAssertThrowsError(try parse("seed = 1\n[scheduler]\nmax_batch_size 64\n")) { error in
            XCTAssertEqual("\(error)", """
                Scenario 'test.toml' is not valid (1 problem):
                  - line 3, column 16: Error while parsing key-value pair: expected '=', saw '6'
                """)
        }
    }

    func testNestedLookupByPath() throws {
        let parsed = try parse("[a.b]\nc = 1\n[x]\ny = 2")
        XCTAssertEqual(parsed[path: ["a", "b", "c"]], .integer(1))
        XCTAssertEqual(parsed[path: ["a", "missing"]], nil)
        XCTAssertEqual(parsed[path: ["x", "y", "z"]], nil)
        XCTAssertEqual(parsed[path: []], .table(parsed))
    }

    func testSettingKeepsPlacesAndNilRemoves() {
        var table: ConfigTable = ["a": .integer(1), "b": .integer(2)]
        table["a"] = .integer(10)
        table["c"] = .integer(3)
        table["b"] = nil
        XCTAssertEqual(table.keys, ["a", "c"])
        XCTAssertEqual(table["a"], .integer(10))
        XCTAssertEqual(table["b"], nil)
    }

    func testOverlayMergesTablesAndReplacesOtherValues() {
        let base: ConfigTable = [
            "seed": .integer(1),
            "scheduler": .table(["policy": .string("fcfs"), "max_batch_size": .integer(8)]),
            "sizes": .array([.integer(1), .integer(2)]),
            "model": .table(["name": .string("a")]),
        ]
        let overlay: ConfigTable = [
            "scheduler": .table(["max_batch_size": .integer(64), "window": .string("20ms")]),
            "sizes": .array([.integer(3)]),
            "model": .string("replaced"),
            "extra": .bool(true),
        ]
        XCTAssertEqual(base.overlaid(with: overlay), [
            "seed": .integer(1),
            "scheduler": .table([
                "policy": .string("fcfs"), "max_batch_size": .integer(64), "window": .string("20ms"),
            ]),
            "sizes": .array([.integer(3)]),
            "model": .string("replaced"),
            "extra": .bool(true),
        ])
    }

    func testTypeDescriptions() {
        XCTAssertEqual(
            [ConfigValue.table([:]), .array([]), .string(""), .integer(0), .float(0), .bool(false)]
                .map(\.typeDescription),
            ["a table", "an array", "a string", "an integer", "a number", "a boolean"])
    }
}
