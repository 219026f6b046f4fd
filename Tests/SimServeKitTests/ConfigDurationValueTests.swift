import XCTest
import SimServeKit

final class ConfigDurationValueTests: XCTestCase {
    private func seconds(_ text: String) -> Double? {
        DurationValue(parsing: text)?.seconds
    }

    private func assertSeconds(_ text: String, _ expected: Double, file: StaticString = #filePath, line: UInt = #line) {
        guard let actual = seconds(text) else {
            return XCTFail("'\(text)' did not parse", file: file, line: line)
        }
        XCTAssertEqual(actual, expected, accuracy: abs(expected) * 1e-12, "'\(text)'", file: file, line: line)
    }

    func testParsesEveryUnit() {
        assertSeconds("250ns", 250e-9)
        assertSeconds("500us", 500e-6)
        assertSeconds("500µs", 500e-6)
        assertSeconds("20ms", 0.02)
        assertSeconds("1.5s", 1.5)
        assertSeconds("2m", 120)
        assertSeconds("1h", 3600)
    }

    func testAcceptsBlanksSignsExponentsAndBareNumbers() {
        assertSeconds("20 ms", 0.02)
        assertSeconds(" 3s ", 3)
        assertSeconds("-5ms", -0.005)
        assertSeconds("1e3us", 1e-3)
        assertSeconds("0.25", 0.25)
    }

    func testRejectsAnythingElse() {
        for text in ["fast", "", "ms", "20 parsecs", "20MS", "1.5.2s", "infs", "nan", "0x10s", "20ms extra"] {
            XCTAssertNil(seconds(text), "'\(text)' should not parse")
        }
    }

    private struct Holder: Decodable { var window: DurationValue }

    private func decode(_ toml: String) throws(ScenarioError) -> Double {
        let table = try ConfigTable.parse(toml: toml, source: "test.toml")
        return try ConfigDecoder().decode(Holder.self, from: table, source: "test.toml").window.seconds
    }

    func testDecodesStringsAndNumbers() throws {
        XCTAssertEqual(try decode("window = \"20ms\""), 0.02, accuracy: 1e-15)
        XCTAssertEqual(try decode("window = 2"), 2)
        XCTAssertEqual(try decode("window = 0.5"), 0.5)
    }

    func testBadTextNamesExamplesAndTheValue() {
        XCTAssertThrowsError(try decode("window = \"fast\"")) { error in
            XCTAssertEqual((error as? ScenarioError)?.issues, [
                ScenarioIssue(keyPath: "window",
                              message: "expected a duration such as \"20ms\" or \"1.5s\", found \"fast\""),
            ])
        }
    }
}
