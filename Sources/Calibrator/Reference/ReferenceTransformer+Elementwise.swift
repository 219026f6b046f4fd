import Foundation

/// The elementwise ops of a layer (the cost model's streaming kernels): embedding gather,
/// RMSNorm, rotary embedding, SiLU·gate, residual add. Single-threaded and memory-bound at
/// these sizes; each reads and writes what the cost model charges it.
extension ReferenceTransformer {
    /// x[r] = embedding[token r].
    func gatherEmbeddings(_ w: Workspace) {
        let d = model.hiddenSize
        for (r, token) in w.tokenIDs.enumerated() {
            (w.x.baseAddress + r * d).update(from: embedding.baseAddress + token * d, count: d)
        }
    }

    /// The logit rows of x, normalised, into `w.logitInputs`.
    func gatherLogitRows(_ w: Workspace) {
        let d = model.hiddenSize
        for (i, r) in w.logitSourceRows.enumerated() {
            Self.rmsNormRow(w.x.baseAddress + r * d, into: w.logitInputs.baseAddress + i * d, count: d)
        }
    }

    /// out[r] = x[r] / √(mean(x[r]²) + ε) (RMSNorm, Zhang & Sennrich 2019, unit gain).
    func rmsNorm(_ x: FloatMatrix, into out: FloatMatrix) {
        for r in 0..<x.rows {
            Self.rmsNormRow(x.baseAddress + r * x.columns, into: out.baseAddress + r * x.columns, count: x.columns)
        }
    }

    static func rmsNormRow(_ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count: Int) {
        let vectorEnd = count / 16 * 16
        let raw = UnsafeRawPointer(x), rawOut = UnsafeMutableRawPointer(out)
        var squares = SIMD16<Float>()
        var i = 0
        while i < vectorEnd {
            let v = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            squares.addProduct(v, v)
            i += 16
        }
        var sum = squares.sum()
        for j in vectorEnd..<count { sum += x[j] * x[j] }
        let scale = 1 / (sum / Float(count) + normEpsilon).squareRoot()
        i = 0
        while i < vectorEnd {
            rawOut.storeBytes(of: raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self) * scale,
                              toByteOffset: i * 4, as: SIMD16<Float>.self)
            i += 16
        }
        for j in vectorEnd..<count { out[j] = x[j] * scale }
    }

    /// Rotates each query and key head's pairs (2i, 2i+1) by position · θ^(−2i/D) (RoPE, Su
    /// et al. 2021), in place in the QKV output.
    func applyRotary(_ w: Workspace) {
        let d = model.headDim, half = d / 2, headsRotated = model.heads + model.kvHeads
        for row in 0..<w.rowPosition.count {
            let cosines = ropeCos.baseAddress + w.rowPosition[row] * half
            let sines = ropeSin.baseAddress + w.rowPosition[row] * half
            let base = w.qkv.baseAddress + row * model.qkvWidth
            for h in 0..<headsRotated {
                let head = base + h * d
                for i in 0..<half {
                    let a = head[2 * i], b = head[2 * i + 1]
                    head[2 * i] = a * cosines[i] - b * sines[i]
                    head[2 * i + 1] = a * sines[i] + b * cosines[i]
                }
            }
        }
    }

    /// out[r][j] = silu(up[r][j]) · up[r][f + j]: the first f columns are the gate.
    func gatedSiLU(_ up: FloatMatrix, into out: FloatMatrix) {
        let f = out.columns, vectorEnd = f / 16 * 16
        for r in 0..<up.rows {
            let gate = up.baseAddress + r * up.columns, value = gate + f, o = out.baseAddress + r * f
            let rawGate = UnsafeRawPointer(gate), rawValue = UnsafeRawPointer(value), rawOut = UnsafeMutableRawPointer(o)
            var j = 0
            while j < vectorEnd {
                let g = rawGate.loadUnaligned(fromByteOffset: j * 4, as: SIMD16<Float>.self)
                let v = rawValue.loadUnaligned(fromByteOffset: j * 4, as: SIMD16<Float>.self)
                rawOut.storeBytes(of: g / (1 + Softmax.exp(-g)) * v, toByteOffset: j * 4, as: SIMD16<Float>.self)
                j += 16
            }
            for k in vectorEnd..<f { o[k] = gate[k] / (1 + exp(-gate[k])) * value[k] }
        }
    }

    /// x += y.
    func addResidual(_ y: FloatMatrix, into x: FloatMatrix) {
        let a = UnsafeMutableRawPointer(x.baseAddress), b = UnsafeRawPointer(y.baseAddress)
        let vectorEnd = x.count / 16 * 16
        var i = 0
        while i < vectorEnd {
            let sum = a.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
                + b.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
            a.storeBytes(of: sum, toByteOffset: i * 4, as: SIMD16<Float>.self)
            i += 16
        }
        for j in vectorEnd..<x.count { x.baseAddress[j] += y.baseAddress[j] }
    }
}
