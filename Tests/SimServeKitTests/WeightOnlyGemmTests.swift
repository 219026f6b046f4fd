import XCTest
import TestSupport
@testable import SimServeKit

/// Weight-only quantised GEMMs on the 16-bit tensor cores (Marlin and its fp8 variant): their
/// own compute rate and row tile where the GPU sets them (`weight_only_compute_efficiency`,
/// `weight_only_tile_rows`), the 16-bit GEMM's without; never for bf16 weights, fp8 weights on
/// fp8 tensor cores, or GPTQ's ExLlama kernels, whose fused kernel has a rate of its own
/// (`gptq_exllama_tflops`).
final class WeightOnlyGemmTests: XCTestCase {
    private func a100(_ edit: (inout KernelShapeParameters) -> Void = { _ in }) throws -> HardwareSpec {
        try TestSupport.hardware("a100-80gb", editing: edit)
    }

    private func gemm(_ h: HardwareSpec, _ dtype: DataType, m: Double, engine: EngineSpec? = nil) -> Double {
        let weightBytes = dtype == .int4 ? 0.5 : dtype == .int8 || dtype == .fp8 ? 1 : 2
        return KernelTimeModel(hardware: h, weightDtype: dtype, engine: engine)
            .gemm(m: m, n: 28672, k: 4096, weightBytes: weightBytes, activationBytes: 2).seconds
    }

    func testComputeBoundWeightOnlyGemmRunsAtItsOwnRateAndTile() throws {
        let h = try a100 {
            $0.weightOnlyComputeEfficiency = 0.4; $0.weightOnlyTileRows = 16; $0.weightOnlyLaunchUs = 20; $0.rooflineSharpness = 40
        }
        let k = KernelTimeModel(hardware: h, weightDtype: .int8)
        XCTAssertEqual(k.gemmFlopsPerSecond, h.peakTflops * 1e12 * 0.4, accuracy: 1)
        XCTAssertEqual(k.tileRows, 16)
        // m = 2,000 (compute-bound): 125 tiles of 16 rows at 0.4 of the 16-bit peak, plus Marlin's fixed
        // time for each of its three launches (2 × 16 slices of 64 rows, then the 16 rows left).
        let compute = 2 * 2000 * 28672 * 4096 / (h.peakTflops * 1e12 * 0.4)
        XCTAssertEqual(gemm(h, .int8, m: 2000), 3 * 20e-6 + compute, accuracy: 1e-12)
        // int4 and fp8 weights (an A100 has no fp8 tensor cores) take the same path.
        XCTAssertEqual(gemm(h, .int4, m: 2000), gemm(h, .int8, m: 2000))
        XCTAssertEqual(gemm(h, .fp8, m: 2000), gemm(h, .int8, m: 2000))
        // At one row the packed weights' read bounds it, whatever the rate.
        var faster = h
        faster.shape.weightOnlyComputeEfficiency = 0.8
        XCTAssertEqual(gemm(h, .int4, m: 1), gemm(faster, .int4, m: 1))
        XCTAssertLessThan(gemm(faster, .int8, m: 2000), gemm(h, .int8, m: 2000))
    }

    func testWithoutTheKeysAWeightOnlyGemmIsTheSixteenBitGemmsForm() throws {
        let h = try a100 { $0.weightOnlyComputeEfficiency = nil; $0.weightOnlyTileRows = nil }
        let k = KernelTimeModel(hardware: h, weightDtype: .int4)
        XCTAssertEqual(k.gemmFlopsPerSecond, h.peakTflops * 1e12 * h.computeEfficiency, accuracy: 1)
        XCTAssertEqual(k.tileRows, Double(h.shape.gemmTileRows))
    }

    func testOtherGemmsIgnoreTheKeys() throws {
        let set = try a100(), unset = try a100 { $0.weightOnlyComputeEfficiency = nil; $0.weightOnlyTileRows = nil }
        XCTAssertNotNil(set.shape.weightOnlyComputeEfficiency, "the a100 presets set it (else the test proves nothing)")
        for m in [1.0, 100, 4096] {
            XCTAssertEqual(gemm(set, .bf16, m: m), gemm(unset, .bf16, m: m), "bf16 at m = \(m)")
        }
        // GPTQ's ExLlama kernels are not Marlin.
        var exllama = try Presets.engine(named: "vllm-v0", on: set)
        exllama.weightOnlyGemm = .gptqExllama
        for m in [8.0, 512] {
            XCTAssertEqual(gemm(set, .int4, m: m, engine: exllama), gemm(unset, .int4, m: m, engine: exllama), "m = \(m)")
        }
        // fp8 weights on fp8 tensor cores keep the fp8 figures.
        var h100 = try Presets.hardware(named: "h100-sxm")
        let fp8 = gemm(h100, .fp8, m: 2000)
        h100.shape.weightOnlyComputeEfficiency = 0.2
        h100.shape.weightOnlyTileRows = 16
        XCTAssertEqual(gemm(h100, .fp8, m: 2000), fp8)
    }

    /// Marlin's fixed time per call (`weight_only_launch_us`) replaces the launch of weight-only
    /// GEMMs only: 16-bit, fp8-tensor-core and ExLlama GEMMs keep theirs.
    func testWeightOnlyGemmsTakeMarlinsFixedTime() throws {
        let h = try a100 { $0.weightOnlyLaunchUs = 30 }
        let without = try a100 { $0.weightOnlyLaunchUs = nil }
        // One row of a small shard: the fixed time plus the same packed-weight read.
        for dtype in [DataType.int4, .int8, .fp8] {
            XCTAssertEqual(gemm(h, dtype, m: 1) - gemm(without, dtype, m: 1), (30 - h.kernelLaunchUs) * 1e-6,
                           accuracy: 1e-12, "\(dtype)")
        }
        XCTAssertEqual(gemm(h, .bf16, m: 1), gemm(without, .bf16, m: 1))
        var exllama = try Presets.engine(named: "vllm-v0", on: h)
        exllama.weightOnlyGemm = .gptqExllama
        XCTAssertEqual(gemm(h, .int4, m: 8, engine: exllama), gemm(without, .int4, m: 8, engine: exllama))
        var h100 = try Presets.hardware(named: "h100-sxm")
        let fp8 = gemm(h100, .fp8, m: 8)
        h100.shape.weightOnlyLaunchUs = 30
        XCTAssertEqual(gemm(h100, .fp8, m: 8), fp8)
        // The a100 presets carry the fitted figure; the other GPUs none.
        for name in ["a100-80gb", "a100-40gb"] {
            XCTAssertEqual(try Presets.hardware(named: name).shape.weightOnlyLaunchUs, 11.95, name)
        }
        XCTAssertNil(try Presets.hardware(named: "h100-sxm").shape.weightOnlyLaunchUs)
    }

    /// Marlin's host loop launches its kernel once for up to 64 rows, then once per 16 slices of
    /// 64 rows and once for the rows left over; each launch pays the fixed time.
    func testMarlinPaysItsFixedTimeOncePerLaunch() throws {
        let launches: [(Double, Double)] = [(1, 1), (64, 1), (65, 2), (127, 2), (128, 1), (129, 2), (1024, 1),
                                            (1025, 2), (1088, 2), (1100, 3), (4096, 4), (4100, 5)]
        for (rows, expected) in launches {
            XCTAssertEqual(KernelTimeModel.marlinLaunches(rows: rows), expected, "\(rows) rows")
        }
        let h = try a100 { $0.weightOnlyLaunchUs = 30; $0.rooflineSharpness = 40 }
        let without = try a100 { $0.weightOnlyLaunchUs = nil; $0.rooflineSharpness = 40 }
        // 80 rows of a small shard: two launches' fixed time over the same roofline (without the
        // figure, one launch at the GPU's own launch time).
        let small = { (hw: HardwareSpec) in
            KernelTimeModel(hardware: hw, weightDtype: .int4).gemm(m: 80, n: 512, k: 4096, weightBytes: 0.5,
                                                                   activationBytes: 2).seconds
        }
        XCTAssertEqual(small(h) - small(without), 2 * 30e-6 - h.kernelLaunchUs * 1e-6, accuracy: 1e-12)
    }

    /// Weight-only expert GEMMs (Marlin's MoE kernel: fp8 weights on an A100, int8/int4 anywhere
    /// Marlin runs) multiply at the slower of the fused-MoE rate and Marlin's own; 16-bit experts
    /// keep the fused-MoE rate, and without a weight-only rate the fused-MoE one holds.
    func testWeightOnlyExpertGemmsRunNoFasterThanMarlin() throws {
        let h = try a100 { $0.moeComputeEfficiency = 0.7; $0.weightOnlyComputeEfficiency = 0.45 }
        let peak = h.peakTflops * 1e12
        for dtype in [DataType.fp8, .int8, .int4] {
            XCTAssertEqual(KernelTimeModel(hardware: h, weightDtype: dtype).moeFlopsPerSecond, peak * 0.45,
                           accuracy: 1, "\(dtype)")
        }
        XCTAssertEqual(KernelTimeModel(hardware: h, weightDtype: .bf16).moeFlopsPerSecond, peak * 0.7, accuracy: 1)
        let slowMoE = try a100 { $0.moeComputeEfficiency = 0.3; $0.weightOnlyComputeEfficiency = 0.45 }
        XCTAssertEqual(KernelTimeModel(hardware: slowMoE, weightDtype: .fp8).moeFlopsPerSecond, peak * 0.3, accuracy: 1)
        let noMarlinRate = try a100 { $0.moeComputeEfficiency = 0.7; $0.weightOnlyComputeEfficiency = nil }
        XCTAssertEqual(KernelTimeModel(hardware: noMarlinRate, weightDtype: .int4).moeFlopsPerSecond, peak * 0.7,
                       accuracy: 1)
        // The expert GEMM itself: compute-bound at 2,048 routed rows over 8 experts, slower by the rates' ratio.
        let bf16 = try a100 { $0.moeComputeEfficiency = 0.45; $0.weightOnlyComputeEfficiency = 0.45 }
        let expert = { (hw: HardwareSpec, dtype: DataType) in
            KernelTimeModel(hardware: hw, weightDtype: dtype)
                .expertGemm(m: 2048, n: 3072, k: 4096, weightBytes: 1, activationBytes: 2, experts: 8).seconds
        }
        XCTAssertGreaterThan(expert(h, .fp8), 1.3 * expert(h, .bf16))
        XCTAssertEqual(expert(h, .fp8), expert(bf16, .bf16), accuracy: 1e-9)
    }

    /// GPTQ's ExLlama fused kernel (up to 50 rows, 24 for 8-bit weights) runs its 2·m·n·k at its
    /// own rate where the GPU sets one (`gptq_exllama_tflops`), never faster than the packed
    /// weights' roofline; above the fused rows (the dequantising path) and on Marlin the rate
    /// changes nothing.
    func testExllamaFusedKernelRunsItsWorkAtItsOwnRate() throws {
        let h = try a100 { $0.gptqExllamaTflops = 28 }
        let without = try a100 { $0.gptqExllamaTflops = nil }
        var exllama = try Presets.engine(named: "vllm-v0", on: h)
        exllama.weightOnlyGemm = .gptqExllama
        let work = { (m: Double) in 2 * m * 28672 * 4096 / 28e12 }
        // 40 rows: the fused kernel's work at 28 TFLOP/s (0.34 ms) outlasts the 59 MB packed read.
        XCTAssertEqual(gemm(h, .int4, m: 40, engine: exllama), h.kernelLaunchUs * 1e-6 + work(40), accuracy: 1e-12)
        XCTAssertGreaterThan(gemm(h, .int4, m: 40, engine: exllama), 1.5 * gemm(without, .int4, m: 40, engine: exllama))
        // 24 rows of 8-bit weights are still fused; 25 are not.
        XCTAssertEqual(gemm(h, .int8, m: 24, engine: exllama), h.kernelLaunchUs * 1e-6 + work(24), accuracy: 1e-12)
        XCTAssertEqual(gemm(h, .int8, m: 25, engine: exllama), gemm(without, .int8, m: 25, engine: exllama))
        // One row: the weight read bounds it, as without the rate.
        XCTAssertEqual(gemm(h, .int4, m: 1, engine: exllama), gemm(without, .int4, m: 1, engine: exllama))
        // Above 50 rows (dequantise, then cuBLAS) and through Marlin the rate is not read.
        XCTAssertEqual(gemm(h, .int4, m: 51, engine: exllama), gemm(without, .int4, m: 51, engine: exllama))
        XCTAssertEqual(gemm(h, .int4, m: 40), gemm(without, .int4, m: 40))
        // The presets that carry the figure.
        for name in ["a100-80gb", "a100-40gb", "h100-sxm", "h200", "b200"] {
            XCTAssertEqual(try Presets.hardware(named: name).shape.gptqExllamaTflops, 28, name)
        }
    }

    func testBadValuesNameTheKey() {
        let cases = [("weight_only_compute_efficiency = 1.5", "hardware.weight_only_compute_efficiency: must be in (0, 1.2]"),
                     ("weight_only_compute_efficiency = 0", "hardware.weight_only_compute_efficiency: must be in (0, 1.2]"),
                     ("weight_only_tile_rows = 0", "hardware.weight_only_tile_rows: must be ≥ 1 rows"),
                     ("gptq_exllama_tflops = 0", "hardware.gptq_exllama_tflops: must be finite and > 0"),
                     ("gptq_exllama_tflops = -3", "hardware.gptq_exllama_tflops: must be finite and > 0"),
                     ("weight_only_launch_us = -1", "hardware.weight_only_launch_us: must be a finite time ≥ 0 µs")]
        for (line, message) in cases {
            let error = TestSupport.hardwareKeyError(line)
            XCTAssertTrue(error?.contains(message) == true, error ?? "loaded")
        }
        XCTAssertNil(TestSupport.hardwareKeyError("weight_only_compute_efficiency = 0.5\nweight_only_tile_rows = 16"))
    }
}
