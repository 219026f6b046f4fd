import Foundation
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
        var buffer = header + "\n"
        buffer.reserveCapacity(1 << 20)
        for record in records {
            line(for: record, classNames: classNames, tenantNames: tenantNames, into: &buffer)
            if buffer.utf8.count > 1 << 20 {
                try handle.write(contentsOf: Data(buffer.utf8))
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try handle.write(contentsOf: Data(buffer.utf8))
        try handle.close()
        closed = true
        try OutputFile.commit(temporary, to: path)
    }

    static func line(for r: RequestRecord, classNames: [String], tenantNames: [String], into out: inout String) {
        func t(_ x: Double?) -> String { x.map(seconds) ?? "" }
        func name(_ names: [String], _ i: Int) -> String { names.indices.contains(i) ? SweepRow.csvEscape(names[i]) : "" }
        out += r.externalID ?? String(r.index)
        out += ",\(r.replica),\(r.outcome.rawValue),\(r.rejection?.rawValue ?? ""),\(seconds(r.arrival)),\(r.promptTokens),\(r.outputTokens),\(r.generatedTokens),\(r.preemptions),"
        out += "\(t(r.firstScheduled)),\(t(r.firstToken)),\(t(r.lastToken)),\(t(r.queueDelay)),\(t(r.ttft)),\(t(r.tpot)),\(t(r.e2e)),"
        out += "\(name(classNames, r.classIndex)),\(name(tenantNames, r.tenant))\n"
    }
}

/// `x` seconds rounded to the nanosecond (the simulator's resolution), without trailing zeros:
/// 0.199247878 rather than 0.19924787800000002.
func seconds(_ x: Double) -> String {
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

/// A failure to write an output file.
public enum OutputError: Error, Equatable, CustomStringConvertible {
    case cannotWrite(path: String, reason: String)
    case cannotCreateDirectory(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason): "cannot write '\(path)': \(reason)"
        case .cannotCreateDirectory(let path, let reason): "cannot create the directory '\(path)': \(reason)"
        }
    }
}
