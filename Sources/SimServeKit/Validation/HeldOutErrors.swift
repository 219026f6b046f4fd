import Foundation

/// The error simserve showed on the published serving runs it was not fitted on
/// (`simserve validate serving`, held-out points), one entry per run, so that a run's report can
/// say how far its numbers held on runs like it: the same engine on the same GPU at the same
/// TP, else the nearest group that has enough runs.
///
/// The shipped table (``shipped``) is written by `scripts/held-out-errors.sh` from the report
/// of the presets' own figures; a check in the slow suite recomputes it.
public struct HeldOutErrors: Sendable, Equatable {
    /// One held-out run: where it ran and the signed relative error of each compared metric
    /// ((simulated − measured) / measured; nil where the source gives no figure).
    public struct Run: Sendable, Equatable {
        public var engine: String
        public var gpu: String
        public var tensorParallel: Int
        /// The step time (ITL or TPOT median, as the report compares it).
        public var stepTime: Double?
        /// The TTFT median, or the mean where the source gives only the mean.
        public var ttft: Double?
        public var outputTokensPerSecond: Double?
        /// The source the run was published in (data/serving/README.md's `source_id`; empty
        /// where not known).
        public var source: String

        public init(engine: String, gpu: String, tensorParallel: Int, stepTime: Double?, ttft: Double?,
                    outputTokensPerSecond: Double?, source: String = "") {
            self.engine = engine
            self.gpu = gpu
            self.tensorParallel = tensorParallel
            self.stepTime = stepTime
            self.ttft = ttft
            self.outputTokensPerSecond = outputTokensPerSecond
            self.source = source
        }
    }

    /// How close the runs a report quotes are to the run it reports.
    public enum Closeness: Sendable, Equatable {
        /// The same engine preset, GPU and TP.
        case sameEngine
        /// Another version of the same engine (``family(of:)``), the same GPU and TP.
        case sameFamily
        /// The same engine family and GPU, any TP.
        case sameFamilyAnyTP
        /// Any engine on the same GPU.
        case sameGPU
    }

    /// The runs quoted for a deployment and how close they are to it.
    public struct Match: Sendable, Equatable {
        public var closeness: Closeness
        public var runs: [Run]
    }

    public var runs: [Run]

    /// Fewest runs a group needs before a report quotes it rather than a wider one.
    public static let minimumRuns = 3

    public init(runs: [Run]) { self.runs = runs }

    /// The engine family of a preset: its versions share the engine's design (vLLM's V0 engine
    /// in `vllm-v0`, `vllm-v0.5`, `vllm-v0.2`; its V1 engine in `vllm`, `vllm-0.11`,
    /// `vllm-async`); any other preset is its own family.
    public static func family(of engine: String) -> String {
        if engine.hasPrefix("vllm-v0") { return "vLLM V0" }
        if engine == "vllm" || engine.hasPrefix("vllm-") { return "vLLM V1" }
        return engine
    }

    /// The closest group of at least ``minimumRuns`` runs to a deployment of `engine` on
    /// `gpu` at TP `tensorParallel`, in the order of ``Closeness``; nil when no group has that
    /// many.
    public func closest(engine: String, gpu: String, tensorParallel: Int) -> Match? {
        let family = Self.family(of: engine)
        let tests: [(Closeness, (Run) -> Bool)] = [
            (.sameEngine, { $0.engine == engine && $0.gpu == gpu && $0.tensorParallel == tensorParallel }),
            (.sameFamily, { Self.family(of: $0.engine) == family && $0.gpu == gpu && $0.tensorParallel == tensorParallel }),
            (.sameFamilyAnyTP, { Self.family(of: $0.engine) == family && $0.gpu == gpu }),
            (.sameGPU, { $0.gpu == gpu }),
        ]
        for (closeness, test) in tests {
            let matching = runs.filter(test)
            if matching.count >= Self.minimumRuns { return Match(closeness: closeness, runs: matching) }
        }
        return nil
    }

    /// The median of |error| and the median signed error over the runs that compared `metric`,
    /// and their number; nil when none did.
    public static func medianErrors(_ runs: [Run], _ metric: KeyPath<Run, Double?>)
        -> (absolute: Double, signed: Double, runs: Int)? {
        let errors = runs.compactMap { $0[keyPath: metric] }
        guard !errors.isEmpty else { return nil }
        return (median(errors.map(abs)), median(errors), errors.count)
    }

    /// The sources of `runs` with their numbers of runs, most first (ties by name), the first
    /// three named and the rest counted: "gpustack_perflab 13" or "a 5, b 3, c 2 and 2 more".
    public static func sources(of runs: [Run]) -> String {
        var counts: [String: Int] = [:]
        for run in runs where !run.source.isEmpty { counts[run.source, default: 0] += 1 }
        let sorted = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        let named = sorted.prefix(3).map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return sorted.count > 3 ? named + " and \(sorted.count - 3) more" : named
    }

    /// The report line for a deployment of `engine` on `gpu` at TP `tensorParallel`: the
    /// closest group's median errors and the sources its runs come from (a group of one
    /// source is one machine's runs, VALIDATION.md says which), or that no published run on
    /// that GPU was compared.
    public func reportLine(engine: String, gpu: String, tensorParallel: Int) -> String {
        let label = "held out     "
        guard let match = closest(engine: engine, gpu: gpu, tensorParallel: tensorParallel) else {
            return label + "no published serving run of \(engine) or any engine on \(gpu) compared: "
                + "kernel figures only (VALIDATION.md)\n"
        }
        let family = Self.family(of: engine)
        let group: String
        switch match.closeness {
        case .sameEngine: group = "\(engine) on \(gpu) × \(tensorParallel)"
        case .sameFamily: group = "\(family) presets on \(gpu) × \(tensorParallel)"
        case .sameFamilyAnyTP: group = "\(family) presets on \(gpu), any TP"
        case .sameGPU: group = "any engine on \(gpu)"
        }
        let metrics: [(String, KeyPath<Run, Double?>)] = [
            ("step time", \.stepTime), ("TTFT", \.ttft), ("output tok/s", \.outputTokensPerSecond)]
        let parts = metrics.compactMap { name, metric in
            Self.medianErrors(match.runs, metric).map {
                "\(name) \(String(format: "%.0f", $0.absolute * 100)) % (\(String(format: "%+.0f", $0.signed * 100)) %, \($0.runs))"
            }
        }
        let sources = Self.sources(of: match.runs)
        let note = sources.isEmpty ? "not fitted on" : "\(sources); not fitted on"
        return label + "median |error| (signed) on \(match.runs.count) published runs of \(group) (\(note)): "
            + parts.joined(separator: ", ") + "\n"
    }
}

extension HeldOutErrors {
    /// The report line (``reportLine(engine:gpu:tensorParallel:)`` of the shipped table) for a
    /// loaded scenario, from its roofline cost model's engine, GPU and TP; nil without one (the
    /// service-time model, measured times) or where prefill and decode run on pools of their own.
    public static func line(for scenario: Scenario) -> String? {
        guard let model = scenario.serving.costModel.roofline, scenario.serving.disaggregation == nil else { return nil }
        return shipped.reportLine(engine: model.engine.name, gpu: model.hardware.name, tensorParallel: model.parallelism.tensor)
    }
}

extension HeldOutErrors {
    static let header = "engine,gpu,tp,step_time_error,ttft_error,output_tokens_per_second_error,source"

    /// The runs as CSV (``header``; errors to four decimals, empty where not compared).
    public var csv: String {
        func cell(_ value: Double?) -> String { value.map { String(format: "%.4f", $0) } ?? "" }
        return ([Self.header] + runs.map {
            "\($0.engine),\($0.gpu),\($0.tensorParallel),\(cell($0.stepTime)),\(cell($0.ttft)),\(cell($0.outputTokensPerSecond)),\($0.source)"
        }).joined(separator: "\n") + "\n"
    }

    /// Reads ``csv``'s layout; nil when a line does not follow it.
    public init?(csv: String) {
        var lines = csv.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        guard lines.first == Self.header else { return nil }
        lines.removeFirst()
        var runs: [Run] = []
        for line in lines {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard cells.count == 7, let tp = Int(cells[2]), tp > 0 else { return nil }
            var numbers: [Double?] = []
            for cell in cells[3...5] {
                if cell.isEmpty { numbers.append(nil); continue }
                guard let value = Double(cell), value.isFinite else { return nil }
                numbers.append(value)
            }
            runs.append(Run(engine: cells[0], gpu: cells[1], tensorParallel: tp, stepTime: numbers[0], ttft: numbers[1],
                            outputTokensPerSecond: numbers[2], source: cells[6]))
        }
        self.init(runs: runs)
    }

    /// The table shipped with simserve (``shippedCSV``).
    public static let shipped: HeldOutErrors = {
        guard let table = HeldOutErrors(csv: shippedCSV) else { preconditionFailure("the shipped held-out table does not parse") }
        return table
    }()
}

extension ServingValidation {
    /// The held-out points of a report as ``HeldOutErrors`` runs, in the report's order: the step
    /// time as compared (`itl_p50_ms`, else `tpot_mean_ms`), the TTFT median (else its mean)
    /// and output tokens/s. A point that compared none of the three (a batch latency alone) is
    /// left out, so that it does not count towards a group's runs.
    public static func heldOutErrors(_ rows: [Row]) -> HeldOutErrors {
        HeldOutErrors(runs: rows.filter { $0.scenario.split == .heldOut }.compactMap { row in
            func error(_ metric: String) -> Double? {
                row.comparisons.first { $0.metric == metric }?.relativeError
            }
            let run = HeldOutErrors.Run(
                engine: row.scenario.enginePreset, gpu: row.scenario.point.gpu,
                tensorParallel: row.scenario.point.tensorParallel,
                stepTime: error("itl_p50_ms") ?? error("tpot_mean_ms"),
                ttft: error("ttft_p50_ms") ?? error("ttft_mean_ms"),
                outputTokensPerSecond: error("output_tokens_per_second"), source: row.scenario.point.source)
            return run.stepTime == nil && run.ttft == nil && run.outputTokensPerSecond == nil ? nil : run
        })
    }
}
