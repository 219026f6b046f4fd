extension HardwarePresets {
    /// GPTQ's ExLlama fused kernel (`weight_only_gemm = "gptq_exllama"`, up to 50 rows; 24 for
    /// 8-bit weights): 28.0 TFLOP/s, fitted by `scripts/fit-point-terms.py` on the output tokens/s
    /// of AccelMark's offline vLLM 0.7 run of Llama-3.1-8B GPTQ-int4 on one A100-80GB
    /// (`ServingPointScenario.exllamaFusedFitPoint`; its batch falls from 100 sequences to a few,
    /// so most of its steps run the fused kernel). The kernel multiplies in half2 on the CUDA
    /// cores (`__hfma2`, vLLM csrc/quantization/gptq/q_gemm.cu) and adds every 128-deep slice of K
    /// into its output with atomics, one per 256 multiply-adds; at 28 TFLOP/s that is ~55 G
    /// atomics/s, an L2 rate rather than the SMs'. So the same rate is carried over to the
    /// h100-sxm, h200 and b200 presets as it stands — not scaled by their CUDA cores (A100 78,
    /// H100/H200 134 TFLOP/s of half2) — stated, unvalidated on their kernels; their own
    /// offline int4 runs (AccelMark's, VALIDATION.md) are held out. Every other int4 run, and the
    /// A100's other ExLlama runs (A100-40GB, SGLang, vLLM 0.20), are held out too.
    static let gptqExllamaFused = "gptq_exllama_tflops = 28.0"
}
