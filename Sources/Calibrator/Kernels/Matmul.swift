/// A blocked, multithreaded single-precision GEMM for LLM-shaped products: C[m × n] = A[m × k]
/// · B[k × n], with A the activations (m = tokens, 1 to thousands) and B a weight matrix
/// packed once (``PackedPanels``). Float32 in, Float32 accumulate.
///
/// The loop nest is Goto's (Goto & van de Geijn, ACM TOMS 2008; BLIS's five loops): k in
/// blocks of ``depthBlock``, for which all m rows of A are packed into 6-row micro-panels; then
/// the thread's panels of B in groups of ``panelGroup`` (a 256 × 512 slice, 512 KB, that stays
/// in L2 while every row block uses it), m in blocks of ``rowBlock`` rows (≈147 KB of packed
/// A), then every 16-column panel of the group (16 KB, in L1) against every 6-row micro-panel
/// in the ``MatmulMicrokernel`` register tile. Each weight is thus read from memory once per
/// call whatever m is — the cost model's assumption — rather than once per row block.
/// Threads split the columns of B (whole panels), so each weight is read by one thread;
/// each thread packs its own copy of A (O(m·k) per thread, small against 2·m·n·k).
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
    /// MC: rows of A multiplied against one group of B panels at a time (a multiple of
    /// ``rowTile``).
    public static let rowBlock = 144
    /// Panels of B (16 columns each) kept in L2 while every row block of A passes over them.
    public static let panelGroup = 32

    /// Number of threads that split the columns.
    public let threads: Int
    /// Per thread: packed A (`scratchRows` × depthBlock), and a 6 × 16 edge tile.
    private var scratch: [UnsafeMutablePointer<Float>]
    private let edges: [UnsafeMutablePointer<Float>]
    /// Rows of A the scratch holds (grown by ``multiply(_:_:into:)`` for larger m).
    private var scratchRows = rowBlock

    public init(threads: Int = 1) {
        precondition(threads >= 1, "Matmul needs ≥ 1 thread, got \(threads)")
        self.threads = threads
        scratch = (0..<threads).map { _ in Matmul.allocate(Matmul.rowBlock * Matmul.depthBlock) }
        edges = (0..<threads).map { _ in Matmul.allocate(Matmul.rowTile * Matmul.columnTile) }
    }

    deinit {
        for p in scratch + edges { UnsafeMutableRawPointer(p).deallocate() }
    }

    private static func allocate(_ count: Int) -> UnsafeMutablePointer<Float> {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: count * 4, alignment: 64)
        let p = raw.bindMemory(to: Float.self, capacity: count)
        p.initialize(repeating: 0, count: count)
        return p
    }

    /// Makes every thread's scratch hold `rows` rows of packed A (rounded up to the tile).
    private func reserve(rows: Int) {
        let needed = (rows + Matmul.rowTile - 1) / Matmul.rowTile * Matmul.rowTile
        guard needed > scratchRows else { return }
        for p in scratch { UnsafeMutableRawPointer(p).deallocate() }
        scratch = (0..<threads).map { _ in Matmul.allocate(needed * Matmul.depthBlock) }
        scratchRows = needed
    }

    /// C = A · B on ``threads`` threads; A is m × k, B is packed k × n, C is m × n.
    /// - Complexity: 2·m·n·k FLOPs.
    public func multiply(_ a: FloatMatrix, _ b: PackedPanels, into c: FloatMatrix) {
        precondition(a.columns == b.depth && c.rows == a.rows && c.columns == b.width,
                     "shapes do not chain: A \(a.rows)×\(a.columns), B \(b.depth)×\(b.width), C \(c.rows)×\(c.columns)")
        let panels = b.panelCount
        let workers = min(threads, panels)
        let (pa, pc) = (UnsafePointer(a.baseAddress), c.baseAddress)
        let m = a.rows, k = a.columns, n = b.width
        reserve(rows: m)
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
    /// calling thread, with `thread`'s scratch (which must hold `rows` rows). `width` ≤ b.width
    /// bounds the columns written; `depth` ≤ b.depth uses a prefix of B's rows (attention's P·V
    /// over a key prefix).
    func serial(rows m: Int, depth k: Int, width n: Int, a: UnsafePointer<Float>, lda: Int,
                b: PackedPanels, panels: Range<Int>, c: UnsafeMutablePointer<Float>, ldc: Int, thread: Int) {
        precondition(m <= scratchRows, "\(m) rows exceed the scratch's \(scratchRows)")
        let mr = Matmul.rowTile, nr = Matmul.columnTile
        let packedA = scratch[thread], edge = edges[thread]
        var k0 = 0
        while k0 < k {
            let kc = min(Matmul.depthBlock, k - k0)
            let accumulate = k0 > 0
            Matmul.packRows(a + k0, rows: m, depth: kc, lda: lda, into: packedA)
            var group = panels.lowerBound
            while group < panels.upperBound {
                let groupPanels = group..<min(panels.upperBound, group + Matmul.panelGroup)
                var i0 = 0
                while i0 < m {
                    let mc = min(Matmul.rowBlock, m - i0)
                    for panel in groupPanels {
                        let bp = b.panel(panel, row: k0)
                        let columns = min(nr, n - panel * nr)
                        if columns <= 0 { continue }
                        var ir = 0
                        while ir < mc {
                            let rows = min(mr, mc - ir)
                            let ap = UnsafePointer(packedA + (i0 + ir) * kc)
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
                group = groupPanels.upperBound
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
