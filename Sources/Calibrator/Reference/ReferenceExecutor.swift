import Dispatch
import SimServeKit

/// Iteration times measured on this CPU: each batch the simulator's scheduler chooses is run
/// on a ``ReferenceTransformer`` and timed, and that time becomes the iteration's duration;
/// the cost model's prediction for the same batch is recorded beside it.
///
/// Each batch runs ``repetitions`` times (its KV writes land on the same positions each
/// time, so the repeats are the same computation) and the ``statistic`` of the repeats is
/// used. On a machine shared with other processes wall time includes their time slices:
/// `cpu_median`, the median process CPU time of the repeats divided by the threads, is the
/// default — the statistic the calibration fits (``FitStatistic/cpuMedian``), so that the
/// two sides of the comparison measure the same thing (the least of three repeats is a few
/// % below their median, which showed as a bias of the prediction); exact for one thread
/// (the whole pass runs on the calling thread), a slight underestimate for several (the
/// single-threaded elementwise ops count once per thread). `cpu_min` is the least CPU time,
/// `min` (wall clock) the repeat least disturbed by others (Chen & Revels, HPEC 2016),
/// `median` the choice on a quiet machine. Buffers are allocated before the clock starts,
/// as a serving engine's are.
public final class ReferenceExecutor: IterationTimeSource, @unchecked Sendable {
    /// One measured iteration.
    public struct Iteration: Sendable {
        public var shape: BatchShape
        /// The seconds used as the iteration's duration.
        public var measuredSeconds: Double
        /// Wall-clock seconds of each repeat.
        public var repeatSeconds: [Double]
        /// Process CPU seconds per thread of each repeat.
        public var repeatCPUSeconds: [Double]
        /// What the cost model predicts for the same batch.
        public var predictedSeconds: Double
    }

    /// Which repeat's time is used.
    public enum Statistic: String, Sendable, CaseIterable {
        case cpuMedian = "cpu_median"
        case cpuMinimum = "cpu_min"
        case minimum = "min"
        case median
    }

    public let transformer: ReferenceTransformer
    /// The cost model whose prediction is recorded (not used for the duration).
    public let predictor: IterationCostModel
    public let repetitions: Int
    public let statistic: Statistic
    public private(set) var iterations: [Iteration] = []

    public init(transformer: ReferenceTransformer, predictor: IterationCostModel, repetitions: Int = 3,
                statistic: Statistic = .cpuMedian) {
        precondition(repetitions >= 1, "a reference executor needs ≥ 1 repetition, got \(repetitions)")
        self.transformer = transformer
        self.predictor = predictor
        self.repetitions = repetitions
        self.statistic = statistic
    }

    /// Runs a prefill and a decode batch once, untimed (page faults, instruction cache).
    public func warmUp() {
        let context = min(64, transformer.model.maxContext)
        let batch = ReferenceBatch(chunks: [.init(newTokens: context, cachedTokens: 0, emitsLogits: true)],
                                   decodeContexts: transformer.slots > 1 ? [context] : [])
        transformer.run(transformer.prepare(batch))
    }

    public func cost(_ shape: BatchShape) -> IterationCost {
        let predicted = predictor.cost(shape)
        let workspace = transformer.prepare(ReferenceBatch(shape: shape))
        var seconds: [Double] = [], cpu: [Double] = []
        for _ in 0..<repetitions {
            let cpuStart = TimingHarness.processCPUSeconds()
            let start = DispatchTime.now().uptimeNanoseconds
            transformer.run(workspace)
            seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
            cpu.append((TimingHarness.processCPUSeconds() - cpuStart) / Double(transformer.threads))
        }
        func median(_ values: [Double]) -> Double {
            let sorted = values.sorted()
            return (sorted[(sorted.count - 1) / 2] + sorted[sorted.count / 2]) / 2
        }
        let measured = switch statistic {
        case .cpuMedian: median(cpu)
        case .cpuMinimum: cpu.min()!
        case .minimum: seconds.min()!
        case .median: median(seconds)
        }
        iterations.append(Iteration(shape: shape, measuredSeconds: measured, repeatSeconds: seconds,
                                    repeatCPUSeconds: cpu, predictedSeconds: predicted.seconds))
        let scale = predicted.seconds > 0 ? measured / predicted.seconds : 0
        return IterationCost(seconds: measured, flops: predicted.flops, bytes: predicted.bytes, commBytes: predicted.commBytes,
                             attentionSeconds: predicted.attentionSeconds * scale,
                             prefillAttentionSeconds: predicted.prefillAttentionSeconds * scale)
    }
}
