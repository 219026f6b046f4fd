import Foundation
import XCTest
import TestSupport
@testable import SimServeKit

/// The network between nodes (`inter_node_bandwidth_gbs`, `inter_node_latency_us`): a
/// tensor-parallel group larger than a node all-reduces across it, pipeline stages on
/// different nodes send over it, and its figures are fitted on measured all-reduces across
/// nodes.
final class InterNodeLinkTests: XCTestCase {
    /// NCCL's ring across nodes by hand: 2(t−1) steps of the network's latency, each GPU's
    /// 2(t−1)/t of the message at min(NVLink rate, GPUs per node × network rate).
    func testRingAcrossNodesFollowsItsSlowestHop() throws {
        let a100 = try Presets.hardware(named: "a100-80gb")
        XCTAssertEqual(a100.interNodeBandwidthGBs, 25)
        var engine = EngineSpec.bare(a100)
        engine.allReduce = .ring
        let kernels = KernelTimeModel(hardware: a100, weightDtype: .bf16, engine: engine)
        let link = a100.linkBandwidthGBs * 1e9 * a100.linkEfficiency, overhead = a100.shape.collectiveOverheadUs * 1e-6
        for (workers, perNode) in [(16, 8), (2, 1), (8, 4)] {
            let t = Double(workers), bytes = 16_777_216.0
            let rate = min(link, Double(perNode) * 25e9)
            let expected = overhead + 2 * (t - 1) / t * bytes / rate + 2 * (t - 1) * 5e-6
            XCTAssertEqual(kernels.allReduceAcrossNodes(bytes: bytes, workers: workers, perNode: perNode).seconds, expected,
                           accuracy: 1e-12, "\(workers)/\(perNode)")
        }
        // A group beyond a node takes it; within a node, or without a network, the one-node ring.
        XCTAssertEqual(kernels.allReduce(bytes: 1e6, workers: 16).seconds,
                       kernels.allReduceAcrossNodes(bytes: 1e6, workers: 16, perNode: 8).seconds)
        var bare = a100
        bare.interNodeBandwidthGBs = nil
        let noNetwork = KernelTimeModel(hardware: bare, weightDtype: .bf16, engine: engine)
        XCTAssertEqual(noNetwork.allReduce(bytes: 1e6, workers: 16).seconds, noNetwork.ringAllReduce(bytes: 1e6, workers: 16).seconds)
        XCTAssertEqual(noNetwork.allReduceAcrossNodes(bytes: 1e6, workers: 16, perNode: 8).seconds,
                       noNetwork.ringAllReduce(bytes: 1e6, workers: 16).seconds)
        XCTAssertGreaterThan(kernels.allReduce(bytes: 1e6, workers: 16).seconds, noNetwork.allReduce(bytes: 1e6, workers: 16).seconds)
    }

    /// Stages fill nodes in order: at TP 8 every boundary crosses the network, at TP 4 every
    /// second one, at TP 2 × PP 2 none; without a network every send is NVLink's.
    func testPipelineBoundariesBetweenNodesSendOverTheNetwork() throws {
        let a100 = try Presets.hardware(named: "a100-80gb")
        let model = try Presets.model(named: "llama-3.1-405b")
        let kernels = KernelTimeModel(hardware: a100, weightDtype: .bf16)
        let bytes = 100 * Double(model.hiddenSize) * 2
        let nvlink = kernels.send(bytes: bytes).seconds, network = 5e-6 + bytes / 25e9
        XCTAssertEqual(kernels.sendAcrossNodes(bytes: bytes).seconds, network, accuracy: 1e-15)
        func sends(tp: Int, pp: Int, on h: HardwareSpec = a100) -> Double {
            RooflineCostModel(model: model, hardware: h, parallelism: Parallelism(tensor: tp, pipeline: pp))
                .pipelineSends(tokens: 100).seconds
        }
        XCTAssertEqual(sends(tp: 8, pp: 2), network, accuracy: 1e-15)
        XCTAssertEqual(sends(tp: 8, pp: 4), 3 * network, accuracy: 1e-15)
        XCTAssertEqual(sends(tp: 4, pp: 4), 2 * nvlink + network, accuracy: 1e-15)
        XCTAssertEqual(sends(tp: 2, pp: 2), nvlink, accuracy: 1e-15)
        var bare = a100
        bare.interNodeBandwidthGBs = nil
        XCTAssertEqual(sends(tp: 8, pp: 4, on: bare), 3 * nvlink, accuracy: 1e-15)
    }

    /// The keys load, encode, and refuse bad values by name.
    func testKeysLoadEncodeAndRefuseBadValues() throws {
        var h = try Presets.hardware(named: "h100-sxm")
        XCTAssertEqual(h.interNodeBandwidthGBs, 50)
        h.interNodeBandwidthGBs = 12.5
        h.interNodeLatencyUs = 3
        let decoded = try JSONDecoder().decode(HardwareSpec.self, from: try JSONEncoder().encode(h))
        XCTAssertEqual(decoded.interNodeBandwidthGBs, 12.5)
        XCTAssertEqual(decoded.interNodeLatencyUs, 3)
        for (line, message) in [("inter_node_bandwidth_gbs = 0", "hardware.inter_node_bandwidth_gbs: must be in (0, 1000000.0]"),
                                ("inter_node_latency_us = -1", "hardware.inter_node_latency_us: must be in [0, 1e6]")] {
            let error = TestSupport.hardwareKeyError(line)
            XCTAssertTrue(error?.contains(message) == true, error ?? "loaded")
        }
        XCTAssertNil(TestSupport.hardwareKeyError("inter_node_bandwidth_gbs = 25\ninter_node_latency_us = 4"))
    }

    /// The fit recovers known figures from rows simulated with them, splits by every other
    /// size, and leaves the one-node rows out.
    func testFitRecoversTheNetworkFromRowsAcrossNodes() throws {
        var truth = OpValidation.calibratedA100
        truth.interNodeBandwidthGBs = 7.5
        truth.interNodeLatencyUs = 12
        let kernels = KernelTimeModel(hardware: truth, weightDtype: .fp16, engine: OpValidation.profiled(nil, on: truth))
        var lines = [",time_stats.all_reduce.median,rank,num_workers,size,collective,devices_per_node"]
        var index = 0
        for (workers, perNode) in [(2, 1), (4, 2), (8, 4), (16, 8), (4, 4)] {
            for power in 11...26 {
                let bytes = Double(1 << power)
                let seconds = perNode < workers
                    ? kernels.allReduceAcrossNodes(bytes: bytes, workers: workers, perNode: perNode).seconds
                    : kernels.allReduce(bytes: bytes, workers: workers).seconds
                lines.append("\(index),\(seconds * 1e3),0,\(workers),\(Int(bytes)),all_reduce,\(perNode)")
                index += 1
            }
        }
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("x.all_reduce.csv")
        try lines.joined(separator: "\n").write(to: path, atomically: true, encoding: .utf8)
        let fit = try InterNodeAllReduceFit.fit(path: path.path)
        XCTAssertEqual(fit.bandwidthGBs, 7.5, accuracy: 1e-4)
        XCTAssertEqual(fit.latencyUs, 12, accuracy: 1e-3)
        XCTAssertEqual(fit.rows.count, 4 * 16)
        XCTAssertEqual(Set(fit.rows.map { "\($0.workers)/\($0.perNode)" }), ["2/1", "4/2", "8/4", "16/8"])
        XCTAssertEqual(fit.rows.filter { $0.split == .heldOut }.count, 4 * 8)
        XCTAssertLessThan(InterNodeAllReduceFit.mapePercent(fit.rows), 1e-6)
        let oneNode = try TestSupport.temporaryDirectory().appendingPathComponent("y.all_reduce.csv")
        try ([lines[0]] + lines.filter { $0.hasSuffix(",all_reduce,4") && $0.contains(",4,") }).joined(separator: "\n")
            .write(to: oneNode, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try InterNodeAllReduceFit.fit(path: oneNode.path))
    }
}
