/// TOML `[model]` tables of the preset models. Every value is from the model's Hugging Face
/// `config.json` (the URL in each table's comment): `hidden_size`, `num_hidden_layers`,
/// `num_attention_heads`, `num_key_value_heads`, `intermediate_size`, `vocab_size`,
/// `max_position_embeddings`, `tie_word_embeddings`; `head_dim` = hidden_size / heads;
/// `gated_mlp` from `hidden_act` (SiLU-gated LLaMA/Mistral MLP vs phi-2's plain GELU MLP);
/// MoE `experts` and `active_experts` from `num_local_experts` and `num_experts_per_tok`.
/// The Llama-2/3, Mistral and Phi families are here, the newer ones in `ModelPresets+Recent`
/// and the current architectures (MLA, sliding windows, fine-grained MoE) in
/// `ModelPresets+Current`.
enum ModelPresets {
    /// Every preset, by name.
    static let tables: [String: String] = classic.merging(recent) { first, _ in first }
        .merging(current) { first, _ in first }
        .merging(qwen3Dense) { first, _ in first }

    static let classic: [String: String] = [
        "llama-2-7b": """
            # https://huggingface.co/meta-llama/Llama-2-7b-hf/blob/main/config.json
            name = "llama-2-7b"
            layers = 32               # num_hidden_layers
            hidden_size = 4096
            heads = 32                # num_attention_heads
            kv_heads = 32             # num_key_value_heads (MHA)
            head_dim = 128            # 4096 / 32
            intermediate_size = 11008
            vocab_size = 32000
            gated_mlp = true          # hidden_act = "silu", gate_proj + up_proj + down_proj
            max_context = 4096        # max_position_embeddings
            weight_dtype = "fp16"     # torch_dtype = "float16"
            kv_dtype = "fp16"
            tie_embeddings = false
            """,
        "llama-2-13b": """
            # https://huggingface.co/meta-llama/Llama-2-13b-hf/blob/main/config.json
            name = "llama-2-13b"
            layers = 40
            hidden_size = 5120
            heads = 40
            kv_heads = 40             # MHA
            head_dim = 128            # 5120 / 40
            intermediate_size = 13824
            vocab_size = 32000
            gated_mlp = true
            max_context = 4096
            weight_dtype = "fp16"
            kv_dtype = "fp16"
            tie_embeddings = false
            """,
        "llama-2-70b": """
            # https://huggingface.co/meta-llama/Llama-2-70b-hf/blob/main/config.json
            name = "llama-2-70b"
            layers = 80
            hidden_size = 8192
            heads = 64
            kv_heads = 8              # GQA, 8 groups
            head_dim = 128            # 8192 / 64
            intermediate_size = 28672
            vocab_size = 32000
            gated_mlp = true
            max_context = 4096
            weight_dtype = "fp16"
            kv_dtype = "fp16"
            tie_embeddings = false
            """,
        "llama-3-8b": """
            # https://huggingface.co/meta-llama/Meta-Llama-3-8B/blob/main/config.json
            name = "llama-3-8b"
            layers = 32
            hidden_size = 4096
            heads = 32
            kv_heads = 8              # GQA
            head_dim = 128
            intermediate_size = 14336
            vocab_size = 128256
            gated_mlp = true
            max_context = 8192
            weight_dtype = "bf16"     # torch_dtype = "bfloat16"
            kv_dtype = "bf16"
            tie_embeddings = false
            """,
        "llama-3-70b": """
            # https://huggingface.co/meta-llama/Meta-Llama-3-70B/blob/main/config.json
            name = "llama-3-70b"
            layers = 80
            hidden_size = 8192
            heads = 64
            kv_heads = 8              # GQA
            head_dim = 128
            intermediate_size = 28672
            vocab_size = 128256
            gated_mlp = true
            max_context = 8192
            weight_dtype = "bf16"
            kv_dtype = "bf16"
            tie_embeddings = false
            """,
        "mistral-7b": """
            # https://huggingface.co/mistralai/Mistral-7B-v0.1/blob/main/config.json
            # (sliding_window = 4096 is not modelled: every cached token is attended to)
            name = "mistral-7b"
            layers = 32
            hidden_size = 4096
            heads = 32
            kv_heads = 8              # GQA
            head_dim = 128
            intermediate_size = 14336
            vocab_size = 32000
            gated_mlp = true
            max_context = 32768       # max_position_embeddings
            weight_dtype = "bf16"     # torch_dtype = "bfloat16"
            kv_dtype = "bf16"
            tie_embeddings = false
            """,
        "phi-2": """
            # https://huggingface.co/microsoft/phi-2/blob/main/config.json
            # (q/k/v/dense/fc biases and partial_rotary_factor 0.4 are not modelled)
            name = "phi-2"
            layers = 32
            hidden_size = 2560
            heads = 32
            kv_heads = 32             # num_key_value_heads = 32 (MHA)
            head_dim = 80             # 2560 / 32
            intermediate_size = 10240
            vocab_size = 51200
            gated_mlp = false         # hidden_act = "gelu_new", fc1 + fc2
            max_context = 2048
            weight_dtype = "fp16"
            kv_dtype = "fp16"
            tie_embeddings = false
            """,
        "bloom-176b": """
            # https://huggingface.co/bigscience/bloom/blob/main/config.json (n_layer 70, n_embed 14336,
            # n_head 112, vocab 250880, seq_length 2048; 4·h GELU MLP, LayerNorm). ALiBi position
            # biases are not modelled (the rotary op is counted in their place); biases neither.
            name = "bloom-176b"
            layers = 70
            hidden_size = 14336
            heads = 112
            kv_heads = 112            # MHA
            head_dim = 128            # 14336 / 112
            intermediate_size = 57344 # 4 × hidden
            vocab_size = 250880
            gated_mlp = false
            max_context = 2048
            weight_dtype = "fp16"
            kv_dtype = "fp16"
            tie_embeddings = true
            """,
    ]
}
