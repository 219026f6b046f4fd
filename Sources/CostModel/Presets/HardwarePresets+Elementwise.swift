/// The elementwise kernels' figures that the GPU presets of ``HardwarePresets`` interpolate.
extension HardwarePresets {
    /// The elementwise kernels' figures (RMSNorm, RoPE, SiLU·gate, residual add, embedding):
    /// fitted on the Vidur A100 profile (Llama-2-7B rows; held out on the four other models),
    /// as fractions of HBM bandwidth, and carried over unchanged to every GPU preset but
    /// a100-80gb, h200 and h100-sxm (no other GPU has measured elementwise times here; the row
    /// and L2 terms of ``elementwiseA100`` are the A100's own and are not carried over).
    static let elementwiseFromA100 = """
        norm_efficiency = 0.39
        rope_efficiency = 0.47
        activation_efficiency = 0.476
        add_efficiency = 1.0
        embedding_efficiency = 0.154
        elementwise_launch_us = 1.7
        elementwise_floor_us = 3.0
        """

    /// The A100-80GB's own elementwise figures: efficiency within and beyond the 40 MB L2,
    /// fixed time and one row's rate per kernel (``ElementwiseKernelFigures``), fitted by
    /// `simserve calibrate --from ../shared/data/vidur-profiling/a100 --hardware a100-80gb
    /// --elementwise` on the two Llama-2 files of the Vidur profile (microsoft/vidur, MIT, commit
    /// 7d47513), held out on Llama-3-8B/70B and phi-2; errors in VALIDATION.md, "Elementwise
    /// kernels", and data/kernels/README.md (Source D). No floor: the row term replaces it.
    static let elementwiseA100 = """
        elementwise_launch_us = 1.7
        elementwise_floor_us = 0
        norm_efficiency = 0.399
        norm_launch_us = 1.23
        norm_row_gbs = 5.2
        norm_beyond_l2_efficiency = 0.303
        rope_efficiency = 0.479
        rope_launch_us = 2.11
        rope_row_gbs = 8.8
        rope_beyond_l2_efficiency = 0.412
        activation_efficiency = 0.478
        activation_launch_us = 1.37
        activation_row_gbs = 9.08
        activation_beyond_l2_efficiency = 0.504
        add_efficiency = 1.13
        add_launch_us = 1.46
        add_row_gbs = 86.3
        add_beyond_l2_efficiency = 0.802
        embedding_efficiency = 0.158
        embedding_launch_us = 2.33
        embedding_row_gbs = 16.9
        embedding_beyond_l2_efficiency = 0.152
        """

    /// The A40's own elementwise figures (``ElementwiseKernelFigures``), fitted by `simserve
    /// calibrate --from data/kernels/vidur-a40 --hardware a40 --elementwise` on the two Llama-2
    /// files of the Vidur profile of the A40 (microsoft/vidur, MIT, commit 7d47513; PyTorch
    /// eager), held out on CodeLlama-34B, InternLM-20B, Qwen-72B and phi-2 (VALIDATION.md,
    /// "A40"). Within and beyond the GA102's 6 MB L2.
    static let elementwiseA40 = """
        elementwise_launch_us = 1.7
        elementwise_floor_us = 0
        norm_efficiency = 0.664
        norm_launch_us = 1.72
        norm_row_gbs = 7.61
        norm_beyond_l2_efficiency = 0.572
        rope_efficiency = 1.06
        rope_launch_us = 1.2
        rope_row_gbs = 9.74
        rope_beyond_l2_efficiency = 0.724
        activation_efficiency = 0.746
        activation_launch_us = 0.538
        activation_row_gbs = 11.5
        activation_beyond_l2_efficiency = 0.776
        add_efficiency = 1.66
        add_launch_us = 0.951
        add_row_gbs = 1450
        add_beyond_l2_efficiency = 0.794
        embedding_efficiency = 0.536
        embedding_launch_us = 1.84
        embedding_row_gbs = 28.2
        embedding_beyond_l2_efficiency = 0.502
        """

    /// The H200's own elementwise figures (``ElementwiseKernelFigures``), fitted by `simserve
    /// calibrate --from data/kernels/h200-own/layer-ops-compiled --hardware h200 --elementwise
    /// --fit-on Meta-Llama-3-8B.mlp.csv,Meta-Llama-3-70B.mlp.csv` on the project's own H200
    /// measurements (PyTorch 2.11, the ops through `torch.compile`: the Triton kernels vLLM V1
    /// runs for them; data/kernels/h200-own/README.md), held out on Llama-2-7B and Qwen2.5-32B
    /// (VALIDATION.md, "Elementwise kernels on H200"). Efficiencies above 1 are in-L2 rates
    /// (the residual add's output stays in the 60 MiB L2 up to ~2,500 tokens of a 4,096-wide
    /// row). The three row rates above 3 TB/s mean no row term: these kernels spread one row
    /// over many blocks. h100-sxm carries these over (same GH100 die and SM clocks; its own
    /// 50 MB L2).
    static let elementwiseH200 = """
        elementwise_launch_us = 1.7
        elementwise_floor_us = 0
        norm_efficiency = 1.2
        norm_launch_us = 1.84
        norm_row_gbs = 68.3
        norm_beyond_l2_efficiency = 0.812
        rope_efficiency = 0.687
        rope_launch_us = 3.17
        rope_row_gbs = 3540
        rope_beyond_l2_efficiency = 0.566
        activation_efficiency = 1.19
        activation_launch_us = 1.5
        activation_row_gbs = 6090
        activation_beyond_l2_efficiency = 0.866
        add_efficiency = 1.84
        add_launch_us = 1.43
        add_row_gbs = 4410
        add_beyond_l2_efficiency = 0.819
        embedding_efficiency = 1.21
        embedding_launch_us = 1.26
        embedding_row_gbs = 38.4
        embedding_beyond_l2_efficiency = 0.715
        """

    /// The H100's elementwise ops as eager PyTorch modules (the `pytorch` engine's; the preset's
    /// own figures are H200's fused kernels): fitted by `simserve calibrate --from
    /// data/kernels/vidur-h100 --hardware h100-sxm --elementwise` on the two Llama-2 files of
    /// Vidur's H100 profile (microsoft/vidur, MIT, commit 7d47513; PyTorch eager, one op at a
    /// time), held out on CodeLlama-34B, InternLM-20B, Qwen-72B and phi-2 (VALIDATION.md,
    /// "H100-SXM on Vidur's profile"). Within and beyond the 50 MB L2.
    static let eagerElementwiseH100 = """
        eager_elementwise = { elementwise_floor_us = 0, l2_cache_mb = 50, \
        norm_efficiency = 0.435, norm_launch_us = 1.91, norm_row_gbs = 7.95, norm_beyond_l2_efficiency = 0.279, \
        rope_efficiency = 0.524, rope_launch_us = 1.67, rope_row_gbs = 13.2, rope_beyond_l2_efficiency = 0.438, \
        activation_efficiency = 0.548, activation_launch_us = 1.17, activation_row_gbs = 14, activation_beyond_l2_efficiency = 0.594, \
        add_efficiency = 1.19, add_launch_us = 1.04, add_row_gbs = 1.66e+05, add_beyond_l2_efficiency = 0.922, \
        embedding_efficiency = 0.188, embedding_launch_us = 2.37, embedding_row_gbs = 2.82e+03, embedding_beyond_l2_efficiency = 0.177 }
        """
    /// The H200's elementwise ops as eager PyTorch modules (the `pytorch` engine's): fitted by
    /// `simserve calibrate --from data/kernels/h200-own/layer-ops-eager --hardware h200 --elementwise
    /// --fit-on Meta-Llama-3-8B.mlp.csv,Meta-Llama-3-70B.mlp.csv` on the project's own H200 measurements
    /// (PyTorch 2.11 eager: `F.rms_norm`, NeoX rotary as vLLM's `forward_native`, `F.silu(x) * y`,
    /// residual add, `F.embedding`; CUDA-graph replay), held out on the Llama-2-7B and Qwen2.5-32B files:
    /// MAPE 9.1 % over 270 held-out rows (the fused set on the same rows: norms 43 %, rotary 91 %,
    /// SiLU·gate 69 %). Eager rotary is a dozen small kernels: 36 µs of fixed time.
    static let eagerElementwiseH200 = """
        eager_elementwise = { elementwise_floor_us = 0, l2_cache_mb = 62.9, \
        norm_efficiency = 0.761, norm_launch_us = 1.32, norm_row_gbs = 5.37, norm_beyond_l2_efficiency = 0.53, \
        rope_efficiency = 0.0815, rope_launch_us = 36.3, rope_row_gbs = 10.9, rope_beyond_l2_efficiency = 0.051, \
        activation_efficiency = 0.289, activation_launch_us = 3.81, activation_row_gbs = 3e+03, activation_beyond_l2_efficiency = 0.234, \
        add_efficiency = 1.89, add_launch_us = 1.19, add_row_gbs = 3.62e+04, add_beyond_l2_efficiency = 0.824, \
        embedding_efficiency = 1.21, embedding_launch_us = 1.26, embedding_row_gbs = 38.4, embedding_beyond_l2_efficiency = 0.715 }
        """
}
