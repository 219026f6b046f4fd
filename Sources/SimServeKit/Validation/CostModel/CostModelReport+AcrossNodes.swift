import Foundation

extension CostModelReport {
    /// The DGX all-reduce file's rows across nodes, with the network fitted on every other
    /// size (``InterNodeAllReduceFit``); nothing when the file or its across-node rows are
    /// missing, or the fit fails (said in one line).
    static func acrossNodesSection(directory: String) -> [String] {
        let path = directory + "/network/a100_dgx.all_reduce.csv"
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let fit: InterNodeAllReduceFit
        do {
            fit = try InterNodeAllReduceFit.fit(path: path)
        } catch {
            return ["All-reduce across nodes: not fitted (\(error)).", ""]
        }
        let source = fit.source.replacingOccurrences(of: ".all_reduce.csv", with: "")
        var out = [
            "### All-reduce across nodes (`\(source)`, workers on two nodes; the network fitted on every other size)", "",
            "A ring across nodes (`KernelTimeModel.allReduceAcrossNodes`): each of its 2(t−1) steps waits for the "
                + "network's latency, and each GPU's 2(t−1)/t of the message passes at the slower of its NVLink and its "
                + "node's GPUs in the ring × the network's per-GPU rate (NCCL runs a ring per NIC). The one-node terms are "
                + "`\(OpValidation.calibratedA100.name)`'s; fitted on the rows at the even indices of the sorted sizes "
                + "(least squares on relative error, reweighted towards MAPE): `inter_node_bandwidth_gbs` "
                + String(format: "%.2f ± %.2f GB/s", fit.bandwidthGBs, fit.bandwidthError) + " and `inter_node_latency_us` "
                + String(format: "%.1f ± %.1f µs", fit.latencyUs, fit.latencyError)
                + "; the odd indices held out. MAPE (rows; bias of the held-out rows in brackets):", "",
            "| workers | GPUs per node | fit | held out | held out, a100-80gb preset's network |",
            "|---:|---:|---:|---:|---:|",
        ]
        let preset = (try? Presets.hardware(named: "a100-80gb")).map { a100 -> [InterNodeAllReduceFit.Row] in
            var h = fit.hardware
            h.interNodeBandwidthGBs = a100.interNodeBandwidthGBs
            h.interNodeLatencyUs = a100.interNodeLatencyUs
            return fit.predicted(on: h)
        } ?? []
        func bias(_ rows: [InterNodeAllReduceFit.Row]) -> Double {
            100 * rows.reduce(0) { $0 + ($1.predictedSeconds - $1.measuredSeconds) / $1.measuredSeconds } / Double(max(1, rows.count))
        }
        let groups = Set(fit.rows.map { "\($0.workers)/\($0.perNode)" })
        for key in groups.sorted(by: { $0.localizedStandardCompare($1) == .orderedAscending }) {
            let parts = key.split(separator: "/").compactMap { Int($0) }
            let mine = fit.rows.filter { $0.workers == parts[0] && $0.perNode == parts[1] }
            let fitRows = mine.filter { $0.split == .fit }, held = mine.filter { $0.split == .heldOut }
            let presetHeld = preset.filter { $0.workers == parts[0] && $0.perNode == parts[1] && $0.split == .heldOut }
            out.append("| \(parts[0]) | \(parts[1]) | " + String(format: "%.1f %% (%d)", InterNodeAllReduceFit.mapePercent(fitRows), fitRows.count)
                       + " | " + String(format: "%.1f %% (%d; %+.1f %%)", InterNodeAllReduceFit.mapePercent(held), held.count, bias(held))
                       + " | " + (presetHeld.isEmpty ? "—" : String(format: "%.1f %% (%+.1f %%)", InterNodeAllReduceFit.mapePercent(presetHeld), bias(presetHeld)))
                       + " |")
        }
        let fitAll = fit.rows.filter { $0.split == .fit }, heldAll = fit.rows.filter { $0.split == .heldOut }
        out.append("| **all** | | " + String(format: "%.1f %% (%d)", InterNodeAllReduceFit.mapePercent(fitAll), fitAll.count) + " | "
                   + String(format: "%.1f %% (%d; %+.1f %%)", InterNodeAllReduceFit.mapePercent(heldAll), heldAll.count, bias(heldAll))
                   + " | " + String(format: "%.1f %% (%+.1f %%)", InterNodeAllReduceFit.mapePercent(preset.filter { $0.split == .heldOut }),
                                    bias(preset.filter { $0.split == .heldOut })) + " |")
        out.append("")
        out.append("The fitted figures describe the measured machine's network, which the source does not describe (its "
                   + "rate per GPU is a fifth of a DGX A100's 200 Gb/s InfiniBand NIC per GPU, the a100-80gb preset's "
                   + "line-rate figure, so that figure is far too fast here): a user sets their own cluster's. Where the "
                   + "form breaks: the bus rate grows with the GPUs per node from one to four (at 64 MiB "
                   + "5.9 → 22 GB/s), as one ring per NIC would, but not to eight (17.5 GB/s at 16 GPUs on two "
                   + "nodes, the rows 46 % faster in the model): that machine's nodes seem to have fewer NICs than "
                   + "GPUs, which no figure here describes; at two GPUs per node the rows are noisy (the 32 MiB "
                   + "rows slower than the 64 MiB ones); and the ring pays the network's latency at each of its "
                   + "2(t−1) steps, as NCCL's own tuning model does for rings, so small messages over 16 GPUs come out "
                   + "several times too slow (2 KiB: 65 µs measured) — NCCL runs a tree there, which is not modelled.")
        out.append("")
        return out
    }
}
