import Foundation
import SimMetrics
import SimOutput
import SimServing
import SimWorkload

/// What a run will hold before it starts: how many requests arrive and, in the worst case
/// (every request in flight at once, as in an overloaded queue), how much memory they take.
///
/// Commands refuse a run past ``Limits`` unless told otherwise (`--max-requests`,
/// `--memory-limit`), so that a typo such as `rate = 1e7` for `1e1` is a message, not a
/// machine out of memory. The estimate is an upper bound on what the simulation keeps per
/// request: its record (when per-request output is on), its in-flight state and its latency
/// samples; it leaves out the fixed costs (tables, presets), which do not grow with the run.
public struct RunSizeEstimate: Sendable, CustomStringConvertible {
    /// Expected arrivals: `requests`, or the mean rate × the run's length (capped by the
    /// horizon), or the trace's rows.
    public var requests: Double
    /// Bytes of what must be kept, at most.
    public var bytes: Double

    /// The defaults: 10⁸ requests and 8 GB of request state.
    public struct Limits: Sendable {
        public var requests: Double
        public var bytes: Double
        public init(requests: Double = 1e8, bytes: Double = 8e9) {
            self.requests = requests
            self.bytes = bytes
        }
    }

    /// Bytes kept per request: record, state in flight and samples.
    static func bytesPerRequest(keepsRecords: Bool) -> Double {
        Double((keepsRecords ? MemoryLayout<RequestRecord>.stride + 32 : 0) + MemoryLayout<RequestState>.stride + 64)
    }

    public init(_ configuration: ServingConfiguration) {
        var requests: Double
        switch configuration.workload {
        case .trace(_, let rows):
            requests = Double(rows.count)
        case .synthetic(let w):
            switch w.limit {
            case .requests(let n):
                requests = Double(n)
            case .durationSeconds(let d):
                let seconds = min(d, configuration.horizonSeconds ?? .infinity)
                if let loop = w.closedLoop {
                    // Each user sends at most one request per think time (and per service).
                    let think = max(loop.thinkTime.meanSeconds, 1e-3)
                    requests = Double(loop.users) * (seconds / think + 1)
                } else if !w.stages.isEmpty {
                    // Each stage's rate over its part of [0, seconds].
                    var start = 0.0
                    requests = 0
                    for stage in w.stages {
                        requests += stage.ratePerSecond * max(0, min(stage.durationSeconds, seconds - start))
                        start += stage.durationSeconds
                    }
                } else {
                    requests = w.arrival.peakRatePerSecond * seconds
                }
            }
            if let horizon = configuration.horizonSeconds, w.closedLoop == nil {
                let peak = w.stages.isEmpty ? w.arrival.peakRatePerSecond : w.stages.map(\.ratePerSecond).max() ?? 0
                requests = min(requests, peak * horizon + 1)
            }
        }
        self.requests = requests.rounded(.up)
        self.bytes = self.requests * Self.bytesPerRequest(keepsRecords: configuration.keepRequestRecords)
    }

    /// Why the run is too large for `limits`, or nil.
    public func refusal(_ limits: Limits) -> String? {
        if requests > limits.requests {
            return "the run would simulate about \(Self.count(requests)) requests, more than the limit of \(Self.count(limits.requests)); "
                + "shorten it (requests, duration, horizon), lower the rate, or raise the limit with --max-requests"
        }
        if bytes > limits.bytes {
            return "the run may keep about \(Self.gigabytes(bytes)) of request state (\(Self.count(requests)) requests), more than the limit of \(Self.gigabytes(limits.bytes)); "
                + "set output.per_request_csv = false, shorten the run, or raise the limit with --memory-limit"
        }
        return nil
    }

    public var description: String { "\(Self.count(requests)) requests, at most \(Self.gigabytes(bytes))" }

    static func count(_ n: Double) -> String {
        n < 1e6 ? String(Int(n)) : String(format: "%.3g", n)
    }

    static func gigabytes(_ bytes: Double) -> String { String(format: "%.1f GB", bytes / 1e9) }
}

extension ArrivalProcess {
    /// The highest rate the process reaches (its mean for a renewal process).
    var peakRatePerSecond: Double {
        switch self {
        case .poisson(let rate), .constant(let rate), .gamma(let rate, _): rate
        case .mmpp(let states): states.map(\.ratePerSecond).max() ?? 0
        case .piecewise(let segments): segments.map(\.ratePerSecond).max() ?? 0
        }
    }
}
