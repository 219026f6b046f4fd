import XCTest
@testable import SimPlanning
import SimServeKit

/// Sweep axes, the grid's point order and shards.
final class SweepGridTests: XCTestCase {
    func testListsRangesAndUnitsExpand() throws {
        XCTAssertEqual(try SweepParameter(parsing: "cluster.tp=1,2,4").values, ["1", "2", "4"])
        XCTAssertEqual(try SweepParameter(parsing: "workload.arrival.rate=10:50:10").values, ["10", "20", "30", "40", "50"])
        XCTAssertEqual(try SweepParameter(parsing: "x=0.1:0.3:0.1").values, ["0.1", "0.2", "0.3"])
        XCTAssertEqual(try SweepParameter(parsing: "scheduler.batching_window=0ms:20ms:5ms").values,
                       ["0ms", "5ms", "10ms", "15ms", "20ms"])
        XCTAssertEqual(try SweepParameter(parsing: "r=1,2,5:15:5").values, ["1", "2", "5", "10", "15"])
        XCTAssertEqual(try SweepParameter(parsing: "model=llama-2-7b").values, ["llama-2-7b"])
        XCTAssertEqual(try SweepParameter(parsing: "a.b=[1,2],{ x = 1, y = 2 },\"p,q\"").values,
                       ["[1,2]", "{ x = 1, y = 2 }", "\"p,q\""])
        XCTAssertEqual(try SweepParameter(parsing: "t=10:12:5").values, ["10"])
    }

    func testBadAxesNameTheAssignment() {
        func message(_ text: String) -> String? {
            do { _ = try SweepParameter(parsing: text); return nil } catch { return error.description }
        }
        XCTAssertEqual(message("rate"), "--set: 'rate' has no '='; expected key.path=v1,v2 or key.path=lo:hi:step")
        XCTAssertEqual(message("rate=1:0:1"), "--set: 'rate=1:0:1': the end (0) must be ≥ the start (1)")
        XCTAssertEqual(message("rate=1:5:0"), "--set: 'rate=1:5:0': the step must be > 0, got 0")
        XCTAssertEqual(message("w=1ms:5s:1ms"), "--set: 'w=1ms:5s:1ms': the range's three parts must have the same unit, got 'ms', 's', 'ms'")
        XCTAssertEqual(message("rate=1,,2"), "--set: 'rate=1,,2' has an empty value")
        XCTAssertEqual(message("rate=1:1000000:1"), "--set: 'rate=1:1000000:1' gives 1000000 values; at most 100000 are allowed")
    }

    /// The first axis varies slowest; every point appears once; shards partition the grid.
    func testGridOrderAndShards() throws {
        let grid = try SweepGrid([SweepParameter(parsing: "a=1,2,3"), SweepParameter(parsing: "b=x,y")])
        XCTAssertEqual(grid.count, 6)
        XCTAssertEqual((0..<6).map { grid.point($0).values.joined() }, ["1x", "1y", "2x", "2y", "3x", "3y"])
        XCTAssertEqual(grid.point(3).assignments, ["a=2", "b=y"])
        for n in 1...7 {
            let all = (0..<n).flatMap { grid.indices(in: Shard(index: $0, count: n)) }.sorted()
            XCTAssertEqual(all, Array(0..<6), "shards of \(n)")
        }
        XCTAssertEqual(grid.indices(in: try Shard(parsing: "1/4")), [1, 5])
        XCTAssertThrowsError(try SweepGrid([SweepParameter(parsing: "a=1"), SweepParameter(parsing: "a=2")]))
        for bad in ["4/4", "-1/2", "1", "a/b", "0/0"] {
            XCTAssertThrowsError(try Shard(parsing: bad), bad)
        }
    }

    func testRowValuesAreTypedAndCSVEscaped() {
        XCTAssertEqual(SweepRow.typedValue("4"), .int(4))
        XCTAssertEqual(SweepRow.typedValue("2.5"), .number(2.5))
        XCTAssertEqual(SweepRow.typedValue("20ms"), .string("20ms"))
        XCTAssertEqual(SweepRow.typedValue("true"), .bool(true))
        XCTAssertEqual(SweepRow.typedValue("\"jsq\""), .string("jsq"))
        let row = SweepRow(index: 3, columns: [("point", .int(3)), ("note", .string("a,\"b\"\nc")), ("x", .null),
                                               ("y", .number(0.25))])
        XCTAssertEqual(row.csvLine, "3,\"a,\"\"b\"\" c\",,0.25")
        XCTAssertEqual(row.jsonLine, #"{"point":3,"note":"a,\"b\" c","x":null,"y":0.25}"#)
    }
}
