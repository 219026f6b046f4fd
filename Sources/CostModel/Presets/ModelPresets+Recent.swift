/// TOML `[model]` tables of the Llama-3.1, Mixtral, Qwen2.5 and CodeLlama presets, from each
/// model's Hugging Face `config.json` (URL in each table's comment; see ``ModelPresets``).
extension ModelPresets {
    static let recent: [String: String] = [
        "llama-3.1-8b": """
            # https://huggingface.co/meta-llama/Llama-3.1-8B/blob/main/config.json
            # (rope_scaling "llama3", factor 8: changes no shape)
            name = "llama-3.1-8b"
            layers = 32               # num_hidden_layers
            hidden_size = 4096
            heads = 32                # num_attention_heads
            kv_heads = 8              # num_key_value_heads (GQA)
            head_dim = 128            # 4096 / 32
            intermediate_size = 14336
            vocab_size = 128256
            gated_mlp = true          # hidden_act = "silu"
            max_context = 131072      # max_position_embeddings
            weight_dtype = "bf16"     # torch_dtype = "bfloat16"
            kv_dtype = "bf16"
            tie_embeddings = false
            """,
        "llama-3.1-70b": """
            # https://huggingface.co/meta-llama/Llama-3.1-70B/blob/main/config.json
            name = "llama-3.1-70b"
            layers = 80
            hidden_size = 8192
            heads = 64
            kv_heads = 8              # GQA
            head_dim = 128
            intermediate_size = 28672
            vocab_size = 128256
            gated_mlp = true
            max_context = 131072
            weight_dtype = "bf16"
            kv_dtype = "bf16"
            tie_embeddings = false
            """,
        "llama-3.1-405b": """
            # https://huggingface.co/meta-llama/Llama-3.1-405B/blob/main/config.json
            name = "llama-3.1-405b"
            layers = 126
            hidden_size = 16384
            heads = 128
            kv_heads = 8              # GQA
            head_dim = 128            # 16384 / 128
            intermediate_size = 53248
            vocab_size = 128256
            gated_mlp = true
            max_context = 131072
            weight_dtype = "bf16"
            kv_dtype = "bf16"
            tie_embeddings = false
            """,
        "mixtral-8x7b": """
            # https://huggingface.co/mistralai/Mixtral-8x7B-v0.1/blob/main/config.json
            # (46.7e9 parameters, 12.9e9 active per token; sliding window not modelled)
            name = "mixtral-8x7b"
            layers = 32
            hidden_size = 4096
            heads = 32
            kv_heads = 8              # GQA
            head_dim = 128
            intermediate_size = 14336 # per expert
            vocab_size = 32000
            gated_mlp = true          # hidden_act = "silu"
            max_context = 32768
            weight_dtype = "bf16"
            kv_dtype = "bf16"
            tie_embeddings = false
            experts = 8               # num_local_experts
            active_experts = 2        # num_experts_per_tok (top-2 routing)
            """,
        "qwen2.5-7b": """
            # https://huggingface.co/Qwen/Qwen2.5-7B/blob/main/config.json
            # (QKV biases not modelled: 0.01 % of the weights)
            name = "qwen2.5-7b"
            layers = 28
            hidden_size = 3584
            heads = 28
            kv_heads = 4              # GQA
            head_dim = 128            # 3584 / 28
            intermediate_size = 18944
            vocab_size = 152064
            gated_mlp = true          # hidden_act = "silu"
            max_context = 131072      # max_position_embeddings (the Instruct model's file says 32768)
            weight_dtype = "bf16"
            kv_dtype = "bf16"
            tie_embeddings = false
            """,
        "qwen2.5-72b": """
            # https://huggingface.co/Qwen/Qwen2.5-72B/blob/main/config.json
            name = "qwen2.5-72b"
            layers = 80
            hidden_size = 8192
            heads = 64
            kv_heads = 8              # GQA
            head_dim = 128
            intermediate_size = 29568
            vocab_size = 152064
            gated_mlp = true
            max_context = 131072      # (the Instruct model's file says 32768)
            weight_dtype = "bf16"
            kv_dtype = "bf16"
            tie_embeddings = false
            """,
        "codellama-34b": """
            # https://huggingface.co/codellama/CodeLlama-34b-hf/blob/main/config.json
            name = "codellama-34b"
            layers = 48
            hidden_size = 8192
            heads = 64
            kv_heads = 8              # GQA
            head_dim = 128
            intermediate_size = 22016
            vocab_size = 32000
            gated_mlp = true
            max_context = 16384
            weight_dtype = "bf16"     # torch_dtype = "bfloat16"
            kv_dtype = "bf16"
            tie_embeddings = false
            """,
    ]
}
