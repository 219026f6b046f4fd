import SimCore
import Foundation
import XCTest
@testable import Calibrator

/// The SIMD kernels against naive Double-precision references on small shapes that cover
/// every edge: rows and columns not multiples of the 6 × 16 tile, depths across the 256
/// block, several query blocks, cached tokens, grouped-query heads, one and two threads.
final class KernelCorrectnessTests: XCTestCase {
    private func random(_ rows: Int, _ columns: Int, seed: UInt64) -> FloatMatrix {
        var g = SplitMix64(seed: seed)
        return FloatMatrix(rows: rows, columns: columns) { Float(g.nextUnit() * 2 - 1) }
    }

    private func assertClose(_ got: FloatMatrix, _ want: [Double], tolerance: Double = 2e-4,
                             _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(got.count, want.count, message, file: file, line: line)
        let scale = max(1, want.map(abs).max() ?? 1)
        var worst = 0.0
        for (g, w) in zip(got.elements, want) { worst = max(worst, abs(Double(g) - w) / scale) }
        XCTAssertLessThan(worst, tolerance, message, file: file, line: line)
    }

    func testMatmulMatchesNaiveProduct() {
        // The last two cross a panel group (n > 512) and row blocks (m > 144), with depth blocks.
        let shapes = [(1, 1, 1), (1, 17, 5), (5, 16, 300), (6, 16, 16), (7, 33, 257), (13, 48, 40), (150, 40, 20),
                      (150, 530, 20), (150, 20, 260)]
        let reused = [1, 2].map { Matmul(threads: $0) }   // scratch grows with m across calls
        for (m, n, k) in shapes {
            let a = random(m, k, seed: 1), b = random(k, n, seed: 2)
            var want = [Double](repeating: 0, count: m * n)
            for i in 0..<m { for j in 0..<n { for p in 0..<k { want[i * n + j] += Double(a[i, p]) * Double(b[p, j]) } } }
            for threads in [1, 2] {
                let c = FloatMatrix(rows: m, columns: n, value: .nan)
                Matmul(threads: threads).multiply(a, PackedPanels(b), into: c)
                assertClose(c, want, "m=\(m) n=\(n) k=\(k) threads=\(threads)")
                c.fill(.nan)
                reused[threads - 1].multiply(a, PackedPanels(b), into: c)
                assertClose(c, want, "reused, m=\(m) n=\(n) k=\(k) threads=\(threads)")
            }
        }
    }

    /// Naive causal attention of c new tokens after o cached ones.
    private func naiveAttention(q: FloatMatrix, k: FloatMatrix, v: FloatMatrix, heads: Int, kvHeads: Int,
                                headDim d: Int, cached o: Int) -> [Double] {
        let c = q.rows
        var out = [Double](repeating: 0, count: c * heads * d)
        for h in 0..<heads {
            let g = h / (heads / kvHeads)
            for i in 0..<c {
                let visible = o + i + 1
                var scores = (0..<visible).map { j in
                    (0..<d).reduce(0.0) { $0 + Double(q[i, h * d + $1]) * Double(k[j, g * d + $1]) } / Double(d).squareRoot()
                }
                let top = scores.max()!
                scores = scores.map { exp($0 - top) }
                let total = scores.reduce(0, +)
                for j in 0..<visible {
                    for e in 0..<d { out[(i * heads + h) * d + e] += scores[j] / total * Double(v[j, g * d + e]) }
                }
            }
        }
        return out
    }

    func testPrefillAttentionMatchesNaiveCausalAttention() {
        // (heads, kvHeads, headDim, new, cached): several query blocks (> 96 rows), a cache,
        // GQA, a head dimension that is not a multiple of 16.
        for (h, kv, d, c, o) in [(2, 2, 16, 5, 0), (4, 2, 32, 100, 0), (4, 1, 16, 20, 37), (2, 1, 24, 7, 3)] {
            let q = random(c, h * d, seed: 3), k = random(o + c, kv * d, seed: 4), v = random(o + c, kv * d, seed: 5)
            let want = naiveAttention(q: q, k: k, v: v, heads: h, kvHeads: kv, headDim: d, cached: o)
            for threads in [1, 2] {
                let out = FloatMatrix(rows: c, columns: h * d, value: .nan)
                PrefillAttention(heads: h, kvHeads: kv, headDim: d, maxContextTokens: o + c, threads: threads)
                    .run(queries: q, keys: k, values: v, cachedTokens: o, into: out)
                assertClose(out, want, "H=\(h) Hkv=\(kv) D=\(d) c=\(c) o=\(o) threads=\(threads)")
            }
        }
    }

    func testDecodeAttentionMatchesNaiveAttention() {
        for (h, kv, d, lengths) in [(2, 2, 16, [1, 5]), (8, 2, 32, [40, 17, 3]), (4, 1, 16, [70])] {
            let q = random(lengths.count, h * d, seed: 6)
            var want: [Double] = []
            var sequences: [KVSequence] = []
            for (b, length) in lengths.enumerated() {
                let k = random(length, kv * d, seed: 10 + UInt64(b)), v = random(length, kv * d, seed: 20 + UInt64(b))
                sequences.append(KVSequence(keys: k, values: v, length: length))
                let row = FloatMatrix(rows: 1, columns: h * d)
                for e in 0..<(h * d) { row[0, e] = q[b, e] }
                // One new token whose position is the last of the cache: all keys visible.
                want += naiveAttention(q: row, k: k, v: v, heads: h, kvHeads: kv, headDim: d, cached: length - 1)
            }
            for threads in [1, 2] {
                let out = FloatMatrix(rows: lengths.count, columns: h * d, value: .nan)
                DecodeAttention(heads: h, kvHeads: kv, headDim: d, maxContextTokens: 70, threads: threads)
                    .run(queries: q, sequences: sequences, into: out)
                assertClose(out, want, "H=\(h) Hkv=\(kv) D=\(d) L=\(lengths) threads=\(threads)")
            }
        }
    }

    func testTriadAndVectorisedExp() {
        let triad = StreamTriad(count: 100, threads: 2)
        triad.run(scalar: 3)
        XCTAssertEqual(triad.count, 112)
        for i in [0, 57, 111] { XCTAssertEqual(triad.result(i), 1 + 3 * 2) }
        var worst: Float = 0
        for x in stride(from: -80.0 as Float, through: 80, by: 0.37) {
            let lanes = SIMD16<Float>((0..<16).map { x + Float($0) * 0.01 })
            let got = Softmax.exp(lanes)
            for i in 0..<16 { worst = max(worst, abs(got[i] - Foundation.exp(lanes[i])) / Foundation.exp(lanes[i])) }
        }
        XCTAssertLessThan(worst, 4e-7)
    }
}
