import Foundation

/// The architecture of a decoder-only transformer, as far as cost and memory are concerned.
///
/// Field names follow Hugging Face `config.json` in meaning and the scenario TOML in spelling
/// (`hidden_size`, `kv_heads`, ...). Presets live in ``Presets``; a scenario overlays its own
/// keys on a preset's TOML table field by field and decodes the result.
///
/// Sources of the formulas: parameter count is the sum of the weight matrices of a
/// LLaMA-style block (Touvron et al. 2023, "Llama 2", §2 and Table 1 architecture; the
/// gated SwiGLU MLP of Shazeer 2020 has three d×f matrices); the KV footprint is the seeds'
/// `Bytes/token = 2 · layers · kv_heads · head_dim · bytes` (the factor 2 is K and V).
/// Biases (phi-2 has them) and norm weights are below 0.1 % of the total and are counted only
/// as the norm vectors.
///
/// Mixture of experts (Mixtral: Jiang et al. 2024, "Mixtral of Experts", §2.1): `experts` E
/// copies of the MLP per layer and a router of d×E; each token runs `activeExperts` k of them
/// (top-k). Both keys are optional; absent, the model is dense. See ``ModelSpec/MoE``.
public struct ModelSpec: Codable, Equatable, Sendable {
    /// Display name, e.g. "llama-2-7b".
    public var name: String
    /// Transformer blocks, n.
    public var layers: Int
    /// Model (residual stream) dimension, d.
    public var hiddenSize: Int
    /// Query heads, H.
    public var heads: Int
    /// Key/value heads, H_kv (= H for multi-head attention, < H for GQA, 1 for MQA).
    public var kvHeads: Int
    /// Dimension of one head, D (usually d / H).
    public var headDim: Int
    /// MLP inner dimension, f.
    public var intermediateSize: Int
    /// Vocabulary size, V.
    public var vocabSize: Int
    /// Whether the MLP is gated (SwiGLU: gate, up and down projections) or plain (up, down).
    public var gatedMLP: Bool
    /// Longest sequence (prompt + output) the model accepts, in tokens.
    public var maxContext: Int
    /// Storage type of the weights.
    public var weightDtype: DataType
    /// Storage type of the KV cache.
    public var kvDtype: DataType
    /// Whether the LM head shares its matrix with the input embedding.
    public var tieEmbeddings: Bool
    /// Storage type of the activations; nil: fp32 for fp32 weights, else 16-bit (fp16/bf16),
    /// as serving engines run quantised weights with 16-bit activations.
    public var activationDtype: DataType?
    /// MoE: MLP experts per layer, E (HF `num_local_experts`); nil for a dense model.
    public var experts: Int?
    /// MoE: experts each token is routed to, k (HF `num_experts_per_tok`); nil for dense.
    public var activeExperts: Int?
    /// MoE: experts every token runs besides the routed ones (HF `n_shared_experts`); nil: none.
    public var sharedExperts: Int?
    /// MoE: inner dimension of one expert (HF `moe_intermediate_size`); nil: `intermediate_size`.
    public var moeIntermediateSize: Int?
    /// MoE: leading layers with a dense MLP of `intermediate_size` (HF `first_k_dense_replace`).
    public var denseLayers: Int?
    /// Multi-head latent attention (DeepSeek-V2/V3): rank of the joint KV compression, r
    /// (HF `kv_lora_rank`); nil: ordinary multi-head / grouped-query attention.
    public var kvLoraRank: Int?
    /// MLA: rank of the query compression (HF `q_lora_rank`); nil: a full d × H·(nope+rope) query.
    public var qLoraRank: Int?
    /// MLA: per-head dimensions of the decoupled RoPE key, the non-RoPE query/key and the value
    /// (HF `qk_rope_head_dim`, `qk_nope_head_dim`, `v_head_dim`).
    public var qkRopeHeadDim: Int?, qkNopeHeadDim: Int?, vHeadDim: Int?
    /// Sliding-window attention: the window W of the local layers, tokens (HF `sliding_window`).
    public var slidingWindow: Int?
    /// Layers that attend over the window only (the rest attend globally); nil with a window:
    /// every layer (Mistral-7B v0.1).
    public var slidingLayers: Int?

    enum CodingKeys: String, CodingKey {
        case name, layers, heads, hiddenSize = "hidden_size", kvHeads = "kv_heads"
        case headDim = "head_dim", intermediateSize = "intermediate_size"
        case vocabSize = "vocab_size", gatedMLP = "gated_mlp", maxContext = "max_context"
        case weightDtype = "weight_dtype", kvDtype = "kv_dtype", tieEmbeddings = "tie_embeddings"
        case experts, activeExperts = "active_experts", activationDtype = "activation_dtype"
        case sharedExperts = "shared_experts", moeIntermediateSize = "moe_intermediate_size"
        case denseLayers = "dense_layers", kvLoraRank = "kv_lora_rank", qLoraRank = "q_lora_rank"
        case qkRopeHeadDim = "qk_rope_head_dim", qkNopeHeadDim = "qk_nope_head_dim", vHeadDim = "v_head_dim"
        case slidingWindow = "sliding_window", slidingLayers = "sliding_layers"
    }

    /// Bytes of one activation element.
    public var activationBytes: Double {
        activationDtype?.bytes ?? (weightDtype == .fp32 ? 4 : 2)
    }

    public init(name: String, layers: Int, hiddenSize: Int, heads: Int, kvHeads: Int,
                headDim: Int, intermediateSize: Int, vocabSize: Int, gatedMLP: Bool,
                maxContext: Int, weightDtype: DataType = .fp16, kvDtype: DataType = .fp16,
                tieEmbeddings: Bool = false, experts: Int? = nil, activeExperts: Int? = nil) {
        self.name = name
        self.layers = layers
        self.hiddenSize = hiddenSize
        self.heads = heads
        self.kvHeads = kvHeads
        self.headDim = headDim
        self.intermediateSize = intermediateSize
        self.vocabSize = vocabSize
        self.gatedMLP = gatedMLP
        self.maxContext = maxContext
        self.weightDtype = weightDtype
        self.kvDtype = kvDtype
        self.tieEmbeddings = tieEmbeddings
        self.experts = experts
        self.activeExperts = activeExperts
    }
}

extension ModelSpec {
    /// Output width of the fused QKV projection: (H + 2·H_kv)·D.
    public var qkvWidth: Int { (heads + 2 * kvHeads) * headDim }

    /// Width of the attention output (input of the output projection): H·D.
    public var attentionWidth: Int { heads * headDim }

    /// Number of d×f matrices in the MLP: 3 when gated (gate, up, down), else 2.
    public var mlpMatrices: Int { gatedMLP ? 3 : 2 }

    /// Weights of one expert's MLP (or of the dense MLP): (2 or 3)·d·f, f the expert width
    /// (`moe_intermediate_size` when given).
    public var mlpParametersPerExpert: Double {
        Double(mlpMatrices) * Double(hiddenSize) * Double(expertIntermediateSize)
    }

    /// Inner dimension of one expert: `moe_intermediate_size`, else `intermediate_size`.
    public var expertIntermediateSize: Int { moeIntermediateSize ?? intermediateSize }

    /// Weights of one transformer block with the model's main MLP (the MoE one for an MoE
    /// model): attention (``attentionParameters``), MLP (2 or 3)·d·f (times E, plus the d×E
    /// router and the shared experts, for MoE), two norm vectors of d. Leading dense layers
    /// of an MoE model are counted apart (``denseLayerCorrection``).
    public var parametersPerLayer: Double {
        let d = Double(hiddenSize)
        let attention = attentionParameters
        let moe = MoE(self)
        let mlp = moe.experts * mlpParametersPerExpert + (moe.isSparse ? d * moe.experts : 0)
            + moe.shared * mlpParametersPerExpert
        return attention + mlp + 2 * d
    }

    /// Weights one token runs through in one block: the attention, k experts' MLPs (the whole
    /// MLP when dense), the router and the norms. 2 × this is the block's FLOPs per token.
    public var activeParametersPerLayer: Double {
        let moe = MoE(self)
        return parametersPerLayer - (moe.experts - moe.active) * mlpParametersPerExpert
    }

    /// Non-embedding parameters, P_layers = n · parametersPerLayer (+ the final norm), the
    /// dense leading layers' MLPs in place of their MoE ones.
    public var layerParameterCount: Double {
        Double(layers) * parametersPerLayer + Double(hiddenSize) + denseLayerCorrection.total
    }

    /// Embedding table V·d, plus an LM head V·d of its own unless tied.
    public var embeddingParameterCount: Double {
        Double(vocabSize) * Double(hiddenSize) * (tieEmbeddings ? 1 : 2)
    }

    /// Total parameters, embeddings included (Llama-2-7B: 6.74e9).
    public var parameterCount: Double { layerParameterCount + embeddingParameterCount }

    /// Parameters one token runs through, embeddings included (Mixtral-8x7B: 12.9e9 of 46.7e9).
    public var activeParameterCount: Double {
        Double(layers) * activeParametersPerLayer + Double(hiddenSize) + embeddingParameterCount
            + denseLayerCorrection.active
    }

    /// Bytes of all weights in `weightDtype`.
    public var weightBytes: Double { parameterCount * weightDtype.bytes }

    /// KV-cache bytes of one token over all layers, windows not applied:
    /// 2 · n · H_kv · D · bytes(kv_dtype), or n · (r + d_rope) · bytes for MLA.
    public var kvBytesPerToken: Double {
        if let latent = mlaLatentWidth { return Double(layers) * Double(latent) * kvDtype.bytes }
        return 2 * Double(layers) * Double(kvHeads) * Double(headDim) * kvDtype.bytes
    }
}

extension ModelSpec {
    /// The expert shape of a model, with the dense case as E = k = 1.
    public struct MoE: Equatable, Sendable {
        /// Experts per layer, E (1 when dense).
        public var experts: Double
        /// Experts per token, k (1 when dense).
        public var active: Double
        /// Shared experts every token runs (0 when none or dense).
        public var shared: Double

        public init(_ model: ModelSpec) {
            experts = Double(max(1, model.experts ?? 1))
            active = min(experts, Double(max(1, model.activeExperts ?? 1)))
            shared = experts > 1 ? Double(max(0, model.sharedExperts ?? 0)) : 0
        }

        public var isSparse: Bool { experts > 1 }

        /// Expected number of distinct experts that `tokens` tokens touch, each choosing k of
        /// E uniformly: E · (1 − (1 − k/E)^T) (each expert is missed by one token with
        /// probability 1 − k/E, independently across tokens — the balanced router that the
        /// load-balancing loss of Fedus et al. 2022, "Switch Transformers", §2.2, aims at).
        /// 1 for a dense model with at least one token; 0 with no tokens.
        /// - Complexity: O(1) (one `pow`).
        @inline(__always)
        public func expertsTouched(tokens: Double) -> Double {
            guard tokens > 0 else { return 0 }
            guard isSparse else { return 1 }
            return experts * (1 - Foundation.pow(1 - active / experts, tokens))
        }
    }
}
