extension HardwarePresets {
    /// FlashAttention-2's attention on the GH100 die, as PyTorch's `scaled_dot_product_attention`
    /// runs it (the `flash_attention_2` figures, for engines with `attention_library =
    /// "flash-attention-2"`: the `pytorch` preset): fitted by `simserve calibrate --from-kernels
    /// data/kernels/h200-own --gpu h200 --attention-library flash-attention-2 --hold
    /// prefill_attention_per_sequence_us=0 --hold prefill_attention_per_tile_head_ns=0` on the
    /// project's own H200 `torch-flash` rows of the FIT head shapes of `KernelSplitRule` (one sequence
    /// per prefill row: its per-sequence and per-tile terms held at 0, else unidentified); held out
    /// (head shapes (32, 8), (8, 1)): decode 24.1 → 16.2 %, prefill 37.9 → 9.6 % MAPE against the
    /// h200's own (FlashAttention-3) figures (VALIDATION.md, "Own measurements on H200"). FA2's causal
    /// prefill reaches 0.35 of the bf16 peak (~350 TFLOP/s) on a full grid, half that at 223 thread
    /// blocks (query tiles × heads: few heads leave SMs idle); its split-KV decode streams the KV at
    /// 0.66 of HBM bandwidth. h100-sxm carries them over.
    static let flashAttention2GH100 = """
        flash_attention_2 = { decode_attention_efficiency = 0.6637, decode_attention_overhead_us = 6.051, \
        decode_attention_floor_us = 8.773, decode_attention_per_sequence_kv_head_us = 0.01215, decode_attention_half_rate_units = 3.068, \
        decode_attention_overlap_sharpness = 1, prefill_attention_efficiency = 0.3547, prefill_attention_overhead_us = 2.393, \
        prefill_attention_per_sequence_us = 0, prefill_attention_per_token_head_ns = 0.05525, prefill_attention_per_tile_head_ns = 0, \
        prefill_attention_half_rate_units = 223.5 }
        """
}
