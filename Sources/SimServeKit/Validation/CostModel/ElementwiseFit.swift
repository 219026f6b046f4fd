import Foundation
import SimCore

/// Fits the figures of the five elementwise kernels — HBM efficiency, fixed time and single-row
/// rate (``ElementwiseKernelFigures``) — to the measured A100 op times of the Vidur profile,
/// through the simulator's own op functions, and reports the error on the files it did not see.
///
/// Split (fixed here, and stated in VALIDATION.md): fitted on ``fitFiles``, the two Llama-2
/// models (hidden 4096 and 8192, MHA and GQA, TP 1–8, 1–4096 tokens); held out on every other
/// file (Llama-3 8B/70B with 128k vocabularies and up to 32768 tokens, phi-2 with LayerNorm,
/// GELU and partial rotary). Each kernel is fitted on its own (both norms share one set), by
/// GSL's nonlinear least squares on relative error, then reweighted towards MAPE, with the floor
/// `elementwise_floor_us` at 0.
public struct ElementwiseFit: Sendable {
    /// The files whose rows are fitted.
    public static let fitFiles = ["Llama-2-7b-hf.mlp.csv", "Llama-2-70b-hf.mlp.csv"]
    /// Rounds of reweighting towards MAPE after the least-squares fit.
    static let reweightingRounds = 4
    /// Each kernel's key stem and the profiler ops it times.
    public static let kernels: [(key: String, ops: [String])] = [
        ("norm", ["input_layernorm", "post_attention_layernorm"]), ("rope", ["attn_rope"]),
        ("activation", ["mlp_act"]), ("add", ["add"]), ("embedding", ["emb"]),
    ]

    /// One fitted figure: its `[hardware]` key, value and standard error (delta method for the
    /// row rate, fitted as a logarithm).
    public struct Figure: Sendable {
        public var name: String, value: Double, standardError: Double, unit: String
    }

    /// One kernel's fitted figures, each with its standard error.
    public struct Kernel: Sendable {
        public var key: String
        public var ops: [String]
        public var efficiency: Figure
        public var launchUs: Figure
        public var rowGBs: Figure
        /// nil when the base hardware has no `l2_cache_mb`.
        public var beyondL2Efficiency: Figure?
        public var fitRows: Int
    }

    public var kernels: [Kernel]
    /// The base hardware with every fitted figure (and the floor at 0).
    public var hardware: HardwareSpec
    /// Every elementwise op time, predicted on ``hardware``; and on the base hardware as it was.
    public var report: ValidationReport
    public var baseReport: ValidationReport
    public var fitSources: [String]

    /// Fits on the samples of `fitSources` and predicts all.
    /// - Throws: ``ElementwiseFitError`` when a kernel has no fit row or no held-out row;
    ///   ``SimCore/FitError`` when a fit fails.
    static func fit(samples: [LayerOpSample], base: HardwareSpec,
                    fitSources: [String] = fitFiles) throws -> ElementwiseFit {
        var hardware = base
        hardware.shape.elementwiseFloorUs = 0
        var kernels: [Kernel] = []
        for (key, ops) in Self.kernels {
            let pairs = samples.flatMap { s in ops.compactMap { op in s.measured[op].map { (s, op, $0) } } }
            let fitPairs = pairs.filter { fitSources.contains($0.0.source) }
            guard !fitPairs.isEmpty else { throw ElementwiseFitError.noFitRows(kernel: key, fitFiles: fitSources) }
            guard fitPairs.count < pairs.count else { throw ElementwiseFitError.noHeldOutRows(kernel: key, fitFiles: fitSources) }
            let start = hardware
            // With an L2 size, a fourth figure: the efficiency beyond it.
            let l2 = start.shape.elementwise.l2CacheMB != nil
            func spec(_ p: [Double]) -> HardwareSpec {
                var h = start
                Self.set(key, efficiency: abs(p[0]), launchUs: abs(p[1]), rowGBs: exp(p[2]),
                         beyondL2: l2 ? abs(p[3]) : nil, on: &h)
                return h
            }
            let times = fitPairs.map(\.2)
            func predictions(_ p: [Double]) -> [Double] {
                let h = spec(p)
                return fitPairs.map { $0.0.costModel(on: h).layerOp($0.1, tokens: $0.0.tokens).seconds }
            }
            let fit = try NonlinearLeastSquares().fitTowardsMAPE(observations: times,
                                                                 initial: l2 ? [0.5, 2, log(8), 0.5] : [0.5, 2, log(8)],
                                                                 rounds: Self.reweightingRounds, model: predictions)
            hardware = spec(fit.parameters)
            let (p, se) = (fit.parameters, fit.standardErrors)
            kernels.append(Kernel(
                key: key, ops: ops,
                efficiency: Figure(name: "\(key)_efficiency", value: abs(p[0]), standardError: se[0], unit: ""),
                launchUs: Figure(name: "\(key)_launch_us", value: abs(p[1]), standardError: se[1], unit: "µs"),
                rowGBs: Figure(name: "\(key)_row_gbs", value: exp(p[2]), standardError: exp(p[2]) * se[2],
                                        unit: "GB/s"),
                beyondL2Efficiency: l2 ? Figure(name: "\(key)_beyond_l2_efficiency", value: abs(p[3]),
                                                standardError: se[3], unit: "") : nil,
                fitRows: fitPairs.count))
        }
        return ElementwiseFit(kernels: kernels, hardware: hardware,
                              report: Self.predict(samples, on: hardware),
                              baseReport: Self.predict(samples, on: base), fitSources: fitSources)
    }

    /// Reads `paths` (files, or directories whose `*.mlp.csv` files are all read) and fits
    /// (see ``fit(samples:base:fitSources:)``).
    public static func fit(paths: [String], base: HardwareSpec, fitSources: [String] = fitFiles) throws -> ElementwiseFit {
        try fit(samples: LayerOpSample.read(paths: paths), base: base, fitSources: fitSources)
    }

    /// Every elementwise op of `samples` predicted on `hardware`.
    static func predict(_ samples: [LayerOpSample], on hardware: HardwareSpec) -> ValidationReport {
        LayerOpSample.report(samples, ops: OpValidation.elementwiseOps, on: hardware, engine: nil)
    }

    /// Sets kernel `key`'s three figures on `hardware`.
    static func set(_ key: String, efficiency: Double, launchUs: Double, rowGBs: Double, beyondL2: Double?,
                    on h: inout HardwareSpec) {
        var e = h.shape.elementwise
        switch key {
        case "norm":
            h.shape.normEfficiency = efficiency
            (e.normLaunchUs, e.normRowGBs, e.normBeyondL2Efficiency) = (launchUs, rowGBs, beyondL2)
        case "rope":
            h.shape.ropeEfficiency = efficiency
            (e.ropeLaunchUs, e.ropeRowGBs, e.ropeBeyondL2Efficiency) = (launchUs, rowGBs, beyondL2)
        case "activation":
            h.shape.activationEfficiency = efficiency
            (e.activationLaunchUs, e.activationRowGBs, e.activationBeyondL2Efficiency) = (launchUs, rowGBs, beyondL2)
        case "add":
            h.shape.addEfficiency = efficiency
            (e.addLaunchUs, e.addRowGBs, e.addBeyondL2Efficiency) = (launchUs, rowGBs, beyondL2)
        case "embedding":
            h.shape.embeddingEfficiency = efficiency
            (e.embeddingLaunchUs, e.embeddingRowGBs, e.embeddingBeyondL2Efficiency) = (launchUs, rowGBs, beyondL2)
        default: preconditionFailure("unknown elementwise kernel '\(key)'")
        }
        h.shape.elementwise = e
    }

    /// The fitted figures as `[hardware]` keys, three significant decimals.
    public var tomlLines: String {
        var lines = ["elementwise_floor_us = 0"]
        if let l2 = hardware.shape.elementwise.l2CacheMB { lines.append("l2_cache_mb = \(Self.rounded(l2))") }
        for k in kernels {
            for p in [k.efficiency, k.launchUs, k.rowGBs] + (k.beyondL2Efficiency.map { [$0] } ?? []) {
                lines.append("\(p.name) = \(Self.rounded(p.value))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func rounded(_ x: Double) -> String { String(format: "%.3g", x) }
}

/// Why the elementwise fit could not run.
public enum ElementwiseFitError: Error, Equatable, CustomStringConvertible {
    case noFitRows(kernel: String, fitFiles: [String])
    case noHeldOutRows(kernel: String, fitFiles: [String])

    public var description: String {
        switch self {
        case let .noFitRows(kernel, files):
            return "no measured \(kernel) time in the fit files (\(files.joined(separator: ", "))): name files given with --from in --fit-on"
        case let .noHeldOutRows(kernel, files):
            return "no held-out \(kernel) time: every file given is a fit file (\(files.joined(separator: ", "))); give other files to hold out"
        }
    }
}
