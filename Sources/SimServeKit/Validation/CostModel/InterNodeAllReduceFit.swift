import Foundation
import SimCore

/// The network between nodes fitted on measured all-reduce times across nodes: the rows of a
/// Vidur all-reduce file whose workers span several nodes (num_workers > devices_per_node),
/// timed by ``KernelTimeModel/allReduceAcrossNodes(bytes:workers:perNode:)`` on a hardware
/// description whose one-node terms are already fitted (``OpValidation/calibratedA100``).
///
/// Fitted: `inter_node_bandwidth_gbs` and `inter_node_latency_us` (least squares on relative
/// error, reweighted towards MAPE) on the rows at every other message size — the even indices
/// of the file's sorted distinct sizes, as ``KernelSplitRule/allReduce(sizes:)`` splits the
/// kernel tables; the odd ones are held out. The figures describe the network of the machine
/// that was measured, not a GPU: they are reported, not shipped in a preset.
public struct InterNodeAllReduceFit: Sendable {
    /// One measured row with its split and the fitted prediction.
    public struct Row: Sendable {
        public var workers: Int, perNode: Int
        public var bytes: Double
        public var measuredSeconds: Double, predictedSeconds: Double
        public var split: MeasuredKernel.Split
    }

    public var source: String
    public var bandwidthGBs: Double, bandwidthError: Double
    public var latencyUs: Double, latencyError: Double
    public var rows: [Row]
    /// The hardware the fit started from, with the fitted network.
    public var hardware: HardwareSpec

    /// The across-node rows of the all-reduce file `path` (columns num_workers, size,
    /// devices_per_node, time_stats.all_reduce.median in ms) fitted on `base`.
    /// - Throws: ``OpValidationError`` when the file cannot be read, lacks a column or has no
    ///   across-node rows; ``SimCore/FitError`` when the fit fails.
    /// - Complexity: O(iterations · rows).
    public static func fit(path: String, base: HardwareSpec = OpValidation.calibratedA100) throws -> InterNodeAllReduceFit {
        let source = (path as NSString).lastPathComponent
        let table = try CSVTable(path: path)
        for column in ["num_workers", "size", "devices_per_node", "time_stats.all_reduce.median"] where !table.has(column) {
            throw OpValidationError.missingColumn(path: source, column: column)
        }
        var measured: [(workers: Int, perNode: Int, bytes: Double, seconds: Double)] = []
        for row in table.rows {
            guard let workers = table.number(row, "num_workers"), let size = table.number(row, "size"),
                  let perNode = table.number(row, "devices_per_node"), workers > perNode, perNode >= 1,
                  let ms = table.number(row, "time_stats.all_reduce.median"), ms > 0 else { continue }
            measured.append((Int(workers), Int(perNode), size, ms * 1e-3))
        }
        guard !measured.isEmpty else { throw OpValidationError.noRows(path: source, what: "all-reduce rows across nodes") }
        let splits = KernelSplitRule.allReduce(sizes: measured.map(\.bytes))
        let fitRows = measured.filter { splits[$0.bytes] == .fit }
        func hardware(_ p: [Double]) -> HardwareSpec {
            var h = base
            h.interNodeBandwidthGBs = max(1e-3, abs(p[0]))
            h.interNodeLatencyUs = abs(p[1])
            return h
        }
        func predict(_ rows: [(workers: Int, perNode: Int, bytes: Double, seconds: Double)], on h: HardwareSpec) -> [Double] {
            seconds(rows.map { ($0.workers, $0.perNode, $0.bytes) }, on: h)
        }
        let fit = try NonlinearLeastSquares().fitTowardsMAPE(observations: fitRows.map(\.seconds), initial: [20, 5], rounds: 3) {
            predict(fitRows, on: hardware($0))
        }
        let fitted = hardware(fit.parameters)
        let predicted = predict(measured, on: fitted)
        return InterNodeAllReduceFit(
            source: source, bandwidthGBs: fitted.interNodeBandwidthGBs ?? 0, bandwidthError: fit.standardErrors[0],
            latencyUs: fitted.interNodeLatencyUs ?? 0, latencyError: fit.standardErrors[1],
            rows: measured.indices.map { i in
                Row(workers: measured[i].workers, perNode: measured[i].perNode, bytes: measured[i].bytes,
                    measuredSeconds: measured[i].seconds, predictedSeconds: predicted[i], split: splits[measured[i].bytes] ?? .fit)
            },
            hardware: fitted)
    }

    /// `rows` predicted on `hardware` (its own network figures) in place of the fitted ones.
    public func predicted(on hardware: HardwareSpec) -> [Row] {
        let times = Self.seconds(rows.map { ($0.workers, $0.perNode, $0.bytes) }, on: hardware)
        return zip(rows, times).map { r, t in
            var r = r
            r.predictedSeconds = t
            return r
        }
    }

    /// The all-reduces across nodes of `shapes` on `hardware`, as an isolated benchmark runs
    /// them (``OpValidation/profiled(_:on:)``), seconds.
    static func seconds(_ shapes: [(workers: Int, perNode: Int, bytes: Double)], on hardware: HardwareSpec) -> [Double] {
        let kernels = KernelTimeModel(hardware: hardware, weightDtype: .fp16, engine: OpValidation.profiled(nil, on: hardware))
        return shapes.map { kernels.allReduceAcrossNodes(bytes: $0.bytes, workers: $0.workers, perNode: $0.perNode).seconds }
    }

    /// MAPE (%) of `rows`.
    public static func mapePercent(_ rows: [Row]) -> Double {
        guard !rows.isEmpty else { return .nan }
        return 100 * rows.reduce(0) { $0 + abs($1.predictedSeconds - $1.measuredSeconds) / $1.measuredSeconds } / Double(rows.count)
    }
}
