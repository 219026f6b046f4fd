import SimCore
import SimServeKit

/// Fits one GPU's kernel parameters to its measured kernel tables (``SimServeKit/MeasuredKernel``,
/// `calibrate --from-kernels`): per ``KernelParameterGroup``, least squares of relative error
/// (GSL's trust-region Levenberg–Marquardt, ``SimCore/NonlinearLeastSquares``) on the FIT rows
/// only, predicting through ``SimServeKit/KernelPredictor`` — the simulator's own kernel
/// functions — and reports the held-out error of the fit and of the preset it started from.
///
/// A parameter that no fit row's prediction depends on (fp8 efficiency without fp8 rows, the
/// custom all-reduce latency where the GPUs have no NVLink) is left at the preset's value and
/// not reported.
public struct KernelTablesFit: Sendable {
    /// One fitted parameter beside the preset's value.
    public struct Parameter: Sendable, Equatable {
        public var fitted: FittedParameter
        public var presetValue: Double
        /// |fitted − preset| ≤ 2 standard errors.
        public var agreesWithPreset: Bool {
            abs(fitted.value - presetValue) <= 2 * fitted.standardError
        }
    }

    /// The error of a kind and split, of the fitted hardware and of the preset.
    public struct KindError: Sendable, Equatable {
        public var kind: KernelKind
        public var split: MeasuredKernel.Split
        public var rows: Int
        public var mapePercent: Double
        public var presetMAPEPercent: Double
    }

    /// One group's fit.
    public struct Group: Sendable {
        public var name: String
        public var parameters: [Parameter]
        /// Parameters held at a given value (`--hold`), not fitted.
        public var held: [(name: String, value: Double, unit: String)] = []
        public var fitRows: Int
        public var rSquared: Double?
        public var errors: [KindError]
    }

    public var gpu: KernelGPU
    /// The preset with every fitted value.
    public var hardware: HardwareSpec
    public var preset: HardwareSpec
    public var groups: [Group]
    /// Every measurement with the fitted prediction, in input order.
    public var rows: [(measurement: MeasuredKernel, predictedSeconds: Double)]
    /// The fp8 GEMM's rate per added output column on the fit rows (nil without such rows): the
    /// figure that separates the GEMM from its input's quantisation (``GemmMarginalRate``).
    public var fp8MarginalRate: GemmMarginalRate?

    /// Fits `gpu`'s rows of `measurements` on `preset` (its peaks, bandwidths and the
    /// parameters of no group are kept). Parameters named in `held` are set to the given value
    /// and not fitted (a figure known from elsewhere); the others of their group are fitted
    /// around it.
    /// - Throws: ``MeasuredOpsError/noRows(source:)`` when `gpu` has no fit rows;
    ///   ``KernelParameterGroup/UnknownParameter`` when `held` names no parameter;
    ///   ``SimCore/FitError`` when a fit fails.
    /// - Complexity: O(iterations · parameters · rows) per group.
    /// Opt-in parameters (``KernelParameterGroup/Parameter/optIn``) are fitted only when `fitting`
    /// names them, and NCCL's NVLS terms on a GPU with NVLink SHARP.
    public static func fit(measurements: [MeasuredKernel], gpu: KernelGPU, preset: HardwareSpec,
                           held: [String: Double] = [:], fitting: Set<String> = []) throws -> KernelTablesFit {
        try KernelParameterGroup.checkNames(held.keys)
        let fitting = gpu.hasNVLinkSHARP ? fitting.union(KernelParameterGroup.nvls) : fitting
        let mine = measurements.filter { $0.gpu == gpu.label }
        guard mine.contains(where: { $0.split == .fit }) else { throw MeasuredOpsError.noRows(source: "\(gpu.label) fit rows") }
        let engine = try Presets.engine(named: gpu.engine, on: preset)
        var hardware = preset
        var fitted: [(KernelParameterGroup, [Parameter], Int, Double?)] = []
        for group in KernelParameterGroup.all {
            for p in group.parameters { if let value = held[p.name] { p.set(&hardware, value) } }
        }
        for group in KernelParameterGroup.all {
            let rows = mine.filter { group.kinds.contains($0.kind) && $0.split == .fit }
            guard !rows.isEmpty else { continue }
            var base = hardware
            group.prepare(&base, gpu)
            func predict(_ h: HardwareSpec) -> [Double] {
                let predictor = KernelPredictor(hardware: h, engine: engine)
                return rows.map { predictor.seconds($0) }
            }
            // Only the parameters some fit row depends on.
            let reference = predict(base)
            let active = group.parameters.filter { p in
                guard held[p.name] == nil, !p.optIn || fitting.contains(p.name) else { return false }
                var h = base
                p.set(&h, p.start * 1.37 + 0.11)
                return zip(predict(h), reference).contains { abs($0 - $1) > 1e-9 * $1 }
            }
            guard !active.isEmpty, rows.count > active.count else { continue }
            func spec(_ x: [Double]) -> HardwareSpec {
                var h = base
                for (p, v) in zip(active, x) { p.set(&h, v) }
                return h
            }
            let times = rows.map(\.measuredSeconds)
            var solver = NonlinearLeastSquares()
            solver.maxIterations = 2000
            let result = try solver.fit(observations: times, weights: times.map { 1 / ($0 * $0) },
                                                         initial: active.map(\.start)) { predict(spec($0)) }
            hardware = spec(result.parameters)
            let parameters = active.enumerated().map { i, p in
                Parameter(fitted: FittedParameter(name: p.name, value: p.get(hardware), standardError: result.standardErrors[i],
                                                  unit: p.unit),
                          presetValue: p.get(preset))
            }
            fitted.append((group, parameters, rows.count, result.rSquared))
        }
        let mineFitted = KernelPredictor(hardware: hardware, engine: engine)
        let minePreset = KernelPredictor(hardware: preset, engine: engine)
        let groups = fitted.map { group, parameters, count, r2 in
            Group(name: group.name, parameters: parameters,
                  held: group.parameters.filter { held[$0.name] != nil }.map { ($0.name, $0.get(hardware), $0.unit) },
                  fitRows: count, rSquared: r2,
                  errors: errors(mine.filter { group.kinds.contains($0.kind) }, fitted: mineFitted, preset: minePreset))
        }
        return KernelTablesFit(gpu: gpu, hardware: hardware, preset: preset, groups: groups,
                               rows: mine.map { ($0, mineFitted.seconds($0)) },
                               fp8MarginalRate: GemmMarginalRate.fp8(mine, gpu: gpu.label))
    }

    /// MAPE per kind and split (fit, held out) of `rows`, fitted and preset.
    static func errors(_ rows: [MeasuredKernel], fitted: KernelPredictor, preset: KernelPredictor) -> [KindError] {
        var out: [KindError] = []
        for kind in KernelKind.allCases {
            for split in [MeasuredKernel.Split.fit, .heldOut] {
                let set = rows.filter { $0.kind == kind && $0.split == split }
                guard !set.isEmpty else { continue }
                let measured = set.map(\.measuredSeconds)
                out.append(KindError(
                    kind: kind, split: split, rows: set.count,
                    mapePercent: meanAbsolutePercentageError(predicted: set.map { fitted.seconds($0) }, measured: measured),
                    presetMAPEPercent: meanAbsolutePercentageError(predicted: set.map { preset.seconds($0) }, measured: measured)))
            }
        }
        return out
    }
}
