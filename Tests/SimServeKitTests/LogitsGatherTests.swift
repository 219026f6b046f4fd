import CostModel
import TestSupport
import XCTest
@testable import SimServeKit

/// NCCL's all-gather with its own figures (`all_gather_overhead_us`, `all_gather_efficiency`,
/// `all_gather_own_chunk_share`), and the gather of the vocabulary-parallel LM head's logits
/// that every iteration at TP > 1 pays: its size, its place in the cost, the breakdown and the
/// tabulated model, and its absence at TP 1.
final class LogitsGatherTests: XCTestCase {
    private func kernels(_ edit: (inout KernelShapeParameters) -> Void = { _ in }) throws -> KernelTimeModel {
        KernelTimeModel(hardware: try TestSupport.hardware("h100-sxm", editing: edit), weightDtype: .bf16)
    }

    /// Without the keys the all-gather is half an all-reduce's ring; with them, Simple takes
    /// their fixed time and rate and the own chunk's share, and LL still wins small messages.
    func testAllGatherTakesItsOwnSimpleFiguresAndOwnChunk() throws {
        let ring = try kernels { $0.allGatherOverheadUs = nil; $0.allGatherEfficiency = nil; $0.allGatherOwnChunkShare = nil }
        let h = try TestSupport.hardware("h100-sxm")
        let linkRate = h.linkBandwidthGBs * 1e9
        let llRate = linkRate * h.shape.ncclLLEfficiency!
        // Ring form: the faster of LL and Simple at the all-reduce's terms, plus t−1 hops.
        let bytes = 256.0 * 1024 * 1024, t = 4.0
        let busBytes = (t - 1) / t * bytes
        let ringSimple = h.shape.ncclSimpleOverheadUs! * 1e-6 + busBytes / (linkRate * h.linkEfficiency)
        let ringLL = h.shape.collectiveOverheadUs * 1e-6 + busBytes / llRate
        let hops = (t - 1) * h.linkLatencyUs * 1e-6
        XCTAssertEqual(ring.ringAllGather(bytes: bytes, workers: 4).seconds, min(ringSimple, ringLL) + hops, accuracy: 1e-12)

        let own = try kernels { $0.allGatherOverheadUs = 20; $0.allGatherEfficiency = 0.8; $0.allGatherOwnChunkShare = 0.5 }
        let simple = 20e-6 + (busBytes + 0.5 * bytes / t) / (linkRate * 0.8)
        XCTAssertEqual(own.ringAllGather(bytes: bytes, workers: 4).seconds, min(simple, ringLL) + hops, accuracy: 1e-12)
        XCTAssertLessThan(simple, ringLL, "a 256 MiB message runs Simple")
        // The own chunk weighs most in small groups: the bus rate grows with the GPUs.
        func busRate(_ workers: Double) throws -> Double {
            (workers - 1) / workers * bytes / own.ringAllGather(bytes: bytes, workers: Int(workers)).seconds
        }
        XCTAssertLessThan(try busRate(2), try busRate(4))
        XCTAssertLessThan(try busRate(4), try busRate(8))
        // A small message still runs LL at the all-reduce's terms.
        let small = 4096.0
        XCTAssertEqual(own.ringAllGather(bytes: small, workers: 4).seconds,
                       h.shape.collectiveOverheadUs * 1e-6 + (t - 1) / t * small / llRate + hops, accuracy: 1e-12)
        XCTAssertEqual(own.ringAllGather(bytes: bytes, workers: 1).seconds, 0)
    }

    func testAllGatherKeysRefuseBadValuesNamingTheKey() {
        for (line, key) in [("all_gather_efficiency = 0", "all_gather_efficiency"),
                            ("all_gather_efficiency = 1.3", "all_gather_efficiency"),
                            ("all_gather_overhead_us = -1", "all_gather_overhead_us"),
                            ("all_gather_own_chunk_share = 3", "all_gather_own_chunk_share"),
                            ("all_gather_own_chunk_share = -0.1", "all_gather_own_chunk_share")] {
            let error = TestSupport.hardwareKeyError(line)
            XCTAssertNotNil(error, line)
            XCTAssertTrue(error?.contains(key) ?? false, "\(line): \(error ?? "")")
        }
        XCTAssertNil(TestSupport.hardwareKeyError("all_gather_overhead_us = 19\nall_gather_efficiency = 0.79\nall_gather_own_chunk_share = 0.45"))
    }

    /// Every iteration at TP > 1 gathers its logit rows' tokens × vocabulary activations, once,
    /// on top of the LM head's GEMM; at TP 1 there is nothing to gather.
    func testEveryIterationAtTPAboveOneGathersItsLogits() throws {
        let spec = try Presets.model(named: "llama-3-70b")
        let gpu = try Presets.hardware(named: "h100-sxm")
        var decode = BatchShape()
        decode.addDecodes(count: 128, contextTokens: 128 * 1000)
        var prefill = BatchShape()
        prefill.addPrefillChunk(newTokens: 2048, cachedTokens: 0, completesPrompt: true)
        prefill.addPrefillChunk(newTokens: 512, cachedTokens: 0, completesPrompt: false)
        for tp in [2, 4, 8] {
            let model = RooflineCostModel(model: spec, hardware: gpu, parallelism: Parallelism(tensor: tp))
            let kernels = KernelTimeModel(hardware: gpu, weightDtype: spec.weightDtype)
            for (shape, rows) in [(decode, 128.0), (prefill, 1.0)] {
                let expected = kernels.ringAllGather(bytes: rows * Double(spec.vocabSize) * 2, workers: tp)
                let line = try XCTUnwrap(model.breakdown(shape).first { $0.op == "logits_gather" }, "TP \(tp)")
                XCTAssertEqual(line.seconds, expected.seconds, accuracy: 1e-15)
                XCTAssertEqual(line.bytes, expected.bytes, accuracy: 1)
                XCTAssertEqual(model.breakdown(shape).reduce(0) { $0 + $1.seconds }, model.cost(shape).seconds,
                               accuracy: 1e-12 * model.cost(shape).seconds)
                XCTAssertGreaterThanOrEqual(model.cost(shape).commBytes, expected.bytes)
                let table = TabulatedCostModel(model, maxTokens: 4096)
                XCTAssertEqual(table.cost(shape).seconds, model.cost(shape).seconds, accuracy: 1e-9 * model.cost(shape).seconds)
                XCTAssertEqual(table.cost(shape).commBytes, model.cost(shape).commBytes, accuracy: 1e-6 * model.cost(shape).commBytes)
            }
            // 128 rows of a 128,256-token vocabulary in bf16: 32.8 MB, tens of microseconds or more.
            let decodeGather = try XCTUnwrap(model.breakdown(decode).first { $0.op == "logits_gather" })
            XCTAssertGreaterThan(decodeGather.seconds, 20e-6)
        }
        let single = RooflineCostModel(model: spec, hardware: gpu, parallelism: Parallelism(tensor: 1))
        XCTAssertNil(single.breakdown(decode).first { $0.op == "logits_gather" })
    }
}
