/// TOML `[model]` tables of the dense Qwen3 models, from each model's Hugging Face
/// `config.json` (URL in each table's comment, read 2026-12-04; see ``ModelPresets``). Qwen3
/// sets `head_dim` apart from hidden / heads and normalises queries and keys per head (QK norm:
/// not modelled, as for the MoE Qwen3 presets — a few bytes per head, no weight matrix).
extension ModelPresets {
    static let qwen3Dense: [String: String] = [
        "qwen3-8b": """
            # https://huggingface.co/Qwen/Qwen3-8B/blob/main/config.json (8.2e9 parameters)
            name = "qwen3-8b"
            layers = 36               # num_hidden_layers
            hidden_size = 4096
            heads = 32                # num_attention_heads
            kv_heads = 8              # num_key_value_heads (GQA)
            head_dim = 128
            intermediate_size = 12288
            vocab_size = 151936
            gated_mlp = true          # hidden_act = "silu"
            max_context = 40960       # max_position_embeddings
            weight_dtype = "bf16"
            kv_dtype = "bf16"
            tie_embeddings = false
            """,
        "qwen3-14b": """
            # https://huggingface.co/Qwen/Qwen3-14B/blob/main/config.json (14.8e9 parameters)
            name = "qwen3-14b"
            layers = 40
            hidden_size = 5120
            heads = 40
            kv_heads = 8
            head_dim = 128
            intermediate_size = 17408
            vocab_size = 151936
            gated_mlp = true
            max_context = 40960
            weight_dtype = "bf16"
            kv_dtype = "bf16"
            tie_embeddings = false
            """,
        "qwen3-32b": """
            # https://huggingface.co/Qwen/Qwen3-32B/blob/main/config.json (32.8e9 parameters)
            name = "qwen3-32b"
            layers = 64
            hidden_size = 5120
            heads = 64                # head_dim × heads = 8192, not hidden_size
            kv_heads = 8
            head_dim = 128
            intermediate_size = 25600
            vocab_size = 151936
            gated_mlp = true
            max_context = 40960
            weight_dtype = "bf16"
            kv_dtype = "bf16"
            tie_embeddings = false
            """,
    ]
}
