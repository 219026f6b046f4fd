import Foundation
import SimMetrics
import SimSupport
#if canImport(Glibc)
import Glibc
#endif

/// Writes one line per request: its outcome, sizes and timestamps, the latencies derived
/// from them (seconds; empty where not reached), and its class and tenant by name (the tenant
/// empty without tenants).
public enum RequestCSV {
    public static let header =
        "request_id,replica,outcome,rejection,arrival,prompt_tokens,output_tokens,generated_tokens,preemptions,first_scheduled,first_token,last_token,queue_delay,ttft,tpot,e2e,class,tenant"

    /// Writes `records` to `path`, streaming through a buffer; `classNames` and `tenantNames`
    /// name the records' class and tenant indices.
    public static func write(_ records: [RequestRecord], classNames: [String], tenantNames: [String],
                             to path: String) throws {
        let temporary = OutputFile.temporaryPath(for: path)
        guard FileManager.default.createFile(atPath: temporary, contents: nil),
              let handle = FileHandle(forWritingAtPath: temporary)
        else {
            throw OutputError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
        var closed = false
        defer { if !closed { try? handle.close(); unlink(temporary) } }
        var buffer = CSVBytes(capacity: 1 << 20 + 4096)
        buffer.append(header)
        buffer.append(byte: UInt8(ascii: "\n"))
        let classes = classNames.map { Array(CSVText.escape($0).utf8) }
        let tenants = tenantNames.map { Array(CSVText.escape($0).utf8) }
        for record in records {
            line(for: record, classNames: classes, tenantNames: tenants, into: &buffer)
            if buffer.count > 1 << 20 {
                try handle.write(contentsOf: buffer.data)
                buffer.removeAll()
            }
        }
        try handle.write(contentsOf: buffer.data)
        try handle.close()
        closed = true
        try OutputFile.commit(temporary, to: path)
    }

    /// Appends `r`'s line; `classNames` and `tenantNames` are the names already escaped, as
    /// UTF-8.
    static func line(for r: RequestRecord, classNames: [[UInt8]], tenantNames: [[UInt8]], into out: inout CSVBytes) {
        let comma = UInt8(ascii: ",")
        if let id = r.externalID { out.append(id) } else { out.append(integer: r.index) }
        out.append(byte: comma)
        out.append(integer: r.replica)
        out.append(byte: comma)
        out.append(r.outcome.rawValue)
        out.append(byte: comma)
        if let rejection = r.rejection { out.append(rejection.rawValue) }
        out.append(byte: comma)
        out.append(seconds: r.arrival)
        out.append(byte: comma)
        out.append(integer: r.promptTokens)
        out.append(byte: comma)
        out.append(integer: r.outputTokens)
        out.append(byte: comma)
        out.append(integer: r.generatedTokens)
        out.append(byte: comma)
        out.append(integer: r.preemptions)
        out.append(byte: comma)
        out.append(seconds: r.firstScheduled)
        out.append(byte: comma)
        out.append(seconds: r.firstToken)
        out.append(byte: comma)
        out.append(seconds: r.lastToken)
        out.append(byte: comma)
        out.append(seconds: r.queueDelay)
        out.append(byte: comma)
        out.append(seconds: r.ttft)
        out.append(byte: comma)
        out.append(seconds: r.tpot)
        out.append(byte: comma)
        out.append(seconds: r.e2e)
        out.append(byte: comma)
        if classNames.indices.contains(r.classIndex) { out.append(bytes: classNames[r.classIndex]) }
        out.append(byte: comma)
        if tenantNames.indices.contains(r.tenant) { out.append(bytes: tenantNames[r.tenant]) }
        out.append(byte: UInt8(ascii: "\n"))
    }
}

/// `x` seconds rounded to the nanosecond (the simulator's resolution), without trailing zeros:
/// 0.199247878 rather than 0.19924787800000002.
package func seconds(_ x: Double) -> String {
    let nanoseconds = Int64(saturatingNanoseconds: x)
    let sign = nanoseconds < 0 ? "-" : ""
    let magnitude = nanoseconds.magnitude
    let whole = magnitude / 1_000_000_000
    var fraction = magnitude % 1_000_000_000
    guard fraction != 0 else { return sign + String(whole) }
    var digits = 9
    while fraction % 10 == 0 { fraction /= 10; digits -= 1 }
    let text = String(fraction)
    return sign + String(whole) + "." + String(repeating: "0", count: digits - text.count) + text
}
