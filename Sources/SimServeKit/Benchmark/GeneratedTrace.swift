import Foundation

/// The benchmark's request trace: 100,000 requests of 1,024 prompt and 256 output tokens,
/// Poisson arrivals at 3 req/s, in Vidur's CSV layout with a request id — the same bytes on
/// every machine (a fixed splitmix64 stream), about 3 MB.
enum GeneratedTrace {
    static let requests = 100_000

    /// Writes the trace to `path`.
    static func write(to path: String) throws {
        var out = CSVBytes(capacity: 3 << 20)
        out.append("arrived_at,num_prefill_tokens,num_decode_tokens,request_id\n")
        var state: UInt64 = 0x5151_5eed
        var nanoseconds: Int64 = 0
        for i in 0..<requests {
            out.append(seconds: Double(nanoseconds) * 1e-9)
            out.append(",1024,256,req-")
            out.append(integer: i)
            out.append(byte: UInt8(ascii: "\n"))
            // splitmix64 → a uniform in (0, 1] → an exponential gap of mean 1/3 s, to the µs.
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            let uniform = (Double(z >> 11) + 1) / 9_007_199_254_740_992
            nanoseconds += Int64(-log(uniform) / 3 * 1e6) * 1000
        }
        try OutputFile.write(out.data, to: path)
    }
}
