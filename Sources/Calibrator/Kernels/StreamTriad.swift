/// STREAM's triad, a[i] = b[i] + s · c[i], over arrays far larger than the last-level cache:
/// the sustainable memory bandwidth that the cost model's memory term is measured against
/// (McCalpin, "Memory bandwidth and machine balance in current high performance computers",
/// IEEE TCCA Newsletter, 1995; STREAM's rules ask for arrays ≥ 4× the caches).
///
/// Bytes are counted as STREAM counts them, 3 × 4 bytes per element (two reads, one write;
/// the write-allocate read that ordinary stores cause is not counted). Threads split the
/// arrays into contiguous halves, as STREAM's OpenMP loop does.
public final class StreamTriad: @unchecked Sendable {
    public let count: Int
    public let threads: Int
    let a: FloatMatrix, b: FloatMatrix, c: FloatMatrix

    /// Three arrays of `count` floats (rounded up to a multiple of 16).
    public init(count: Int, threads: Int = 1) {
        precondition(count >= 16 && threads >= 1, "StreamTriad needs ≥ 16 elements and ≥ 1 thread")
        let padded = (count + 15) / 16 * 16
        self.count = padded
        self.threads = threads
        a = FloatMatrix(rows: 1, columns: padded, value: 0)
        b = FloatMatrix(rows: 1, columns: padded, value: 1)
        c = FloatMatrix(rows: 1, columns: padded, value: 2)
    }

    /// Bytes one ``run(scalar:)`` moves by STREAM's count.
    public var bytes: Double { Double(count) * 12 }

    /// One triad pass.
    public func run(scalar: Float = 3) {
        let blocks = count / 16
        let (pa, pb, pc) = (a.baseAddress, UnsafePointer(b.baseAddress), UnsafePointer(c.baseAddress))
        let s = SIMD16<Float>(repeating: scalar)
        let body = { (t: Int) in
            let range = (t * blocks / self.threads)..<((t + 1) * blocks / self.threads)
            for i in range {
                let offset = i * 16
                let x = UnsafeRawPointer(pb + offset).loadUnaligned(as: SIMD16<Float>.self)
                let y = UnsafeRawPointer(pc + offset).loadUnaligned(as: SIMD16<Float>.self)
                UnsafeMutableRawPointer(pa + offset).storeBytes(of: x.addingProduct(s, y), as: SIMD16<Float>.self)
            }
        }
        Parallel.run(workers: threads, body)
    }

    /// a[i] after a run, for checks.
    public func result(_ i: Int) -> Float { a.baseAddress[i] }
}
