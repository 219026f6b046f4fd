import SimCore

/// Fits ``CPUCostModel`` to timings by weighted least squares on relative error (weights
/// 1/t², so that a 10 µs GEMV counts as much as a 100 ms GEMM), with GSL through
/// ``SimCore/NonlinearLeastSquares`` and ``SimCore/LinearFit``; reports every parameter with
/// its standard error, R², and the error on held-out shapes the fit never saw.
///
/// - bandwidth: the STREAM triad's median (a reference, not fitted);
/// - GEMM: launch, η_c, η_m and the sharpness p jointly (trust-region LM) on the fit GEMMs;
///   launch is kept ≥ 0 (|p₀|: a negative fixed time, which the fit otherwise reaches by
///   trading it against the compute term of the padded 6-row tiles at m < 6, would make the
///   small held-out GEMMs far too fast);
/// - prefill attention: overhead and η_prefill by a weighted straight line of time against
///   the timed FLOPs / peak — tiled (block-causal) work of the kernel's query tiles, see
///   ``CPUCostModel/prefillTimedFlops(_:)`` — (slope 1/η, σ_η = σ_slope/slope² by the delta
///   method); the same line against causal and unmasked FLOPs is fitted too, to report which
///   form this kernel follows;
/// - decode attention: per-sequence time (kept ≥ 0 as |p₀|, like the launch time) and
///   η_decode (LM), launch taken from the GEMM fit.
public struct CostModelFit: Sendable {
    /// Which per-kernel statistic was fitted and scored.
    public var statistic: FitStatistic
    public var model: CPUCostModel
    public var parameters: [FittedParameter]
    /// R² of each sub-fit (on the weighted, relative scale): gemm, attn_prefill, attn_decode.
    public var rSquared: [String: Double]
    /// MAPE (%) by kernel and role, e.g. `["gemm"]["held_out"]`.
    public var errors: [String: [String: Double]]
    /// MAPE (%) over every held-out measurement.
    public var heldOutMAPE: Double
    /// Held-out MAPE of prefill attention had the simulator used causal FLOPs instead (%).
    public var prefillCausalHeldOutMAPE: Double?
    /// Held-out MAPE of prefill attention in the unmasked form 4·H·D·c·(o + c) (%).
    public var prefillUnmaskedHeldOutMAPE: Double?

    /// Fits the model; `peakFlopsPerSecond` is the theoretical peak of the cores that ran.
    /// - Throws: ``SimCore/FitError`` when a sub-fit fails or a kernel class has too few shapes.
    public static func fit(_ measurements: [KernelMeasurement], peakFlopsPerSecond: Double,
                           statistic: FitStatistic = .cpuMedian) throws(FitError) -> CostModelFit {
        func time(_ m: KernelMeasurement) -> Double { statistic.seconds(m) }
        guard let triad = measurements.first(where: { $0.kernel.kernel == "triad" }) else {
            throw .invalidInput("no STREAM triad measurement to take the bandwidth from")
        }
        var model = CPUCostModel(peakFlopsPerSecond: peakFlopsPerSecond,
                                 bandwidthBytesPerSecond: triad.kernel.bytes / time(triad))
        func fitSet(_ kernel: String) -> [KernelMeasurement] {
            measurements.filter { $0.kernel.kernel == kernel && $0.role == .fit }
        }
        var parameters: [FittedParameter] = []
        var rSquared: [String: Double] = [:]

        // GEMM: [launch µs, η_c, η_m, p].
        let gemms = fitSet("gemm")
        let gemmTimes = gemms.map(time)
        func gemmModel(_ p: [Double]) -> CPUCostModel {
            var m = model
            m.launchSeconds = abs(p[0]) * 1e-6
            m.computeEfficiency = abs(p[1])
            m.memoryEfficiency = abs(p[2])
            m.sharpness = min(31.9, max(1, p[3]))
            return m
        }
        let gemmFit = try NonlinearLeastSquares().fit(
            observations: gemmTimes, weights: gemmTimes.map { 1 / ($0 * $0) }, initial: [10, 0.7, 0.8, 2]) { p in
            let m = gemmModel(p)
            return gemms.map { m.seconds($0.kernel) }
        }
        model = gemmModel(gemmFit.parameters)
        rSquared["gemm"] = gemmFit.rSquared
        let se = gemmFit.standardErrors
        parameters += [
            FittedParameter(name: "kernel_launch_us", value: model.launchSeconds * 1e6, standardError: se[0], unit: "µs"),
            FittedParameter(name: "compute_efficiency", value: model.computeEfficiency, standardError: se[1], unit: ""),
            FittedParameter(name: "memory_efficiency", value: model.memoryEfficiency, standardError: se[2], unit: ""),
            FittedParameter(name: "roofline_sharpness", value: model.sharpness, standardError: se[3], unit: ""),
        ]

        // Prefill attention: a weighted line t = overhead + (FLOPs/peak) · (1/η).
        let prefills = fitSet("attn_prefill")
        let prefillTimes = prefills.map(time)
        let prefillLine = try LinearFit(x: prefills.map { model.prefillTimedFlops($0.kernel) / peakFlopsPerSecond },
                                        y: prefillTimes, weights: prefillTimes.map { 1 / ($0 * $0) },
                                        scaleByResidualVariance: true)
        model.prefillEfficiency = 1 / prefillLine.slope
        model.prefillOverheadSeconds = max(0, prefillLine.intercept)
        rSquared["attn_prefill"] = prefillLine.rSquared
        parameters += [
            FittedParameter(name: "prefill_attention_efficiency", value: model.prefillEfficiency,
                            standardError: prefillLine.slopeStandardError / (prefillLine.slope * prefillLine.slope), unit: ""),
            FittedParameter(name: "prefill_attention_overhead_us", value: prefillLine.intercept * 1e6,
                            standardError: prefillLine.interceptStandardError * 1e6, unit: "µs"),
        ]
        let causalLine = try LinearFit(x: prefills.map { $0.kernel.flops / peakFlopsPerSecond }, y: prefillTimes,
                                       weights: prefillTimes.map { 1 / ($0 * $0) }, scaleByResidualVariance: true)
        let unmaskedLine = try LinearFit(x: prefills.map { $0.kernel.squareAttentionFlops / peakFlopsPerSecond }, y: prefillTimes,
                                         weights: prefillTimes.map { 1 / ($0 * $0) }, scaleByResidualVariance: true)

        // Decode attention: [per-sequence µs, η_decode].
        let decodes = fitSet("attn_decode")
        let decodeTimes = decodes.map(time)
        func decodeModel(_ p: [Double]) -> CPUCostModel {
            var m = model
            m.decodePerSequenceSeconds = abs(p[0]) * 1e-6   // kept ≥ 0, as the launch time
            m.decodeEfficiency = abs(p[1])
            return m
        }
        let decodeFit = try NonlinearLeastSquares().fit(
            observations: decodeTimes, weights: decodeTimes.map { 1 / ($0 * $0) }, initial: [1, 0.2]) { p in
            let m = decodeModel(p)
            return decodes.map { m.seconds($0.kernel) }
        }
        model = decodeModel(decodeFit.parameters)
        rSquared["attn_decode"] = decodeFit.rSquared
        parameters += [
            FittedParameter(name: "decode_attention_per_sequence_us", value: model.decodePerSequenceSeconds * 1e6,
                            standardError: decodeFit.standardErrors[0], unit: "µs"),
            FittedParameter(name: "decode_attention_efficiency", value: model.decodeEfficiency,
                            standardError: decodeFit.standardErrors[1], unit: ""),
        ]

        // Errors by kernel and role; the held-out ones were never seen by the fits.
        var errors: [String: [String: Double]] = [:]
        let predicted = measurements.filter { $0.role != .reference }
        for kernel in Set(predicted.map(\.kernel.kernel)) {
            for role in [CalibrationPlan.Role.fit, .heldOut] {
                let set = predicted.filter { $0.kernel.kernel == kernel && $0.role == role }
                guard !set.isEmpty else { continue }
                errors[kernel, default: [:]][role.rawValue] = meanAbsolutePercentageError(
                    predicted: set.map { model.seconds($0.kernel) }, measured: set.map(time))
            }
        }
        let heldOut = predicted.filter { $0.role == .heldOut }
        let heldOutPrefill = heldOut.filter { $0.kernel.kernel == "attn_prefill" }
        return CostModelFit(
            statistic: statistic, model: model, parameters: parameters, rSquared: rSquared, errors: errors,
            heldOutMAPE: meanAbsolutePercentageError(predicted: heldOut.map { model.seconds($0.kernel) },
                                                     measured: heldOut.map(time)),
            prefillCausalHeldOutMAPE: heldOutPrefill.isEmpty ? nil : meanAbsolutePercentageError(
                predicted: heldOutPrefill.map { causalLine.predict($0.kernel.flops / peakFlopsPerSecond) },
                measured: heldOutPrefill.map(time)),
            prefillUnmaskedHeldOutMAPE: heldOutPrefill.isEmpty ? nil : meanAbsolutePercentageError(
                predicted: heldOutPrefill.map { unmaskedLine.predict($0.kernel.squareAttentionFlops / peakFlopsPerSecond) },
                measured: heldOutPrefill.map(time)))
    }
}

/// The per-kernel time that a fit uses.
///
/// On a shared machine other processes only add time. `cpu_median` is the default: this
/// machine's two cores are shared with other builds, whose load (often above 3) takes
/// whole time slices, which no wall-clock statistic removes. `min`, the fastest wall-clock
/// repetition, is the least contaminated wall time when the interference comes in bursts
/// (Chen & Revels, "Robust benchmarking in noisy environments", HPEC 2016, arXiv:1608.04295,
/// §4 — the estimator of BenchmarkTools.jl); `cpu_median`, the median of process CPU time per
/// kernel thread, also removes sustained interference (time slices given to other processes
/// are not CPU time of ours), keeping what they cost through shared caches and memory.
/// `median` (wall clock) is the choice on a quiet machine.
public enum FitStatistic: String, Sendable, CaseIterable {
    case minimum = "min"
    case median
    case cpuMedian = "cpu_median"

    public func seconds(_ m: KernelMeasurement) -> Double {
        switch self {
        case .minimum: m.sample.minSeconds
        case .median: m.sample.medianSeconds
        case .cpuMedian: (m.cpuSample ?? m.sample).medianSeconds
        }
    }
}
