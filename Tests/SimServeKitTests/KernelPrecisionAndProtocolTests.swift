import XCTest
import TestSupport
@testable import SimServeKit

/// The terms of ``KernelTimeModel`` fitted on the aiconfigurator tables beyond the shared
/// roofline: the fp8 linear op's own fixed time, p and activation quantisation; the fp8 KV
/// cache's extra fixed time and streaming rate in decode attention; NCCL's LL and Simple
/// protocols. Each is absent (the shared form) without its key, and each key moves the time
/// by exactly its term; bad values are rejected with the key.
final class KernelPrecisionAndProtocolTests: XCTestCase {
    private func h100(_ edit: (inout KernelShapeParameters) -> Void = { _ in }) throws -> HardwareSpec {
        try TestSupport.hardware("h100-sxm", editing: edit)
    }

    private func fp8Gemm(_ h: HardwareSpec, m: Double, n: Double = 4096, k: Double = 4096) -> Double {
        KernelTimeModel(hardware: h, weightDtype: .fp8).gemm(m: m, n: n, k: k, weightBytes: 1, activationBytes: 2).seconds
    }

    func testFP8GemmIsTheSharedRooflineWithoutItsKeys() throws {
        let h = try h100 {
            $0.fp8GemmLaunchUs = nil; $0.fp8RooflineSharpness = nil; $0.fp8ActivationQuantGBs = nil
        }
        let k = KernelTimeModel(hardware: h, weightDtype: .fp8)
        for m in [1.0, 64, 300, 8192] {
            let shared = k.tiledGemm(m: m, n: 4096, k: 4096, weightBytes: 1, activationBytes: 2, groups: 1,
                                     flopsPerSecond: k.gemmFlopsPerSecond)
            XCTAssertEqual(fp8Gemm(h, m: m), shared.seconds, "m = \(m)")
        }
    }

    func testFP8GemmAddsItsQuantisationAndOwnFixedTimeAndSharpness() throws {
        let base = try h100 { $0.fp8ActivationQuantGBs = nil; $0.fp8GemmLaunchUs = 4; $0.fp8RooflineSharpness = 1 }
        // p = 1: the soft maximum is the sum C + M; m = 128 is a whole number of 64-row tiles.
        let m = 128.0, n = 4096.0, k = 2048.0
        let compute = 2 * m * n * k / (base.peakTflopsFP8! * 1e12 * base.shape.fp8ComputeEfficiency!)
        let memory = (k * n * 1 + (m * k + m * n) * 2) / (base.hbmBandwidthGBs * 1e9 * base.shape.gemmMemoryEfficiency!)
        XCTAssertEqual(fp8Gemm(base, m: m, n: n, k: k), 4e-6 + compute + memory, accuracy: 1e-12)
        // The quantisation reads the m·k bf16 activations at its own rate.
        var quantised = base
        quantised.shape.fp8ActivationQuantGBs = 500
        XCTAssertEqual(fp8Gemm(quantised, m: m, n: n, k: k) - fp8Gemm(base, m: m, n: n, k: k), m * k * 2 / 500e9,
                       accuracy: 1e-12)
        var later = base
        later.shape.fp8GemmLaunchUs = 10
        XCTAssertEqual(fp8Gemm(later, m: m, n: n, k: k) - fp8Gemm(base, m: m, n: n, k: k), 6e-6, accuracy: 1e-12)
        // bf16 weights keep the shared figures whatever the fp8 keys say.
        let bf16 = KernelTimeModel(hardware: quantised, weightDtype: .bf16).gemm(m: m, n: n, k: k, weightBytes: 2, activationBytes: 2)
        var plain = quantised
        plain.shape.fp8ActivationQuantGBs = nil; plain.shape.fp8GemmLaunchUs = nil; plain.shape.fp8RooflineSharpness = nil
        XCTAssertEqual(bf16.seconds,
                       KernelTimeModel(hardware: plain, weightDtype: .bf16).gemm(m: m, n: n, k: k, weightBytes: 2, activationBytes: 2).seconds)
    }

    func testFP8KVDecodeAddsItsFixedTimeAndStreamsAtItsOwnRate() throws {
        func decode(_ h: HardwareSpec, kvBytes: Double, context: Double = 8 * 32768) -> Double {
            AttentionKernelTimeModel(hardware: h).decodeAttention(
                sequences: 8, contextTokens: context, heads: 64, kvHeads: 8, headDim: 128, activationBytes: 2, kvBytes: kvBytes).seconds
        }
        // Full-rate streaming (no occupancy term) added to the per-sequence work (no overlap), so
        // that the memory time is bytes / rate exactly.
        let plain = try h100 {
            $0.decodeAttentionFP8KVOverheadUs = 0; $0.decodeAttentionFP8KVEfficiency = nil; $0.decodeAttentionHalfRateUnits = 0
            $0.decodeAttentionOverlapSharpness = 1
        }
        let kv = 8 * 32768 * 2 * 8 * 128.0  // fp8: one byte per element
        let rate = plain.hbmBandwidthGBs * 1e9
        var slower = plain
        slower.shape.decodeAttentionFP8KVEfficiency = plain.shape.decodeAttentionEfficiency / 2
        XCTAssertEqual(decode(slower, kvBytes: 1) - decode(plain, kvBytes: 1),
                       kv / (rate * plain.shape.decodeAttentionEfficiency / 2) - kv / (rate * plain.shape.decodeAttentionEfficiency),
                       accuracy: 1e-12)
        var later = plain
        later.shape.decodeAttentionFP8KVOverheadUs = 5
        XCTAssertEqual(decode(later, kvBytes: 1) - decode(plain, kvBytes: 1), 5e-6, accuracy: 1e-12)
        // A bf16 KV cache ignores both.
        later.shape.decodeAttentionFP8KVEfficiency = 0.3
        XCTAssertEqual(decode(later, kvBytes: 2), decode(plain, kvBytes: 2))
    }

    func testNCCLTakesTheFasterOfItsLLAndSimpleProtocols() throws {
        func ring(_ h: HardwareSpec) -> KernelTimeModel {
            var engine = EngineSpec.bare(h)
            engine.allReduce = .ring
            engine.allReduceSkewUsPerPeer = 0
            return KernelTimeModel(hardware: h, weightDtype: .bf16, engine: engine)
        }
        let one = try h100 { $0.ncclLLEfficiency = nil; $0.ncclSimpleOverheadUs = nil; $0.ncclNVLSEfficiency = nil }
        let two = try h100 { $0.ncclLLEfficiency = 0.25; $0.ncclSimpleOverheadUs = 20; $0.ncclNVLSEfficiency = nil }
        let link = one.linkBandwidthGBs * 1e9, t = 8.0
        let steps = 2 * (t - 1) * one.linkLatencyUs * 1e-6, overhead = one.shape.collectiveOverheadUs * 1e-6
        for bytes: Double in [4096, 1_048_576, 67_108_864] {
            let bus = 2 * (t - 1) / t * bytes
            let simple = bus / (link * one.linkEfficiency) + steps
            XCTAssertEqual(ring(one).allReduce(bytes: bytes, workers: 8).seconds, overhead + simple, accuracy: 1e-12)
            let ll = overhead + bus / (link * 0.25) + steps
            XCTAssertEqual(ring(two).allReduce(bytes: bytes, workers: 8).seconds, min(ll, 20e-6 + simple), accuracy: 1e-12)
        }
        // Small messages run LL (its fixed time), large ones Simple (its bandwidth).
        XCTAssertLessThan(ring(two).allReduce(bytes: 4096, workers: 8).seconds, 20e-6)
        XCTAssertEqual(ring(two).allReduce(bytes: 67_108_864, workers: 8).seconds,
                       20e-6 + 2.0 * 7 / 8 * 67_108_864 / (link * one.linkEfficiency) + steps, accuracy: 1e-12)
    }

    /// The custom all-reduce takes messages below its limit, as vLLM's `should_custom_ar`
    /// (`inp_size < max_size`): a message of exactly 8 MiB runs NCCL's ring, one byte less the
    /// custom kernel (two-shot at 4 GPUs).
    func testCustomAllReduceTakesMessagesBelowItsLimit() throws {
        let h = try h100()
        var custom = try Presets.engine(named: "vllm", on: h)
        custom.allReduceSkewUsPerPeer = 0
        var ring = custom
        ring.allReduce = .ring
        let limit = custom.customAllReduceMaxBytes
        XCTAssertEqual(limit, 8 * 1_048_576)
        func seconds(_ engine: EngineSpec, _ bytes: Double) -> Double {
            KernelTimeModel(hardware: h, weightDtype: .bf16, engine: engine).allReduce(bytes: bytes, workers: 4).seconds
        }
        XCTAssertEqual(seconds(custom, limit), seconds(ring, limit))
        XCTAssertNotEqual(seconds(custom, limit - 16), seconds(ring, limit - 16))
        let latency = try XCTUnwrap(h.shape.customAllReduceLatencyUs) * 1e-6, link = h.linkBandwidthGBs * 1e9 * h.linkEfficiency
        XCTAssertEqual(seconds(custom, limit - 16), 2 * latency + 2 * 3.0 / 4 * (limit - 16) / link, accuracy: 1e-12)
    }

    /// An engine with a symmetric-memory all-reduce (vLLM 0.11 on) runs the messages of 6–8 GPUs
    /// from the custom kernel's limit up to the GPU's symmetric-memory limit (inclusive, as
    /// vLLM's `inp_size <= max_size`) on the custom kernel's two-shot curve where the GPU sets
    /// no rate of its own, NCCL's past that limit; on a GPU that states the limits in one figure
    /// for 6–8 GPUs (no tables by group size), at 4 GPUs, without the engine's flag, or on a GPU
    /// without the limit (A100: vLLM has no table for SM 8.0), nothing changes.
    func testSymmetricMemoryAllReduceTakesEightGPUMessagesUpToTheGPULimit() throws {
        let h = try h100 {
            $0.symmMemAllReduceEfficiency = nil; $0.symmMemCustomAllReduceMaxBytes = nil; $0.ncclNVLSEfficiency = nil
            $0.symmMemCustomAllReduceMaxBytesByGPUs = nil; $0.symmMemAllReduceMaxBytesByGPUs = nil; $0.peerCopyGBs = nil
            $0.symmMemMultimemMinGPUs = nil; $0.symmMemAllReduceMaxBytes = 64 * 1_048_576
        }
        let limit = try XCTUnwrap(h.shape.symmMemAllReduceMaxBytes)
        XCTAssertEqual(try Presets.hardware(named: "b200").shape.symmMemAllReduceMaxBytesByGPUs?[8], 128 * 1_048_576)
        XCTAssertEqual(try Presets.hardware(named: "h100-sxm").shape.symmMemAllReduceMaxBytesByGPUs?[8], limit)
        XCTAssertNil(try Presets.hardware(named: "a100-80gb").shape.symmMemAllReduceMaxBytes)
        XCTAssertNil(try Presets.hardware(named: "a100-80gb").shape.symmMemAllReduceMaxBytesByGPUs)
        var plain = try Presets.engine(named: "vllm", on: h)
        plain.allReduceSkewUsPerPeer = 0
        XCTAssertFalse(plain.symmMemAllReduce)
        var symm = plain
        symm.symmMemAllReduce = true
        XCTAssertTrue(try Presets.engine(named: "vllm-0.11", on: h).symmMemAllReduce)
        XCTAssertTrue(try Presets.engine(named: "vllm-async", on: h).symmMemAllReduce)
        var ring = plain
        ring.allReduce = .ring
        func seconds(_ engine: EngineSpec, _ bytes: Double, _ workers: Int, on hardware: HardwareSpec? = nil) -> Double {
            KernelTimeModel(hardware: hardware ?? h, weightDtype: .bf16, engine: engine).allReduce(bytes: bytes, workers: workers).seconds
        }
        let latency = try XCTUnwrap(h.shape.customAllReduceLatencyUs) * 1e-6, link = h.linkBandwidthGBs * 1e9 * h.linkEfficiency
        let twoShot = { (bytes: Double) in 2 * latency + 2 * 7.0 / 8 * bytes / link }
        let sizes: [Double] = [8 * 1_048_576, 16 * 1_048_576, limit]
        for bytes in sizes {
            XCTAssertEqual(seconds(symm, bytes, 8), twoShot(bytes), accuracy: 1e-12)
            XCTAssertEqual(seconds(plain, bytes, 8), seconds(ring, bytes, 8))
            XCTAssertLessThan(seconds(symm, bytes, 8), seconds(ring, bytes, 8))
            XCTAssertEqual(seconds(symm, bytes, 4), seconds(ring, bytes, 4))
        }
        XCTAssertEqual(seconds(symm, limit + 16, 8), seconds(ring, limit + 16, 8))
        var a100 = try Presets.hardware(named: "a100-80gb")
        a100.shape.peerCopyGBs = nil
        XCTAssertEqual(seconds(symm, 16 * 1_048_576, 8, on: a100), seconds(ring, 16 * 1_048_576, 8, on: a100))
        // Below the custom kernel's limit the two engines agree.
        XCTAssertEqual(seconds(symm, 1_048_576, 8), seconds(plain, 1_048_576, 8))
    }

    /// vLLM's limits by group size (`all_reduce_utils.py`, symmetric memory on): on SM 9.0 the
    /// custom kernel takes up to 64 MiB at 2 GPUs (one-shot) and 32 MiB at 4 (two-shot), the
    /// symmetric-memory kernel the message at the limit itself (two-shot at 2 GPUs, multimem from
    /// 4), NCCL beyond; on SM 10.0 the custom kernel stops at 2 MiB and the two-shot
    /// symmetric-memory kernel runs 2 and 4 GPUs' messages up to 8 and 32 MiB. Each peer-memory
    /// kernel moves at most (t−1) × `peer_copy_gbs` per GPU. Without the engine's flag the
    /// custom kernel keeps the engine's 8 MiB at every group size.
    func testLimitsByGroupSizeRouteEachMessageAsVLLMDoes() throws {
        let mib = 1_048_576.0
        for name in ["h100-sxm", "h200"] {
            let s = try Presets.hardware(named: name).shape
            XCTAssertEqual(s.symmMemCustomAllReduceMaxBytesByGPUs, BytesByGroupSize([2: 64 * mib, 4: 32 * mib, 6: mib / 2, 8: mib / 4]), name)
            XCTAssertEqual(s.symmMemAllReduceMaxBytesByGPUs, BytesByGroupSize([2: 64 * mib, 4: 32 * mib, 6: 64 * mib, 8: 64 * mib]), name)
            XCTAssertEqual(s.symmMemMultimemMinGPUs, 4, name)
        }
        let b = try Presets.hardware(named: "b200").shape
        XCTAssertEqual(b.symmMemCustomAllReduceMaxBytesByGPUs, BytesByGroupSize([2: 2 * mib, 4: 2 * mib, 6: mib, 8: mib]))
        XCTAssertEqual(b.symmMemAllReduceMaxBytesByGPUs, BytesByGroupSize([2: 8 * mib, 4: 32 * mib, 6: 128 * mib, 8: 128 * mib]))
        XCTAssertEqual(b.symmMemMultimemMinGPUs, 6)

        func check(_ name: String, _ cases: [(workers: Int, bytes: Double, expected: (HardwareSpec, Double, Double) -> Double?)]) throws {
            var h = try Presets.hardware(named: name)
            h.shape.peerCopyGBs = 200
            var symm = try Presets.engine(named: "vllm-async", on: h)
            symm.allReduceSkewUsPerPeer = 0
            var ring = symm
            ring.allReduce = .ring
            let model = KernelTimeModel(hardware: h, weightDtype: .bf16, engine: symm)
            let nccl = KernelTimeModel(hardware: h, weightDtype: .bf16, engine: ring)
            let latency = try XCTUnwrap(h.shape.customAllReduceLatencyUs) * 1e-6
            for c in cases {
                let got = model.allReduce(bytes: c.bytes, workers: c.workers).seconds
                let want = c.expected(h, latency, Double(c.workers)) ?? nccl.allReduce(bytes: c.bytes, workers: c.workers).seconds
                XCTAssertEqual(got, want, accuracy: 1e-12, "\(name) \(c.workers) GPUs \(c.bytes) bytes")
            }
        }
        let peer = 200e9
        func link(_ h: HardwareSpec) -> Double { h.linkBandwidthGBs * 1e9 * h.linkEfficiency }
        func oneShot(_ h: HardwareSpec, _ lat: Double, _ t: Double, _ bytes: Double) -> Double {
            lat + (t - 1) * bytes / min(link(h), (t - 1) * peer)
        }
        func twoShot(_ h: HardwareSpec, _ lat: Double, _ t: Double, _ bytes: Double) -> Double {
            2 * lat + 2 * (t - 1) / t * bytes / min(link(h), (t - 1) * peer)
        }
        func multimem(_ h: HardwareSpec, _ lat: Double, _ t: Double, _ bytes: Double) -> Double {
            2 * lat + (t + 1) / t * bytes / (h.linkBandwidthGBs * 1e9 * h.shape.symmMemAllReduceEfficiency!)
        }
        try check("h100-sxm", [
            (2, 16 * mib, { oneShot($0, $1, $2, 16 * mib) }),           // custom one-shot, capped by one peer's rate
            (2, 64 * mib - 16, { oneShot($0, $1, $2, 64 * mib - 16) }),
            (2, 64 * mib, { twoShot($0, $1, $2, 64 * mib) }),           // the symmetric-memory two-shot kernel
            (2, 64 * mib + 16, { _, _, _ in nil }),                      // NCCL
            (4, 16 * mib, { twoShot($0, $1, $2, 16 * mib) }),           // custom two-shot
            (4, 32 * mib, { multimem($0, $1, $2, 32 * mib) }),          // multimem from 4 GPUs on SM 9.0
            (4, 32 * mib + 16, { _, _, _ in nil }),
            (8, mib / 4 - 16, { oneShot($0, $1, $2, mib / 4 - 16) }),
            (8, mib, { multimem($0, $1, $2, mib) }),
        ])
        try check("b200", [
            (2, mib, { oneShot($0, $1, $2, mib) }),
            (2, 2 * mib, { twoShot($0, $1, $2, 2 * mib) }),             // symmetric-memory two-shot from 2 MiB
            (2, 8 * mib, { twoShot($0, $1, $2, 8 * mib) }),
            (2, 8 * mib + 16, { _, _, _ in nil }),
            (4, 16 * mib, { twoShot($0, $1, $2, 16 * mib) }),           // two-shot: multimem only from 6 GPUs on SM 10.0
            (4, 32 * mib + 16, { _, _, _ in nil }),
            (8, 2 * mib, { multimem($0, $1, $2, 2 * mib) }),
        ])
        // Without the engine's flag: the engine's 8 MiB at every group size, no symmetric-memory kernel.
        let h = try Presets.hardware(named: "h100-sxm")
        var plain = try Presets.engine(named: "vllm", on: h)
        plain.allReduceSkewUsPerPeer = 0
        var ring = plain
        ring.allReduce = .ring
        for (workers, bytes) in [(2, 16 * mib), (4, 16 * mib), (8, 16 * mib)] {
            XCTAssertEqual(KernelTimeModel(hardware: h, weightDtype: .bf16, engine: plain).allReduce(bytes: bytes, workers: workers).seconds,
                           KernelTimeModel(hardware: h, weightDtype: .bf16, engine: ring).allReduce(bytes: bytes, workers: workers).seconds)
        }
    }

    /// Through the switch's multicast: NCCL's NVLS all-reduce is taken where it beats the ring —
    /// fixed time + (t+1)/t · bytes / (link_bw · η_NVLS) — and the symmetric-memory kernel runs
    /// its own line from the custom kernel's lowered limit beside it (256 KiB at 8 GPUs on H100)
    /// to the symmetric-memory limit: 2 · latency + (t+1)/t · bytes / (link_bw · η_symm). GPUs
    /// without the keys (A100) keep the ring; the presets of H100, H200 and B200 carry them; bad
    /// values are refused (``testBadValuesNameTheKey``).
    func testMulticastAllReducesTakeTheirOwnLines() throws {
        let h = try h100 {
            $0.ncclNVLSEfficiency = 0.6; $0.ncclNVLSOverheadUs = 70
            $0.symmMemAllReduceEfficiency = 0.5; $0.symmMemCustomAllReduceMaxBytes = 262_144
        }
        let noNVLS = try h100 { $0.ncclNVLSEfficiency = nil }
        var ringEngine = EngineSpec.bare(h)
        ringEngine.allReduce = .ring
        func nccl(_ hardware: HardwareSpec) -> KernelTimeModel {
            KernelTimeModel(hardware: hardware, weightDtype: .bf16, engine: ringEngine)
        }
        let raw = h.linkBandwidthGBs * 1e9
        for workers in [2, 4, 8] {
            let t = Double(workers)
            for bytes: Double in [65_536, 8_388_608, 536_870_912] {
                let ring = nccl(noNVLS).allReduce(bytes: bytes, workers: workers).seconds
                let nvls = 70e-6 + (t + 1) / t * bytes / (raw * 0.6)
                XCTAssertEqual(nccl(h).allReduce(bytes: bytes, workers: workers).seconds, min(ring, nvls), accuracy: 1e-12)
            }
        }
        // Large messages of 8 GPUs run NVLS; small ones and 2 GPUs' the ring.
        XCTAssertLessThan(nccl(h).allReduce(bytes: 536_870_912, workers: 8).seconds,
                          nccl(noNVLS).allReduce(bytes: 536_870_912, workers: 8).seconds)
        XCTAssertEqual(nccl(h).allReduce(bytes: 65_536, workers: 8).seconds, nccl(noNVLS).allReduce(bytes: 65_536, workers: 8).seconds)
        XCTAssertEqual(nccl(h).allReduce(bytes: 536_870_912, workers: 2).seconds,
                       nccl(noNVLS).allReduce(bytes: 536_870_912, workers: 2).seconds)
        // The symmetric-memory kernel at 8 GPUs, from 256 KiB up to its limit.
        var symm = try Presets.engine(named: "vllm-async", on: h)
        symm.allReduceSkewUsPerPeer = 0
        let model = KernelTimeModel(hardware: h, weightDtype: .bf16, engine: symm)
        let latency = try XCTUnwrap(h.shape.customAllReduceLatencyUs) * 1e-6
        for bytes: Double in [262_144, 4_194_304, 64 * 1_048_576] {
            XCTAssertEqual(model.allReduce(bytes: bytes, workers: 8).seconds, 2 * latency + 9.0 / 8 * bytes / (raw * 0.5), accuracy: 1e-12)
        }
        let below = 262_144.0 - 16, link = raw * h.linkEfficiency
        XCTAssertEqual(model.allReduce(bytes: below, workers: 8).seconds, latency + 7 * below / link, accuracy: 1e-12)
        XCTAssertEqual(model.allReduce(bytes: 64 * 1_048_576 + 16, workers: 8).seconds,
                       nccl(h).allReduce(bytes: 64 * 1_048_576 + 16, workers: 8).seconds)
        // At 4 GPUs the custom kernel's two-shot curve (its limit there is 32 MiB on SM 9.0).
        XCTAssertEqual(model.allReduce(bytes: 4_194_304, workers: 4).seconds, 2 * latency + 1.5 * 4_194_304 / link, accuracy: 1e-12)
        // A100 has neither; the multicast GPUs' presets carry both.
        let a100 = try Presets.hardware(named: "a100-80gb").shape
        XCTAssertNil(a100.ncclNVLSEfficiency)
        XCTAssertNil(a100.symmMemAllReduceEfficiency)
        for name in ["h100-sxm", "h200", "b200"] {
            let s = try Presets.hardware(named: name).shape
            XCTAssertNotNil(s.ncclNVLSEfficiency, name)
            XCTAssertNotNil(s.ncclNVLSOverheadUs, name)
            XCTAssertNotNil(s.symmMemAllReduceEfficiency, name)
            XCTAssertNotNil(s.symmMemCustomAllReduceMaxBytesByGPUs, name)
            XCTAssertNotNil(s.peerCopyGBs, name)
        }
        XCTAssertNil(a100.peerCopyGBs)
    }

    /// All-gather (and reduce-scatter) without figures of its own: half an all-reduce's ring —
    /// (t−1)/t of the buffer through each GPU in t−1 hops, the same protocols; the validation
    /// predicts NCCL's rows with it and times an all-to-all as the simulator's expert dispatch.
    /// (With its own figures: `LogitsGatherTests`.)
    func testAllGatherIsHalfTheRingWithTheSameProtocols() throws {
        let h = try h100 {
            $0.ncclLLEfficiency = 0.25; $0.ncclSimpleOverheadUs = 20
            $0.allGatherOverheadUs = nil; $0.allGatherEfficiency = nil; $0.allGatherOwnChunkShare = nil
        }
        var engine = EngineSpec.bare(h)
        engine.allReduce = .ring
        let model = KernelTimeModel(hardware: h, weightDtype: .bf16, engine: engine)
        let link = h.linkBandwidthGBs * 1e9, overhead = h.shape.collectiveOverheadUs * 1e-6
        for t in [2.0, 4, 8] {
            let hops = (t - 1) * h.linkLatencyUs * 1e-6
            for bytes: Double in [4096, 1_048_576, 268_435_456] {
                let bus = (t - 1) / t * bytes
                let expected = min(overhead + bus / (link * 0.25), 20e-6 + bus / (link * h.linkEfficiency)) + hops
                XCTAssertEqual(model.ringAllGather(bytes: bytes, workers: Int(t)).seconds, expected, accuracy: 1e-12)
                XCTAssertEqual(model.ringAllGather(bytes: bytes, workers: Int(t)).bytes, (t - 1) * bytes)
                let predictor = KernelPredictor(hardware: h, engine: engine)
                for collective in [NCCLCollective.allGather, .reduceScatter] {
                    let row = MeasuredKernel(gpu: "H100-SXM", op: .ncclCollective(collective, gpus: Int(t), bytes: bytes),
                                             measuredSeconds: 1, split: .fit)
                    XCTAssertEqual(row.kind, collective.kind)
                    XCTAssertEqual(predictor.seconds(row), expected, accuracy: 1e-12)
                }
                let allToAll = MeasuredKernel(gpu: "H100-SXM", op: .ncclCollective(.allToAll, gpus: Int(t), bytes: bytes),
                                              measuredSeconds: 1, split: .fit)
                XCTAssertEqual(predictor.seconds(allToAll), model.allToAll(bytesPerRank: bus, peers: t - 1).seconds, accuracy: 1e-12)
            }
        }
        XCTAssertEqual(model.ringAllGather(bytes: 4096, workers: 1).seconds, 0)
    }

    /// NCCL's all-to-all with the hardware's own figures: α + LL (its own fixed time, the
    /// all-reduce's LL rate) while each peer's share is at most NCCL's P2P LL threshold (16 KiB),
    /// else Simple (its own fixed time and efficiency); without an LL time, Simple alone;
    /// without any figure, the all-reduce's terms as before. The EP dispatch of a whole step
    /// follows it; the keys load, encode and are range-checked.
    func testAllToAllTakesItsOwnFiguresWhereTheHardwareSetsThem() throws {
        let bare = try h100 { $0.allToAllOverheadUs = nil; $0.allToAllEfficiency = nil; $0.allToAllLLOverheadUs = nil
            $0.allToAllOwnChunkShare = nil }
        let own = try h100 { $0.ncclLLEfficiency = 0.25; $0.allToAllOverheadUs = 12; $0.allToAllEfficiency = 0.6; $0.allToAllLLOverheadUs = 7
            $0.allToAllOwnChunkShare = nil }
        let simpleOnly = try h100 { $0.allToAllOverheadUs = 12; $0.allToAllEfficiency = 0.6; $0.allToAllLLOverheadUs = nil
            $0.allToAllOwnChunkShare = nil }
        let link = bare.linkBandwidthGBs * 1e9, alpha = bare.linkLatencyUs * 1e-6
        for bytes: Double in [2048, 262_144, 67_108_864] {
            XCTAssertEqual(KernelTimeModel(hardware: bare, weightDtype: .bf16).allToAll(bytesPerRank: bytes, peers: 7).seconds,
                           bare.shape.collectiveOverheadUs * 1e-6 + alpha + bytes / (link * bare.linkEfficiency), accuracy: 1e-12)
            let simple = 12e-6 + bytes / (link * 0.6), ll = 7e-6 + bytes / (link * 0.25)
            XCTAssertEqual(KernelTimeModel(hardware: own, weightDtype: .bf16).allToAll(bytesPerRank: bytes, peers: 7).seconds,
                           alpha + (bytes / 7 <= 16_384 ? ll : simple), accuracy: 1e-12)
            XCTAssertEqual(KernelTimeModel(hardware: simpleOnly, weightDtype: .bf16).allToAll(bytesPerRank: bytes, peers: 7).seconds,
                           alpha + simple, accuracy: 1e-12)
        }
        // The protocol follows each peer's share: 16 KiB a peer runs LL, one byte more Simple,
        // whichever would be faster.
        let model = KernelTimeModel(hardware: own, weightDtype: .bf16)
        XCTAssertEqual(model.allToAll(bytesPerRank: 7 * 16_384, peers: 7).seconds, alpha + 7e-6 + 7 * 16_384 / (link * 0.25),
                       accuracy: 1e-12)
        XCTAssertEqual(model.allToAll(bytesPerRank: 7 * 16_384 + 7, peers: 7).seconds, alpha + 12e-6 + (7 * 16_384 + 7) / (link * 0.6),
                       accuracy: 1e-12)
        XCTAssertLessThan(model.allToAll(bytesPerRank: 2048, peers: 7).seconds, 12e-6)
        // A whole step's expert dispatch follows it: 48 MoE layers × 2 directions of the rank's tokens.
        let qwen = try Presets.model(named: "qwen3-30b-a3b")
        var shape = BatchShape()
        shape.addDecodes(count: 256, contextTokens: 256 * 1000)
        func dispatch(_ h: HardwareSpec) throws -> Double {
            var engine = EngineSpec.bare(h)
            engine.moeDispatch = .allToAll
            let report = IterationReport(model: qwen, hardware: h, parallelism: Parallelism(tensor: 4, expert: 4), shape: shape,
                                         engine: engine)
            return try XCTUnwrap(report.ops.first { $0.op == "moe_all_to_all" }).seconds
        }
        XCTAssertEqual(try dispatch(own),
                       48 * 2 * KernelTimeModel(hardware: own, weightDtype: .bf16).allToAll(bytesPerRank: 256.0 / 4 * 24_576, peers: 3).seconds,
                       accuracy: 1e-12)
        XCTAssertGreaterThan(try dispatch(try Presets.hardware(named: "h100-sxm")), try dispatch(bare))
        // The shipped NVLink GPUs carry the figures; they survive encoding.
        for name in ["a100-80gb", "a100-40gb", "h100-sxm", "h200", "b200"] {
            XCTAssertNotNil(try Presets.hardware(named: name).shape.allToAllEfficiency, name)
        }
        let decoded = try JSONDecoder().decode(HardwareSpec.self, from: try JSONEncoder().encode(own))
        XCTAssertEqual(decoded.shape.allToAllLLOverheadUs, 7)
        XCTAssertEqual(decoded.shape.allToAllOverheadUs, 12)
        XCTAssertEqual(decoded.shape.allToAllEfficiency, 0.6)
    }

    /// Each rank's send to itself costs `all_to_all_own_chunk_share` of a peer's chunk: the
    /// bytes moved are bytesPerRank · (1 + share / peers) in either protocol (the protocol still
    /// chosen by each peer's share of what leaves the rank), so at one message size the bus
    /// rate, (t−1)/t of the buffer over the byte term, grows with the GPUs as (t−1)/(t−1+share).
    /// The NVLink presets carry their fitted figure (range checks: ``testBadValuesNameTheKey``).
    func testAnAllToAllsOwnChunkCostsItsShareOfAPeersChunk() throws {
        let without = try h100 { $0.ncclLLEfficiency = 0.25; $0.allToAllOverheadUs = 12; $0.allToAllEfficiency = 0.6
            $0.allToAllLLOverheadUs = 7; $0.allToAllOwnChunkShare = nil }
        let with = try h100 { $0.ncclLLEfficiency = 0.25; $0.allToAllOverheadUs = 12; $0.allToAllEfficiency = 0.6
            $0.allToAllLLOverheadUs = 7; $0.allToAllOwnChunkShare = 0.5 }
        let link = with.linkBandwidthGBs * 1e9, alpha = with.linkLatencyUs * 1e-6
        let model = KernelTimeModel(hardware: with, weightDtype: .bf16), plain = KernelTimeModel(hardware: without, weightDtype: .bf16)
        for (bytes, peers) in [(7.0 * 16_384, 7.0), (3.0 * 1_048_576, 3.0), (536_870_912.0 / 2, 1.0)] {
            let moved = bytes * (1 + 0.5 / peers)
            let expected = alpha + (bytes / peers <= 16_384 ? 7e-6 + moved / (link * 0.25) : 12e-6 + moved / (link * 0.6))
            XCTAssertEqual(model.allToAll(bytesPerRank: bytes, peers: peers).seconds, expected, accuracy: 1e-12)
            XCTAssertGreaterThan(model.allToAll(bytesPerRank: bytes, peers: peers).seconds, plain.allToAll(bytesPerRank: bytes, peers: peers).seconds)
        }
        // nccl-tests' bus rate of a 512 MiB buffer: (t−1)/t of it over the byte term.
        func busRate(_ t: Double) -> Double {
            let buffer = 536_870_912.0, sent = (t - 1) / t * buffer
            return sent / (model.allToAll(bytesPerRank: sent, peers: t - 1).seconds - alpha - 12e-6)
        }
        for t in [2.0, 4.0, 8.0] { XCTAssertEqual(busRate(t), link * 0.6 * (t - 1) / (t - 1 + 0.5), accuracy: 1e-3 * link) }
        for name in ["a100-80gb", "h100-sxm", "h200", "b200"] {
            XCTAssertNotNil(try Presets.hardware(named: name).shape.allToAllOwnChunkShare, name)
        }
    }

    func testPresetsOfTheMeasuredHopperAndBlackwellGPUsSetTheNewTerms() throws {
        for name in ["h100-sxm", "h200", "b200"] {
            let s = try Presets.hardware(named: name).shape
            XCTAssertNotNil(s.fp8ActivationQuantGBs, name)
            XCTAssertNotNil(s.decodeAttentionFP8KVEfficiency, name)
            XCTAssertNotNil(s.ncclLLEfficiency, name)
        }
    }

    func testBadValuesNameTheKey() {
        let cases = [("fp8_activation_quant_gbs = 0", "hardware.fp8_activation_quant_gbs: must be finite and > 0"),
                     ("fp8_roofline_sharpness = -2", "hardware.fp8_roofline_sharpness: must be finite and > 0"),
                     ("fp8_gemm_launch_us = -1", "hardware.fp8_gemm_launch_us: must be a finite time ≥ 0 µs"),
                     ("decode_attention_fp8_kv_efficiency = 1.5", "hardware.decode_attention_fp8_kv_efficiency: must be in (0, 1.2]"),
                     ("decode_attention_fp8_kv_overhead_us = -3", "hardware.decode_attention_fp8_kv_overhead_us: must be a finite time ≥ 0 µs"),
                     ("nccl_ll_efficiency = 0", "hardware.nccl_ll_efficiency: must be in (0, 1.2]"),
                     ("nccl_simple_overhead_us = -5", "hardware.nccl_simple_overhead_us: must be a finite time ≥ 0 µs"),
                     ("all_to_all_efficiency = 0", "hardware.all_to_all_efficiency: must be in (0, 1.2]"),
                     ("all_to_all_overhead_us = -1", "hardware.all_to_all_overhead_us: must be a finite time ≥ 0 µs"),
                     ("all_to_all_ll_overhead_us = nan", "hardware.all_to_all_ll_overhead_us: must be a finite time ≥ 0 µs"),
                     ("all_to_all_own_chunk_share = -0.1",
                      "hardware.all_to_all_own_chunk_share: must be a share of one peer's chunk from 0 (free) to 2, got -0.1"),
                     ("all_to_all_own_chunk_share = 2.5",
                      "hardware.all_to_all_own_chunk_share: must be a share of one peer's chunk from 0 (free) to 2, got 2.5"),
                     ("symm_mem_all_reduce_max_bytes = 0", "hardware.symm_mem_all_reduce_max_bytes: must be a finite size > 0 bytes"),
                     ("symm_mem_custom_all_reduce_max_bytes = -1", "hardware.symm_mem_custom_all_reduce_max_bytes: must be a finite size > 0 bytes"),
                     ("symm_mem_all_reduce_efficiency = 2", "hardware.symm_mem_all_reduce_efficiency: must be in (0, 1.2]"),
                     ("nccl_nvls_efficiency = 0", "hardware.nccl_nvls_efficiency: must be in (0, 1.2]"),
                     ("nccl_nvls_overhead_us = -4", "hardware.nccl_nvls_overhead_us: must be a finite time ≥ 0 µs"),
                     ("peer_copy_gbs = 0", "hardware.peer_copy_gbs: must be finite and > 0"),
                     ("symm_mem_multimem_min_gpus = 1", "hardware.symm_mem_multimem_min_gpus: must be a whole number of GPUs from 2 to 1024"),
                     ("symm_mem_multimem_min_gpus = 4.5", "hardware.symm_mem_multimem_min_gpus: must be a whole number of GPUs from 2 to 1024"),
                     ("symm_mem_all_reduce_max_bytes_by_gpus = { 2 = 0 }",
                      "hardware.symm_mem_all_reduce_max_bytes_by_gpus.2: must be a finite size > 0 bytes"),
                     ("symm_mem_custom_all_reduce_max_bytes_by_gpus = { two = 1024 }",
                      "the key must be a group size, a whole number of GPUs from 2 to 1024, got \"two\""),
                     ("symm_mem_custom_all_reduce_max_bytes_by_gpus = { 1 = 1024 }",
                      "the key must be a group size, a whole number of GPUs from 2 to 1024, got \"1\""),
                     ("symm_mem_all_reduce_max_bytes_by_gpus = 67108864", "symm_mem_all_reduce_max_bytes_by_gpus")]
        for (line, message) in cases {
            let error = TestSupport.hardwareKeyError(line)
            XCTAssertTrue(error?.contains(message) == true, error ?? "loaded")
        }
        XCTAssertNil(TestSupport.hardwareKeyError("""
            fp8_activation_quant_gbs = 700
            fp8_gemm_launch_us = 6
            fp8_roofline_sharpness = 2
            decode_attention_fp8_kv_overhead_us = 3
            decode_attention_fp8_kv_efficiency = 0.8
            nccl_ll_efficiency = 0.3
            nccl_simple_overhead_us = 20
            all_to_all_overhead_us = 12
            all_to_all_efficiency = 0.6
            all_to_all_ll_overhead_us = 7
            all_to_all_own_chunk_share = 0.5
            symm_mem_all_reduce_max_bytes = 67108864
            symm_mem_custom_all_reduce_max_bytes = 262144
            symm_mem_all_reduce_efficiency = 0.5
            nccl_nvls_efficiency = 0.65
            nccl_nvls_overhead_us = 70
            peer_copy_gbs = 240
            symm_mem_multimem_min_gpus = 4
            symm_mem_custom_all_reduce_max_bytes_by_gpus = { 2 = 67108864, 4 = 33554432.0 }
            symm_mem_all_reduce_max_bytes_by_gpus = { 8 = 67108864 }
            """))
    }
}
