import Foundation

/// Fits an engine's time for an eagerly launched all-reduce (``EngineSpec/eagerAllReduceUs``)
/// to Vidur's all-reduce profile, and reports it on the files it was not fitted on.
///
/// Vidur's collective profiler (`vidur/profiling/collectives`) calls
/// `torch.distributed.all_reduce` eleven times back to back from Python, without a CUDA graph,
/// and records the median duration of the NCCL kernels (Kineto): a kernel on one GPU runs
/// until the last rank's has started, so the times carry the ranks' launch skew on top of the
/// transfer. The GPU's own all-reduce terms (the hardware preset: NCCL measured under vLLM)
/// give the transfer; one constant per engine, added to every eager launch, is fitted here.
///
/// Fit: the c that minimises the mean absolute relative error Σ |p + c − m| / m over the fit
/// files' single-node rows of at most ``maxFitBytes`` (where the fixed time is most of the
/// measured time; larger messages measure the link's bandwidth, a property of the GPU and its
/// fabric, which the constant must not absorb), with its standard error by bootstrap. Every
/// other file is held out.
public struct EagerAllReduceFit: Sendable {
    /// Largest message the fit uses, bytes.
    public static let maxFitBytes = 1_048_576.0
    /// Message-size classes of the report: upper bounds in bytes (the last is open).
    public static let sizeClasses: [(label: String, upTo: Double)] = [
        ("≤ 64 KiB", 65_536), ("64 KiB–1 MiB", 1_048_576), ("1–16 MiB", 16_777_216), ("> 16 MiB", .infinity),
    ]

    /// The fitted time per eager all-reduce, µs, and its standard error.
    public var microseconds: Double
    public var standardErrorMicroseconds: Double
    /// Rows the constant was fitted on.
    public var fitRowCount: Int
    /// Files fitted on, by name.
    public var fitSources: [String]
    /// Every in-scope row of every file, predicted without (`predictedSeconds`) the eager time.
    public var rows: [ValidationReport.Row]

    /// Fits on the rows of the files named in `fitSources` (by file name) among `paths`, with
    /// `hardware`'s all-reduce terms.
    /// - Throws: ``OpValidationError`` when a file cannot be read or lacks a column, or when no
    ///   fit row is there.
    public static func fit(paths: [String], hardware: HardwareSpec,
                           fitSources: [String]) throws(OpValidationError) -> EagerAllReduceFit {
        var rows: [ValidationReport.Row] = []
        for path in paths {
            let source = path.split(separator: "/").last.map(String.init) ?? path
            rows += try OpValidation.allReduceRows(CSVTable(path: path), source: source, hardware: hardware)
                .filter(\.inScope)
        }
        let fitRows = rows.filter { fitSources.contains($0.source) && ($0.sizeBytes ?? .infinity) <= maxFitBytes }
        guard fitRows.count >= 2 else {
            throw .noRows(path: fitSources.joined(separator: ", "),
                          what: "two or more single-node all-reduce rows of at most 1 MiB among the files given to fit on")
        }
        let c = minimumMAPEConstant(fitRows)
        let spread = BootstrapSpread.standardError(rows: fitRows.count, seed: 1) { picks in
            minimumMAPEConstant(picks.map { fitRows[$0] })
        }
        return EagerAllReduceFit(microseconds: c * 1e6, standardErrorMicroseconds: spread * 1e6,
                                 fitRowCount: fitRows.count, fitSources: fitSources, rows: rows)
    }

    /// The constant c ≥ 0 that minimises Σ |p + c − m| / m over `rows`: the median of the
    /// gaps m − p weighted by 1 / m (the MAPE-optimal shift; robust to the bimodal launch
    /// times of small messages, where a least-squares shift follows the fast mode's outliers).
    static func minimumMAPEConstant(_ rows: [ValidationReport.Row]) -> Double {
        let gaps = rows.map { (gap: $0.measuredSeconds - $0.predictedSeconds, weight: 1 / $0.measuredSeconds) }
            .sorted { $0.gap < $1.gap }
        let half = gaps.reduce(0) { $0 + $1.weight } / 2
        var sum = 0.0
        for g in gaps {
            sum += g.weight
            if sum >= half { return max(0, g.gap) }
        }
        return max(0, gaps.last?.gap ?? 0)
    }

    /// `rows` with the fitted time added to each prediction (what an engine with
    /// ``EngineSpec/eagerAllReduceUs`` = ``microseconds`` predicts).
    public var fittedRows: [ValidationReport.Row] {
        rows.map { row in
            var r = row
            r.predictedSeconds += microseconds * 1e-6
            return r
        }
    }
}

extension EagerAllReduceFit {
    /// A markdown table: per file (fit files in italics) and workers, plain MAPE by message
    /// size without the eager time → with it; then the engine key.
    public func markdown(hardwareName: String) -> String {
        var out = "Fitted on \(fitRowCount) rows (single node, ≤ 1 MiB) of "
            + fitSources.map { "`\($0)`" }.joined(separator: ", ") + " with `\(hardwareName)`'s all-reduce terms: "
            + String(format: "**eager_all_reduce_us = %.2f ± %.2f µs**", microseconds, standardErrorMicroseconds)
            + " (least absolute relative error; ± bootstrap). Plain MAPE without → with it (mean signed error in brackets);"
            + " *fit* files in italics; **bold** above 10 %.\n\n"
        out += "| file | workers | " + Self.sizeClasses.map(\.label).joined(separator: " | ") + " | all |\n"
        out += "|---|---:|" + String(repeating: "---:|", count: Self.sizeClasses.count + 1) + "\n"
        let with = fittedRows
        for source in Array(Set(rows.map(\.source))).sorted() {
            let name = fitSources.contains(source) ? "*\(source)*" : source
            let workers = Array(Set(rows.filter { $0.source == source }.compactMap(\.parallelDegree))).sorted()
            for w in workers {
                func pick(_ all: [ValidationReport.Row], _ low: Double, _ high: Double) -> [ValidationReport.Row] {
                    all.filter { $0.source == source && $0.parallelDegree == w
                        && ($0.sizeBytes ?? 0) > low && ($0.sizeBytes ?? 0) <= high }
                }
                var low = 0.0, cells: [String] = []
                for size in Self.sizeClasses {
                    cells.append(Self.cell(before: pick(rows, low, size.upTo), after: pick(with, low, size.upTo)))
                    low = size.upTo
                }
                cells.append(Self.cell(before: pick(rows, 0, .infinity), after: pick(with, 0, .infinity)))
                out += "| \(name) | \(w) | " + cells.joined(separator: " | ") + " |\n"
            }
        }
        let held = rows.filter { !fitSources.contains($0.source) }
        let heldWith = with.filter { !fitSources.contains($0.source) }
        if !held.isEmpty {
            out += "| **held-out files** | | " + Self.sizeClasses.indices.map { i in
                let low = i == 0 ? 0 : Self.sizeClasses[i - 1].upTo, high = Self.sizeClasses[i].upTo
                func pick(_ all: [ValidationReport.Row]) -> [ValidationReport.Row] {
                    all.filter { ($0.sizeBytes ?? 0) > low && ($0.sizeBytes ?? 0) <= high }
                }
                return Self.cell(before: pick(held), after: pick(heldWith))
            }.joined(separator: " | ") + " | " + Self.cell(before: held, after: heldWith) + " |\n"
        }
        return out
    }

    /// The `[engine]` key line.
    public var tomlLine: String { String(format: "eager_all_reduce_us = %.2f", microseconds) }

    static func cell(before: [ValidationReport.Row], after: [ValidationReport.Row]) -> String {
        guard let b = ValidationReport.summarize(before, source: "", op: ""),
              let a = ValidationReport.summarize(after, source: "", op: "") else { return "—" }
        let text = String(format: "%.1f → %.1f %% (%+.1f %%)", b.mapePercent, a.mapePercent, a.biasPercent)
        return a.mapePercent > 10 ? "**\(text)**" : text
    }
}
