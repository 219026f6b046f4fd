/// The decode-attention kernel an engine runs over its paged KV cache.
///
/// The GPU presets' own decode-attention figures are fitted on aiconfigurator's vLLM rows
/// (FlashAttention / FlashInfer decode). TensorRT-LLM runs its own XQA kernels, which stream an
/// fp8 KV cache much faster: on aiconfigurator's rows of TensorRT-LLM 1.3 and vLLM 0.24
/// (`data/kernels/aic_decode_attention.csv`, KV reads of 0.3 GB and more, GQA shapes) the fp8 KV
/// streams at 0.81–0.84 of the H200's HBM peak against vLLM's 0.60–0.61, and at 0.86–0.88 of the
/// H100's against 0.78–0.80; over a 16-bit KV cache the two are within a few per cent.
public enum DecodeAttentionKernel: String, Codable, Sendable, CaseIterable {
    /// FlashAttention / FlashInfer decode, as vLLM and SGLang run it: the GPU's own figures.
    case flash
    /// TensorRT-LLM's XQA decode kernels: the GPU's `trtllm_xqa_decode_attention` figures where
    /// it has them (h100-sxm, h200, b200), else its own.
    case trtllmXQA = "trtllm-xqa"
}

extension HardwareSpec {
    /// The figures `engine`'s decode-attention kernel reaches over an fp8 KV cache on this GPU;
    /// nil: the GPU's own (`decode_attention_fp8_kv_*`).
    public func decodeAttentionFigures(for engine: EngineSpec) -> DecodeAttentionFigures? {
        switch engine.decodeAttentionKernel {
        case .flash: nil
        case .trtllmXQA: trtllmXQADecodeAttention
        }
    }
}
