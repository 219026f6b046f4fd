/// A blocked, multithreaded single-precision GEMM for LLM-shaped products: C[m × n] = A[m × k]
/// · B[k × n], with A the activations (m = tokens, 1 to thousands) and B a weight matrix
/// packed once (``PackedPanels``). Float32 in, Float32 accumulate.
///
/// The loop nest is Goto's (Goto & van de Geijn, ACM TOMS 2008; BLIS's five loops): k in
/// blocks of ``depthBlock`` (a 16-column panel slice of B, 16 KB, stays in L1), m in blocks of
/// ``rowBlock`` rows packed into 6-row micro-panels (≈147 KB, in L2), then every 16-column
/// panel of B against every 6-row micro-panel of A in the ``MatmulMicrokernel`` register tile.
/// Threads split the columns of B (whole panels), so each weight is read by one thread once;
/// each thread packs its own copy of the A block (O(m·k) per thread, small against 2·m·n·k).
///
/// Not reentrant: each thread index owns one scratch buffer, so one `Matmul` serves one call
/// at a time.
public final class Matmul: @unchecked Sendable {
    /// Rows of the register tile (MR).
    public static let rowTile = 6
    /// Columns of the register tile (NR), = one `SIMD16<Float>`.
    public static let columnTile = 16
    /// KC: depth of one packed block.
    public static let depthBlock = 256
    /// MC: rows of A packed at once (a multiple of ``rowTile``).
    public static let rowBlock = 144

    /// Number of threads that split the columns.
    public let threads: Int
    /// Per thread: packed A (rowBlock × depthBlock), then a 6 × 16 edge tile.
    private let scratch: [UnsafeMutablePointer<Float>]
    private static let scratchCount = rowBlock * depthBlock + rowTile * columnTile

    public init(threads: Int = 1) {
        precondition(threads >= 1, "Matmul needs ≥ 1 thread, got \(threads)")
        self.threads = threads
        scratch = (0..<threads).map { _ in
            let raw = UnsafeMutableRawPointer.allocate(byteCount: Matmul.scratchCount * 4, alignment: 64)
            let p = raw.bindMemory(to: Float.self, capacity: Matmul.scratchCount)
            p.initialize(repeating: 0, count: Matmul.scratchCount)
            return p
        }
    }

    deinit { for p in scratch { UnsafeMutableRawPointer(p).deallocate() } }

    /// C = A · B on ``threads`` threads; A is m × k, B is packed k × n, C is m × n.
    /// - Complexity: 2·m·n·k FLOPs.
    public func multiply(_ a: FloatMatrix, _ b: PackedPanels, into c: FloatMatrix) {
        precondition(a.columns == b.depth && c.rows == a.rows && c.columns == b.width,
                     "shapes do not chain: A \(a.rows)×\(a.columns), B \(b.depth)×\(b.width), C \(c.rows)×\(c.columns)")
        let panels = b.panelCount
        let workers = min(threads, panels)
        let (pa, pc) = (UnsafePointer(a.baseAddress), c.baseAddress)
        let m = a.rows, k = a.columns, n = b.width
        if workers <= 1 {
            serial(rows: m, depth: k, width: n, a: pa, lda: k, b: b, panels: 0..<panels, c: pc, ldc: n, thread: 0)
            return
        }
        Parallel.run(workers: workers) { t in
            let range = (t * panels / workers)..<((t + 1) * panels / workers)
            self.serial(rows: m, depth: k, width: n, a: pa, lda: k, b: b, panels: range, c: pc, ldc: n, thread: t)
        }
    }

    /// C[0..<rows, columns of `panels`] = A[0..<rows, 0..<depth] · B[0..<depth, ·] on the
    /// calling thread, with `thread`'s scratch. `width` ≤ b.width bounds the columns written;
    /// `depth` ≤ b.depth uses a prefix of B's rows (attention's P·V over a key prefix).
    func serial(rows m: Int, depth k: Int, width n: Int, a: UnsafePointer<Float>, lda: Int,
                b: PackedPanels, panels: Range<Int>, c: UnsafeMutablePointer<Float>, ldc: Int, thread: Int) {
        let mr = Matmul.rowTile, nr = Matmul.columnTile
        let packedA = scratch[thread]
        let edge = packedA + Matmul.rowBlock * Matmul.depthBlock
        var k0 = 0
        while k0 < k {
            let kc = min(Matmul.depthBlock, k - k0)
            let accumulate = k0 > 0
            var i0 = 0
            while i0 < m {
                let mc = min(Matmul.rowBlock, m - i0)
                Matmul.packRows(a + i0 * lda + k0, rows: mc, depth: kc, lda: lda, into: packedA)
                for panel in panels {
                    let bp = b.panel(panel, row: k0)
                    let columns = min(nr, n - panel * nr)
                    if columns <= 0 { continue }
                    var ir = 0
                    while ir < mc {
                        let rows = min(mr, mc - ir)
                        let ap = UnsafePointer(packedA + ir * kc)
                        let cp = c + (i0 + ir) * ldc + panel * nr
                        if rows == mr && columns == nr {
                            MatmulMicrokernel.tile6x16(depth: kc, a: ap, b: bp, c: cp, ldc: ldc, accumulate: accumulate)
                        } else {
                            // Edge tile: the full 6 × 16 product (A's missing rows are packed
                            // as zeros) into scratch, then its valid part into C. A tail costs
                            // a whole tile, the padding that the cost model's tile rows assume.
                            MatmulMicrokernel.tile6x16(depth: kc, a: ap, b: bp, c: edge, ldc: nr, accumulate: false)
                            for r in 0..<rows {
                                let row = cp + r * ldc, tile = edge + r * nr
                                for j in 0..<columns { row[j] = accumulate ? row[j] + tile[j] : tile[j] }
                            }
                        }
                        ir += mr
                    }
                }
                i0 += mc
            }
            k0 += kc
        }
    }

    /// Packs A[0..<rows, 0..<depth] (row stride `lda`) into 6-row micro-panels, k-major:
    /// panel q holds A[6q + r][kk] at `(q · depth + kk) · 6 + r`, zero rows past `rows`.
    static func packRows(_ a: UnsafePointer<Float>, rows: Int, depth: Int, lda: Int,
                         into out: UnsafeMutablePointer<Float>) {
        let mr = rowTile
        var q = 0
        while q * mr < rows {
            let panel = out + q * depth * mr
            let valid = min(mr, rows - q * mr)
            for r in 0..<mr {
                if r < valid {
                    let src = a + (q * mr + r) * lda
                    for kk in 0..<depth { panel[kk * mr + r] = src[kk] }
                } else {
                    for kk in 0..<depth { panel[kk * mr + r] = 0 }
                }
            }
            q += 1
        }
    }
}
