import SimCore
import Foundation
import XCTest
@testable import Calibrator
import SimServeKit

/// The cost-model fit on synthetic timings, and the profile it writes, read back through the
/// scenario loader as a ``HardwareSpec`` — no kernel is timed, so the test is quick in debug.
final class ProfileRoundTripTests: XCTestCase {
    /// A "true" CPU model and measurements drawn from it with seeded ±2 % noise.
    private func syntheticMeasurements(seed: UInt64) -> (CPUCostModel, [KernelMeasurement]) {
        var truth = CPUCostModel(peakFlopsPerSecond: 150e9, bandwidthBytesPerSecond: 20e9)
        truth.launchSeconds = 30e-6
        truth.computeEfficiency = 0.85
        truth.memoryEfficiency = 0.9
        truth.sharpness = 3
        truth.prefillEfficiency = 0.5
        truth.prefillOverheadSeconds = 200e-6
        truth.decodeEfficiency = 0.3
        truth.decodePerSequenceSeconds = 20e-6
        var noise = SplitMix64(seed: seed)
        func sample(_ seconds: Double) -> TimingSample {
            TimingSample(seconds: (0..<5).map { _ in seconds * (1 + 0.04 * (noise.nextUnit() - 0.5)) })
        }
        let plan = CalibrationPlan.standard(quick: false)
        let measurements = plan.cases.map { kernel, role in
            let t = kernel.kernel == "triad" ? kernel.bytes / truth.bandwidthBytesPerSecond : truth.seconds(kernel)
            let s = sample(t)
            return KernelMeasurement(kernel: kernel, role: role, sample: s, cpuSample: s)
        }
        return (truth, measurements)
    }

    /// Each parameter within the 99.73 % ("3σ") interval of its sub-fit: σ̂ · t(0.99865, dof),
    /// Student's t because σ̂ comes from few residuals — 20 dof for the GEMM parameters
    /// (24 shapes, 4 parameters), 3 for prefill (5 shapes, a line), 4 for decode (6 shapes, 2).
    func testFitRecoversSyntheticParametersWithinThreeSigma() throws {
        let expected: [String: (value: Double, t: Double)] = [
            "kernel_launch_us": (30, 3.45), "compute_efficiency": (0.85, 3.45), "memory_efficiency": (0.9, 3.45),
            "prefill_attention_efficiency": (0.5, 9.22), "prefill_attention_overhead_us": (200, 9.22),
            "decode_attention_efficiency": (0.3, 6.62), "decode_attention_per_sequence_us": (20, 6.62),
        ]
        for seed: UInt64 in 1...4 {
            let (truth, measurements) = syntheticMeasurements(seed: seed)
            let fit = try CostModelFit.fit(measurements, peakFlopsPerSecond: truth.peakFlopsPerSecond)
            for p in fit.parameters {
                guard let want = expected[p.name] else { continue }
                XCTAssertLessThan(abs(p.value - want.value), want.t * p.standardError,
                                  "seed \(seed): \(p.name) = \(p.value) ± \(p.standardError), truth \(want.value)")
            }
            XCTAssertLessThan(fit.heldOutMAPE, 3, "seed \(seed)")
        }
    }

    func testProfileLoadsThroughTheScenarioLoader() throws {
        let (truth, measurements) = syntheticMeasurements(seed: 9)
        let fit = try CostModelFit.fit(measurements, peakFlopsPerSecond: truth.peakFlopsPerSecond)
        let spec = fit.model.hardwareSpec(name: "test-cpu", memoryGB: 64, cores: 2)
        let machine = MachineDescription(cpuinfo: "model name\t: Test \"CPU\"\ncpu MHz\t\t: 2000.0\nflags\t\t: avx2 fma\nprocessor\t: 0\nprocessor\t: 1\n",
                                         meminfo: "MemTotal:       65536000 kB\n")
        let profile = CalibrationProfile(machine: machine, threads: 2, quick: false, measurements: measurements,
                                         fit: fit, hardware: spec)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("calib-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("this-cpu.toml").path
        try profile.toml().write(toFile: path, atomically: true, encoding: .utf8)

        XCTAssertEqual(try HardwareProfile.load(path: path), spec)
        let scenario = """
            requests = 10
            model = "llama-2-7b"
            [hardware]
            profile = "this-cpu.toml"
            kernel_launch_us = 12.5
            [workload]
            arrival = { kind = "poisson", rate = 5.0 }
            prompt_tokens = { kind = "fixed", value = 10 }
            output_tokens = { kind = "fixed", value = 10 }
            """
        let loaded = try ScenarioLoader.load(toml: scenario, source: "t.toml", baseDirectory: directory.path)
        var expected = spec
        expected.kernelLaunchUs = 12.5   // the scenario's key overrides the profile's
        XCTAssertEqual(loaded.hardware, expected)
        XCTAssertEqual(loaded.hardware?.computeEfficiency, fit.model.computeEfficiency)
        XCTAssertEqual(loaded.hardware?.shape.gemmTileRows, Matmul.rowTile)
        XCTAssertEqual(loaded.hardware?.shape.attentionQueryTile, PrefillAttention.queryBlock,
                       "the profile carries the prefill kernel's query tile")
    }

    /// The measurements CSV beside the profile: one row per kernel, the fitted prediction,
    /// the split, and the shape columns of each kernel.
    func testMeasurementsCSVHasEveryKernelWithItsPrediction() throws {
        let (truth, measurements) = syntheticMeasurements(seed: 5)
        let fit = try CostModelFit.fit(measurements, peakFlopsPerSecond: truth.peakFlopsPerSecond)
        let machine = MachineDescription(cpuinfo: "model name\t: Test\ncpu MHz\t\t: 2000.0\nflags\t\t: avx2 fma\nprocessor\t: 0\n",
                                         meminfo: "MemTotal:       65536000 kB\n")
        let profile = CalibrationProfile(machine: machine, threads: 1, quick: false, measurements: measurements, fit: fit,
                                         hardware: fit.model.hardwareSpec(name: "t", memoryGB: 64, cores: 1))
        let lines = MeasurementsCSV.text(profile).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines[0]
        XCTAssertEqual(Array(header.prefix(5)), ["op", "split", "measured_s", "predicted_s", "error_percent"])
        XCTAssertEqual(lines.count, measurements.count + 1)
        XCTAssertTrue(lines.dropFirst().allSatisfy { $0.count == header.count })
        let gemm = try XCTUnwrap(lines.first { $0[0] == "gemm" && $0[1] == "held_out" })
        let m = try XCTUnwrap(measurements.first { $0.role == .heldOut && $0.kernel.kernel == "gemm" })
        XCTAssertEqual(Double(gemm[3])!, fit.model.seconds(m.kernel), accuracy: 1e-15)
        XCTAssertEqual(gemm[header.firstIndex(of: "m")!], "\(m.kernel.parameters[0].1)")
        XCTAssertEqual(lines.filter { $0[1] == "reference" }.map { $0[3] }, [""])
    }

    func testProfileErrorsNameTheKeyPath() {
        let scenario = """
            requests = 10
            model = "llama-2-7b"
            hardware = { profile = "missing.toml" }
            [workload]
            arrival = { kind = "poisson", rate = 5.0 }
            prompt_tokens = { kind = "fixed", value = 10 }
            output_tokens = { kind = "fixed", value = 10 }
            """
        XCTAssertThrowsError(try ScenarioLoader.load(toml: scenario, source: "t.toml", baseDirectory: "/nonexistent")) { error in
            XCTAssertTrue("\(error)".contains("hardware.profile: /nonexistent/missing.toml: no such hardware profile"), "\(error)")
        }
    }
}
