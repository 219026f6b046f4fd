/// The register tile of ``Matmul``: C[6 × 16] += A[6 × kc] · B[kc × 16] held in twelve AVX2
/// registers (six `SIMD16<Float>`, each two YMM).
///
/// The 6 × 16 shape is BLIS's single-precision microkernel for Haswell and Zen (12
/// accumulators + 2 loads of B + 1 broadcast of A = 15 of the 16 YMM registers; Van Zee &
/// van de Geijn, "BLIS: a framework for rapidly instantiating BLAS functionality", ACM TOMS
/// 41(3), 2015). Per k step: one 64-byte load of B, six broadcasts, twelve FMAs — two FMA
/// pipes are kept busy when nothing stalls; a GEMV (m = 1) still streams 64 bytes of B per
/// six cycles, above DRAM bandwidth, so one kernel serves every m. Built with `-target-cpu haswell` (Package.swift),
/// `addProduct` compiles to `vfmadd231ps`.
enum MatmulMicrokernel {
    /// C[0..<6, 0..<16] (row stride `ldc`) = or += A·B, with A packed 6 floats per k step
    /// and B packed 16 floats per k step.
    @inline(__always)
    static func tile6x16(depth: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                         c: UnsafeMutablePointer<Float>, ldc: Int, accumulate: Bool) {
        var c0 = SIMD16<Float>(), c1 = SIMD16<Float>(), c2 = SIMD16<Float>()
        var c3 = SIMD16<Float>(), c4 = SIMD16<Float>(), c5 = SIMD16<Float>()
        var ap = a, bp = b
        for _ in 0..<depth {
            let bv = UnsafeRawPointer(bp).loadUnaligned(as: SIMD16<Float>.self)
            c0.addProduct(SIMD16(repeating: ap[0]), bv)
            c1.addProduct(SIMD16(repeating: ap[1]), bv)
            c2.addProduct(SIMD16(repeating: ap[2]), bv)
            c3.addProduct(SIMD16(repeating: ap[3]), bv)
            c4.addProduct(SIMD16(repeating: ap[4]), bv)
            c5.addProduct(SIMD16(repeating: ap[5]), bv)
            ap += 6
            bp += Matmul.columnTile
        }
        store(c0, c, accumulate)
        store(c1, c + ldc, accumulate)
        store(c2, c + 2 * ldc, accumulate)
        store(c3, c + 3 * ldc, accumulate)
        store(c4, c + 4 * ldc, accumulate)
        store(c5, c + 5 * ldc, accumulate)
    }

    @inline(__always)
    static func store(_ value: SIMD16<Float>, _ c: UnsafeMutablePointer<Float>, _ accumulate: Bool) {
        let raw = UnsafeMutableRawPointer(c)
        if accumulate {
            raw.storeBytes(of: raw.loadUnaligned(as: SIMD16<Float>.self) + value, as: SIMD16<Float>.self)
        } else {
            raw.storeBytes(of: value, as: SIMD16<Float>.self)
        }
    }
}
