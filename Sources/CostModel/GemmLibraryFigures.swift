/// The dense 16-bit GEMM figures of one GEMM library generation on one GPU: what
/// ``KernelTimeModel/gemm(m:n:k:weightBytes:activationBytes:)`` times fp16/bf16 linear layers by
/// for an engine whose `gemm_library` names that generation (``GemmLibrary``), in place of the
/// GPU's own `compute_efficiency`, `gemm_memory_efficiency`, `kernel_launch_us` and
/// `roofline_sharpness`.
///
/// Why a GPU carries more than one set: a preset's own GEMM figures are fitted on today's
/// serving kernels (on Hopper, aiconfigurator's 2026 cuBLAS rows), while the profiles and
/// serving runs of 2023–2024 ran PyTorch wheels built against CUDA 12.1, whose cuBLAS reaches
/// ~20 % less on H100 at a few hundred rows and more (VALIDATION.md, "H100-SXM on Vidur's
/// profile"). TOML: `cublas_12_1_gemm = { compute_efficiency = …, memory_efficiency = …,
/// kernel_launch_us = …, roofline_sharpness = … }` in `[hardware]`, those four keys required;
/// `fp8_memory_efficiency` optional (the generation's fp8 GEMMs).
public struct GemmLibraryFigures: Codable, Equatable, Sendable {
    /// Fraction of the 16-bit tensor peak the GEMMs reach on whole tiles.
    public var computeEfficiency: Double
    /// Fraction of HBM bandwidth the GEMMs reach while their weight read dominates.
    public var memoryEfficiency: Double
    /// Fixed time of one GEMM, µs.
    public var launchUs: Double
    /// p of the soft maximum of compute and memory time (≥ 32: the plain maximum).
    public var sharpness: Double
    /// Fraction of HBM bandwidth the generation's fp8 GEMMs (W8A8 on fp8 tensor cores: vLLM's
    /// CUTLASS `scaled_mm` as the CUDA 12.1 wheels of vLLM 0.5–0.6 built it) reach while their
    /// weight read dominates, in place of the GPU's `gemm_memory_efficiency`; nil: the GPU's own
    /// fp8 figures throughout. Their other fp8 figures are the GPU's.
    public var fp8MemoryEfficiency: Double?

    public init(computeEfficiency: Double, memoryEfficiency: Double, launchUs: Double, sharpness: Double,
                fp8MemoryEfficiency: Double? = nil) {
        self.computeEfficiency = computeEfficiency
        self.memoryEfficiency = memoryEfficiency
        self.launchUs = launchUs
        self.sharpness = sharpness
        self.fp8MemoryEfficiency = fp8MemoryEfficiency
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case computeEfficiency = "compute_efficiency", memoryEfficiency = "memory_efficiency"
        case launchUs = "kernel_launch_us", sharpness = "roofline_sharpness"
        case fp8MemoryEfficiency = "fp8_memory_efficiency"
    }

    /// Reads the keys (floats or integers) and checks their ranges: efficiencies in (0, 1], the
    /// fixed time a finite number ≥ 0 µs, p in [1, 32].
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func read(_ key: CodingKeys, _ valid: (Double) -> Bool, _ allowed: String) throws -> Double {
            try c.decodeNumber(forKey: key, where: valid, allowed: allowed)
        }
        computeEfficiency = try read(.computeEfficiency, { $0 > 0 && $0 <= 1 }, "in (0, 1] (a fraction of the tensor peak)")
        memoryEfficiency = try read(.memoryEfficiency, { $0 > 0 && $0 <= 1 }, "in (0, 1] (a fraction of HBM bandwidth)")
        launchUs = try read(.launchUs, { $0 >= 0 && $0 <= 1e6 }, "a time in [0, 1e6] µs")
        sharpness = try read(.sharpness, { $0 >= 1 && $0 <= 32 }, "in [1, 32] (≥ 32: the plain maximum)")
        fp8MemoryEfficiency = c.contains(.fp8MemoryEfficiency)
            ? try read(.fp8MemoryEfficiency, { $0 > 0 && $0 <= 1 }, "in (0, 1] (a fraction of HBM bandwidth)") : nil
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(computeEfficiency, forKey: .computeEfficiency)
        try c.encode(memoryEfficiency, forKey: .memoryEfficiency)
        try c.encode(launchUs, forKey: .launchUs)
        try c.encode(sharpness, forKey: .sharpness)
        try c.encodeIfPresent(fp8MemoryEfficiency, forKey: .fp8MemoryEfficiency)
    }

    /// The figures as one TOML inline table, for `[hardware]`.
    public var tomlInlineTable: String {
        func number(_ x: Double) -> String { String(format: "%.4g", x) }
        return "{ compute_efficiency = \(number(computeEfficiency)), memory_efficiency = \(number(memoryEfficiency)), "
            + "kernel_launch_us = \(number(launchUs)), roofline_sharpness = \(number(sharpness))"
            + (fp8MemoryEfficiency.map { ", fp8_memory_efficiency = \(number($0))" } ?? "") + " }"
    }
}
