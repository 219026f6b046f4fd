import Foundation

extension CostModelReport {
    /// "Figures reached" and "Where the goals are missed, and why", computed from the rows.
    static func figuresSection(_ report: ValidationReport) -> [String] {
        let linearRows = report.rows.filter { $0.inScope && OpValidation.linearOps.contains($0.op) }
        let attentionRows = report.rows.filter { $0.inScope && OpValidation.attentionOps.contains($0.op) }
        let allReduceRows = report.rows.filter { $0.inScope && $0.op == "all_reduce" }
        var out = ["### Figures reached", ""]
        var cells: [(String, Int, Double)] = []
        for model in ordered(linearRows.map { modelName($0.source) }) {
            let mine = linearRows.filter { modelName($0.source) == model }
            for tp in ordered(mine.compactMap(\.parallelDegree)).sorted() {
                if let s = ValidationReport.summarize(mine.filter { $0.parallelDegree == tp }, source: model, op: "") {
                    cells.append((model, tp, s.mapePercent))
                }
            }
        }
        let met = cells.filter { $0.2 <= linearGoalPercent }.count
        if let s = ValidationReport.summarize(linearRows, source: "", op: "") {
            out.append("- Linear ops: MAPE \(format(s.mapePercent)) % over \(s.count) rows (time-weighted "
                       + "\(format(s.weightedMAPEPercent)) %); \(met) of \(cells.count) model × TP cells within "
                       + "\(format(linearGoalPercent)) %.")
        }
        if let s = ValidationReport.summarize(attentionRows, source: "", op: "") {
            out.append("- Attention: MAPE \(format(s.mapePercent)) % over \(s.count) rows (time-weighted "
                       + "\(format(s.weightedMAPEPercent)) %).")
        }
        if let s = ValidationReport.summarize(allReduceRows, source: "", op: "") {
            out.append("- All-reduce, single node: MAPE \(format(s.mapePercent)) % over \(s.count) rows (time-weighted "
                       + "\(format(s.weightedMAPEPercent)) %).")
        }
        out += ["", "### Where the goals are missed, and why", ""]
        var missed = false
        let misses = cells.filter { $0.2 > linearGoalPercent }
        if !misses.isEmpty {
            missed = true
            let byTP = ordered(linearRows.compactMap(\.parallelDegree)).compactMap { tp in
                ValidationReport.summarize(linearRows.filter { $0.parallelDegree == tp }, source: "TP \(tp)", op: "")
            }
            let ranges: [(String, ClosedRange<Int>)] = [("1–64", 1...64), ("65–512", 65...512),
                                                        ("513–4096", 513...4096), ("> 4096", 4097...Int.max)]
            let byTokens = ranges.compactMap { name, range in
                ValidationReport.summarize(linearRows.filter { range.contains(tokens(of: $0)) }, source: name, op: "")
            }
            var line = "- Linear ops above \(format(linearGoalPercent)) %: "
                + misses.map { "\($0.0) TP \($0.1) (\(format($0.2)) %)" }.joined(separator: ", ") + ". "
                + "The model has one GEMM time function (tile-quantised compute, soft roofline against the "
                + "weight read, one fixed launch time); cuBLAS picks a different kernel (tile shape, split-K, "
                + "number of waves over the 108 SMs) per shape, and the measured time is not even monotone in "
                + "the tokens: neighbouring rows 64 tokens apart sit 10–15 % on either side of any smooth curve. "
                + "The steps fall at different token counts for each matrix shape, so no smooth function with "
                + "shared parameters follows them; a per-shape table would, but it would be fitted per file."
            if let worstTP = byTP.max(by: { $0.mapePercent < $1.mapePercent }),
               let worstTokens = byTokens.max(by: { $0.mapePercent < $1.mapePercent }) {
                line += " The error is largest at \(worstTP.source) (\(format(worstTP.mapePercent)) %) and at "
                    + "\(worstTokens.source) tokens (\(format(worstTokens.mapePercent)) %)."
            }
            line += " A wave-quantisation model (tiles of 64 or 128 × 128 over 108 SMs, fitted the same way on "
                + "Llama-2-7B only) was tried and held out worse (11–15 % MAPE), so it was not adopted."
            out.append(line)
        }
        if let s = ValidationReport.summarize(attentionRows, source: "", op: ""), s.mapePercent > attentionGoalPercent {
            missed = true
            out.append("- Attention above \(format(attentionGoalPercent)) %: MAPE \(format(s.mapePercent)) %.")
        }
        if let s = ValidationReport.summarize(allReduceRows, source: "", op: ""), s.mapePercent > allReduceGoalPercent {
            missed = true
            var line = "- All-reduce above \(format(allReduceGoalPercent)) %: MAPE \(format(s.mapePercent)) %."
            let small = allReduceRows.filter { ($0.sizeBytes ?? 0) <= 1_048_576 }
            let times = small.map { $0.measuredSeconds * 1e6 }
            if let lo = times.min(), let hi = times.max(), let sm = ValidationReport.summarize(small, source: "", op: "") {
                line += " Messages of at most 1 MiB (\(small.count) rows, MAPE \(format(sm.mapePercent)) %) take "
                    + "\(format(lo)) to \(format(hi)) µs with no order in size: at one worker count a larger "
                    + "message is often faster than a smaller one (~25 µs next to ~60 µs), i.e. the median is "
                    + "bimodal in launch and synchronisation cost, which no deterministic function of size and "
                    + "workers can follow."
            }
            for source in ordered(allReduceRows.map(\.source)) {
                let large = allReduceRows.filter { $0.source == source && ($0.sizeBytes ?? 0) > 16_777_216 }
                guard let f = ValidationReport.summarize(large, source: source, op: "") else { continue }
                line += " Above 16 MiB, `\(source)`: MAPE \(format(f.mapePercent)) %, bias \(format(f.biasPercent, signed: true)) %."
            }
            line += " The bandwidth term was fitted on the DGX rows (at most 64 MiB, below the size where NCCL's "
                + "bus bandwidth levels off); the held-out pairwise-NVLink machine, measured up to 512 MiB, "
                + "reaches a higher bus bandwidth, so the model is too slow there."
            out.append(line)
        }
        if !missed { out.append("- None: every goal is met.") }
        out.append("")
        return out
    }

    // MARK: Helpers

    /// "Llama-2-7b-hf.mlp.csv" → "Llama-2-7b-hf".
    static func modelName(_ source: String) -> String {
        source.replacingOccurrences(of: ".mlp.csv", with: "")
    }

    /// Tokens of a layer-op row ("tp=2 tokens=512").
    static func tokens(of row: ValidationReport.Row) -> Int {
        guard let range = row.shape.range(of: "tokens=") else { return 0 }
        return Int(row.shape[range.upperBound...].prefix { $0.isNumber }) ?? 0
    }

    /// The distinct values in order of first appearance.
    static func ordered<T: Hashable>(_ values: [T]) -> [T] {
        var seen = Set<T>()
        return values.filter { seen.insert($0).inserted }
    }

    /// "4.2 % (3.1 %)", bold when the plain MAPE misses `goal`; "—" for no rows.
    static func cell(_ rows: [ValidationReport.Row], goal: Double) -> String {
        guard let s = ValidationReport.summarize(rows, source: "", op: "") else { return "—" }
        return mark(s.mapePercent, goal) + " (\(format(s.weightedMAPEPercent)) %)"
    }

    static func mark(_ percent: Double, _ goal: Double) -> String {
        percent > goal ? "**\(format(percent)) %**" : "\(format(percent)) %"
    }

    static func format(_ value: Double, signed: Bool = false) -> String {
        String(format: signed ? "%+.1f" : "%.1f", value)
    }
}
