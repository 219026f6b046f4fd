import SimCore

/// One generated input for ``ScenarioFuzzer``: a bundled scenario, overrides drawn from a pool
/// of keys and boundary values, and sometimes a generated request trace.
///
/// Cases are a pure function of `(seed, index)` (SplitMix64), so a failure is reproduced by
/// its index alone: `simserve fuzz --seed S --first K --cases 1`.
public struct FuzzCase: Sendable, CustomStringConvertible {
    public var index: Int
    /// The bundled scenario's name (`chat.toml`).
    public var scenario: String
    /// `key.path=value` overrides, distinct keys, applied after the fuzzer's base overrides.
    public var assignments: [String]
    /// A trace's file name and text, replayed instead of the workload.
    public var trace: (name: String, text: String)?

    /// The case as the command line that reproduces it.
    public var description: String {
        (["run", "Scenarios/" + scenario] + assignments.flatMap { ["--set", "'\($0)'"] }
            + (trace.map { ["--trace", $0.name] } ?? [])).joined(separator: " ")
    }
}

/// The keys and values the fuzzer mutates with: every numeric domain of a scenario, and values
/// at and past the edges of each (zero, negative, tiny, huge, the integer limits, non-numbers,
/// wrong types).
enum FuzzPool {
    static let durationKeys = [
        "horizon", "warmup", "duration", "scheduler.batching_window", "scheduler.aging", "slo.ttft", "slo.tpot", "slo.e2e",
    ]
    static let numberKeys = [
        "requests", "seed", "cluster.replicas", "cluster.tp", "cluster.pp",
        "scheduler.max_batch_size", "scheduler.max_tokens_per_iteration", "scheduler.block_size",
        "scheduler.gpu_memory_utilization", "scheduler.swap_space_gb", "scheduler.swap_bandwidth_gbs",
        "scheduler.max_queue_length", "workload.arrival.rate", "workload.arrival.cv",
        "workload.prompt_tokens.value", "workload.prompt_tokens.mean", "workload.prompt_tokens.cv",
        "workload.prompt_tokens.max", "workload.prompt_tokens.min", "workload.output_tokens.value",
        "workload.output_tokens.mean", "workload.output_tokens.cv", "workload.output_tokens.max",
        "model.layers", "model.heads", "model.kv_heads", "model.hidden_size", "model.max_context",
        "model.intermediate_size", "model.vocab_size", "hardware.memory_gb", "hardware.peak_tflops",
        "hardware.hbm_bandwidth_gbs", "hardware.gpus_per_node", "hardware.link_bandwidth_gbs",
        "hardware.compute_efficiency", "hardware.memory_efficiency", "hardware.power_limit_time_constant_ms",
        "hardware.prefill_attention_dynamic_watts", "hardware.busy_static_watts",
        "engine.iteration_overhead_us", "engine.per_sequence_overhead_us", "engine.eager_layer_host_us",
        "engine.eager_all_reduce_us", "engine.prefill_layer_overhead_us", "engine.prefill_iteration_overhead_us",
        "engine.moe_kernel_compile_ms", "engine.request_admission_us",
    ]
    static let tableKeys: [(String, [String])] = [
        ("workload.arrival", [
            "{ kind = \"poisson\", rate = 1e-9 }", "{ kind = \"gamma\", rate = 5.0, cv = 1e308 }",
            "{ kind = \"constant\", rate = 1e7 }", "{ kind = \"gamma\", rate = 3.0, cv = 0.001 }",
            "{ kind = \"mmpp\", states = [{ rate = 1e9, mean_sojourn = \"1s\" }, { rate = 0.0, mean_sojourn = \"1e-9s\" }] }",
            "{ kind = \"mmpp\", states = [{ rate = 5.0, mean_sojourn = \"1ns\" }, { rate = 1.0, mean_sojourn = \"1e9s\" }] }",
            "{ kind = \"piecewise\", segments = [{ start = \"0s\", rate = 0.0 }, { start = \"1e9s\", rate = 1e-6 }] }",
        ]),
        ("workload.prompt_tokens", [
            "{ kind = \"lognormal\", mean = 1e7, cv = 100, max = 10000000 }", "{ kind = \"normal\", mean = 1, sd = 1e7, max = 5 }",
            "{ kind = \"zipf\", exponent = 1e-300, max = 1000000 }", "{ kind = \"uniform\", min = 1, max = 10000000 }",
            "{ kind = \"empirical\", values = [1, 9223372036854775807], weights = [1, 1e308] }",
        ]),
        ("workload.output_tokens", [
            "{ kind = \"fixed\", value = 1e15 }", "{ kind = \"lognormal\", mean = 1e-300, cv = 1e-300, max = 3 }",
            "{ kind = \"uniform\", min = 0, max = -1 }",
        ]),
        ("workload.prefix", [
            "{ groups = 20, tokens = 1e15 }", "{ groups = 1000000, tokens = 4000 }", "{ groups = 2, tokens = 2147483648 }",
            "{ groups = 3, tokens = 100, popularity = 1e308 }",
        ]),
        ("workload.clients", ["{ users = 1000000, think_time = { kind = \"fixed\", seconds = \"1ns\" } }",
                              "{ users = 3, think_time = { kind = \"exponential\", mean = \"1e9s\" } }"]),
        ("assert", ["{ ttft_p99 = \"-1s\" }", "{ goodput_fraction = 1.5 }", "{ ttft_p99 = \"< 0\" }", "{ e2e_p50 = \"1e300s\" }"]),
        ("speculative", ["{ draft = \"llama-2-7b\", proposal_tokens = 8, acceptance_rate = 1.0 }"]),
    ]
    /// Values inside the domains: most cases should pass validation and simulate, so that the
    /// invariants are checked on many shapes of run.
    static let plausible: [(String, [String])] = [
        ("workload.arrival.rate", ["0.5", "2.0", "8.0", "40.0", "600.0"]),
        ("cluster.tp", ["1", "2", "4", "8"]), ("cluster.replicas", ["1", "2", "3"]), ("cluster.pp", ["1", "2"]),
        ("cluster.router", ["\"round_robin\"", "\"join_shortest_queue\"", "\"least_kv_load\"", "\"central_queue\""]),
        ("scheduler.kind", ["\"continuous\"", "\"static\"", "\"orca\""]),
        ("scheduler.max_batch_size", ["1", "8", "64", "256"]), ("scheduler.max_tokens_per_iteration", ["256", "2048", "8192"]),
        ("scheduler.batching_window", ["\"0ms\"", "\"5ms\"", "\"50ms\""]), ("scheduler.block_size", ["1", "16", "64"]),
        ("scheduler.gpu_memory_utilization", ["0.3", "0.6", "0.95"]), ("scheduler.chunked_prefill", ["true", "false"]),
        ("scheduler.preemption", ["\"swap\"", "\"recompute\""]), ("scheduler.prefix_caching", ["true", "false"]),
        ("scheduler.max_queue_length", ["0", "5", "100"]),
        ("warmup", ["\"0s\"", "\"2s\"", "\"auto\""]), ("horizon", ["\"1s\"", "\"10s\"", "\"120s\""]),
        ("workload.prompt_tokens", ["{ kind = \"fixed\", value = 3000 }", "{ kind = \"zipf\", exponent = 1.2, max = 4000 }",
                                    "{ kind = \"uniform\", min = 1, max = 4095 }"]),
        ("workload.output_tokens", ["{ kind = \"fixed\", value = 1 }", "{ kind = \"lognormal\", mean = 200, cv = 2.0, max = 2000 }"]),
        ("workload.prefix", ["{ groups = 4, tokens = 512 }"]),
        ("workload.prompt_pool", ["{ size = 1 }", "{ size = 20, warm = true }", "{ size = 5000, warm = false }"]),
        ("workload.arrival", ["{ kind = \"gamma\", rate = 5.0, cv = 4.0 }", "{ kind = \"constant\", rate = 10.0 }"]),
        ("engine", ["\"vllm\"", "\"sglang\"", "\"vllm-v0\"", "\"vllm-v0.2\"", "\"pytorch\"", "\"tensorrt-llm\""]),
        ("engine.eager_layer_host_us", ["0", "346", "5000"]), ("engine.moe_kernel_compile_ms", ["0", "1600", "1e6"]),
        ("engine.request_admission_us", ["0", "1770", "1e9"]),
        ("engine.cuda_graphs", ["true", "false"]),
        ("hardware.power_limit_time_constant_ms", ["0.001", "30", "5000"]),
        ("hardware.weight_only_compute_efficiency", ["0.05", "0.459", "1.2"]), ("hardware.weight_only_tile_rows", ["1", "16", "4096"]),
        ("hardware.weight_only_launch_us", ["0", "12.5", "5000"]),
        ("hardware.gptq_exllama_tflops", ["0.5", "40", "5000"]),
        ("engine.weight_only_gemm", ["\"marlin\"", "\"gptq_exllama\""]), ("engine.moe_dispatch", ["\"replicated\"", "\"all_to_all\"", "\"deepep\""]), ("model.weight_dtype", ["\"int4\"", "\"int8\""]),
        ("engine.gemm_library", ["\"current\"", "\"cublas-12.1\"", "\"cublas-11\""]),
        ("engine.kv_cache_sizing", ["\"fraction_of_total\"", "\"fraction_of_free\"", "\"free\""]),
        ("hardware.cublas_12_1_gemm", ["{ compute_efficiency = 0.5, memory_efficiency = 0.9, kernel_launch_us = 4, roofline_sharpness = 2 }",
                                       "{ compute_efficiency = 0 }", "{ fp8_memory_efficiency = 0.5 }",
                                       "{ fp8_memory_efficiency = 2 }"]),
        ("engine.decode_attention_kernel", ["\"flash\"", "\"trtllm-xqa\"", "\"xqa\""]),
        ("hardware.all_to_all_overhead_us", ["0", "12.5", "1e6"]), ("hardware.all_to_all_efficiency", ["0.05", "0.62", "1.2"]),
        ("hardware.all_to_all_own_chunk_share", ["0", "1", "2", "-0.1", "3"]),
        ("hardware.all_to_all_ll_overhead_us", ["0", "7.2", "1e6"]),
        ("hardware.all_gather_overhead_us", ["0", "19", "1e6", "-1"]), ("hardware.all_gather_efficiency", ["0.05", "0.79", "1.2", "0", "1.3"]),
        ("hardware.all_gather_own_chunk_share", ["0", "0.45", "2", "-0.1", "3"]),
        ("hardware.symm_mem_all_reduce_max_bytes", ["0", "67108864", "1e18"]), ("engine.symm_mem_all_reduce", ["true", "false", "1"]),
        ("hardware.symm_mem_custom_all_reduce_max_bytes", ["-1", "262144", "1e18"]),
        ("hardware.symm_mem_all_reduce_efficiency", ["0", "0.49", "1.2"]),
        ("hardware.symm_mem_custom_all_reduce_max_bytes_by_gpus", ["{ 2 = 67108864, 4 = 33554432 }", "{ 1 = 5 }", "{ 8 = 1e18 }", "{}"]),
        ("hardware.symm_mem_all_reduce_max_bytes_by_gpus", ["{ 2 = 8388608, 8 = 134217728 }", "{ 4 = -1 }", "{ x = 1 }"]),
        ("hardware.symm_mem_multimem_min_gpus", ["2", "4", "0", "1e9"]), ("hardware.peer_copy_gbs", ["0", "240", "1e-9", "1e9"]),
        ("hardware.nccl_nvls_efficiency", ["0.01", "0.67", "1.3"]), ("hardware.nccl_nvls_overhead_us", ["0", "74", "-1"]),
        ("hardware.inter_node_bandwidth_gbs", ["0.001", "25", "1e6"]), ("hardware.inter_node_latency_us", ["0", "5", "1e6"]),
        ("hardware.trtllm_xqa_decode_attention", ["{ fp8_kv_efficiency = 0.8, fp8_kv_overhead_us = 6 }",
                                                  "{ fp8_kv_efficiency = 0 }", "{ fp8_kv_overlap_sharpness = 40 }",
                                                  "{ fp8_kv_efficiency = 1, fp8_kv_overhead_us = 0, fp8_kv_half_rate_units = 1e7 }"]),
        ("hardware.prefill_attention_half_rate_units", ["0", "223.5", "-1"]),
        ("hardware.prefill_attention_concurrent_tiles", ["0", "142", "-5"]),
        ("hardware.prefill_attention_inputs_in_l2_mb", ["0", "96", "-1"]),
        ("hardware.prefill_attention_beyond_l2_efficiency", ["0.32", "1.5", "0"]),
        ("engine.attention_library", ["\"current\"", "\"flash-attention-2\"", "\"fa2\""]),
        ("hardware.flash_attention_2", ["{ prefill_attention_efficiency = 0.33, decode_attention_efficiency = 0.66 }", "{}",
                                        "{ prefill_attention_efficiency = 0 }", "{ decode_attention_overlap_sharpness = 40 }",
                                        "{ decode_attention_floor_us = 1e6, prefill_attention_per_token_head_ns = 1e6 }"]),
    ]
    static let numbers = [
        "0", "-1", "1", "2", "3", "7", "0.5", "1e-9", "1e-300", "1e308", "-1e308", "1e15", "1e19", "2147483648",
        "9223372036854775807", "-9223372036854775808", "4096", "65537", "1e9", "1.5", "nan", "inf", "\"x\"", "[]", "{}", "true",
    ]
    static let durations = [
        "\"0s\"", "\"-1s\"", "\"1ns\"", "\"1e19ns\"", "\"1e308s\"", "\"9e9h\"", "\"999999999h\"", "\"1e9s\"", "\"5s\"",
        "\"auto\"", "\"1e-300s\"", "\"20 ms\"", "1e-9", "1e10", "\"ms\"", "0",
    ]
}
