import Foundation
import SimCore

/// Fits a GPU's figures for one GEMM library generation (``GemmLibraryFigures``) to the linear
/// ops of a Vidur profile of that GPU, through the simulator's own op functions run by an
/// engine with that `gemm_library`, and reports the error on the files it did not see.
///
/// Fitted: the fraction of the 16-bit peak, the fixed time and the soft maximum's p. The GEMMs'
/// memory efficiency is held at the GPU's own (`gemm_memory_efficiency`, else
/// `memory_efficiency`): the same HBM under either library, and freed it runs to the bound of 1
/// (the soft maximum's compute part then stands in for the weight read) for 0.2 points of
/// held-out error. Split as ``ElementwiseFit``'s: the two Llama-2 files fitted, every other
/// file held out. Least squares on relative error, then reweighted towards MAPE.
public struct GemmLibraryFit: Sendable {
    /// The files whose rows are fitted.
    public static let fitFiles = ElementwiseFit.fitFiles
    /// Rounds of reweighting towards MAPE after the least-squares fit.
    static let reweightingRounds = 4

    public var library: GemmLibrary
    public var figures: GemmLibraryFigures
    /// Standard errors of the fitted compute efficiency, fixed time (µs) and p.
    public var computeEfficiencyError: Double, launchUsError: Double, sharpnessError: Double
    /// The base hardware with the fitted figures for `library`.
    public var hardware: HardwareSpec
    /// Every linear op predicted through the library's figures; and through the GPU's own.
    public var report: ValidationReport
    public var baseReport: ValidationReport
    public var fitSources: [String]
    public var fitRows: Int

    /// Fits on the linear-op samples of `fitSources` and predicts all.
    /// - Throws: ``GemmLibraryFitError`` for the `current` library or a split without fit or
    ///   held-out rows; ``SimCore/FitError`` when the fit fails.
    static func fit(samples: [LayerOpSample], base: HardwareSpec, library: GemmLibrary,
                    fitSources: [String] = fitFiles) throws -> GemmLibraryFit {
        guard library != .current else { throw GemmLibraryFitError.currentLibrary }
        let pairs = samples.flatMap { s in OpValidation.linearOps.sorted().compactMap { op in s.measured[op].map { (s, op, $0) } } }
        let fitPairs = pairs.filter { fitSources.contains($0.0.source) }
        guard !fitPairs.isEmpty else { throw GemmLibraryFitError.noFitRows(fitFiles: fitSources) }
        guard fitPairs.count < pairs.count else { throw GemmLibraryFitError.noHeldOutRows(fitFiles: fitSources) }
        let memoryEfficiency = base.shape.gemmMemoryEfficiency ?? base.memoryEfficiency
        let engine = Self.engine(library, on: base)
        // The 16-bit figures are fitted; the generation's fp8 figure, fitted elsewhere, is kept.
        let fp8MemoryEfficiency = base.gemmFigures(for: engine)?.fp8MemoryEfficiency
        func figures(_ p: [Double]) -> GemmLibraryFigures {
            GemmLibraryFigures(computeEfficiency: min(1, abs(p[0])), memoryEfficiency: memoryEfficiency,
                               launchUs: abs(p[1]), sharpness: min(32, max(1, p[2])),
                               fp8MemoryEfficiency: fp8MemoryEfficiency)
        }
        func spec(_ p: [Double]) -> HardwareSpec { Self.setting(figures(p), for: library, on: base) }
        let times = fitPairs.map(\.2)
        func predictions(_ p: [Double]) -> [Double] {
            let h = spec(p)
            return fitPairs.map { $0.0.costModel(on: h, engine: engine).layerOp($0.1, tokens: $0.0.tokens).seconds }
        }
        let fit = try NonlinearLeastSquares().fitTowardsMAPE(observations: times,
                                                             initial: [base.computeEfficiency, base.kernelLaunchUs, 2],
                                                             rounds: Self.reweightingRounds, model: predictions)
        let hardware = spec(fit.parameters)
        let se = fit.standardErrors
        return GemmLibraryFit(library: library, figures: figures(fit.parameters), computeEfficiencyError: se[0],
                              launchUsError: se[1], sharpnessError: se[2], hardware: hardware,
                              report: Self.predict(samples, on: hardware, engine: engine),
                              baseReport: Self.predict(samples, on: base, engine: nil),
                              fitSources: fitSources, fitRows: fitPairs.count)
    }

    /// Reads `paths` (files, or directories whose `*.mlp.csv` files are all read) and fits
    /// (see ``fit(samples:base:library:fitSources:)``).
    public static func fit(paths: [String], base: HardwareSpec, library: GemmLibrary,
                           fitSources: [String] = fitFiles) throws -> GemmLibraryFit {
        try fit(samples: LayerOpSample.read(paths: paths), base: base, library: library, fitSources: fitSources)
    }

    /// `hardware` with `figures` as its figures for `library`.
    static func setting(_ figures: GemmLibraryFigures, for library: GemmLibrary, on hardware: HardwareSpec) -> HardwareSpec {
        var h = hardware
        switch library {
        case .current: break
        case .cublas121: h.cublas121Gemm = figures
        }
        return h
    }

    /// An engine with nothing but `library`'s GEMMs.
    static func engine(_ library: GemmLibrary, on hardware: HardwareSpec) -> EngineSpec {
        var engine = EngineSpec.bare(hardware)
        engine.gemmLibrary = library
        return engine
    }

    /// Every linear op of `samples` predicted on `hardware` by `engine`'s kernels.
    static func predict(_ samples: [LayerOpSample], on hardware: HardwareSpec, engine: EngineSpec?) -> ValidationReport {
        LayerOpSample.report(samples, ops: OpValidation.linearOps, on: hardware, engine: engine)
    }

    /// The `[hardware]` key the fit gives.
    public var tomlLine: String {
        switch library {
        case .current: ""
        case .cublas121: "cublas_12_1_gemm = \(figures.tomlInlineTable)\n"
        }
    }
}

/// Why the GEMM-library fit could not run.
public enum GemmLibraryFitError: Error, Equatable, CustomStringConvertible {
    case currentLibrary
    case noFitRows(fitFiles: [String])
    case noHeldOutRows(fitFiles: [String])

    public var description: String {
        switch self {
        case .currentLibrary:
            return "--gemm-library current: the GPU's own GEMM figures are fitted by `calibrate --from` without --gemm-library; name another library (\(GemmLibrary.allCases.filter { $0 != .current }.map(\.rawValue).joined(separator: ", ")))"
        case .noFitRows(let files):
            return "no measured linear-op time in the fit files (\(files.joined(separator: ", "))): name files given with --from in --fit-on"
        case .noHeldOutRows(let files):
            return "no held-out linear-op time: every file given is a fit file (\(files.joined(separator: ", "))); give other files to hold out"
        }
    }
}
