// swift-tools-version:6.0
import PackageDescription

/// The simulator's hot loop touches class state millions of times per run; dynamic
/// exclusivity checks on those accesses cost more than the simulation itself. Release builds
/// leave them out (debug builds, where the tests run, keep them).
let hotLoopSettings: [SwiftSetting] = [
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "simserve",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "simserve", targets: ["simserve"]),
        .library(name: "SimServeKit", targets: ["SimServeKit"]),
        .library(name: "SimCore", targets: ["SimCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // System library over GNU GSL; imported only by SimCore/Random.
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev", "pkg-config"])]
        ),
        // The discrete-event engine: time, event queue, run loop, seeded random streams.
        // Knows nothing about LLMs.
        .target(
            name: "SimCore",
            dependencies: [
                "CGSL",
                .product(name: "HeapModule", package: "swift-collections"),
            ],
            swiftSettings: hotLoopSettings
        ),
        // The domain: scenarios, workloads, serving, cost model, metrics, output.
        .target(
            name: "SimServeKit",
            dependencies: [
                "SimCore",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            swiftSettings: hotLoopSettings
        ),
        .executableTarget(
            name: "simserve",
            dependencies: [
                "SimServeKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "TestSupport", dependencies: ["SimServeKit"], path: "Tests/TestSupport"),
        .testTarget(name: "SimCoreTests", dependencies: ["SimCore"]),
        .testTarget(name: "SimServeKitTests", dependencies: ["SimServeKit", "TestSupport"]),
    ]
)
