/// TOML `[model]` tables of current architectures — multi-head latent attention, fine-grained
/// and shared experts, sliding-window layers — from each model's Hugging Face `config.json`
/// (URL in each table's comment, read 2026-12-03; see ``ModelPresets``). Keys beyond the
/// LLaMA ones are documented on ``ModelSpec``: `kv_lora_rank`, `q_lora_rank`,
/// `qk_rope_head_dim`, `qk_nope_head_dim`, `v_head_dim` (MLA), `shared_experts`
/// (`n_shared_experts`), `moe_intermediate_size`, `dense_layers` (`first_k_dense_replace`),
/// `sliding_window` and `sliding_layers` (counted from `layer_types`, `sliding_window_pattern`
/// or the Gemma 2 alternation). Not modelled: DeepSeek-V3's multi-token-prediction module
/// (`num_nextn_predict_layers`), Gemma's logit soft-capping and gpt-oss's attention sinks
/// (no change to bytes or FLOPs that matters), QK norms.
extension ModelPresets {
    static let current: [String: String] = [
        "deepseek-v3": """
            # https://huggingface.co/deepseek-ai/DeepSeek-V3/blob/main/config.json
            # (671e9 parameters, 37e9 active; MLA, 256 routed experts top-8 + 1 shared,
            # first 3 layers dense)
            name = "deepseek-v3"
            layers = 61               # num_hidden_layers
            hidden_size = 7168
            heads = 128               # num_attention_heads
            kv_heads = 128            # num_key_value_heads (MLA caches one latent for all heads)
            head_dim = 192            # qk_nope_head_dim + qk_rope_head_dim
            intermediate_size = 18432 # dense layers' MLP
            vocab_size = 129280
            gated_mlp = true          # hidden_act = "silu"
            max_context = 163840      # max_position_embeddings
            weight_dtype = "fp8"      # quantization_config: quant_method "fp8", e4m3, 128×128 blocks
            kv_dtype = "bf16"         # torch_dtype = "bfloat16" (vLLM's kv_cache_dtype "auto")
            tie_embeddings = false
            experts = 256             # n_routed_experts
            active_experts = 8        # num_experts_per_tok
            shared_experts = 1        # n_shared_experts
            moe_intermediate_size = 2048
            dense_layers = 3          # first_k_dense_replace
            kv_lora_rank = 512
            q_lora_rank = 1536
            qk_rope_head_dim = 64
            qk_nope_head_dim = 128
            v_head_dim = 128
            """,
        "mixtral-8x22b": """
            # https://huggingface.co/mistralai/Mixtral-8x22B-v0.1/blob/main/config.json
            # (141e9 parameters, 39e9 active; sliding_window null)
            name = "mixtral-8x22b"
            layers = 56
            hidden_size = 6144
            heads = 48
            kv_heads = 8              # GQA
            head_dim = 128            # 6144 / 48
            intermediate_size = 16384 # per expert
            vocab_size = 32000
            gated_mlp = true          # hidden_act = "silu"
            max_context = 65536
            weight_dtype = "bf16"     # torch_dtype = "bfloat16"
            kv_dtype = "bf16"
            tie_embeddings = false
            experts = 8               # num_local_experts
            active_experts = 2        # num_experts_per_tok
            """,
        "qwen3-30b-a3b": """
            # https://huggingface.co/Qwen/Qwen3-30B-A3B/blob/main/config.json
            # (30.5e9 parameters, 3.3e9 active; use_sliding_window false; decoder_sparse_step 1,
            # mlp_only_layers []: every layer MoE)
            name = "qwen3-30b-a3b"
            layers = 48
            hidden_size = 2048
            heads = 32
            kv_heads = 4              # GQA
            head_dim = 128            # head_dim (not 2048 / 32)
            intermediate_size = 6144  # unused: no dense layer
            vocab_size = 151936
            gated_mlp = true          # hidden_act = "silu"
            max_context = 40960
            weight_dtype = "bf16"
            kv_dtype = "bf16"
            tie_embeddings = false
            experts = 128             # num_experts
            active_experts = 8        # num_experts_per_tok
            moe_intermediate_size = 768
            """,
        "qwen3-235b-a22b": """
            # https://huggingface.co/Qwen/Qwen3-235B-A22B/blob/main/config.json
            # (235e9 parameters, 22e9 active; every layer MoE)
            name = "qwen3-235b-a22b"
            layers = 94
            hidden_size = 4096
            heads = 64
            kv_heads = 4              # GQA
            head_dim = 128
            intermediate_size = 12288 # unused: no dense layer
            vocab_size = 151936
            gated_mlp = true
            max_context = 40960
            weight_dtype = "bf16"
            kv_dtype = "bf16"
            tie_embeddings = false
            experts = 128             # num_experts
            active_experts = 8
            moe_intermediate_size = 1536
            """,
        "gemma-2-27b": """
            # https://huggingface.co/google/gemma-2-27b-it/blob/main/config.json
            # (model_type "gemma2": layers alternate sliding (even) and global (odd))
            name = "gemma-2-27b"
            layers = 46
            hidden_size = 4608
            heads = 32
            kv_heads = 16             # GQA
            head_dim = 128
            intermediate_size = 36864
            vocab_size = 256000
            gated_mlp = true          # hidden_activation = "gelu_pytorch_tanh", gated
            max_context = 8192
            weight_dtype = "bf16"     # torch_dtype = "bfloat16"
            kv_dtype = "bf16"
            tie_embeddings = true     # Gemma2Config default
            sliding_window = 4096
            sliding_layers = 23       # 46 / 2
            """,
        "gemma-3-27b": """
            # https://huggingface.co/google/gemma-3-27b-it/blob/main/config.json (text_config)
            # (sliding_window_pattern 6: five local layers to one global)
            name = "gemma-3-27b"
            layers = 62
            hidden_size = 5376
            heads = 32
            kv_heads = 16             # GQA
            head_dim = 128
            intermediate_size = 21504
            vocab_size = 262208
            gated_mlp = true          # gelu_pytorch_tanh, gated
            max_context = 131072
            weight_dtype = "bf16"
            kv_dtype = "bf16"
            tie_embeddings = true
            sliding_window = 1024
            sliding_layers = 52       # 62 − ⌊62 / 6⌋
            """,
        "gpt-oss-120b": """
            # https://huggingface.co/openai/gpt-oss-120b/blob/main/config.json
            # (117e9 parameters, 5.1e9 active; layer_types alternate sliding_attention and
            # full_attention; experts in MXFP4, taken as 4-bit weights throughout — attention
            # and embeddings are bf16 in the checkpoint, 3 % of the parameters)
            name = "gpt-oss-120b"
            layers = 36
            hidden_size = 2880
            heads = 64
            kv_heads = 8              # GQA
            head_dim = 64
            intermediate_size = 2880  # per expert
            vocab_size = 201088
            gated_mlp = true          # SwiGLU experts
            max_context = 131072
            weight_dtype = "int4"     # quantization_config: quant_method "mxfp4"
            kv_dtype = "bf16"         # torch_dtype = "bfloat16"
            tie_embeddings = false
            experts = 128             # num_local_experts
            active_experts = 4        # num_experts_per_tok
            sliding_window = 128
            sliding_layers = 18       # 36 / 2
            """,
    ]
}
