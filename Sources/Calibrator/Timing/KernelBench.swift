import SimCore

/// Sets up one ``KernelCase`` with random inputs and times it with a ``TimingHarness``.
///
/// Inputs are uniform in [−1, 1) from a fixed-seed generator (their values do not change
/// the time of these kernels). Allocation, packing of weights and filling of KV caches are
/// outside the timed region, as they are outside a serving step.
public struct KernelBench: Sendable {
    public var threads: Int
    public var harness: TimingHarness

    public init(threads: Int, harness: TimingHarness = TimingHarness()) {
        self.threads = threads
        self.harness = harness
    }

    /// Times `kernel` and returns its sample.
    public func time(_ kernel: KernelCase, flusher: CacheFlusher?) -> TimingSample {
        TimingSample(seconds: timeSeconds(kernel, flusher: flusher).wall)
    }

    /// Times `kernel` and returns the raw repetition times: wall-clock, and process CPU time
    /// per thread (CPU seconds / ``threads``: the wall time the kernel would take with its
    /// cores to itself, if its threads are evenly loaded — they are, by construction).
    public func timeSeconds(_ kernel: KernelCase, flusher: CacheFlusher?) -> (wall: [Double], cpuPerThread: [Double]) {
        let (wall, cpu) = rawSeconds(kernel, flusher: flusher)
        return (wall, cpu.map { $0 / Double(threads) })
    }

    private func rawSeconds(_ kernel: KernelCase, flusher: CacheFlusher?) -> (wall: [Double], cpu: [Double]) {
        var generator = SplitMix64(seed: 0x5EED)
        let random = { Float(generator.nextUnit() * 2 - 1) }
        switch kernel {
        case let .gemm(m, n, k):
            let a = FloatMatrix(rows: m, columns: k, generator: random)
            let weights = PackedPanels(FloatMatrix(rows: k, columns: n, generator: random))
            let c = FloatMatrix(rows: m, columns: n)
            let matmul = Matmul(threads: threads)
            return harness.measureSeconds(flusher: flusher) { matmul.multiply(a, weights, into: c) }
        case let .triad(elements):
            let triad = StreamTriad(count: elements, threads: threads)
            // The arrays are larger than the caches; a flush would only add time.
            var unflushed = harness
            unflushed.flushCaches = false
            return unflushed.measureSeconds(flusher: nil) { triad.run() }
        case let .prefillAttention(h, kv, d, c, o):
            let q = FloatMatrix(rows: c, columns: h * d, generator: random)
            let keys = FloatMatrix(rows: o + c, columns: kv * d, generator: random)
            let values = FloatMatrix(rows: o + c, columns: kv * d, generator: random)
            let out = FloatMatrix(rows: c, columns: h * d)
            let attention = PrefillAttention(heads: h, kvHeads: kv, headDim: d, maxContextTokens: o + c, threads: threads)
            return harness.measureSeconds(flusher: flusher) {
                attention.run(queries: q, keys: keys, values: values, cachedTokens: o, into: out)
            }
        case let .decodeAttention(h, kv, d, b, l):
            let q = FloatMatrix(rows: b, columns: h * d, generator: random)
            let sequences = (0..<b).map { _ in
                KVSequence(keys: FloatMatrix(rows: l, columns: kv * d, generator: random),
                           values: FloatMatrix(rows: l, columns: kv * d, generator: random), length: l)
            }
            let out = FloatMatrix(rows: b, columns: h * d)
            let attention = DecodeAttention(heads: h, kvHeads: kv, headDim: d, maxContextTokens: l, threads: threads)
            return harness.measureSeconds(flusher: flusher) { attention.run(queries: q, sequences: sequences, into: out) }
        }
    }
}
