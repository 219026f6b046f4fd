/// The attention kernel library an engine's prefill and decode attention run on.
public enum AttentionLibrary: String, Codable, Sendable, CaseIterable {
    /// The serving engines' own kernels: the GPU's own attention figures (on Hopper and
    /// Blackwell, fitted on FlashAttention-3 / FlashInfer rows of vLLM).
    case current
    /// FlashAttention-2, as PyTorch's `scaled_dot_product_attention` runs it (its FLASH_ATTENTION
    /// backend) and as plain PyTorch stacks do: on Hopper it reaches about half of
    /// FlashAttention-3's prefill rate and its split-KV decode has other fixed costs. The GPU's
    /// `flash_attention_2` figures where it has them (h200), else its own.
    case flashAttention2 = "flash-attention-2"

    /// The `[hardware]` key of the library's figures (``AttentionLibraryFigures``); nil for the
    /// GPU's own.
    public var hardwareKey: String? {
        switch self {
        case .current: nil
        case .flashAttention2: HardwareSpec.CodingKeys.flashAttention2.rawValue
        }
    }
}

extension HardwareSpec {
    /// The attention figures `library` reaches on this GPU, laid over the GPU's own; nil: the
    /// GPU's own.
    public func attentionFigures(of library: AttentionLibrary) -> AttentionLibraryFigures? {
        switch library {
        case .current: nil
        case .flashAttention2: flashAttention2
        }
    }

    /// The attention figures of `engine`'s attention library on this GPU (``attentionFigures(of:)``).
    public func attentionLibraryFigures(for engine: EngineSpec) -> AttentionLibraryFigures? {
        attentionFigures(of: engine.attentionLibrary)
    }

    /// The kernel figures `engine`'s attention kernels are timed by: the GPU's own with its
    /// attention library's figures laid over them (``attentionLibraryFigures(for:)``).
    public func attentionShape(for engine: EngineSpec?) -> KernelShapeParameters {
        guard let engine, let figures = attentionLibraryFigures(for: engine) else { return shape }
        return figures.laid(over: shape)
    }
}
