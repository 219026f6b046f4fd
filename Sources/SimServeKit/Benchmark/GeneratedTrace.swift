import Foundation
import SimCore

/// The benchmark's request trace: 100,000 requests of 1,024 prompt and 256 output tokens,
/// Poisson arrivals at 3 req/s, in Vidur's CSV layout with a request id — the same bytes on
/// every machine (a fixed splitmix64 stream), about 3 MB.
enum GeneratedTrace {
    static let requests = 100_000

    /// Writes the trace to `path`.
    static func write(to path: String) throws {
        var out = CSVBytes(capacity: 3 << 20)
        out.append("arrived_at,num_prefill_tokens,num_decode_tokens,request_id\n")
        var random = SplitMix64(seed: 0x5151_5eed)
        var nanoseconds: Int64 = 0
        for i in 0..<requests {
            out.append(seconds: Double(nanoseconds) * 1e-9)
            out.append(",1024,256,req-")
            out.append(integer: i)
            out.append(byte: UInt8(ascii: "\n"))
            // splitmix64 → a uniform in (0, 1] → an exponential gap of mean 1/3 s, to the µs.
            let uniform = (Double(random.next() >> 11) + 1) / 9_007_199_254_740_992
            nanoseconds += Int64(-log(uniform) / 3 * 1e6) * 1000
        }
        try OutputFile.write(out.data, to: path)
    }
}
