import Foundation

/// The CPU and memory the calibration ran on, read from Linux's /proc/cpuinfo and
/// /proc/meminfo, and the theoretical single-precision peak derived from them.
///
/// Peak FLOP/s = cores × SIMD lanes × 2 (an FMA is two FLOPs) × FMA pipes × clock
/// (Hennessy & Patterson, *Computer Architecture*, 6th ed., §4.3; the roofline's "peak").
/// What is read and what is assumed:
/// - clock: the first `cpu MHz` line — the nominal clock a VM reports; boost clocks above
///   it make measured efficiencies come out higher than they would at the true clock;
/// - lanes: 16 with `avx512f`, 8 with `avx2`, else 4 (single precision);
/// - FMA pipes per core: 2 — true of Intel Haswell and later and AMD Zen 2 and later; not
///   read from the system;
/// - cores: logical CPUs (`processor` lines); with SMT, two logical CPUs share one core's
///   FMA pipes and this overstates the peak.
public struct MachineDescription: Codable, Equatable, Sendable {
    public var cpuModel: String
    public var logicalCPUs: Int
    public var clockGHz: Double
    /// Single-precision lanes of the widest SIMD unit the flags name.
    public var simdLanes: Int
    public var fmaPipesPerCore: Int
    public var hasAVX2AndFMA: Bool
    /// MemTotal, GB (1e9 bytes).
    public var memoryGB: Double
    /// `(lanes, "avx2")`-style name of the SIMD level found.
    public var simdLevel: String

    /// Peak FP32 FLOP/s of one core.
    public var peakFlopsPerSecondPerCore: Double {
        clockGHz * 1e9 * Double(simdLanes) * 2 * Double(fmaPipesPerCore)
    }

    /// Peak FP32 FLOP/s of `cores` cores.
    public func peakFlopsPerSecond(cores: Int) -> Double { peakFlopsPerSecondPerCore * Double(cores) }

    /// Parses the text of /proc/cpuinfo and /proc/meminfo.
    public init(cpuinfo: String, meminfo: String) {
        func firstValue(_ key: String, in text: String) -> String? {
            for line in text.split(separator: "\n") {
                let parts = line.split(separator: ":", maxSplits: 1)
                if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == key {
                    return parts[1].trimmingCharacters(in: .whitespaces)
                }
            }
            return nil
        }
        cpuModel = firstValue("model name", in: cpuinfo) ?? "unknown CPU"
        logicalCPUs = max(1, cpuinfo.split(separator: "\n").filter { $0.hasPrefix("processor") }.count)
        clockGHz = (firstValue("cpu MHz", in: cpuinfo).flatMap(Double.init) ?? 0) / 1000
        let flags = Set((firstValue("flags", in: cpuinfo) ?? "").split(separator: " ").map(String.init))
        hasAVX2AndFMA = flags.contains("avx2") && flags.contains("fma")
        if flags.contains("avx512f") { (simdLanes, simdLevel) = (16, "avx512f") }
        else if flags.contains("avx2") { (simdLanes, simdLevel) = (8, "avx2") }
        else { (simdLanes, simdLevel) = (4, "sse") }
        fmaPipesPerCore = 2
        let kilobytes = firstValue("MemTotal", in: meminfo)?.split(separator: " ").first.flatMap { Double($0) } ?? 0
        memoryGB = kilobytes * 1024 / 1e9
    }

    /// This machine, or nil where /proc is not readable (not Linux).
    public static func current() -> MachineDescription? {
        guard let cpu = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let mem = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return nil }
        return MachineDescription(cpuinfo: cpu, meminfo: mem)
    }

    /// The 1-minute load average from /proc/loadavg, nil where unreadable.
    public static func loadAverage() -> Double? {
        (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first.flatMap { Double($0) }
    }

    /// One line for reports.
    public var summary: String {
        let ghz = String(format: "%.3f", clockGHz)
        let core = String(format: "%.1f", peakFlopsPerSecondPerCore / 1e9)
        let all = String(format: "%.1f", peakFlopsPerSecond(cores: logicalCPUs) / 1e9)
        let ram = String(format: "%.1f", memoryGB)
        return "\(cpuModel), \(logicalCPUs) logical CPUs at \(ghz) GHz (cpuinfo), \(simdLevel) (\(simdLanes) FP32 lanes) × FMA × \(fmaPipesPerCore) pipes: peak \(core) GFLOP/s per core, \(all) GFLOP/s all cores; \(ram) GB RAM"
    }
}
