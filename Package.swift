// swift-tools-version:6.0
import PackageDescription

/// The simulator's hot loop touches class state millions of times per run; dynamic
/// exclusivity checks on those accesses cost more than the simulation itself. Release builds
/// leave them out (debug builds, where the tests run, keep them).
let hotLoopSettings: [SwiftSetting] = [
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

/// The calibrator's SIMD microkernels are compiled for AVX2 + FMA (LLVM's `haswell` CPU: Intel
/// Haswell and later, AMD Zen and later), without which `SIMD16<Float>` lowers to SSE and
/// `addingProduct` to separate multiply and add. Running them on an x86-64 CPU without AVX2
/// stops with an illegal instruction; `simserve calibrate` checks /proc/cpuinfo first.
#if arch(x86_64)
let simdKernelSettings: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "haswell"])]
#else
let simdKernelSettings: [SwiftSetting] = []
#endif

let package = Package(
    name: "simserve",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "simserve", targets: ["simserve"]),
        .library(name: "SimServeKit", targets: ["SimServeKit"]),
        .library(name: "SimCore", targets: ["SimCore"]),
        .library(name: "Calibrator", targets: ["Calibrator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // System library over GNU GSL; imported only by SimCore/Random, SimCore/Fitting and
        // SimCore/Statistics.
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
        // Helpers shared by the layers above: did-you-mean suggestions, aligned text tables and
        // number formatting, CSV cells, JSON values, output files written atomically.
        .target(name: "SimSupport"),
        // The cost model, pure: model, hardware and engine descriptions, the roofline and its
        // kernel-time terms, the memory plan, the presets' TOML text. No parsing, no rendering,
        // no I/O; imports SimSupport and Foundation only (scripts/check-layers.sh).
        .target(
            name: "CostModel",
            dependencies: ["SimSupport"],
            swiftSettings: hotLoopSettings
        ),
        // The workload: request classes and specs, arrival processes, length distributions,
        // shared prefixes, tenants, load stages, trace files; the input bounds. Above the engine.
        .target(
            name: "SimWorkload",
            dependencies: ["SimCore", "SimSupport"],
            swiftSettings: hotLoopSettings
        ),
        // The measurements: latency samples and histograms, the metrics collector, request
        // records, resource usage, the GPU power model, warm-up detection. Above the workload.
        .target(
            name: "SimMetrics",
            dependencies: ["SimCore", "SimSupport", "CostModel", "SimWorkload"],
            swiftSettings: hotLoopSettings
        ),
        // The serving simulation: replicas, schedulers and batchers, KV blocks and prefix
        // caches, routing, pipelines, disaggregated pools; the iteration cost model it asks
        // (roofline, service time or measured times); the run's result and summary; the
        // observer hook. Above the workload and the measurements.
        .target(
            name: "SimServing",
            dependencies: [
                "SimCore",
                "SimSupport",
                "CostModel",
                "SimWorkload",
                "SimMetrics",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "HeapModule", package: "swift-collections"),
            ],
            swiftSettings: hotLoopSettings
        ),
        // The outputs of a run: summary.json, requests.csv, the summary table, the iteration
        // report's rendering; where and what a run writes (OutputSettings). Above the serving
        // simulation.
        .target(
            name: "SimOutput",
            dependencies: ["SimCore", "SimSupport", "CostModel", "SimWorkload", "SimMetrics", "SimServing"]
        ),
        // The scenario layer, the only target that reads TOML: the scenario file's schema and
        // its decoding, presets and Hugging Face configs, overrides, the resolver that checks a
        // scenario and builds its serving configuration, the `[assert]` conditions, the run-size
        // estimate. Above the outputs.
        .target(
            name: "SimScenario",
            dependencies: [
                "SimCore", "SimSupport", "CostModel", "SimWorkload", "SimMetrics", "SimServing", "SimOutput",
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        // The planning layer: the scenario runner (one pass, or two with MSER-5 warm-up
        // detection), parameter sweeps and their files (shards, merge, scaling columns), the
        // max-rate search, the deployment search and its Pareto front. Above the scenarios.
        .target(
            name: "SimPlanning",
            dependencies: ["SimCore", "SimSupport", "SimMetrics", "SimServing", "SimOutput", "SimScenario"]
        ),
        // The top of the domain: the timeline observer, benchmarks, fuzzing, validation;
        // re-exports the layers below (SimServeKit/CostModel/Exports.swift).
        .target(
            name: "SimServeKit",
            dependencies: [
                "SimCore",
                "SimSupport",
                "CostModel",
                "SimWorkload",
                "SimMetrics",
                "SimServing",
                "SimOutput",
                "SimScenario",
                "SimPlanning",
            ],
            swiftSettings: hotLoopSettings
        ),
        // SIMD microkernels, their timing, the cost-model fit and versioned hardware profiles.
        .target(
            name: "Calibrator",
            dependencies: ["SimCore", "SimServeKit"],
            swiftSettings: simdKernelSettings
        ),
        .executableTarget(
            name: "simserve",
            dependencies: [
                "SimServeKit",
                "Calibrator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "TestSupport", dependencies: ["SimServeKit", "Calibrator"], path: "Tests/TestSupport"),
        .testTarget(name: "SimCoreTests", dependencies: ["SimCore", "TestSupport"]),
        .testTarget(name: "SimServeKitTests", dependencies: ["SimServeKit", "SimPlanning", "TestSupport"]),
        .testTarget(name: "CalibratorTests", dependencies: ["Calibrator", "SimServeKit", "TestSupport"]),
        // The slow checks (minutes in a debug build): `make validation` runs them, `make test`
        // skips them and runs their smaller-scale siblings.
        .testTarget(name: "ValidationTests", dependencies: ["Calibrator", "SimServeKit", "TestSupport"]),
    ]
)
