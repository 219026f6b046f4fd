import XCTest
@testable import SimServeKit
final class PlaceholderKitTests: XCTestCase { func testNothing() {} }
