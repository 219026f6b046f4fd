import Foundation

/// The scenario simserve runs for one published serving point: the same model, GPU, tensor
/// parallelism, engine, arrival rate, request count and lengths, the engine at that
/// version's defaults.
///
/// Where a source is silent, stated assumptions (VALIDATION.md repeats them):
/// - ShareGPT lengths (`vllm bench`'s ShareGPT sampler): lognormal with the run's own means
///   where the source gives them, else those the datacrunch_h200 runs measured for that
///   sampler (224 input, 190 output tokens), clipped to
///   [4, 4096] and [1, 2048]; input cv 1.0, output cv ``shareGPTOutputCV``.
/// - Engines by version: vLLM 0.4–0.5 → `vllm-v0.5`, 0.6–0.7 → `vllm-v0`, 0.11 → `vllm-0.11`, 0.14 and
///   later → `vllm-async`, other V1 → `vllm`; SGLang → `sglang` with its version's settings
///   (``versionSettings``); TensorRT-LLM and NIM → `tensorrt-llm`.
/// - Engine knobs: vLLM 0.6 (V0): 256 sequences, whole prompts (chunked prefill off by default
///   below 32k context); vLLM V1: its API server's defaults by GPU (``batchLimits``); TensorRT-LLM: 256
///   sequences, whole prompts in an 8192-token budget (`enable_chunked_prefill` off by default
///   in its LLM API); SGLang: 8192-token chunks
///   and no sequence cap below its request pool (`max_running_requests` defaults to
///   min(KV pool tokens / 2, request pool ≤ 4096), scheduler.py / model_runner.py, v0.3–0.4),
///   so the KV cache bounds its batch.
/// - `sharegpt200`: the 200 requests of vLLM's harness, lengths from ``shareGPT200File``.
/// - `accelmark_prompts_*`: AccelMark's first 300 prompts as the engines counted them; outputs
///   `eos_capped[512]`: greedy to the model's EOS, at most 512 tokens (``eosOutputCV``);
///   `eos_capped[512/224]`: the same answers, each cut at 224 tokens by the client (AccelMark's
///   SGLang runner streams at most 224 new tokens).
/// - Launch flags the source states that change scheduling: ``launchSettings``; sequences,
///   tokens per step, context limit and memory share from the points file's columns
///   (``statedBatchLimits``, ``memoryFraction``, ``maxContext``).
/// - `trace:FILE` (as both distributions): the run's own request list, replayed (``traceFile(_:)``).
public struct ServingPointScenario: Sendable {
    public var point: ServingPoint
    /// The simserve presets the point maps to.
    public var modelPreset: String
    public var enginePreset: String
    /// Whether the point is used to fit the engine terms (see ``isFitPoint(_:)``).
    public var split: Split
    /// The directory of the points file: length files a point names (``shareGPT200File``) are
    /// read from it.
    public var dataDirectory = "."
    /// `key.path=value` assignments laid over the point's scenario when it is loaded (as
    /// `simserve run --set`): a figure tried on every point without a new build
    /// (`validate serving --set`). Not in ``toml(engineOverrides:)``.
    public var assignments: [String] = []
    /// The context limit (`max_context`, vLLM's `max_model_len`) when it is not the model's own:
    /// the one the source's launch states (``ServingPoint/maxModelLen``), or one set by
    /// ``ServingValidation/contextFitted(_:)`` for a server that, launched with defaults, could
    /// only have started with a limit its KV cache holds.
    public var maxContext: Int?

    public enum Split: String, Sendable { case fit, heldOut = "held_out" }

    /// The 200 ShareGPT requests of vLLM's benchmark harness (its sampler, seed 0), their prompt
    /// and output tokens as one run measured them (Llama-3 tokenizer; data/serving/README.md):
    /// the lengths of points whose distribution is `sharegpt200`, drawn from these values.
    public static let shareGPT200File = "sharegpt200_llama3.csv"

    static let models = [
        "meta-llama/Llama-3.1-8B-Instruct": "llama-3.1-8b",
        "meta-llama/Llama-3.1-70B-Instruct": "llama-3.1-70b",
        "meta-llama/Llama-3.3-70B-Instruct": "llama-3.1-70b",   // the 3.1-70B architecture
        "meta-llama/Llama-3.1-405B-Instruct": "llama-3.1-405b",
        "meta-llama/Meta-Llama-3-70B-Instruct": "llama-3-70b",
        "meta-llama/Meta-Llama-3-8B-Instruct": "llama-3-8b",
        "mistralai/Mixtral-8x7B-Instruct-v0.1": "mixtral-8x7b",
        "mistralai/Mixtral-8x22B-Instruct-v0.1": "mixtral-8x22b",
        // v0.3: the v0.1 architecture with a 32,768-token vocabulary and no sliding window
        // (the preset models none either).
        "mistralai/Mistral-7B-Instruct-v0.3": "mistral-7b",
        // fp8 checkpoints of the same architectures (the points' dtype says fp8).
        "neuralmagic/Meta-Llama-3.1-8B-FP8": "llama-3.1-8b",
        "neuralmagic/Meta-Llama-3.1-70B-Instruct-FP8": "llama-3.1-70b",
        "NousResearch/Hermes-3-Llama-3.1-405B-FP8": "llama-3.1-405b",
        "Qwen/Qwen3-8B": "qwen3-8b", "Qwen/Qwen3-14B": "qwen3-14b", "Qwen/Qwen3-32B": "qwen3-32b",
        "Qwen/Qwen3-235B-A22B": "qwen3-235b-a22b",
        "Qwen/Qwen3-235B-A22B-Instruct-2507": "qwen3-235b-a22b",   // the same architecture
    ]

    /// Engine fields a source's launch commands set, by source and engine preset: the
    /// sglang_vllm060 runs started vLLM 0.6.0 with `--num-scheduler-steps 10` (SGLang's
    /// benchmark/benchmark_vllm_060/README.md; data/serving/README.md).
    static let launchSettings: [String: [String: String]] = [
        "sglang_vllm060": ["vllm-v0": "scheduler_steps = 10"],
        // Lambda's runs of September 2024 streamed 4–7.5 tokens per chunk at the median (ITL
        // over TPOT; 10 per chunk in its 10-prompt runs): vLLM 0.6.0's `--num-scheduler-steps 10`.
        "lambda_vllm060": ["vllm-v0": "scheduler_steps = 10"],
        "accelmark": ["vllm-v0": "per_sequence_overhead_us = \(accelMarkV0PerSequenceOverheadUs)",
                      "vllm-async": "request_overhead_ms = \(accelMarkV1RequestPathMs)"],
    ]

    /// AccelMark's offline runs in place of its ``launchSettings``: `LLM.generate` on the whole
    /// list, so vLLM 0.7 has its own host time per sequence
    /// (``accelMarkV0OfflinePerSequenceOverheadUs``) and no request takes vLLM 0.20's async path.
    static let accelMarkOfflineLaunchSettings: [String: String] = [
        "vllm-v0": "per_sequence_overhead_us = \(accelMarkV0OfflinePerSequenceOverheadUs)",
        "vllm-async": "",
    ]

    /// ``launchSettings`` for `point`'s source and `engine` (AccelMark's offline runs:
    /// ``accelMarkOfflineLaunchSettings``).
    static func launchSettings(for point: ServingPoint, engine: String) -> String {
        let offline = point.source == "accelmark" && point.arrival == allAtOnce
        return (offline ? accelMarkOfflineLaunchSettings[engine] : nil) ?? launchSettings[point.source]?[engine] ?? ""
    }

    /// The path of one request through vLLM 0.20's `AsyncLLM` as AccelMark runs it in its own
    /// Python process, ms, beyond the engine core's steps: input processing and tokenisation,
    /// the prompt's block hashes for the prefix cache, the hand-off to the engine-core process
    /// and the first output's way back through the output processor to the awaiting client —
    /// what one request at a time with its prompt cached shows above a single step (A100-80GB:
    /// 27.8 ms TTFT against a 10.8 ms step; B200: 10.3 against 3.45). Fitted by
    /// `scripts/fit-point-terms.py` on the TTFT medians of ``accelMarkV1RequestPathFitPoints``
    /// (Llama-3-8B, one request at a time, on one A100-80GB and one B200), as the streaming
    /// runs' `request_overhead_ms`: 7.7 ± 4.5 ms (each alone 15.6 and 6.6: the two machines'
    /// hosts differ); every other vLLM 0.20 run of AccelMark is held out (its offline runs have
    /// no such path).
    static let accelMarkV1RequestPathMs = 7.7
    /// The points that fit ``accelMarkV1RequestPathMs``.
    public static let accelMarkV1RequestPathFitPoints: Set<String> = [
        "accelmark_a100-80gbx1_A_vllm020-c1", "accelmark_b200x1_A_vllm020-c1",
    ]

    /// The host time per sequence and step of vLLM 0.7's V0 engine as AccelMark runs it,
    /// µs: `AsyncLLMEngine` in the load generator's own Python process, so that every step's
    /// scheduling, output processing and the client's streaming of each token share one
    /// interpreter with the engine loop (the preset's 6 µs is for V0 behind its API server,
    /// whose engine runs in a process of its own). Fitted by `scripts/fit-point-terms.py`
    /// on the TPOT medians of ``accelMarkV0FitPoints`` (Llama-3-8B on one A100-80GB at 5 and
    /// 25 req/s, 21.7 and 68.9 ms measured), after the preset's prefill host time and time to
    /// add each arriving request, the simulated medians read as AccelMark reads its own
    /// (`np.percentile`), with the answers' spread of ``eosOutputCV``: 96.8 ± 18.3 µs (each
    /// point alone: 78.7 and 115.4; 95.8 ± 11.3 with the earlier cv 0.6). Every other
    /// AccelMark V0 point is held out.
    static let accelMarkV0PerSequenceOverheadUs = 96.8
    /// The points that fit ``accelMarkV0PerSequenceOverheadUs``.
    public static let accelMarkV0FitPoints: Set<String> = ["accelmark_a100-80gbx1_A_vllm07-q5", "accelmark_a100-80gbx1_A_vllm07-q25"]

    /// The same host time per sequence and step for AccelMark's offline vLLM 0.7 runs, µs: its
    /// `offline` scenario calls `LLM.generate` on the whole prompt list, so every step's
    /// scheduling and output processing (incremental detokenisation, the request outputs) is
    /// there but no token is streamed through an event loop to a waiting client. Fitted by
    /// `scripts/fit-point-terms.py` on the output tokens/s of
    /// ``accelMarkV0OfflineFitPoint`` (Llama-3-8B on one A100-80GB, 2,697 tokens/s), after
    /// the preset's prefill terms: 56.5 µs (55.8 with the earlier spread of the answers), where
    /// the streaming runs' figure left the offline runs 9–19 % slow. Every other offline V0
    /// run is held out.
    static let accelMarkV0OfflinePerSequenceOverheadUs = 56.5
    /// The point that fits ``accelMarkV0OfflinePerSequenceOverheadUs``.
    public static let accelMarkV0OfflineFitPoint = "accelmark_a100-80gbx1_A_vllm07-offline"

    /// Runs launched with `enforce_eager = True` (no CUDA graphs, no torch.compile), as their
    /// result files record it (`task.extra_config.enforce_eager`): AccelMark's vLLM 0.20.1
    /// suite-C W4A16 and W8A16 runs on one A100-80GB (results/verified/
    /// nvidia_a100_sxm4_80gbx1_suite_C_nvidia_vllm020_0f6c56e4_ffd81462/{w4a16,w8a16}/
    /// {online,offline}/result.json). Every other AccelMark run taken records false or
    /// nothing (B200's suite C: nothing). By point-id prefix.
    static let eagerLaunchPrefixes = ["accelmark_a100-80gbx1_C-w4a16_vllm020-", "accelmark_a100-80gbx1_C-w8a16_vllm020-"]

    /// Engine fields of a run launched eagerly (``eagerLaunchPrefixes``): no CUDA graphs, and the
    /// host's time to issue each layer from Python, ``eagerLayerHostUs`` (carried over: the
    /// `vllm-v0.2` preset's figure, fitted on Splitwise's DGX H100 profile; this machine's host
    /// and vLLM version differ).
    var eagerLaunchSettings: String {
        Self.eagerLaunchPrefixes.contains { point.id.hasPrefix($0) }
            ? "cuda_graphs = false\neager_layer_host_us = \(Self.eagerLayerHostUs)" : ""
    }

    /// The host time per layer of an eager launch, µs: the `vllm-v0.2` preset's
    /// `eager_layer_host_us`, read from the preset.
    static let eagerLayerHostUs: Double = {
        guard let h100 = try? Presets.hardware(named: "h100-sxm"),
              let engine = try? Presets.engine(named: "vllm-v0.2", on: h100) else { return 0 }
        return engine.eagerLayerHostUs
    }()

    /// Sources whose int4 checkpoints were loaded with `quantization = "gptq"` by name, which
    /// runs GPTQ's ExLlama kernels instead of Marlin (AccelMark's suite C, W4A16:
    /// suites/suite_C/suite.json `precision_model_map`).
    static let gptqByNameSources: Set<String> = ["accelmark"]

    /// Whether `point`'s int4 checkpoint ran through GPTQ's ExLlama kernels. AccelMark's runners
    /// take the suite's `quantization` out of the precision's engine arguments and hand it on as
    /// follows: SGLang's builds one `sgl.Engine` with it for every scenario
    /// (runners/nvidia_sglang_c43a8309/runner.py); vLLM's (0.7 and 0.20,
    /// runners/nvidia_vllm_47f5d58e and nvidia_vllm020_0f6c56e4) pass it to the offline `LLM` only
    /// and build the streaming scenarios' `AsyncEngineArgs` without it, so there vLLM reads the
    /// checkpoint's GPTQ format itself and, with no method named, runs it as `gptq_marlin`
    /// (`GPTQMarlinConfig.override_quantization_method`): the simulator's default weight-only
    /// path (Marlin).
    static func runsGPTQByName(_ point: ServingPoint) -> Bool {
        guard point.dtype == "int4", gptqByNameSources.contains(point.source) else { return false }
        return point.engine != "vllm" || point.arrival == allAtOnce
    }

    /// Engine fields whose defaults differ from the version a preset describes (SGLang 0.4):
    /// SGLang 0.3 had no overlap scheduler; SGLang 0.5 captures CUDA graphs up to 256
    /// sequences below TP 4 and 512 from TP 4 on GPUs of 60–160 GiB (512 above), where 0.4
    /// captured 160 (`cuda_graph_max_bs`, server_args.py, v0.5); and SGLang 0.5's decode steps
    /// past its graphs carry a host time of their own (``sglang05EagerDecodeOverheadUs``).
    ///
    /// GEMM libraries by the PyTorch build each version pinned: vLLM 0.6.0–0.6.3 (the `vllm-v0`
    /// preset) and SGLang 0.3 ran torch 2.4's CUDA 12.1 wheels (cuBLAS 12.1), vLLM 0.7 and
    /// SGLang 0.4 on torch 2.5's CUDA 12.4 ones (today's figures) — ``CostModel/GemmLibrary``.
    var versionSettings: String {
        if enginePreset == "vllm-v0", (Self.minorVersion(point.engineVersion) ?? 6) >= 7 { return "gemm_library = \"current\"" }
        guard enginePreset == "sglang", let major = point.engineVersion.split(separator: ".").dropFirst().first,
              let minor = Int(major) else { return "" }
        // The overlap scheduler came in 0.4 (default on); 0.3 composed each batch after the last.
        if minor < 4 { return "overlap_scheduling = false\ngemm_library = \"cublas-12.1\"" }
        guard minor >= 5 else { return "" }
        let graphs = gpuMemoryGiB >= 160 || point.tensorParallel >= 4 ? 512 : gpuMemoryGiB >= 60 ? 256 : point.tensorParallel >= 4 ? 160 : 32
        return "cuda_graph_max_batch_size = \(graphs)\neager_decode_overhead_us = \(Self.sglang05EagerDecodeOverheadUs)"
    }

    /// The host time of an SGLang 0.5 decode step past its CUDA graphs, µs: fitted by
    /// `scripts/fit-point-terms.py` on ``sglang05EagerFitPoint`` (SGLang 0.5.6,
    /// Llama-3-8B on one A100-80GB at 100 req/s, ~300 sequences: past the 256-sequence graphs;
    /// its prompts cached by the runs before it, ``repeatedPrompts``) by its TPOT median,
    /// 38.98 ms measured: 0.1 µs, the range's floor — with the runner's 224-token cut on its
    /// streamed answers (`eos_capped[512/224]`) the point comes out +12 % slow with no host time
    /// at all: each request's prefill, which stalls SGLang's decodes, is spread over fewer
    /// tokens. (Before that cut was modelled it fitted at 512.3 µs; with SGLang's request path
    /// a stall of every running request at each prefill, 0; before the prefill host time was
    /// refitted per layer and iteration, 655.5 µs; with SGLang 0.4's 58,400 µs the simulated TPOT
    /// is over 1.5 × the measured.) SGLang 0.4's figure, fitted at capacity on H200, stays in the
    /// preset.
    static let sglang05EagerDecodeOverheadUs = 0.1
    /// The point that fits ``sglang05EagerDecodeOverheadUs``.
    public static let sglang05EagerFitPoint = "accelmark_a100-80gbx1_A_sglang05-q100"

    /// The share of GPU memory SGLang gives weights and KV (`mem_fraction_static`): what the
    /// launch command states (SGLang's own runs: `--mem-frac 0.88`, benchmark_vllm_060/README.md;
    /// datacrunch's 405B: `--mem-frac 0.87`, sglang/experiments/docker_dev_commands.txt), else
    /// SGLang's default by TP (0.88 at TP 1, 0.87 at 2, 0.85 at 4–7, 0.81 at 8–15,
    /// server_args.py, v0.3–0.4). nil for other engines (their presets' 0.9).
    var memoryFraction: Double? {
        if let stated = point.gpuMemoryUtilization { return stated }
        guard enginePreset == "sglang" else { return nil }
        // SGLang's own runs (above) and AccelMark's runners/nvidia_sglang_c43a8309/runner.py.
        if point.source == "sglang_vllm060" || point.source == "accelmark" { return 0.88 }
        if point.source == "datacrunch_h200", point.model == "meta-llama/Llama-3.1-405B-Instruct" { return 0.87 }
        let tp = point.tensorParallel
        return tp >= 16 ? 0.79 : tp >= 8 ? 0.81 : tp >= 4 ? 0.85 : tp >= 2 ? 0.87 : 0.88
    }

    /// The point's GPU memory as its driver reports it, GiB (the unit engines' defaults test).
    var gpuMemoryGiB: Double {
        (try? Presets.hardware(named: point.gpu).memoryGB).map { $0 * 1e9 / 1_073_741_824 } ?? 0
    }

    /// The engine's default batch limits (sequences, tokens per iteration) at the point's
    /// launch: vLLM V1's API server takes 1,024 sequences and 8,192-token steps on GPUs of
    /// 70 GiB or more other than the A100, else 256 and 2,048 (`get_batch_defaults` /
    /// `_set_default_args_v1`, vllm/engine/arg_utils.py; vllm PRs #12369, #17073, #17885,
    /// 2025); SGLang has no sequence cap below its request pool; TensorRT-LLM's `trtllm-serve`
    /// 2,048 requests in 8,192-token steps; the others 256 sequences in 8,192-token steps.
    var batchLimits: (sequences: Int, tokens: Int) {
        if point.source == "accelmark", enginePreset.hasPrefix("vllm") { return accelMarkVLLMLimits }
        if let stated = statedBatchLimits { return stated }
        switch enginePreset {
        case "sglang": return (4096, 8192)
        case "vllm", "vllm-0.11", "vllm-async": return Self.v1Limits(gpuMemoryGiB: gpuMemoryGiB, gpu: point.gpu)
        // `trtllm-serve`'s defaults are BuildConfig's: 2,048 requests, 8,192 tokens
        // (tensorrt_llm/commands/serve.py, tensorrt_llm/builder.py). NIM's profiles set their own.
        case "tensorrt-llm" where point.engine == "tensorrt-llm": return (2048, 8192)
        default: return (256, 8192)
        }
    }

    /// The limits a launch command states (``ServingPoint/maxNumSeqs``,
    /// ``ServingPoint/maxNumBatchedTokens``), the engine's default for the other: vLLM V0
    /// without chunked prefill schedules max(max_model_len, 2,048) tokens per step
    /// (SchedulerConfig, vllm/config.py, v0.4–0.6). nil when the source states neither.
    var statedBatchLimits: (sequences: Int, tokens: Int)? {
        guard point.maxNumSeqs != nil || point.maxNumBatchedTokens != nil else { return nil }
        let v0 = Self.vllmV0Presets.contains(enginePreset)
        let defaults: (sequences: Int, tokens: Int) = v0 ? (256, max(point.maxModelLen ?? 2048, 2048)) : (256, 8192)
        return (point.maxNumSeqs ?? defaults.sequences, point.maxNumBatchedTokens ?? defaults.tokens)
    }

    /// The presets of vLLM's V0 engine, whose scheduler (chunked prefill off below 32k context)
    /// runs prompts in batches of their own.
    static let vllmV0Presets: Set<String> = ["vllm-v0", "vllm-v0.5"]

    /// AccelMark's vLLM limits (runners/nvidia_vllm_47f5d58e/runner.py). Its `offline` scenario
    /// builds `LLM(max_num_seqs=512, max_model_len=4096)`: V0 without chunked prefill then
    /// schedules max(max_model_len, 2048) = 4,096 tokens per step (vllm/config.py
    /// SchedulerConfig, v0.7), V1 takes the `LLM` class's budget, 16,384 tokens on GPUs of
    /// 70 GiB or more other than the A100, else 8,192 (`get_batch_defaults`,
    /// vllm/engine/arg_utils.py). Its streaming scenarios (`online`, `interactive`) build
    /// `AsyncEngineArgs` without `max_num_seqs`, so the engine's defaults hold: V0 256
    /// sequences (`_set_default_args_v0`, "Set max_num_seqs to 256 for VLLM_V0"); V1's
    /// `AsyncLLM.from_engine_args` passes `UsageContext.ENGINE_CONTEXT`, which the defaults
    /// table has no entry for, so it falls through to `SchedulerConfig`'s 128 sequences and
    /// 2,048 tokens (`DEFAULT_MAX_NUM_SEQS`, `DEFAULT_MAX_NUM_BATCHED_TOKENS`,
    /// vllm/config/scheduler.py; vllm/v1/engine/async_llm.py).
    var accelMarkVLLMLimits: (sequences: Int, tokens: Int) {
        let offline = point.arrival == Self.allAtOnce
        if enginePreset == "vllm-v0" { return (offline ? 512 : 256, 4096) }
        guard offline else { return (128, 2048) }
        return (512, gpuMemoryGiB >= 70 && !point.gpu.hasPrefix("a100") ? 16384 : 8192)
    }

    /// How AccelMark's runs repeat their prompts, for the engines that cache prefixes by
    /// default (SGLang's radix cache; vLLM V1's prefix caching; V0 has it off): every scenario
    /// sends the same list of prompts run after run in one engine process, greedy decoding
    /// gives each the same answer, and the metrics pool the runs
    /// (loadgen/loadgen.py, runners/benchmark_runner.py). `offline` discards a warm-up pass
    /// (`warmup_runs` 1): its timed pass finds every prompt cached. `interactive` has none
    /// (`interactive_warmup_runs` 0): of its three runs the first computes the prompts, the
    /// other two find them cached. `online` sends 10 warm-up requests, then three runs per rate,
    /// the rates in turn: from the second rate on every prompt is cached; at the first
    /// (`online_qps_levels`, suites/suite_{A,B,C,G}/suite.json) the first run computes them.
    /// nil for other sources and engines. `requests` is the simulated run's count: 3 × the
    /// list where a cold run is pooled with two warm ones, else the list once, warm.
    var repeatedPrompts: (size: Int, requests: Int, warm: Bool)? {
        guard point.source == "accelmark", ["sglang", "vllm-async"].contains(enginePreset), let size = point.prompts else { return nil }
        if point.arrival == Self.allAtOnce { return (size, size, true) }
        if Self.concurrency(point) != nil { return (size, 3 * size, false) }
        let suite = point.id.split(separator: "_").dropFirst(2).first?.first.map(String.init)
        guard let suite, let first = Self.accelMarkFirstRate[suite], let rate = point.ratePerSecond else { return nil }
        return rate == first ? (size, 3 * size, false) : (size, size, true)
    }

    /// The first rate of each AccelMark suite's `online_qps_levels` (suite.json).
    static let accelMarkFirstRate: [String: Double] = ["A": 5, "B": 2, "C": 5, "G": 2]

    /// The minor version of a "0.M.p" version string, or nil.
    static func minorVersion(_ version: String) -> Int? {
        let parts = version.split(separator: ".")
        guard parts.count >= 2, parts[0] == "0" else { return nil }
        return Int(parts[1])
    }

    /// vLLM V1's default sequences and tokens per step on a GPU (see ``batchLimits``).
    static func v1Limits(gpuMemoryGiB: Double, gpu: String) -> (sequences: Int, tokens: Int) {
        gpuMemoryGiB >= 70 && !gpu.hasPrefix("a100") ? (1024, 8192) : (256, 2048)
    }

    /// The request path a benchmark client measures beyond the engine's steps (HTTP, chat
    /// template and tokenisation, the hop to the engine process, detokenisation and streaming),
    /// ms, by engine preset: fitted by `simserve validate serving --fit` as each engine's mean
    /// TTFT residual on its light fit points (VALIDATION.md, "End to end") and set as
    /// `request_overhead_ms` in the scenarios of points measured through the chat endpoint
    /// (``chatEndpointSources``), whose TTFT includes it; SGLang's (``requestPathEngines``) is
    /// fitted with its prefill host time per layer on the TTFT of its light fit points
    /// (3.8 ± 1.0 ms) and set on all its points. The engine presets leave it at 0: a scenario
    /// sets it to compare with a client's figures.
    public static let requestPathMs: [String: Double] = ["vllm-0.11": 43.5, "tensorrt-llm": 28.6, "sglang": 3.8]

    /// Engine presets whose request path is on every measured first token, whatever the
    /// client, and does not hold the GPU: SGLang hands each request from its tokenizer process
    /// to the scheduler process and streams it back through its detokenizer process (over
    /// ZMQ) behind the HTTP server and behind `sgl.Engine` alike, and its overlap scheduler
    /// prepares the next batch while the GPU runs the current one. Their request path is
    /// fitted with the prefill host time per layer, in place of a host time per prefill
    /// iteration (which would stall every running request's decoding), and applied to all
    /// their points.
    public static let requestPathEngines: Set<String> = ["sglang"]

    /// Whether the scenario of a point of `source` run on `enginePreset` carries the engine's
    /// request path (``requestPathMs``).
    public static func carriesRequestPath(source: String, enginePreset: String) -> Bool {
        chatEndpointSources.contains(source) || requestPathEngines.contains(enginePreset)
    }

    /// Sources whose client sent chat requests (`vllm bench serve --backend openai-chat` on
    /// `/v1/chat/completions`): the server renders the chat template, and a reasoning model's
    /// first token (`<think>`, a special token) streams as empty text, so the first content
    /// arrives a step later. The request path (``requestPathMs``) is fitted and applied on
    /// these only; the other sources' clients used `/v1/completions` or SGLang's `/generate`.
    public static let chatEndpointSources: Set<String> = ["gpustack_perflab"]

    /// Sources whose client was SGLang's `bench_serving`, which sends `ignore_eos` with every
    /// request unless told not to (`"ignore_eos": not args.disable_ignore_eos`,
    /// python/sglang/bench_serving.py): the engine knows each output length.
    static let ignoreEOSSources: Set<String> = ["datacrunch_h200", "sglang_vllm060"]

    /// The points that fit the engine terms: the two lightest Poisson loads of each model in
    /// the datacrunch_h200 set (SGLang on H200, TP 4 and TP 8), where the queue is short and
    /// the step time shows plainly; the lightest ShareGPT run of that set, which fixes the
    /// spread of ShareGPT's output lengths (``shareGPTOutputCV``); one run of that set at
    /// capacity per model (``capacityFitPoints``); and the runs of four users at a time of
    /// vLLM 0.11, SGLang 0.5 and TensorRT-LLM 1.2 on one H100 (gpustack_perflab, Qwen3-8B in
    /// bf16), which fix each engine's step and request-path times; and the points of terms of
    /// their own (``fitsOwnTerm(_:)``). Every other point is held out.
    public static func isFitPoint(_ point: ServingPoint) -> Bool {
        point.source == "datacrunch_h200" && point.arrival == "poisson" && (point.ratePerSecond ?? 99) <= 2
            || point.id == shareGPTShapePoint || capacityFitPoints.contains(point.id)
            || point.source == "gpustack_perflab" && point.model == "Qwen/Qwen3-8B" && point.arrival == "concurrency=4"
                && point.dtype == "bf16"
            || fitsOwnTerm(point) || prefillFitPoints.contains(point.id) || kernelCompileFitPoints.contains(point.id)
            || tensorParallelFitPoints.contains(point.id)
    }

    /// vLLM 0.6's (V0's) prefill fit points: Lambda's runs of 10 and 80 ShareGPT prompts at
    /// once of Llama-3-8B on one GPU and Llama-3-70B on two, on A100-80GB and H100 — prompts in
    /// batches of their own, so the median first token waits for one to five prefill
    /// iterations, at 32 and 80 layers: they fix the engine's prefill host time per layer and per
    /// iteration (`validate serving --fit`) and nothing else. The other models, the TPs past 2,
    /// the fp8 and MoE checkpoints and the 320-prompt runs of the same set are held out.
    public static let prefillFitPoints: Set<String> = [
        "lambda_p10_a100_tp1_llama3-8b_len2000", "lambda_p80_a100_tp1_llama3-8b_len2000",
        "lambda_p10_h100_tp1_llama3-8b_len2048", "lambda_p80_h100_tp1_llama3-8b_len2048",
        "lambda_p10_a100_tp2_llama3-70b_len2000", "lambda_p80_a100_tp2_llama3-70b_len2000",
        "lambda_p10_h100_tp2_llama3-70b_len2048", "lambda_p80_h100_tp2_llama3-70b_len2048",
    ]

    /// vLLM 0.6's tensor-parallel fit points: Lambda's runs of 10 ShareGPT prompts at once of
    /// Llama-3-8B and Llama-3-70B at TP 8, on A100-80GB and H100 — one prefill, then decode
    /// steps of ten sequences from CUDA graphs, whose TPOT median is the step time at the
    /// largest group. They fix vLLM 0.6's own hand-off per peer worker and wait per peer at
    /// each all-reduce (`tp_step_overhead_us_per_peer`, `all_reduce_skew_us_per_peer`; 64 and
    /// 160 all-reduces a step tell the two apart) and nothing else. Its runs at TP 4, the other
    /// models and prompt counts at TP 8 are held out.
    public static let tensorParallelFitPoints: Set<String> = [
        "lambda_p10_a100_tp8_llama3-8b_len2000", "lambda_p10_h100_tp8_llama3-8b_len2048",
        "lambda_p10_a100_tp8_llama3-70b_len2000", "lambda_p10_h100_tp8_llama3-70b_len2048",
    ]

    /// Fit points that fix a term of their own source, version or kernel (a constant beside the
    /// presets, or a GPU's kernel figure), not the terms `validate serving --fit` fits.
    public static func fitsOwnTerm(_ point: ServingPoint) -> Bool {
        point.id == sglang05EagerFitPoint || accelMarkV0FitPoints.contains(point.id) || point.id == accelMarkV0OfflineFitPoint
            || point.id == weightOnlyGemmFitPoint || point.id == exllamaFusedFitPoint
            || accelMarkV1RequestPathFitPoints.contains(point.id)
            || fp8GemmGenerationFitPoints.contains(point.id) || weightOnlyLaunchFitPoints.contains(point.id)
    }

    /// The points that fit Marlin's fixed time per launch on the A100 (`weight_only_launch_us` of
    /// the a100 presets, by `scripts/fit-point-terms.py`, with the rate of
    /// ``weightOnlyGemmFitPoint``): Lambda's runs of 10 fp8 prompts at once of Llama-3.1-8B and
    /// Llama-3.1-70B at TP 8 on A100-80GB (vLLM 0.6.0, Marlin's fp8 variant) — decode steps of at
    /// most ten rows over the smallest weight shards, where a GEMM's fixed time shows plainly —
    /// their TPOT medians. Held out: the same models' fp8 runs at TP 1, 2 and 4, their 80- and
    /// 320-prompt runs, and every other weight-only run on an A100.
    public static let weightOnlyLaunchFitPoints: Set<String> = [
        "lambda_p10_a100_tp8_llama31-8b-fp8_len2000", "lambda_p10_a100_tp8_llama31-70b-fp8_len2000",
    ]

    /// The points that fit the H100's fp8 GEMMs of vLLM 0.5–0.6 (`cublas_12_1_gemm`'s
    /// `fp8_memory_efficiency` of the h100-sxm preset, by `scripts/fit-point-terms.py`): Lambda's
    /// runs of 80 prompts at once of Llama-3.1-8B-FP8 on one H100 and Llama-3.1-70B-FP8 on two —
    /// the fp8 twins of its 16-bit fit points — their output tokens/s. Held out: Lambda's other
    /// fp8 runs on H100s (TP 2–8, 10 and 80 prompts, and vLLM 0.5.4's 320-prompt runs).
    public static let fp8GemmGenerationFitPoints: Set<String> = [
        "lambda_p80_h100_tp1_llama31-8b-fp8_len2048", "lambda_p80_h100_tp2_llama31-70b-fp8_len2048",
    ]

    /// The point that fits the A100's weight-only GEMM rate (`weight_only_compute_efficiency`
    /// of the a100 presets, by `scripts/fit-point-terms.py`, with Marlin's 16-row tile):
    /// AccelMark's offline vLLM 0.7 run of Llama-3.1-8B with int8 weights (RedHatAI's
    /// compressed-tensors W8A16 checkpoint, which vLLM runs through Marlin on Ampere) on one
    /// A100-80GB, its output tokens/s — batches of up to 512 sequences and prefills of up to
    /// 4,096 tokens, where Marlin is compute-bound. Held out: every other weight-only run on an
    /// A100 (the A100-40GB's, the online ones, vLLM 0.20's and SGLang's) and the fp8
    /// checkpoints on A100s (Lambda's, gpustack's, AccelMark's), which run through Marlin's fp8
    /// variant.
    public static let weightOnlyGemmFitPoint = "accelmark_a100-80gbx1_C-w8a16_vllm07-offline"

    /// The point that fits the rate of GPTQ's ExLlama fused kernel (`gptq_exllama_tflops` of the
    /// a100 presets, carried over to h100-sxm, h200 and b200; by `scripts/fit-point-terms.py`):
    /// AccelMark's offline vLLM 0.7 run of Llama-3.1-8B GPTQ-int4 on one A100-80GB, loaded with
    /// `quantization = "gptq"` by name (``runsGPTQByName(_:)``), its output tokens/s. Held out:
    /// every other ExLlama run (the A100-40GB's, vLLM 0.20's, SGLang's offline and online runs,
    /// the H100's, H200's and B200's offline runs).
    public static let exllamaFusedFitPoint = "accelmark_a100-80gbx1_C-w4a16_vllm07-offline"

    /// The fit points at capacity, one per model of the set: 3,000 requests of 1–1,024 prompt
    /// and output tokens sent at once to Llama-3.3-70B on 4 × H200, and the heaviest Poisson
    /// load of Llama-3.1-405B on 8 (8 req/s of the same lengths). Their decode batches run far
    /// past SGLang's CUDA-graph size, so their request throughput fixes the host time of an
    /// eager decode step (`eager_decode_overhead_us`); the light points never leave the
    /// graphs.
    public static let capacityFitPoints: Set<String> = ["datacrunch_h200-08", "datacrunch_h200-18"]

    /// The point whose E2E mean and median fix ``shareGPTOutputCV``.
    public static let shareGPTShapePoint = "datacrunch_h200-06"

    /// The coefficient of variation of ShareGPT's output lengths as the benchmark clients sample
    /// them. Each request's E2E is its TTFT plus its output length times the run's time per
    /// token, so (mean E2E − median TTFT) / (median E2E − median TTFT) is the output lengths'
    /// mean over median, which for a lognormal is √(1 + cv²). On `shareGPTShapePoint` (70B,
    /// 4 req/s): (3201.5 − 68.3) / (1988.6 − 68.3) = 1.632 → cv 1.29. (The other datacrunch
    /// ShareGPT runs, held out, give 1.58–1.63 at loads 2–8× apart: a property of the data.)
    public static let shareGPTOutputCV = 1.29

    /// The spread of outputs that end at the model's own EOS under a `max_tokens` cap
    /// (`eos_capped[cap]`, AccelMark): lognormal with cv 1.5, clipped at the cap, its mean set
    /// so that the clipped mean is the measured one. The cv is fixed by the answers' mean under
    /// two caps: under 512 the offline runs' (347 / 352 / 342 tokens for suites A / B / G),
    /// under SGLang's 224-token cut its one-at-a-time runs' (195 / 188 / 198: elapsed ÷
    /// requests − TTFT p50 = (output − 1) × TPOT p50, a reading that gives vLLM 0.20's suite-A
    /// run 351 against its offline 347); least squares of the relative error of the clipped
    /// means under 224 over the three suites: 1.55 (each alone 1.45, 2.84, 1.13), taken as 1.5.
    /// (Until then 0.6, the spread of the dataset's reference answers, p50 310 and p99 1,200
    /// tokens, which put the clipped mean under 224 at 212.) These runs' elapsed times are not
    /// compared anywhere else.
    static let eosOutputCV = 1.5

    /// The mean of a lognormal (coefficient of variation `cv`) whose draws clipped at `cap`
    /// average `clippedMean`: E[min(X, c)] = m·Φ((ln c − μ − σ²)/σ) + c·(1 − Φ((ln c − μ)/σ)),
    /// solved for m by bisection.
    static func lognormalMean(clippedMean: Double, cv: Double, cap: Double) -> Double {
        var (low, high) = (clippedMean, 100 * cap)
        for _ in 0..<200 {
            let mid = (low + high) / 2
            if Self.clippedLognormalMean(mean: mid, cv: cv, cap: cap) < clippedMean { low = mid } else { high = mid }
        }
        return (low + high) / 2
    }

    /// E[min(X, cap)] for a lognormal X of mean `mean` and coefficient of variation `cv`.
    static func clippedLognormalMean(mean m: Double, cv: Double, cap: Double) -> Double {
        let s2 = log(1 + cv * cv), s = s2.squareRoot()
        func phi(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }
        let mu = log(m) - s2 / 2
        return m * phi((log(cap) - mu - s2) / s) + cap * (1 - phi((log(cap) - mu) / s))
    }

    /// The arrival of a run whose client sends every request at once (`--request-rate inf`).
    public static let allAtOnce = "all-at-once"

    /// Such a run's requests arrive 1 µs apart: the client's loop creates them all within a
    /// few milliseconds, which no step of the engine can tell from one instant.
    static let allAtOnceRate = 1_000_000.0

    /// How long an idle engine gathers the requests of an all-at-once run before its first
    /// step: vLLM's and SGLang's engine loops wake on the first request and take whatever has
    /// arrived by then, and the client's requests land within a few milliseconds, so the first
    /// step holds them all (Lambda's runs of 10 prompts: every TTFT within 1–2 ms of the mean).
    /// Without it the simulated engine would start on the first request alone.
    static let allAtOnceGather = "1ms"

    /// Sources whose every run started its server in a fresh container, with no compiled
    /// Triton kernels on disk: Lambda's `benchmark_1x2x4x8x.sh` runs each prompt count and TP
    /// in a new `docker run --rm`, whose `benchmark.py` starts one server per model. MoE
    /// models compile their fused-MoE kernel variants as batches first need them
    /// (`moe_kernel_compile_ms`, ``moeKernelCompileMs``); dense models are unaffected.
    public static let coldKernelSources: Set<String> = ["lambda_vllm060", "lambda_vllm054"]

    /// Milliseconds to compile one fused-MoE kernel variant on a fresh server (1,652 ± 110 ms),
    /// fitted by `simserve validate serving --fit` on ``kernelCompileFitPoints`` (VALIDATION.md,
    /// "End to end") and set in the scenarios of ``coldKernelSources``. Not an engine preset's
    /// figure: a server whose Triton cache holds its kernels never pays it.
    public static let moeKernelCompileMs = 1652.0

    /// The points that fit ``moeKernelCompileMs``: Lambda's 10 prompts at once on
    /// Mixtral-8x7B at TP 2, A100 and H100 — one batch, one new kernel variant, every TTFT
    /// the compile plus one prefill. The other Mixtral runs (TP 4 and 8, 80 and 320 prompts,
    /// Mixtral-8x22B, vLLM 0.5.4's) are held out.
    public static let kernelCompileFitPoints: Set<String> = [
        "lambda_p10_a100_tp2_mixtral-8x7b_len2000", "lambda_p10_h100_tp2_mixtral-8x7b_len2048",
    ]

    /// The scenario of `point`, or nil when simserve cannot build one (neither Poisson at a
    /// rate nor all at once, no request count, a model or GPU without a preset, lengths not known).
    public init?(_ point: ServingPoint) {
        guard point.arrival == "poisson" && point.ratePerSecond != nil && point.prompts != nil
                || point.arrival == Self.allAtOnce && point.prompts != nil || Self.concurrency(point) != nil,
              ["bf16", "fp16", "fp8", "int8", "int4"].contains(point.dtype),
              let model = Self.models[point.model], Presets.hardwareTOML(named: point.gpu) != nil,
              Self.traceFile(point) != nil
                || Self.lengths(point.inputDistribution, input: true, mean: point.inputMeanTokens) != nil
                    && Self.lengths(point.outputDistribution, input: false, mean: point.outputMeanTokens) != nil
        else { return nil }
        let engine: String
        switch (point.engine, point.engineVersion) {
        case ("vllm", let version):
            switch Self.minorVersion(version) {
            case .some(4...5): engine = "vllm-v0.5"
            case .some(6...7): engine = "vllm-v0"
            case 11: engine = "vllm-0.11"
            case .some(14...): engine = "vllm-async"
            default: engine = "vllm"
            }
        case ("sglang", _): engine = "sglang"
        case ("tensorrt-llm", _), ("nim-llm", _): engine = "tensorrt-llm"   // NIM's LLM profiles run TensorRT-LLM
        default: return nil
        }
        self.point = point
        modelPreset = model
        enginePreset = engine
        split = Self.isFitPoint(point) ? .fit : .heldOut
        maxContext = point.maxModelLen
    }

    /// The request list a point replays (`trace:FILE` as both its input and output
    /// distribution: every request's prompt and output tokens, and its arrival, as the source
    /// recorded them), or nil.
    static func traceFile(_ point: ServingPoint) -> String? {
        guard point.inputDistribution.hasPrefix("trace:"), point.inputDistribution == point.outputDistribution else { return nil }
        let file = String(point.inputDistribution.dropFirst("trace:".count))
        return file.isEmpty ? nil : file
    }

    /// The users of a closed-loop run (`concurrency=N`: N requests in flight, each user
    /// sending its next request when its last one ends), or nil.
    static func concurrency(_ point: ServingPoint) -> Int? {
        guard point.arrival.hasPrefix("concurrency="), let users = Int(point.arrival.dropFirst("concurrency=".count)),
              users >= 1 else { return nil }
        return users
    }

    /// Requests of a closed-loop run whose source does not count them: 10 per user, at least
    /// 100, so that the steady state outweighs the first and last rounds.
    public static func closedLoopRequests(users: Int) -> Int { max(100, 10 * users) }

    /// ShareGPT's prompt (cv 1.0) or output (cv ``shareGPTOutputCV``) lengths as the benchmark
    /// clients sample them, lognormal around `mean` (default: the dataset's 224 / 190 tokens).
    public static func shareGPTLengths(input: Bool, mean: Double?) -> String {
        let mean = mean.map { String(format: "%.1f", $0) } ?? (input ? "224" : "190")
        return input ? "{ kind = \"lognormal\", mean = \(mean), cv = 1.0, min = 4, max = 4096 }"
                     : "{ kind = \"lognormal\", mean = \(mean), cv = \(shareGPTOutputCV), min = 1, max = 2048 }"
    }

    /// A length distribution as a scenario value, from the points file's description.
    static func lengths(_ description: String, input: Bool, mean: Double? = nil) -> String? {
        if description == "fixed" { return mean.map { "{ kind = \"fixed\", value = \(Int($0.rounded())) }" } }
        if description == "sharegpt200" { return "{ kind = \"empirical\", trace = \"\(shareGPT200File)\" }" }
        if description.hasPrefix("accelmark_prompts_") { return "{ kind = \"empirical\", trace = \"\(description).csv\" }" }
        if description.hasPrefix("eos_capped["), description.hasSuffix("]") {
            // `eos_capped[C]`, or `eos_capped[C/K]`: the same answers cut at K < C by the client.
            let caps = description.dropFirst("eos_capped[".count).dropLast().split(separator: "/", omittingEmptySubsequences: false)
            guard (1...2).contains(caps.count), let cap = Int(caps[0]), cap >= 1, let mean, mean >= 1, mean < Double(cap)
            else { return nil }
            let cut = caps.count == 2 ? Int(caps[1]) : cap
            guard let cut, 1 <= cut, cut <= cap else { return nil }
            let lognormalMean = Self.lognormalMean(clippedMean: mean, cv: Self.eosOutputCV, cap: Double(cap))
            return "{ kind = \"lognormal\", mean = \(String(format: "%.1f", lognormalMean)), cv = \(Self.eosOutputCV), min = 1, max = \(cut) }"
        }
        if description.isEmpty || description == "sharegpt" { return shareGPTLengths(input: input, mean: mean) }
        guard description.hasPrefix("uniform["), description.hasSuffix("]") else { return nil }
        let bounds = description.dropFirst("uniform[".count).dropLast().split(separator: ",")
        guard bounds.count == 2, let low = Int(bounds[0]), let high = Int(bounds[1]), 1 <= low, low <= high else { return nil }
        return "{ kind = \"uniform\", min = \(low), max = \(high) }"
    }

    /// The scenario as TOML; `engineOverrides` are laid over the engine preset
    /// (`key = value` lines of the `[engine]` table).
    public func toml(engineOverrides: [String: Double] = [:]) -> String {
        let chunked = !(Self.vllmV0Presets.contains(enginePreset) || enginePreset == "tensorrt-llm")
        let (sequences, tokens) = batchLimits
        let scheduler = "max_batch_size = \(sequences)\nmax_tokens_per_iteration = \(tokens)\n"
            + "chunked_prefill = \(chunked)" + (memoryFraction.map { "\ngpu_memory_utilization = \($0)" } ?? "")
            + (repeatedPrompts != nil ? "\nprefix_caching = true" : "")
            + (point.arrival == Self.allAtOnce ? "\nbatching_window = \"\(Self.allAtOnceGather)\"" : "")
        let trace = Self.traceFile(point)
        let load: String
        if let trace {
            load = "trace = \"\(trace)\""
        } else if let users = Self.concurrency(point) {
            load = "clients = { users = \(users), think_time = { kind = \"fixed\", seconds = 0 } }"
        } else if point.arrival == Self.allAtOnce {
            load = "arrival = { kind = \"constant\", rate = \(Self.allAtOnceRate) }   # all at once"
        } else {
            load = "arrival = { kind = \"poisson\", rate = \(point.ratePerSecond ?? 0) }"
        }
        // fp8 checkpoints quantise the weights; TensorRT-LLM's and NIM's fp8 profiles keep the
        // KV cache in fp8 too (stated, not published per run), while vLLM and SGLang keep it in
        // the model's dtype unless `--kv-cache-dtype` says otherwise (`auto`, their default).
        // int8 and int4 rows are weight-only checkpoints (W8A16, W4A16 GPTQ): weights only.
        let kv = enginePreset == "tensorrt-llm" && point.dtype == "fp8" ? "\nkv_dtype = \"fp8\"" : ""
        let quantised = ["fp8", "int8", "int4"].contains(point.dtype)
        let context = maxContext.map { "\nmax_context = \($0)" } ?? ""
        let model = quantised || maxContext != nil
            ? "[model]\npreset = \"\(modelPreset)\"" + (quantised ? "\nweight_dtype = \"\(point.dtype)\"" + kv : "") + context
            : "model = \"\(modelPreset)\""
        let pool = repeatedPrompts
        // A replayed request list carries its own lengths.
        let lengthLines = trace != nil ? "" :
            "\nprompt_tokens = \(Self.lengths(point.inputDistribution, input: true, mean: point.inputMeanTokens)!)"
            + "\noutput_tokens = \(Self.lengths(point.outputDistribution, input: false, mean: point.outputMeanTokens)!)"
            + (pool.map { "\nprompt_pool = { size = \($0.size), warm = \($0.warm) }" } ?? "")
        let requests = pool?.requests ?? point.prompts ?? Self.concurrency(point).map(Self.closedLoopRequests) ?? 0
        // A closed loop's users all start at once; the tools that run them (genai-perf, AIPerf)
        // measure in windows once the rates are stable: the warm-up is detected (MSER-5).
        let warmup = Self.concurrency(point) == nil ? "0s" : "auto"
        var engineOverrides = engineOverrides
        if engineOverrides["moe_kernel_compile_ms"] == nil, Self.coldKernelSources.contains(point.source) {
            engineOverrides["moe_kernel_compile_ms"] = Self.moeKernelCompileMs
        }
        if engineOverrides["request_overhead_ms"] == nil,
           Self.carriesRequestPath(source: point.source, enginePreset: enginePreset),
           let path = Self.requestPathMs[enginePreset], path > 0 {
            engineOverrides["request_overhead_ms"] = path
        }
        // A key the version sets is the version's, not a fitted override's.
        let versionKeys = Set(versionSettings.split(separator: "\n").compactMap { $0.split(separator: "=").first }
            .map { $0.trimmingCharacters(in: .whitespaces) })
        let overrides = engineOverrides.keys.sorted().filter { !versionKeys.contains($0) }
            .map { "\($0) = \(engineOverrides[$0]!)" }.joined(separator: "\n")
        return """
            # Point \(point.id) of data/serving/points.csv (source \(point.source)).
            name = "\(point.id)"
            seed = 1
            requests = \(requests)
            warmup = "\(warmup)"
            hardware = "\(point.gpu)"

            \(model)

            [engine]
            preset = "\(enginePreset)"
            \(Self.launchSettings(for: point, engine: enginePreset))
            \(eagerLaunchSettings)
            \(Self.runsGPTQByName(point) ? "weight_only_gemm = \"gptq_exllama\"" : "")
            \(versionSettings)
            \(overrides)

            [cluster]
            tp = \(point.tensorParallel)

            [scheduler]
            \(scheduler)

            [workload]
            \(load)\(Self.ignoreEOSSources.contains(point.source) ? "\nignore_eos = true" : "")\(lengthLines)

            """
    }
}
