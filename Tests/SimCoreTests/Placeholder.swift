import XCTest
@testable import SimCore
final class PlaceholderTests: XCTestCase { func testNothing() {} }
