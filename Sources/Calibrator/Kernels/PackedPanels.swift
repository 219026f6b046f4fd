/// The right-hand operand B (depth k × width n) of ``Matmul``, repacked into column panels of
/// ``Matmul/columnTile`` (16) columns, zero-padded past n, in blocks of
/// ``Matmul/depthBlock`` rows: block by block, panel after panel, the block's rows of the
/// panel, 16 contiguous floats per row. One block of all panels is thus contiguous, so a
/// GEMM sweeping the panels of a block (and a GEMV, m = 1) reads B strictly sequentially.
///
/// Packing makes the microkernel's loads of B unit-stride and lets one panel's k × 16 slice
/// stay in L1 while every row tile of A passes over it (Goto & van de Geijn, "Anatomy of
/// high-performance matrix multiplication", ACM TOMS 34(3), 2008, §4; BLIS packs B the same
/// way). Weights are packed once, when a model is loaded, as CPU inference engines do; so
/// a GEMM over them reads each weight once, which is what the cost model's weight-bytes
/// term assumes. Attention repacks Kᵀ and V into a reused buffer per head.
public final class PackedPanels: @unchecked Sendable {
    /// Rows of B (the GEMM's k).
    public private(set) var depth: Int
    /// Columns of B (the GEMM's n).
    public private(set) var width: Int
    /// Largest depth × panels this buffer holds.
    public let capacityDepth: Int, capacityPanels: Int
    let storage: UnsafeMutablePointer<Float>

    /// An empty buffer for B of up to `depth × width`, to be filled by ``pack(_:depth:width:depthStride:widthStride:)``.
    public init(capacityDepth: Int, capacityWidth: Int) {
        precondition(capacityDepth >= 1 && capacityWidth >= 1,
                     "PackedPanels needs positive capacity, got \(capacityDepth) × \(capacityWidth)")
        self.capacityDepth = capacityDepth
        self.capacityPanels = (capacityWidth + Matmul.columnTile - 1) / Matmul.columnTile
        let count = capacityDepth * capacityPanels * Matmul.columnTile
        let raw = UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Float>.stride, alignment: 64)
        storage = raw.bindMemory(to: Float.self, capacity: count)
        storage.initialize(repeating: 0, count: count)
        depth = 0
        width = 0
    }

    /// B packed from a row-major `k × n` matrix.
    public convenience init(_ b: FloatMatrix) {
        self.init(capacityDepth: max(1, b.rows), capacityWidth: max(1, b.columns))
        pack(b.baseAddress, depth: b.rows, width: b.columns, depthStride: b.columns, widthStride: 1)
    }

    deinit { UnsafeMutableRawPointer(storage).deallocate() }

    /// Number of 16-column panels of the packed B.
    public var panelCount: Int { (width + Matmul.columnTile - 1) / Matmul.columnTile }

    /// Packs B[i][j] = `source[i · depthStride + j · widthStride]` for i < depth, j < width.
    /// Kᵀ of a row-major K (tokens × d) is `depthStride: 1, widthStride: d`.
    /// - Complexity: O(depth · width).
    public func pack(_ source: UnsafePointer<Float>, depth: Int, width: Int, depthStride: Int, widthStride: Int) {
        let tile = Matmul.columnTile
        precondition(depth <= capacityDepth && (width + tile - 1) / tile <= capacityPanels,
                     "B of \(depth) × \(width) exceeds the packed buffer's capacity \(capacityDepth) × \(capacityPanels * tile)")
        self.depth = depth
        self.width = width
        var k0 = 0
        while k0 < depth {
            let rows = min(Matmul.depthBlock, depth - k0)
            for panel in 0..<panelCount {
                let first = panel * tile
                let columns = min(tile, width - first)
                let out = storage + k0 * panelCount * tile + panel * rows * tile
                if widthStride == 1 && columns == tile {
                    for i in 0..<rows {
                        let row = UnsafeRawPointer(source + (k0 + i) * depthStride + first).loadUnaligned(as: SIMD16<Float>.self)
                        UnsafeMutableRawPointer(out + i * tile).storeBytes(of: row, as: SIMD16<Float>.self)
                    }
                } else {
                    for i in 0..<rows {
                        let dst = out + i * tile
                        let src = source + (k0 + i) * depthStride
                        for j in 0..<columns { dst[j] = src[(first + j) * widthStride] }
                        for j in columns..<tile { dst[j] = 0 }
                    }
                }
            }
            k0 += rows
        }
    }

    /// The packed rows of panel `panel` from row `row` (a multiple of ``Matmul/depthBlock``)
    /// to the end of its block.
    @inline(__always)
    func panel(_ panel: Int, row: Int) -> UnsafePointer<Float> {
        let rows = min(Matmul.depthBlock, depth - row)
        return UnsafePointer(storage + row * panelCount * Matmul.columnTile + panel * rows * Matmul.columnTile)
    }
}
