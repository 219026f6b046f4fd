import Dispatch
import Foundation

/// Times a kernel: warm-up calls, then repetitions chosen to fill a time budget (within a
/// minimum and maximum count), each optionally preceded by an untimed cache flush, and
/// summarised as a ``TimingSample``.
///
/// The flush streams through a buffer larger than the last-level cache, so every repetition
/// starts with the weights in DRAM — as in serving, where a layer's weights are evicted by the
/// other layers' before they are read again. Without it, a small GEMM's weights stay in L3
/// between repetitions and look faster than the memory system.
public struct TimingHarness: Sendable {
    /// Untimed calls before timing (page faults, frequency ramp, instruction cache).
    public var warmupCalls: Int = 1
    public var minimumRepetitions: Int = 5
    public var maximumRepetitions: Int = 50
    /// Timed seconds aimed at per kernel (the repetition count is budget / first timing).
    public var budgetSeconds: Double = 0.25
    /// Whether to evict the caches before each timed call.
    public var flushCaches: Bool = true

    public init(warmupCalls: Int = 1, minimumRepetitions: Int = 5, maximumRepetitions: Int = 50,
                budgetSeconds: Double = 0.25, flushCaches: Bool = true) {
        self.warmupCalls = warmupCalls
        self.minimumRepetitions = minimumRepetitions
        self.maximumRepetitions = maximumRepetitions
        self.budgetSeconds = budgetSeconds
        self.flushCaches = flushCaches
    }

    /// Times `body`, flushing caches with `flusher` first when ``flushCaches`` is set.
    /// - Complexity: (warm-up + repetitions) calls of `body`.
    public func measure(flusher: CacheFlusher?, _ body: () -> Void) -> TimingSample {
        TimingSample(seconds: measureSeconds(flusher: flusher, body).wall)
    }

    /// The raw timings of the repetitions, in order: wall-clock seconds, and the CPU seconds
    /// the whole process used meanwhile (all threads; `CLOCK_PROCESS_CPUTIME_ID`), which
    /// leave out the time other processes held the cores.
    public func measureSeconds(flusher: CacheFlusher?, _ body: () -> Void) -> (wall: [Double], cpu: [Double]) {
        for _ in 0..<max(1, warmupCalls) { body() }
        var seconds: [Double] = [], cpu: [Double] = []
        var target = minimumRepetitions
        while seconds.count < target {
            if flushCaches { flusher?.flush() }
            let cpuStart = Self.processCPUSeconds()
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
            cpu.append(Self.processCPUSeconds() - cpuStart)
            seconds.append(elapsed)
            if seconds.count == 1 {
                let wanted = Int((budgetSeconds / max(elapsed, 1e-7)).rounded(.down))
                target = min(maximumRepetitions, max(minimumRepetitions, wanted))
            }
        }
        return (seconds, cpu)
    }

    /// CPU time of this process, all threads, seconds.
    static func processCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }
}

/// A buffer larger than the last-level cache, read to evict it (read only, so the evicted
/// lines are clean and the timed kernel does not pay for their write-back).
public final class CacheFlusher: @unchecked Sendable {
    private let buffer: FloatMatrix
    /// Keeps the reads from being optimised away.
    public private(set) var checksum: Float = 0

    /// A flusher of `bytes`; by default ``defaultBytes``.
    public init(bytes: Int = CacheFlusher.defaultBytes) {
        buffer = FloatMatrix(rows: 1, columns: max(16, bytes / 4 / 16 * 16), value: 1)
    }

    /// 1.25 × the last-level cache that Linux reports (`/sys/devices/system/cpu/cpu0/cache`),
    /// at least 64 MiB. A fixed 64 MiB (twice the 32 MiB L3 of the VMs this was written on)
    /// evicted only part of a 260 MiB L3, so how much of a small GEMM's weights was still
    /// cached — and its measured rate, by up to 2× — depended on what else ran on the host.
    public static let defaultBytes: Int = max(64 << 20, lastLevelCacheBytes().map { $0 / 4 * 5 } ?? 0)

    /// Size of the highest-level cache of CPU 0 in bytes; nil where sysfs does not say.
    public static func lastLevelCacheBytes() -> Int? {
        var largest: Int?
        for index in 0..<8 {
            let path = "/sys/devices/system/cpu/cpu0/cache/index\(index)/size"
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            let scale = trimmed.hasSuffix("K") ? 1 << 10 : trimmed.hasSuffix("M") ? 1 << 20 : 1
            guard let value = Int(trimmed.filter(\.isNumber)) else { continue }
            largest = max(largest ?? 0, value * scale)
        }
        return largest
    }

    public func flush() {
        var sum = SIMD16<Float>()
        let p = buffer.baseAddress
        var i = 0
        while i < buffer.count {
            sum += UnsafeRawPointer(p + i).loadUnaligned(as: SIMD16<Float>.self)
            i += 16
        }
        checksum += sum.sum()
    }
}
