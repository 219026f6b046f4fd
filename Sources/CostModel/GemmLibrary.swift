/// The GEMM library generation an engine's dense linear layers run on.
public enum GemmLibrary: String, Codable, Sendable, CaseIterable {
    /// Today's kernels: the GPU's own GEMM figures.
    case current
    /// cuBLAS 12.1, which PyTorch's CUDA 12.1 wheels (torch 2.1–2.4) bundle: what Vidur's
    /// profiler (early 2024) and the vLLM of 2023–mid-2024 ran. The GPU's `cublas_12_1_gemm`
    /// figures where it has them (h100-sxm), else its own.
    case cublas121 = "cublas-12.1"
}

extension HardwareSpec {
    /// The 16-bit GEMM figures `engine`'s library reaches on this GPU; nil: the GPU's own.
    public func gemmFigures(for engine: EngineSpec) -> GemmLibraryFigures? {
        switch engine.gemmLibrary {
        case .current: nil
        case .cublas121: cublas121Gemm
        }
    }
}
