import Foundation
import XCTest
import TestSupport
import Calibrator
import SimServeKit

/// `calibrate --from-kernels`: tables generated from known kernel parameters are fitted back,
/// and the profile written loads as the fitted hardware.
final class KernelTablesFitTests: XCTestCase {
    /// Kernel tables of `gpu` written from `truth`'s figures into a fresh directory, and read back.
    private static func syntheticTables(gpu: KernelGPU, truth: HardwareSpec) throws -> (directory: URL, rows: [MeasuredKernel]) {
        let directory = try TestSupport.temporaryDirectory().appendingPathComponent("kernels")
        try SyntheticKernelTables.write(to: directory, gpu: gpu, hardware: truth)
        return (directory, try AIConfiguratorTables.read(directory: directory.path, gpus: [gpu]))
    }

    func testRecoversKnownParametersFromSyntheticTables() throws {
        let gpu = try XCTUnwrap(KernelGPU.named("h100-sxm"))
        let preset = try Presets.hardware(named: "h100-sxm")
        var truth = preset
        truth.computeEfficiency = 0.75
        truth.shape.gemmMemoryEfficiency = 0.82
        truth.kernelLaunchUs = 4.2
        truth.shape.rooflineSharpness = 3.0
        truth.shape.fp8ComputeEfficiency = 0.55
        truth.shape.decodeAttentionFloorUs = 12
        truth.shape.decodeAttentionOverheadUs = 10
        truth.shape.decodeAttentionPerSequenceHeadUs = 0
        truth.shape.decodeAttentionPerSequenceKVHeadUs = 0.03
        truth.shape.decodeAttentionHalfRateUnits = 1.5
        truth.shape.decodeAttentionOverlapSharpness = 1.8
        truth.shape.decodeAttentionEfficiency = 0.9
        truth.shape.prefillAttentionEfficiency = 0.6
        truth.shape.prefillAttentionOverheadUs = 11
        truth.shape.prefillAttentionPerSequenceUs = 0.05
        truth.shape.prefillAttentionPerTokenHeadNs = 0.3
        truth.shape.prefillAttentionPerTileHeadNs = 15
        truth.shape.prefillOneTokenAsDecode = true
        truth.shape.customAllReduceLatencyUs = 5
        truth.linkEfficiency = 0.7
        truth.shape.collectiveOverheadUs = 6
        truth.linkLatencyUs = 1.0
        truth.shape.moeComputeEfficiency = 0.85
        truth.shape.moeFP8ComputeEfficiency = 0.8
        truth.shape.moeOverheadUs = 15
        truth.shape.moePerPairNs = 9
        truth.shape.fp8GemmLaunchUs = 5.5
        truth.shape.fp8RooflineSharpness = 2.2
        truth.shape.fp8ActivationQuantGBs = 600
        truth.shape.decodeAttentionFP8KVOverheadUs = 3
        truth.shape.decodeAttentionFP8KVEfficiency = 0.75
        truth.shape.ncclLLEfficiency = 0.3
        truth.shape.ncclSimpleOverheadUs = 18
        truth.shape.allToAllOverheadUs = 14
        truth.shape.allToAllEfficiency = 0.62
        truth.shape.allToAllLLOverheadUs = 7.5
        truth.shape.allToAllOwnChunkShare = 0.6
        truth.shape.allGatherOverheadUs = 16
        truth.shape.allGatherEfficiency = 0.78
        truth.shape.allGatherOwnChunkShare = 0.45
        truth.shape.ncclNVLSEfficiency = 0.65
        truth.shape.ncclNVLSOverheadUs = 70
        truth.shape.symmMemAllReduceEfficiency = 0.5
        truth.shape.peerCopyGBs = 230
        let (directory, rows) = try Self.syntheticTables(gpu: gpu, truth: truth)
        let fit = try KernelTablesFit.fit(measurements: rows, gpu: gpu, preset: preset)
        let expected: [String: Double] = [
            "compute_efficiency": 0.75, "gemm_memory_efficiency": 0.82, "kernel_launch_us": 4.2, "roofline_sharpness": 3.0,
            "fp8_compute_efficiency": 0.55, "decode_attention_floor_us": 12, "decode_attention_overhead_us": 10,
            "decode_attention_per_sequence_kv_head_us": 0.03, "decode_attention_efficiency": 0.9,
            "decode_attention_half_rate_units": 1.5, "decode_attention_overlap_sharpness": 1.8,
            "prefill_attention_efficiency": 0.6, "prefill_attention_overhead_us": 11,
            "prefill_attention_per_sequence_us": 0.05, "prefill_attention_per_token_head_ns": 0.3,
            "prefill_attention_per_tile_head_ns": 15,
            "custom_all_reduce_latency_us": 5, "link_efficiency": 0.7, "collective_overhead_us": 6, "link_latency_us": 1.0,
            "moe_compute_efficiency": 0.85, "moe_fp8_compute_efficiency": 0.8, "moe_overhead_us": 15, "moe_per_pair_ns": 9,
            "fp8_gemm_launch_us": 5.5, "fp8_roofline_sharpness": 2.2, "fp8_activation_quant_gbs": 600,
            "decode_attention_fp8_kv_overhead_us": 3, "decode_attention_fp8_kv_efficiency": 0.75,
            "nccl_ll_efficiency": 0.3, "nccl_simple_overhead_us": 18,
            "all_to_all_overhead_us": 14, "all_to_all_efficiency": 0.62, "all_to_all_ll_overhead_us": 7.5,
            "all_to_all_own_chunk_share": 0.6,
            "all_gather_overhead_us": 16, "all_gather_efficiency": 0.78, "all_gather_own_chunk_share": 0.45,
            // H100's switches reduce and multicast: NCCL's NVLS, the symmetric-memory kernel and the peer rate of
            // the peer-memory kernels are fitted too.
            "nccl_nvls_efficiency": 0.65, "nccl_nvls_overhead_us": 70, "symm_mem_all_reduce_efficiency": 0.5,
            "peer_copy_gbs": 230,
        ]
        let fitted = Dictionary(uniqueKeysWithValues: fit.groups.flatMap(\.parameters).map { ($0.fitted.name, $0.fitted.value) })
        XCTAssertEqual(Set(fitted.keys), Set(expected.keys))
        for (name, value) in expected {
            XCTAssertEqual(try XCTUnwrap(fitted[name]), value, accuracy: 1e-4 * value, name)
        }
        for group in fit.groups {
            for e in group.errors { XCTAssertLessThan(e.mapePercent, 1e-3, "\(e.kind) \(e.split)") }
        }

        let out = directory.appendingPathComponent("h100-fitted.toml").path
        let result = try TestSupport.runCLI(["calibrate", "--from-kernels", directory.path, "--gpu", "h100-sxm", "--out", out])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("decode_attention_efficiency"), result.stdout)
        let loaded = try HardwareProfile.load(path: out)
        XCTAssertEqual(loaded.computeEfficiency, 0.75, accuracy: 1e-4)
        XCTAssertEqual(loaded.shape.decodeAttentionEfficiency, 0.9, accuracy: 1e-4)
        XCTAssertEqual(loaded.linkLatencyUs, 1.0, accuracy: 1e-3)
        XCTAssertEqual(try XCTUnwrap(loaded.shape.moeComputeEfficiency), 0.85, accuracy: 1e-4)
        XCTAssertEqual(loaded.shape.moePerPairNs, 9, accuracy: 1e-3)
        XCTAssertEqual(try XCTUnwrap(loaded.shape.fp8ActivationQuantGBs), 600, accuracy: 0.1)
        XCTAssertEqual(try XCTUnwrap(loaded.shape.decodeAttentionFP8KVEfficiency), 0.75, accuracy: 1e-4)
        XCTAssertEqual(try XCTUnwrap(loaded.shape.ncclSimpleOverheadUs), 18, accuracy: 1e-2)
        XCTAssertEqual(try XCTUnwrap(loaded.shape.allToAllEfficiency), 0.62, accuracy: 1e-4)
        XCTAssertEqual(try XCTUnwrap(loaded.shape.allToAllLLOverheadUs), 7.5, accuracy: 1e-2)
        XCTAssertEqual(try XCTUnwrap(loaded.shape.allToAllOwnChunkShare), 0.6, accuracy: 1e-3)
        XCTAssertEqual(try XCTUnwrap(loaded.shape.peerCopyGBs), 230, accuracy: 0.05)
        // The preset's limits by group size travel into the profile as tables.
        XCTAssertEqual(loaded.shape.symmMemCustomAllReduceMaxBytesByGPUs, preset.shape.symmMemCustomAllReduceMaxBytesByGPUs)
        XCTAssertEqual(loaded.shape.symmMemAllReduceMaxBytesByGPUs, preset.shape.symmMemAllReduceMaxBytesByGPUs)
        XCTAssertEqual(loaded.shape.symmMemMultimemMinGPUs, 4)
        XCTAssertEqual(loaded.shape.decodeAttentionPerSequenceKVHeadUs, 0.03, accuracy: 1e-5)
        XCTAssertEqual(loaded.shape.decodeAttentionHalfRateUnits, 1.5, accuracy: 1e-3)
        XCTAssertEqual(loaded.shape.decodeAttentionPerSequenceHeadUs, 0)
        XCTAssertEqual(loaded.shape.prefillAttentionPerTileHeadNs, 15, accuracy: 1e-2)
        XCTAssertTrue(loaded.shape.prefillOneTokenAsDecode)
    }

    /// `--hold`: a parameter held at a value known from elsewhere is not fitted, the rest of its
    /// group is fitted around it and recovered, the profile carries the held value; bad holds
    /// are refused by name with exit 2.
    func testHeldParameterIsKeptAndTheRestOfItsGroupRecovered() throws {
        let gpu = try XCTUnwrap(KernelGPU.named("h100-sxm"))
        let preset = try Presets.hardware(named: "h100-sxm")
        var truth = preset
        truth.shape.fp8ComputeEfficiency = 0.6
        truth.shape.fp8GemmLaunchUs = 6.5
        truth.shape.fp8RooflineSharpness = 1.9
        truth.shape.fp8ActivationQuantGBs = 720
        let (directory, rows) = try Self.syntheticTables(gpu: gpu, truth: truth)
        let fit = try KernelTablesFit.fit(measurements: rows, gpu: gpu, preset: preset, held: ["fp8_compute_efficiency": 0.6])
        let group = try XCTUnwrap(fit.groups.first { $0.name == "gemm_fp8" })
        XCTAssertEqual(group.parameters.map(\.fitted.name), ["fp8_gemm_launch_us", "fp8_roofline_sharpness", "fp8_activation_quant_gbs"])
        XCTAssertEqual(group.held.map(\.name), ["fp8_compute_efficiency"])
        XCTAssertEqual(try XCTUnwrap(group.held.first).value, 0.6)
        XCTAssertEqual(fit.hardware.shape.fp8ComputeEfficiency, 0.6)
        let fitted = Dictionary(uniqueKeysWithValues: group.parameters.map { ($0.fitted.name, $0.fitted.value) })
        for (name, value) in ["fp8_gemm_launch_us": 6.5, "fp8_roofline_sharpness": 1.9, "fp8_activation_quant_gbs": 720] {
            XCTAssertEqual(try XCTUnwrap(fitted[name]), value, accuracy: 1e-4 * value, name)
        }
        XCTAssertThrowsError(try KernelTablesFit.fit(measurements: rows, gpu: gpu, preset: preset, held: ["fp8_efficiency": 0.6])) {
            XCTAssertTrue("\($0)".contains("'fp8_efficiency' is not a fitted kernel parameter"), "\($0)")
        }

        let out = directory.appendingPathComponent("h100-held.toml").path
        let result = try TestSupport.runCLI(["calibrate", "--from-kernels", directory.path, "--gpu", "h100-sxm",
                                             "--hold", "fp8_compute_efficiency=0.6", "--out", out])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("(held, not fitted)"), result.stdout)
        XCTAssertEqual(try HardwareProfile.load(path: out).shape.fp8ComputeEfficiency, 0.6)
        for (arguments, message) in [
            (["--from-kernels", directory.path, "--gpu", "h100-sxm", "--hold", "bogus=1"], "'bogus' is not a fitted kernel parameter"),
            (["--from-kernels", directory.path, "--gpu", "h100-sxm", "--hold", "fp8_compute_efficiency"], "is not NAME=VALUE"),
            (["--from-kernels", directory.path, "--gpu", "h100-sxm", "--hold", "kernel_launch_us=1", "--hold", "kernel_launch_us=2"],
             "'kernel_launch_us' is given twice"),
            (["--hold", "kernel_launch_us=1"], "--hold needs --from-kernels"),
        ] {
            let refused = try TestSupport.runCLI(["calibrate"] + arguments + ["--out", out + ".bad"])
            XCTAssertEqual(refused.status, 2, arguments.joined(separator: " "))
            XCTAssertTrue(refused.stderr.contains(message), refused.stderr)
            XCTAssertFalse(FileManager.default.fileExists(atPath: out + ".bad"))
        }
    }

    /// The fp8 GEMM's rate per added column: the least-squares slope of time over the output
    /// width, per (m, k) cell of the fit rows with m, k ≥ 8,192 and three or more widths, the
    /// median over cells. Rows built from t = q·m·k + 2·m·n·k ÷ R give R exactly whatever q;
    /// held-out widths, small cells, bf16 rows and cells of two widths are not used.
    func testFP8MarginalRateIsTheSlopeOverTheOutputWidth() throws {
        func row(_ m: Int, _ n: Int, _ k: Int, rate: Double, fp8: Bool = true) -> MeasuredKernel {
            let seconds = 3e-12 * Double(m * k) + 2 * Double(m) * Double(n) * Double(k) / (rate * 1e12)
            return MeasuredKernel(gpu: "X", op: .gemm(m: m, n: n, k: k, fp8: fp8), measuredSeconds: seconds,
                                  split: KernelSplitRule.gemm(n: n))
        }
        var rows: [MeasuredKernel] = []
        for (m, k, rate) in [(8192, 8192, 1500.0), (16384, 8192, 1400), (8192, 16384, 1600)] {
            rows += [4096, 6144, 8192, 12288, 16384].map { row(m, $0, k, rate: $0 % 6144 == 0 ? 900 : rate) }
        }
        rows += [4096, 8192, 16384].map { row(4096, $0, 8192, rate: 100) }          // m below 8,192
        rows += [4096, 8192, 16384].map { row(8192, $0, 8192, rate: 100, fp8: false) }  // bf16
        rows += [4096, 8192].map { row(32768, $0, 8192, rate: 100) }                 // two widths
        let rate = try XCTUnwrap(GemmMarginalRate.fp8(rows, gpu: "X"))
        XCTAssertEqual(rate.cells.map { [$0.m, $0.k] }, [[8192, 8192], [8192, 16384], [16384, 8192]])
        for (cell, expected) in zip(rate.cells, [1500.0, 1600, 1400]) { XCTAssertEqual(cell.tflops, expected, accuracy: 1e-6) }
        XCTAssertEqual(rate.medianTflops, 1500, accuracy: 1e-6)
        XCTAssertNil(GemmMarginalRate.fp8(rows, gpu: "Y"))
    }

    /// The H100 and H200 presets hold their fp8 efficiency at the rate the shipped tables give
    /// (the figure `calibrate --from-kernels` prints under gemm_fp8), and the report says it.
    func testPresetsHoldTheShippedTablesFP8Rate() throws {
        let directory = TestSupport.packageRoot.appendingPathComponent("data/kernels").path
        for preset in ["h100-sxm", "h200"] {
            let gpu = try XCTUnwrap(KernelGPU.named(preset))
            let rows = try AIConfiguratorTables.read(directory: directory, gpus: [gpu])
            let rate = try XCTUnwrap(GemmMarginalRate.fp8(rows, gpu: gpu.label))
            XCTAssertEqual(rate.cells.count, 6, preset)
            let hardware = try Presets.hardware(named: preset)
            let efficiency = try rate.medianTflops / XCTUnwrap(hardware.peakTflopsFP8)
            XCTAssertEqual(try XCTUnwrap(hardware.shape.fp8ComputeEfficiency), efficiency, accuracy: 1e-4, preset)
            // The fp8 group's other terms are the fit around that figure, as the preset says.
            let held = (efficiency * 1e4).rounded() / 1e4
            let fit = try KernelTablesFit.fit(measurements: rows, gpu: gpu, preset: hardware, held: ["fp8_compute_efficiency": held])
            XCTAssertEqual(try XCTUnwrap(fit.hardware.shape.fp8GemmLaunchUs), try XCTUnwrap(hardware.shape.fp8GemmLaunchUs), accuracy: 0.006)
            XCTAssertEqual(try XCTUnwrap(fit.hardware.shape.fp8RooflineSharpness), try XCTUnwrap(hardware.shape.fp8RooflineSharpness),
                           accuracy: 0.006)
            XCTAssertEqual(try XCTUnwrap(fit.hardware.shape.fp8ActivationQuantGBs), try XCTUnwrap(hardware.shape.fp8ActivationQuantGBs),
                           accuracy: 0.06)
            let report = CalibrationReport.text(fit)
            XCTAssertTrue(report.contains("rate per added output column"), report)
            XCTAssertTrue(report.contains(String(format: "--hold fp8_compute_efficiency=%.4f", held)), report)
        }
    }

    /// A100's MoE figures are the fit of its vLLM fused-MoE rows: skewed routing (its only rows),
    /// read without expert parallelism; H100 reads TensorRT-LLM's balanced rows only.
    func testA100MoEFiguresAreTheFitOfItsSkewedRowsWithoutExpertParallelism() throws {
        let a100 = try XCTUnwrap(KernelGPU.named("a100-80gb")), h100 = try XCTUnwrap(KernelGPU.named("h100-sxm"))
        XCTAssertTrue(a100.readsMoE(distribution: "power_law_1.01", ep: 1))
        XCTAssertFalse(a100.readsMoE(distribution: "power_law_1.01", ep: 2))
        XCTAssertFalse(a100.readsMoE(distribution: "balanced", ep: 1))
        XCTAssertTrue(h100.readsMoE(distribution: "balanced", ep: 8))
        XCTAssertFalse(h100.readsMoE(distribution: "power_law_1.01", ep: 1))
        let directory = TestSupport.packageRoot.appendingPathComponent("data/kernels").path
        let rows = try AIConfiguratorTables.read(directory: directory, gpus: [a100])
        let moe = rows.filter { if case .moe = $0.op { return $0.split != .excluded } else { return false } }
        XCTAssertEqual(moe.count, 450)
        let hardware = try Presets.hardware(named: "a100-80gb")
        let fit = try KernelTablesFit.fit(measurements: rows, gpu: a100, preset: hardware)
        XCTAssertEqual(try XCTUnwrap(fit.hardware.shape.moeComputeEfficiency), try XCTUnwrap(hardware.shape.moeComputeEfficiency),
                       accuracy: 1e-4)
        XCTAssertEqual(fit.hardware.shape.moePerPairNs, hardware.shape.moePerPairNs, accuracy: 0.01)
        XCTAssertEqual(try Presets.hardware(named: "a100-40gb").shape.moeComputeEfficiency, hardware.shape.moeComputeEfficiency)
    }
}
