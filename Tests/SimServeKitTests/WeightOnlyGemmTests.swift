import XCTest
import TestSupport
@testable import SimServeKit

/// Weight-only quantised GEMMs on the 16-bit tensor cores (Marlin and its fp8 variant): their
/// own compute rate and row tile where the GPU sets them (`weight_only_compute_efficiency`,
/// `weight_only_tile_rows`), the 16-bit GEMM's without; never for bf16 weights, fp8 weights on
/// fp8 tensor cores, or GPTQ's ExLlama kernels.
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
        let h = try a100 { $0.weightOnlyComputeEfficiency = 0.4; $0.weightOnlyTileRows = 16; $0.rooflineSharpness = 40 }
        let k = KernelTimeModel(hardware: h, weightDtype: .int8)
        XCTAssertEqual(k.gemmFlopsPerSecond, h.peakTflops * 1e12 * 0.4, accuracy: 1)
        XCTAssertEqual(k.tileRows, 16)
        // m = 2,000 (compute-bound): 125 tiles of 16 rows at 0.4 of the 16-bit peak, plus the launch.
        let compute = 2 * 2000 * 28672 * 4096 / (h.peakTflops * 1e12 * 0.4)
        XCTAssertEqual(gemm(h, .int8, m: 2000), h.kernelLaunchUs * 1e-6 + compute, accuracy: 1e-12)
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

    func testBadValuesNameTheKey() {
        let cases = [("weight_only_compute_efficiency = 1.5", "hardware.weight_only_compute_efficiency: must be in (0, 1.2]"),
                     ("weight_only_compute_efficiency = 0", "hardware.weight_only_compute_efficiency: must be in (0, 1.2]"),
                     ("weight_only_tile_rows = 0", "hardware.weight_only_tile_rows: must be ≥ 1 rows")]
        for (line, message) in cases {
            let error = TestSupport.hardwareKeyError(line)
            XCTAssertTrue(error?.contains(message) == true, error ?? "loaded")
        }
        XCTAssertNil(TestSupport.hardwareKeyError("weight_only_compute_efficiency = 0.5\nweight_only_tile_rows = 16"))
    }
}
