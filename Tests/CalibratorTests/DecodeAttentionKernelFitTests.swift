import Foundation
import XCTest
import TestSupport
import Calibrator
import SimServeKit

/// `calibrate --from-kernels --decode-attention-kernel`: rows made by the simulator with known
/// XQA figures are fitted back, and the shipped figures are the fit of the measured tables.
final class DecodeAttentionKernelFitTests: XCTestCase {
    /// Decode rows of the tables' shapes, timed by `hardware` through TensorRT-LLM's kernel.
    private static func rows(gpu: KernelGPU, hardware: HardwareSpec) throws -> [MeasuredKernel] {
        let engine = try Presets.engine(named: "tensorrt-llm", on: hardware)
        let predictor = KernelPredictor(hardware: hardware, engine: engine)
        var out: [MeasuredKernel] = []
        for (heads, kvHeads) in [(64, 8), (32, 4), (16, 2), (32, 8), (8, 1)] {
            for batch in [1, 4, 16, 64, 256] {
                for kv in [127, 1023, 4095, 16383] {
                    for bytes in [1.0, 2.0] {
                        let op = MeasuredKernel.Op.decodeAttention(batch: batch, kvLength: kv, heads: heads, kvHeads: kvHeads,
                                                                   headDim: 128, kvBytes: bytes)
                        var row = MeasuredKernel(gpu: gpu.label, op: op, measuredSeconds: 0,
                                                 split: KernelSplitRule.attention(heads: heads, kvHeads: kvHeads))
                        row.measuredSeconds = predictor.seconds(row)
                        out.append(row)
                    }
                }
            }
        }
        return out
    }

    func testRecoversKnownFigures() throws {
        let gpu = try XCTUnwrap(KernelGPU.named("h200"))
        let table = try XCTUnwrap(DecodeAttentionKernelFit.tableGPU(gpu, kernel: .trtllmXQA))
        XCTAssertEqual(table.backend, "trtllm")
        let preset = try Presets.hardware(named: "h200")
        var truth = preset
        let known = DecodeAttentionFigures(fp8KVEfficiency: 0.85, fp8KVOverheadUs: 4.5, fp8KVFloorUs: 0,
                                           fp8KVPerSequenceKVHeadUs: 0.02, fp8KVHalfRateUnits: 1.2, fp8KVOverlapSharpness: 2.5)
        truth.trtllmXQADecodeAttention = known
        let fit = try DecodeAttentionKernelFit.fit(measurements: try Self.rows(gpu: table, hardware: truth), gpu: table,
                                                   preset: preset, kernel: .trtllmXQA)
        XCTAssertEqual(fit.figures.fp8KVEfficiency, 0.85, accuracy: 1e-4)
        XCTAssertEqual(fit.figures.fp8KVOverheadUs, 4.5, accuracy: 1e-3)
        XCTAssertEqual(fit.figures.fp8KVPerSequenceKVHeadUs ?? 0, 0.02, accuracy: 1e-5)
        XCTAssertEqual(fit.figures.fp8KVHalfRateUnits ?? 0, 1.2, accuracy: 1e-3)
        XCTAssertEqual(fit.figures.fp8KVOverlapSharpness ?? 0, 2.5, accuracy: 1e-3)
        let heldOut = try XCTUnwrap(fit.errors.first { $0.kind == .decodeAttentionFP8KV && $0.groupedQueries && $0.split == .heldOut })
        XCTAssertLessThan(heldOut.mapePercent, 0.01)
        XCTAssertGreaterThan(heldOut.ownFiguresMAPEPercent, 1)
        XCTAssertTrue(fit.tomlLine.hasPrefix("trtllm_xqa_decode_attention = { fp8_kv_efficiency = 0.85"), fit.tomlLine)
        // The GPU's own kernel has nothing to fit.
        XCTAssertThrowsError(try DecodeAttentionKernelFit.fit(measurements: [], gpu: gpu, preset: preset, kernel: .flash))
    }

    /// The shipped h200 figures are what the fit of the measured tables prints, and hold out far
    /// better than the GPU's own (vLLM's) figures on TensorRT-LLM's fp8 grouped-query rows.
    func testShippedFiguresAreTheFitOfTheMeasuredTables() throws {
        let directory = TestSupport.packageRoot.appendingPathComponent("data/kernels").path
        let gpu = try XCTUnwrap(KernelGPU.named("h200"))
        let table = try XCTUnwrap(DecodeAttentionKernelFit.tableGPU(gpu, kernel: .trtllmXQA))
        let preset = try Presets.hardware(named: "h200")
        let rows = try AIConfiguratorTables.read(directory: directory, gpus: [table])
        // The streaming efficiency is held at the rate the fit rows' large reads achieved (the
        // fit prints it), the rest fitted around it.
        let free = try DecodeAttentionKernelFit.fit(measurements: rows, gpu: table, preset: preset, kernel: .trtllmXQA)
        let large = try XCTUnwrap(free.largeReadRate)
        XCTAssertGreaterThanOrEqual(large.rows, 10)
        XCTAssertEqual(large.fraction, 0.8157, accuracy: 5e-5)
        let fit = try DecodeAttentionKernelFit.fit(measurements: rows, gpu: table, preset: preset, kernel: .trtllmXQA,
                                                   held: ["fp8_kv_efficiency": (large.fraction * 1e4).rounded() / 1e4])
        XCTAssertEqual(fit.held, ["fp8_kv_efficiency"])
        XCTAssertEqual(fit.parameters.first { $0.name == "fp8_kv_efficiency" }?.standardError, 0)
        XCTAssertEqual(fit.figures.tomlInlineTable, try XCTUnwrap(preset.trtllmXQADecodeAttention).tomlInlineTable)
        XCTAssertThrowsError(try DecodeAttentionKernelFit.fit(measurements: rows, gpu: table, preset: preset, kernel: .trtllmXQA,
                                                              held: ["fp8_efficiency": 0.8]))
        let heldOut = try XCTUnwrap(fit.errors.first { $0.kind == .decodeAttentionFP8KV && $0.groupedQueries && $0.split == .heldOut })
        XCTAssertLessThan(heldOut.mapePercent, 20)
        XCTAssertGreaterThan(heldOut.ownFiguresMAPEPercent, 50)
    }
}
