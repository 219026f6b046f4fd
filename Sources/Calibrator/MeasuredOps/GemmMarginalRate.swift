import SimCore
import SimServeKit

/// The rate at which a GPU's fp8 GEMM adds output columns, from its measured kernel rows: what
/// separates vLLM's fp8 GEMM from the quantisation of its input.
///
/// vLLM's fp8 linear layer quantises its 16-bit input (time ∝ m·k) and then runs the fp8 GEMM
/// (time ∝ m·n·k); the kernel tables time the two together, and a least-squares fit of the
/// fp8 group's four terms leaves the split between them unidentified (on H100 its error is flat
/// from 0.65 to 0.85 of the fp8 peak). At fixed (m, k) only the GEMM grows with the output
/// width n, so the slope of time over n is the GEMM's own rate. It is taken per (m, k) cell of
/// the FIT rows (``SimServeKit/KernelSplitRule``: the held-out widths are not seen) with
/// m, k ≥ 8,192 (prefill-sized: tile and wave effects small, the quantisation a small share)
/// and at least three widths of n ≥ 4,096 — least squares of time on n — and the median over
/// cells is the rate; `fp8_compute_efficiency` held at rate ÷ fp8 peak
/// (`calibrate --from-kernels --hold`) fits the group's other terms around it.
public struct GemmMarginalRate: Sendable, Equatable {
    /// One (m, k) cell: its TFLOPS per added column, 2·m·k ÷ (seconds per column).
    public struct Cell: Sendable, Equatable {
        public var m: Int
        public var k: Int
        public var tflops: Double
    }

    public var cells: [Cell]

    /// The smallest m and k of a cell, and the smallest width n and number of widths it takes.
    public static let minimumRows = 8192
    public static let minimumDepth = 8192
    public static let minimumWidth = 4096
    public static let minimumWidths = 3

    /// The median over cells, TFLOPS.
    public var medianTflops: Double {
        let sorted = cells.map(\.tflops).sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The fp8 GEMM's rate of `gpu` in `measurements` (its fit rows only); nil when no cell has
    /// enough widths.
    public static func fp8(_ measurements: [MeasuredKernel], gpu: String) -> GemmMarginalRate? {
        struct Key: Hashable { let m: Int, k: Int }
        var seconds: [Key: [(n: Double, seconds: Double)]] = [:]
        for row in measurements where row.gpu == gpu && row.split == .fit {
            guard case let .gemm(m, n, k, fp8) = row.op, fp8, m >= minimumRows, k >= minimumDepth, n >= minimumWidth else { continue }
            seconds[Key(m: m, k: k), default: []].append((Double(n), row.measuredSeconds))
        }
        let cells = seconds.keys.sorted { ($0.m, $0.k) < ($1.m, $1.k) }.compactMap { key -> Cell? in
            let points = seconds[key] ?? []
            guard points.count >= minimumWidths,
                  let line = try? LinearFit(x: points.map(\.n), y: points.map(\.seconds)), line.slope > 0 else { return nil }
            return Cell(m: key.m, k: key.k, tflops: 2 * Double(key.m) * Double(key.k) / line.slope / 1e12)
        }
        return cells.isEmpty ? nil : GemmMarginalRate(cells: cells)
    }
}
