import XCTest
import SimServeKit

final class ConfigScenarioErrorTests: XCTestCase {
    func testIssueDescriptionPrefixesTheKeyPath() {
        XCTAssertEqual(ScenarioIssue(keyPath: "a.b", message: "missing required key").description,
                       "a.b: missing required key")
        XCTAssertEqual(ScenarioIssue(keyPath: "", message: "line 1, column 2: oops").description,
                       "line 1, column 2: oops")
    }

    func testDescriptionCountsProblems() {
        let one = ScenarioError(source: "chat.toml", issues: [ScenarioIssue(keyPath: "seed", message: "bad")])
        XCTAssertEqual(one.description, "Scenario 'chat.toml' is not valid (1 problem):\n  - seed: bad")
        let two = ScenarioError(source: "chat.toml", issues: [
            ScenarioIssue(keyPath: "a.b", message: "first"),
            ScenarioIssue(keyPath: "c", message: "second"),
        ])
        XCTAssertEqual(two.description, """
            Scenario 'chat.toml' is not valid (2 problems):
              - a.b: first
              - c: second
            """)
    }
}
