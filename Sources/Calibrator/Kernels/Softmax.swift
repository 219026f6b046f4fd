/// Row softmax for the attention kernels, with a vectorised exp.
///
/// `exp` is Cephes' `expf` (Moshier, *Methods and Programs for Mathematical Functions*, 1989):
/// x = n·ln 2 + r with |r| ≤ ln 2 / 2 (ln 2 split in two constants so that r is exact), a
/// degree-7 polynomial for eʳ, and 2ⁿ built in the exponent bits; relative error ≈ 2 ulp on
/// [−87, 88], arguments outside are clamped. Sixteen lanes per call instead of a libm call per
/// score, which would otherwise cost more than the attention's FLOPs.
enum Softmax {
    @inline(__always)
    static func exp(_ input: SIMD16<Float>) -> SIMD16<Float> {
        // Only lane-wise arithmetic, masked replacement and bit casts: `rounded(_:)`,
        // `clamped`, `pointwiseMax` (NaN rules) and float→int conversions of SIMD types
        // compile to scalar loops.
        var x = input
        x.replace(with: -87.3, where: x .< -87.3)
        x.replace(with: 88.3, where: x .> 88.3)
        // n = round(x / ln 2) by the 1.5·2²³ trick: adding it leaves n in the low mantissa bits.
        let magic = SIMD16<Float>(repeating: 12_582_912)
        let shifted = x * 1.44269504088896341 + magic
        let n = shifted - magic
        var r = x - n * 0.693359375
        r = r - n * -2.12194440e-4
        var p = SIMD16<Float>(repeating: 1.9875691500e-4)
        p = p * r + 1.3981999507e-3
        p = p * r + 8.3334519073e-3
        p = p * r + 4.1665795894e-2
        p = p * r + 1.6666665459e-1
        p = p * r + 5.0000001201e-1
        let e = p * r * r + r + 1
        let integer = unsafeBitCast(shifted, to: SIMD16<Int32>.self) &- unsafeBitCast(magic, to: SIMD16<Int32>.self)
        let scale = (integer &+ 127) &<< 23
        return e * unsafeBitCast(scale, to: SIMD16<Float>.self)
    }

    /// row[j] ← exp(scale · (row[j] − max)) / Σ for j < `count`; row[j] ← 0 for
    /// `count` ≤ j < `zeroUpTo` (the causal mask).
    /// - Complexity: O(zeroUpTo).
    static func normalize(_ row: UnsafeMutablePointer<Float>, count: Int, zeroUpTo: Int, scale: Float) {
        let full = count / 16 * 16
        var m = SIMD16<Float>(repeating: -.infinity)
        var j = 0
        while j < full {
            let v = UnsafeRawPointer(row + j).loadUnaligned(as: SIMD16<Float>.self)
            m.replace(with: v, where: v .> m)
            j += 16
        }
        var maximum = m.max()
        for t in full..<count { maximum = Swift.max(maximum, row[t]) }
        let shift = SIMD16<Float>(repeating: maximum)
        var sum = SIMD16<Float>()
        j = 0
        while j < full {
            let raw = UnsafeMutableRawPointer(row + j)
            let e = exp((raw.loadUnaligned(as: SIMD16<Float>.self) - shift) * scale)
            raw.storeBytes(of: e, as: SIMD16<Float>.self)
            sum += e
            j += 16
        }
        var total = sum.sum()
        if full < count {
            var tail = SIMD16<Float>(repeating: maximum)
            for t in full..<count { tail[t - full] = row[t] }
            let e = exp((tail - shift) * scale)
            for t in full..<count { row[t] = e[t - full]; total += e[t - full] }
        }
        let inverse = SIMD16<Float>(repeating: 1 / total)
        j = 0
        while j < full {
            let raw = UnsafeMutableRawPointer(row + j)
            raw.storeBytes(of: raw.loadUnaligned(as: SIMD16<Float>.self) * inverse, as: SIMD16<Float>.self)
            j += 16
        }
        for t in full..<count { row[t] *= inverse[0] }
        for t in count..<Swift.max(count, zeroUpTo) { row[t] = 0 }
    }
}
