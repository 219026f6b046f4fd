#!/usr/bin/env bash
# Prints the GPU sections of VALIDATION.md from the simulator's own commands: end to end
# against published serving measurements, engine terms fitted on a user's benchmark results,
# kernel tables per GPU, power and energy, and offline throughput tables.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${SIMSERVE:-.build/release/simserve}
tmp=$(mktemp -d)
"$BIN" validate serving --markdown "$tmp/serving.md" >/dev/null
"$BIN" validate serving --fit --markdown "$tmp/serving-fit.md" >/dev/null
for m in llama_3_3_70b:h200-llama-3.3-70b-tp4-sglang llama_405b:h200-llama-3.1-405b-tp8-sglang; do
  "$BIN" calibrate --from-serving "data/serving/results/datacrunch-${m%%:*}_online_output.jsonl" \
    --scenario "data/serving/results/${m##*:}.toml" --out "$tmp/${m%%:*}.toml" > "$tmp/${m%%:*}.txt"
done
"$BIN" validate kernels --markdown "$tmp/kernels.md" >/dev/null
"$BIN" validate energy > "$tmp/energy.md"
"$BIN" validate energy --fit > "$tmp/energy-fit.md"
"$BIN" validate energy --fit-power > "$tmp/energy-fit-power.md"
"$BIN" validate throughput > "$tmp/throughput.md"
"$BIN" validate throughput --fit > "$tmp/throughput-fit.md"
"$BIN" validate throughput --fit-gpu mi300x > "$tmp/throughput-fit-mi300x.md"
"$BIN" validate mamf > "$tmp/mamf.md"
"$BIN" validate mamf --fit-gpu mi300x > "$tmp/mamf-fit.md"
"$BIN" validate mamf --data data/kernels/azure_gemm.csv > "$tmp/azure-gemm.md"
python3 scripts/diagnose-gpustack-h100.py "$BIN" > "$tmp/gpustack-h100.md"

cat <<'TEXT'
## End to end: published serving measurements (`simserve validate serving`)

One scenario per published point of `data/serving/points.csv` (sources, licences and doubts in
`data/serving/README.md`) that simserve can build: Poisson arrivals at a stated rate, every
request sent at once (`--request-rate inf`: modelled as arrivals 1 µs apart), or a fixed
concurrency (`concurrency=N`: a closed loop of N users with no think time); a model and GPU
with presets and known (or stated) lengths, or the run's own list of requests where its
result files record each one (replayed as recorded). Its TTFT, ITL and E2E medians, request and
output-token throughput (as the benchmark clients compute them) are compared with the measured
ones; where a source gives only means (NVIDIA's NIM tables) the means. Assumptions where a
source is silent (ShareGPT length spread, engine defaults by version and GPU — vLLM V1's API
server takes 1,024 sequences in 8,192-token steps on GPUs of 70 GiB or more other than the
A100, else 256 in 2,048; SGLang 0.5 captures CUDA graphs up to 256/512 sequences where 0.4
captured 160 —, launch flags such as vLLM 0.6's `--num-scheduler-steps 10`, SGLang's
`mem_fraction_static`, TensorRT-LLM's fp8 profiles keeping the KV in fp8 while vLLM and SGLang
keep it in bf16) are in `ServingPointScenario.swift`. Kernel figures come from the kernel
tables below; each GPU's memory is what its driver reports. What this report shows
reaches the user: every `simserve run` (and `cost`, `plan`) ends with a `held out` line, the
median |error| and median signed error of step time, TTFT and output tokens/s over the
held-out points below closest to its deployment (the same engine preset, GPU and TP; else its
engine family there — the report's table by engine family, GPU and TP —, at any TP, or any
engine on the GPU, whichever first has three points),
built into the binary by
`scripts/held-out-errors.sh` from `validate serving --held-out-errors`. The engine terms that
micro-benchmarks cannot see are fitted on the *fit* points only (`validate serving --fit`) and
shipped in the engine presets, in this order: each engine's CPU time per step
(`iteration_overhead_us`) on the ITL of its own run of four users on one H100 (gpustack
perf-lab, Qwen3-8B: vLLM 0.11, SGLang 0.5, TensorRT-LLM 1.2; one GPU, so no all-reduce in it);
the wait for the slowest GPU at each TP all-reduce (`all_reduce_skew_us_per_peer`, on the ITL of
the two lightest loads of each model of the SGLang H200 set and its lightest ShareGPT run, which
also fixes the ShareGPT output-length spread); the host time of a prefill iteration, which runs
outside CUDA graphs, per layer and once per iteration (`prefill_layer_overhead_us`,
`prefill_iteration_overhead_us`), the two fitted together by least squares for each engine on
the TTFT of its own fit points — SGLang's light fit points (36, 80 and 126 layers), with
SGLang's overlap scheduler modelled (from 0.4 on, SGLang composes the next batch while the
current one runs, so a request that arrives during a step waits one step more for its prefill
— `overlap_scheduling`, on in the sglang preset, off for the SGLang 0.3 points); for vLLM 0.6,
eight of Lambda's runs that fit this term and nothing else (10 and 80 ShareGPT prompts at once,
Llama-3-8B at TP 1 and Llama-3-70B at TP 2, on A100-80GB and H100: the median first token waits
for one to five prefill iterations, at 32 or 80 layers; with vLLM V0's engine loop's time to
add each arriving request, `request_admission_us`, which their 10- and 80-prompt bursts tell
from the prefill's, below), the other 121 runs of that set held out; the host time of a decode
step too large for
SGLang 0.4's 160-sequence CUDA graphs
(`eager_decode_overhead_us`, on the request throughput of one run at capacity per model: 70B
with 3,000 requests at once, 405B at 8 req/s); and, last, the request path a benchmark client
measures beyond the engine's steps (`request_overhead_ms`: HTTP, chat template, tokenisation,
the hop to the engine process, a reasoning model's first `<think>` token streaming as empty
text), the mean TTFT residual of each engine's light fit points sent through the chat endpoint.
The presets keep `request_overhead_ms` at 0 (a scenario sets it to compare with a client's
figures); these scenarios set the fitted figure for points measured through
`/v1/chat/completions` (the gpustack runs) — the other sources' clients used
`/v1/completions` or SGLang's `/generate` — and, for SGLang, on every point: SGLang hands each
request through its tokenizer, scheduler and detokenizer processes behind its HTTP server and
behind `sgl.Engine` alike, so its request path is fitted with its prefill host time per layer
(in place of a time per prefill iteration) and applied to all its runs. Every other point is held out. The engines'
scheduling is modelled as they run it: SGLang and vLLM V0 (without chunked prefill) compute
prompts in iterations of their own, prefill first, so each arrival stalls the decodes; vLLM 0.6
with multi-step scheduling admits prompts only between rounds of decode steps; SGLang has no
256-sequence cap (its KV pool bounds the batch) and, when its benchmark client sends
`ignore_eos`, admits a request only if the KV never runs out as the running requests finish
(`add_one_req_ignore_eos`). Qwen3-32B in bf16 on one 80 GB GPU (9 points of three engines): the
weights leave simserve's memory plan 8–10 GB of KV, less than one 40,960-token sequence, which
simserve (as vLLM) refuses to start; the engines were launched with defaults and started (SGLang
and TensorRT-LLM cap their KV pool instead, vLLM's activation estimate is smaller than simserve's
1.7 GB), so these points run with the context limit lowered to what the KV cache holds
(30,448–38,272 tokens, listed under the table; every request of theirs is shorter:
`ServingValidation.contextFitted`). Before, they were not simulated.

TEXT
head -1 "$tmp/serving-fit.md"
echo
cat "$tmp/serving.md"
# The held-out medians of |error| per metric, read from the report's summary table.
held() { awk -F'|' -v m="$1" '$2 ~ /held_out/ && $3 ~ (" " m " ") { gsub(/ /, "", $6); print $6 }' "$tmp/serving.md" | sed 's/%/ %/'; }
cat <<TEXT

Where it breaks, and why:
- **Held-out goals** (10 % for TTFT, step time and E2E, 5 % for throughput): not met overall
  (medians of |error| over every held-out point: TTFT $(held ttft_p50_ms), TTFT mean $(held ttft_mean_ms) where a source gives
  only the mean, ITL/TPOT $(held itl_p50_ms), E2E $(held e2e_p50_ms), request and token throughput $(held requests_per_second) / $(held output_tokens_per_second)). Met for the
  E2E median ($(held e2e_p50_ms)), for the
TEXT
cat <<'TEXT'
  TTFT mean (Lambda's 320-prompt runs and NIM), for the mean TPOT of the TensorRT-LLM fp8 points
  (NIM, H100 TP 2; median 8.6 %, 5 of 8 within 10 %) and for output tokens/s on the NIM points (median 1 %). The table by source shows where the
  misses sit: on the SGLang H200 set (datacrunch) the held-out medians are 8–16 % per metric, on
  the older A100/H100 sets (SGLang 0.3, vLLM 0.6) 6–13 %, on Lambda's vLLM 0.6 runs 5–10 %
  (request and token throughput, TPOT, TTFT median and p99; the TTFT mean of its 320-prompt runs
  within 10 % at the median, below), on the NIM set 1 % (tokens/s; mean TPOT 9 %); on the gpustack
  single-GPU runs at capacity 21–44 % (below; with the Qwen3-32B runs); on AccelMark's runs (below) 22.8 % (TTFT),
  15.1 % (TPOT) and 5 % (offline output tokens/s). No point the real system served stably is
  predicted saturated (the last one, an int4 run of vLLM 0.20, followed from running its
  streamed requests through the wrong kernels: "AccelMark", below).
- **TensorRT-LLM's KV cache** (this stop). TensorRT-LLM gives its KV cache 0.9 of the memory
  free once the model is loaded (`KvCacheConfig.free_gpu_memory_fraction`), where vLLM and
  SGLang take their fraction of the whole GPU; the `tensorrt-llm` preset now sizes it so
  (`kv_cache_sizing = "fraction_of_free"`): Qwen3-32B on one A100-80GB gets 16.8 GB of KV
  instead of 10.0, Llama-3.1-70B at TP 2 on H100 12.5 GB instead of 5.3. On the TensorRT-LLM
  points it moves gpustack's Qwen3-32B on the A100 from −38 to −28 % output tokens/s and on its
  slow H100 (above) from +6 to +32 %, and NIM's mean TPOT at 100–250 users from +0..+2 to
  +7..+9 % (its batches grow with the room; all 8 NIM points still within 10 %, tokens/s
  −1 → +1 %): NIM's profiles may hold back more than the workspace modelled here. gpustack's
  `trtllm-serve` runs (default launch) are simulated with its batch defaults, BuildConfig's
  2,048 requests in 8,192-token steps (they were given the 256 of the other engines): Qwen3-14B
  all at once on the A100 −35 → −32 % tokens/s (TTFT +58 → +2 %), on the slow H100 +7 → +15 %.
  TensorRT-LLM on the A100 stays −24 to −32 % in tokens/s: not explained.
- **vLLM's own latency benchmark at TP 1, 2 and 4 (twenty-second stop; 6 points, all held out).**
  The "Latency tests" of vLLM's performance-benchmark CI (buildkite builds 4338 on H200 and 9523
  on A100-SXM4-80GB: a batch of 8 prompts of 32 tokens, 128 output tokens, handed to the offline
  `LLM` at once; the median batch latency compared with the simulated E2E median, `vllm` preset —
  neither build's vLLM version is visible): Llama-3.1-8B at TP 1, Mixtral-8x7B at TP 2,
  Llama-3-70B at TP 4 come out −11 / −10 / −11 % on H200 and +7 / +13 / +3 % on A100, so one
  sign per GPU and none with TP or model: the batch-8 decode step (about 6.5 ms for the 8B model
  on H200, 12.3 ms on A100, measured) is simulated 10 % short on the H200 and 3–13 % long on the
  A100. At batch 8 a step is mostly the weights' read and the engine's host time per step
  (1.2–1.4 ms in the V1 presets), so the split is one of those two per GPU, which these rows alone
  do not separate; nothing is fitted on them.
- **Marlin's fixed time per launch and its MoE kernel (twenty-third stop).** Lambda's fp8
  Llama-3.1 runs on A100s (vLLM 0.6.0: fp8 weights on a GPU without fp8 tensor cores run
  through Marlin's fp8 variant) stepped faster than measured at 10 prompts where their bf16
  twins did not, and more so as the shards shrank: the 8B model −6 / −11 / −16 / −20 % at TP 1 /
  2 / 4 / 8, the 70B +3 / −1 / −4 / −15 %, against −7..+6 % for the bf16 runs at the same TPs —
  a fixed cost per GEMM beyond its launch, which Marlin has (it splits K into stripes over every
  SM and reduces their partial sums serially through global memory). And its host loop launches
  the kernel once for up to 64 rows, then once per 16 slices of 64 rows and once more for the
  rows left over (IST-DASLab/marlin `marlin_cuda`, vLLM's `gptq_marlin_gemm`): two launches for
  65–127 rows. Modelled as the GPU's `weight_only_launch_us` (Marlin's fixed time per launch,
  × `KernelTimeModel.marlinLaunches`; unset: the 16-bit GEMM's launch, once), fitted by
  `scripts/fit-point-terms.py` on the TPOT medians of the two 10-prompt runs at TP 8
  (Llama-3.1-8B and -70B, the smallest shards, one launch a GEMM; now fit points): 11.95 ± 0.19
  µs on the A100 presets; Marlin's compute rate, refitted after it on its own point, 0.459 →
  0.536 of the 16-bit peak (its large batches and prefills now pay two to four launches a GEMM).
  An MoE checkpoint's experts in int8, int4 or fp8 on such a GPU run Marlin's MoE kernel, which
  was timed at the 16-bit fused-MoE rate (0.716 of the peak on the A100): it now runs no faster
  than Marlin's rate either. Held out, the other 20 fp8 runs of the set: step time at 10
  prompts −16..+3 % → +4..+7 %; at 80 and 320 prompts the 70B runs and the 8B at TP 1–2
  −17..+14 % → −14..+12 %, the 8B at TP 4 and 8 −22..−39 % → −14..−30 % (still fast; the bf16
  Llama-3-8B runs at those TPs are within −16..+16 %). The 75 held-out weight-only and fp8
  points on A100s (Lambda's, AccelMark's, gpustack's), medians of |error|: TTFT 21 → 19 %,
  TTFT p99 24 → 19 %, step time 13 → 10 %, E2E 9 → 6 %, request throughput 11 → 9 %, output
  tokens/s 9 → 8 %; AccelMark's int8/int4/fp8 runs at 25–50 req/s on A100s, at the edge of
  capacity, TTFT +111..+205 % → +28..+140 %, and at 5 req/s their TPOT −16..+30 % → −8..+35 %
  (a fixed time weighs most at a few rows, and the A100-40GB machine's runs sit slow in TPOT
  with any weights); gpustack's Qwen3-235B-A22B in fp8 on four A100s (Marlin MoE) output
  tokens/s +15..+87 % → +8..+75 %, its prefill-heavy random runs still fast (+30..+75 %; the
  same runs in bf16 on eight A100s +16..+28 %). Over every held-out point (381 → 379):
  TTFT p50 19.3 → 18.7 %, TTFT mean 8.9 → 8.4 %, p99 21.0 → 19.2 %, ITL/TPOT 12.5 → 12.0 %,
  E2E 8.5 → 7.4 %, request and token throughput 7.5 / 6.5 → 7.6 / 6.7 % (Lambda's ten-prompt
  fp8 runs end later: tokens/s −1..+18 % → −6..−11 %).
- **By TP** (the table after the sources, every held-out point): the step time's median signed
  error is −1.9 / +4.2 / −1.6 / −3.8 % at TP 1 / 2 / 4 / 8 and output tokens/s +3.0 / −0.4 / +0.9 /
  +2.6 % — no drift with TP from 1 to 8 (before vLLM 0.6's own tensor-parallel terms its step was
  up to 90 % slow at TP 8, below); the spread (median absolute 7–14 % in step time, 4–9 % in
  tokens/s) is the sources' own, above.
- **vLLM V1's wait for the slowest GPU (twenty-fifth stop; tried, not kept).** The V1 presets
  carry the skew every engine shares, 4.0 µs per peer at each all-reduce (fitted on SGLang's
  H200 ITL, ± 10.3), where vLLM 0.6's own fit is 1.48 ± 1.31 µs — the better-determined figure of
  the same kernel under CUDA graphs. At TP 8 the shared figure is 28 µs an all-reduce, more than
  the custom kernel's own time (Qwen3-235B-A22B on eight H100s, 188 all-reduces a step: 5.3 of
  a 42 ms decode step). Laid over the 24 held-out points of the V1 presets at TP 2–8
  (`validate serving --set engine.all_reduce_skew_us_per_peer=…`; the other engines' points do
  not enter): 4.0 / 1.48 / 0 µs give a step-time median |error| of 18.0 / 16.5 / 19.5 % and output
  tokens/s 16 / 19 / 20 %; the dense 70B runs (H200 TP 4, A100-40GB TP 8) go −10 / 0 / +5 / +7 %
  → −18 / −11 / −6 / −2 % in step time and vLLM's H200 TP 4 latency run −11 → −18 % in E2E, while
  gpustack's Qwen3-235B on eight H100s goes +21..+44 → +7..+33 %. The dense runs ask for the
  larger figure, the MoE runs on H100 for less: what stays slow there (decode steps of ~80
  sequences at 4,100 tokens, 43.6 ms simulated against an ITL median of 30.2 ms measured) is
  not the skew alone — the fused-MoE layers alone, at aiconfigurator's measured vLLM rows for
  this shape (~240 µs a layer from 16 to 128 tokens), come to 22.5 ms, and with attention the
  kernels alone to ~32 ms. The shared figure stays.
- **vLLM 0.6 and 0.5 at TP 1, 2, 4 and 8 on A100 and H100 (Lambda's runs of 320 prompts, 48
  points, all held out; added this stop).** 320 ShareGPT prompts sent at once to vLLM's API server, every request's
  prompt and output tokens as the client recorded them replayed (`trace:` points; their sources,
  launch flags and what is inferred in data/serving/README.md). It is the one source here that
  runs the same models at every TP on both GPUs — the scaling this issue was opened on. The
  dense 16-bit models (Llama-3-8B, Mistral-7B, Llama-3-70B; 20 points of vLLM 0.6.0 with
  multi-step scheduling) follow it in throughput: output tokens/s median absolute error 4.5 % (17
  of 20 within 10 %; signed −6..+19 %: −6..−2 % at TP 1, −5..+5 % at 2, −4..+11 % at 4, +1..+19 %
  at 8), E2E median +6.5 % (13 within 10 %; −6..+25 %), TTFT mean median +2 % (16 within 10 %;
  −22..+13 %), TTFT p99 +9.5 % (−9..+25 %). (Until vLLM V0's time to add each arriving request
  was fitted, `request_admission_us` below, the first tokens came early: TTFT mean −33 %, p99
  −14.5 %; the API server's intake, `front_end_request_ms` at 1–3 ms, and the server's default
  cap of 256 sequences had been tried for that and ruled out.) What stays off is the time between
  tokens: TPOT median +14.5 % (−10..+39 %; 8 of 20 within 10 %), slowest on the small models at
  TP 1–2 (Llama-3-8B on one H100 +27 %, on two +39 %), where tokens/s is right (−5 %): the
  median request waits longer between tokens than measured, the whole run does not take longer.
  The decode steps that follow the prompts run more than 256 sequences — past vLLM 0.6's largest
  CUDA graph — eagerly, each charged the host time fitted on SGLang 0.4's runs at capacity
  (`eager_decode_overhead_us`, 58.4 ms; no vLLM V0 point fixes a figure of its own). Tried on
  these 20 points, 0 / 10 / 20 / 30 ms give a TPOT median of −10 / −5 / −1 / +1 % and tokens/s
  +10 / +9 / +6 / +4 % (E2E −3 / −0.5 / +0.5 / +1 %); fitted on the TPOT of the two Llama-3-8B
  runs at TP 1 alone it is 2.5 ms, which over every vLLM V0 point (161 held out: these runs,
  AccelMark's vLLM 0.7, SGLang's vLLM 0.6 comparison) moves the median absolute TPOT error
  18.5 → 18.0 % and tokens/s 6.0 → 8.0 %: not kept. At TP 8 the H100's runs come out right
  (tokens/s +1 % for all three models, since vLLM 0.6's tensor-parallel terms were fitted on its
  own 10-prompt runs, below; −26 / −28 / −18 % before) and the A100's fast (Llama-3-8B +18 %,
  Mistral +19 %, Llama-3-70B +10 %): the two machines' hosts differ by more than one figure per
  engine carries. The fp8 checkpoints (Llama-3.1-8B-FP8, a base model with a third of its outputs
  empty, and Llama-3.1-70B-Instruct-FP8; 14 points): tokens/s median +3.5 % (−11..+61 %; fast on
  the A100 at TP 4 and 8, +32 / +61 % for Llama-3.1-8B-FP8, where vLLM runs fp8 weights through
  Marlin), E2E +9 %. Mixtral-8x7B and 8x22B (8 points): the first tokens are about right since a
  fresh server's fused-MoE compiles are modelled (TTFT mean +11 %, −2..+111 %; "Fresh containers"
  below; −79 % before), the tokens after them slow — TPOT +75.5 % (+33..+136 %), E2E +41.5 %,
  tokens/s −19 % (−35..−10 %). Simulated, Mixtral-8x7B on two H100s compiles eight kernel
  variants of 1.65 s during its 42 prefill iterations (one per tuned row and divisibility class
  its prefill batches' token counts reach) and one more at its first eager decode step past 256
  sequences, and its last prompt is prefilled at 16.3 s against a measured TTFT p99 of 13.2 s:
  the compile time is fitted on two 10-prompt runs of one or two compiles each, and at 320 prompts
  either fewer variants are compiled than the rule gives or later compiles are shorter — the
  published figures do not tell which. The six vLLM
  0.5.4 runs (H100; no multi-step, no E2E published) are the MoE and fp8 cases plus Mistral-7B at
  TP 1 (+33 % tokens/s): too few to say more. Nothing was fitted on these points.
- **The same vLLM 0.6 runs at 10 and 80 prompts (Lambda, 87 points; 75 held out, the other
  8 fit vLLM 0.6's prefill host time only and 4 its tensor-parallel terms only, below):
  step time by TP at small batches.** Ten or eighty ShareGPT prompts at once make the decode
  step the measure — the step this issue found 2–3× too slow at TP > 1. For the dense 16-bit
  models (Llama-3-8B, Mistral-7B, Llama-3-70B) the TPOT medians come out by TP as follows
  (signed errors, A100 and H100 together, the held-out runs; tokens/s in brackets; before → after
  this stop's fit of vLLM 0.6's own tensor-parallel terms):

  | prompts | TP 1 | TP 2 | TP 4 | TP 8 |
  |---|---|---|---|---|
  | 10, before | −2..+6 % (−9..0) | 0..+1 % (−7..−4) | +6..+32 % (−25..−8) | −48..+89 % (−49..−21) |
  | 10, after | −2..+6 % (−9..0) | −7..−4 % (−2..+3) | −5..+1 % (−4..+2) | −71..−6 % (−7..+26), 2 runs |
  | 80, before | +16..+19 % (−4..0) | +14..+27 % (−4..−1) | +2..+44 % (−21..−3) | +11..+72 % (−41..−7) |
  | 80, after | +16..+19 % (−4..0) | +11..+21 % (+2..+4) | −2..+23 % (−1..+8) | −8..+22 % (−4..+19) |

  (At 10 prompts and TP 8 only Mistral-7B is left held out: −6 % on the A100, −71 % on the
  H100, whose run measures 11.8 ms where its TP 4 run measures 3.7 — an outlier, left in.)
  Two terms scale with the GPUs of the group: V0's hand-off of each step's inputs to each peer
  worker (`tp_step_overhead_us_per_peer`), which the preset carried from vLLM 0.4–0.5's fit on
  Argonne's static batches (219.5 µs, 1.5 ms a step at TP 8), and the wait for the slowest GPU
  at each all-reduce (`all_reduce_skew_us_per_peer`), every engine's 4.0 ± 10.3 µs fitted on
  SGLang's H200 ITL, where it is lost in the error (1.8 ms a step for Llama-3-8B at TP 8).
  Together they made vLLM 0.6's small steps at TP 4–8 up to 90 % slow (Llama-3-8B on eight
  H100s: 3.26 ms measured, 6.18 ms simulated). **Fitted this stop on vLLM 0.6's own runs**:
  `simserve validate serving --fit` fits both together (`BoundedLeastSquares`, then two-parameter `PairFit`, on the TPOT medians) on
  `ServingPointScenario.tensorParallelFitPoints`, Lambda's 10-prompt runs of Llama-3-8B and
  Llama-3-70B at TP 8 on both GPUs (64 and 160 all-reduces a step tell the two apart): hand-off
  0 ± 98 µs (the range's floor; from mid-2024 vLLM broadcasts each step's metadata to the
  workers of one node through a shared-memory queue, vllm-project/vllm#5755's thread, so the
  hand-off need not grow with them) and skew 1.42 ± 1.33 µs, vLLM 0.6's own (the other
  engines keep the shared fit; `vllm-v0.5` keeps Argonne's terms). On those fit points the step
  is within 8 % (it was +16..+89 %). Held out, every Lambda vLLM 0.6 run: TPOT median absolute
  error 20 → 13 %, tokens/s 12 → 7 %, E2E 14 → 13 %, TTFT unchanged; over every source's held-out
  points ITL 19 → 16 %, E2E 14 → 13 %, request and token throughput 13.5 / 12 → 10 / 9 % (the 382
  points held out both before and after). AccelMark's vLLM 0.7 (V0) runs at TP 8 move with it
  (A100-40GB TPOT +10 → −6 %; H200 −18 → −43 %, whose machine is slow in every engine, below). Earlier
  diagnoses that led here: with the shared skew refitted on more TP 4–8 runs (1.8 ± 7.5 µs) SGLang's
  H200 runs and vLLM 0.6's could not both be served; a wait in proportion to each rank's work
  (σ = 0.18 ± 0.15) charged large batches' GEMMs a wait their runs do not show; a constant per
  all-reduce × E[max of t normals] (13.6 ± 8.4 µs) left the small models at TP 8 +73 %. TTFT, before the refit below: −31..+16 % at 10 prompts (dense; the 70B runs long,
  the small models short) and −11..−64 % at 80 (the early first tokens of the 320-prompt runs);
  Mixtral's −83..−96 % (its prefill, as above). The 10-prompt runs showed the form of the
  prefill host term: per layer only (266 µs, fitted on SGLang's H200 runs of 80 and 126 layers,
  carried to vLLM V0) it made the 70B runs (80 layers) slow and the 8B runs (32 layers) fast.
  **Refitted this stop, per layer and per iteration, each engine on its own fit points**
  (above; `BoundedLeastSquares`, then two-parameter `PairFit`: Levenberg–Marquardt on the TTFT's relative errors finished by a pattern search at 20 µs and 500 µs, ± from its Jacobian):
  SGLang 174 ± 23 µs per layer and 6.0 ± 1.2 ms per iteration (the chat endpoint's request
  path, which adds to the TTFT of its one-H100 fit point too, is fitted in turn with it and
  comes out 0: the per-iteration part holds it); vLLM 0.6 81 ± 461 µs and
  13.2 ± 17.4 ms — on its eight Lambda fit points (32 and 80 layers) the two parts are nearly
  one (their sum over a prefill is what is fixed; the spread says so), and the data put the time
  in the per-iteration part: the prompts' inputs and attention metadata built in Python, their
  first tokens sampled and handed back, which do not grow with depth. Held out (the 388 points
  held out in both; baseline first): TTFT median 34 → 30.5 %, TTFT mean (the 320-prompt runs)
  42.5 → 35.5 %, TTFT p99 36 → 28 %, ITL 16 → 16 %, E2E 14.5 → 14.5 %, request throughput
  13 → 14 %, tokens/s 13 → 13 %. Lambda's dense runs: 10 prompts TTFT signed median 0 %
  (−67..+14 %), 80 prompts −32 % (−57..−15 %), 320 prompts TTFT mean −32 % (from −41 %), p99
  −14 % (from −26 %); the TTFT under bursts is still early, and the 10-prompt TPOT at TP 4–8
  a little slower (signed median +6 → +12 %: each prefill iteration before the decodes costs
  more). SGLang's larger per-iteration part slows every prefill between its decode steps:
  AccelMark's SGLang 0.5 runs under load come out TPOT median absolute 17 → 23 % (signed +6 →
  +7 %) while their TTFT goes 13 → 12 %. Tried, not kept: the V0 preset's eager layers given a
  host floor (`eager_layer_host_us` = 346 µs, vllm-v0.2's figure from Splitwise's DGX H100), so
  that small prefills at TP 4–8, where the measured TTFT stops falling with TP, are bound by the
  host issuing their layers: refitted with it the per-iteration part falls to 10.5 ms and the
  held-out medians do not move (TTFT 30.5 → 30.0 %, TTFT mean 35.5 → 36.5 %, p99 28 → 29 %;
  the 320-prompt TTFT mean −32 → −34 %). AccelMark's in-process vLLM 0.7 (V0) host time per sequence was refitted after it
  (118 → 102 µs, below) and SGLang 0.5's eager decode time (655.5 µs → 0: the prefill
  iterations between its steps now carry that time). The earlier presets of the family
  (`vllm-v0.2` on Splitwise's prompt times, `vllm-v0.5` on Argonne's static batches) keep the
  earlier per-layer figure, with which their own checks were fitted.
- **Percentiles as the clients read them (fifteenth stop).** Every source's client reads medians
  and tails with NumPy (`np.percentile`, `np.median`: vLLM's and SGLang's `bench_serving`,
  AccelMark's load generator), which interpolates between the two samples around the rank; the
  report compared them with simserve's own nearest-rank percentiles. With ten requests the two
  differ by half the gap between the 5th and 6th: Lambda's ten Mistral-7B prompts on one A100
  have outputs of 26 and 129 tokens in the middle, E2E 483 and 1,573 ms, and the published
  median is their mean, 1,030 ms, where nearest rank gives the 5th (simulated 450 → 1,067 ms:
  −56 → +4 %). The report now reads the simulated TTFT, TPOT and E2E percentiles the clients'
  way from every measured request (`ClientRun`, `PercentileDefinition.linear`); simserve's own
  summaries keep nearest rank. Refitted on it (`validate serving --fit`, the fit scripts): the
  vLLM 0.6 prefill host time 593 → 567 µs per layer, per request 1,770 → 1,846 µs; SGLang's
  174 / 5,995 → 197 / 5,043 µs; vLLM 0.6's skew 1.42 → 1.48 µs; AccelMark's in-process V0 time
  per sequence 93.7 → 95.8 µs. Held out (381 points, medians of |error|): E2E 12.7 → 9.3 %
  (Lambda's ten-prompt runs −22 → −4 % signed), TTFT 21.4 → 20.8 %, ITL 14.5 → 14.3 %,
  request throughput 10.4 → 10.2 %; the rest within 0.1.
- **Weight-only GEMMs: Marlin's own rate (fifteenth stop).** int8 and int4 weights run through
  Marlin (vLLM's compressed-tensors W8A16/W4A16 and `gptq_marlin`, SGLang's), and fp8 weights on
  a GPU without fp8 tensor cores through its fp8 variant: the packed weights are dequantised in
  registers and multiplied on the 16-bit tensor cores, in blocks of 16 rows. They were modelled
  as a 16-bit GEMM reading fewer bytes, i.e. at cuBLAS's compute rate once compute-bound, which
  made every large batch and prefill with such weights too fast: AccelMark's offline int8 runs
  on A100s +15 / +16 % (vLLM 0.7; the same runs in bf16 +1 %), Lambda's fp8 Llama-3.1 on A100s
  TTFT −12 to −43 % (Marlin fp8: the measured bursts' first tokens come later than bf16's on the
  same GPU, 1,652 against 1,206 ms at 80 prompts on one A100), gpustack's fp8 Qwen3 on one A100
  −46 / −51 % in TTFT. Modelled now with the GPU's own figures (`weight_only_compute_efficiency`,
  `weight_only_tile_rows`; unset on a GPU, the 16-bit GEMM's): on the A100s 16 rows (Marlin's
  `thread_m_blocks` × 16) and 0.459 of the 16-bit peak (cuBLAS: 0.738; 0.536 since Marlin's fixed
  time per launch, twenty-third stop, above), fitted by
  `scripts/fit-point-terms.py` on one point, AccelMark's offline vLLM 0.7 run of
  Llama-3.1-8B W8A16 on one A100-80GB (2,661 tokens/s; it was +16 %), now a fit point. Held out
  (380 points, medians of |error|, before → after): TTFT p50 20.8 → 21.4 %, TTFT mean 8.9 → 8.6
  %, p99 21.9 → 20.9 %, ITL 14.3 → 13.9 %, E2E 9.3 → 8.7 %, request throughput 10.2 → 9.6 %,
  output tokens/s 9.6 → 8.7 %. Lambda's A100 fp8 runs: TTFT from −9..−43 % to −37..+24 %
  (70B −20 → +10 % typical, the 8B at TP 4–8 still −20 to −37 %), their step −44..+29 % to
  −39..+12 %; AccelMark's A100-40GB int8 offline run +15 → +2 %, vLLM 0.20's int8 offline +41 →
  +28 %; gpustack's A100 fp8 Qwen3-14B/32B TTFT −51 / −46 → −32 / −23 %, tokens/s +20 / +24 →
  0 / +1 %. Where it breaks: one rate for all batch sizes is a large-batch figure — Marlin is
  near its ideal at a few dozen rows, where this makes it slow: AccelMark's int8 runs at 10 req/s
  (vLLM 0.7, batches of ~50–150) come out +22 / +31 % in TPOT (from −5 / +5 %), and its fp8 and
  int8 A100 runs at 25 and 50 req/s, whose queues sit at the edge of the GPU's capacity, go from
  TTFT −28..+7 % to +89..+193 % (AccelMark's TTFT median 26 → 30 %, which alone makes the TTFT
  p50 over all held-out points worse). The H100/H200's weight-only kernels (Machete in vLLM's
  compressed-tensors path on Hopper) are not fitted: those GPUs keep the 16-bit figures. A
  check of the fitted rate's size, from the kernel's code rather than a fit: Marlin serves more
  than 64 rows as independent 64-row problems (`par`), each reading the whole weight matrix, so
  its weight traffic grows as ⌈m / 64⌉; at cuBLAS's compute rate with that traffic (tried, not
  shipped) the fit point comes out at 2,741 tokens/s (+3 %, no parameter fitted), the A100-40GB
  int8 offline run −4 %, and the held-out medians within 0.6 points of the fitted form's (TTFT
  20.8 against 20.2 %, ITL 14.2 against 13.9 %, E2E 8.7, tokens/s 8.6 against 8.7 %), with the
  same +22 % at 10 req/s — the two forms agree on these batch sizes; the fitted one is kept.
  Tried (eighteenth stop), not kept: a fixed time of Marlin's own per GEMM
  (`weight_only_gemm_launch_us`, a temporary build; the GPU's `kernel_launch_us`, 4.78 µs on the
  A100s, is what it runs with), for the 8B fp8 runs at TP 4–8 that stay too fast (their measured
  step is slower than bf16's there, 1.05–1.19×, where the model has 0.66–0.86×: small per-GPU
  GEMMs). Scanned on Lambda's 22 held-out A100 fp8 runs (`scripts/scan-serving-figure.py`): 4.78 /
  8 / 10 / 15 / 20 µs give step medians 12.1 / 9.3 / 5.5 / 12.9 / 17.0 % and tokens/s 8.3 / 6.7 /
  7.7 / 12.5 / 14.1 %; over all 195 held-out A100 points the medians move by at most 0.9 points.
  The two TP 8 runs that would fit it ask for different values — 10 µs at 10 prompts, 20 µs at 80
  (tokens/s) — so the cost grows with the batch and is not a fixed time; no form that follows it
  (Marlin's work split over few output columns) has data to fit here.
- **vLLM 0.20's request path in AccelMark's process (fifteenth stop).** AccelMark runs vLLM 0.20's
  `AsyncLLM` in its own Python process; one request at a time, with its prompt already cached,
  a first token takes 27.8 ms on one A100-80GB against a 10.8 ms step, 10.3 ms on one B200
  against 3.45 ms: a request path (input processing and tokenisation, the prompt's block hashes,
  the hand-off to the engine-core process and the first output's way back to the awaiting
  client) and one step — simulated, one step (−56 / −64 %). Fitted on those two runs as the
  streaming runs' `request_overhead_ms` (scripts/fit-point-terms.py, TTFT medians): 7.7 ±
  4.5 ms (each alone 15.6 and 6.6 ms); its offline runs (`LLM.generate`) carry none. Held out,
  the other 18 streaming vLLM 0.20 runs: TTFT at 5–10 req/s from −12..−51 % to −37..+18 % (bf16
  on the A100 −12 / −13 / −29 → +7 / +5 / −15 %, its int8 and int4 runs −35..−51 → −18..−37 %,
  the B200 at 5 and 25 req/s −36 / −41 → +18 / +7 %), at 100 req/s on the B200 +24 → +50 %, and
  the A100 runs at 25–50 req/s, at the edge of capacity, unchanged (+107..+2072 %). AccelMark's
  TTFT median 30.0 → 26.5 %, p99 45 → 41 %; over every held-out point TTFT 21.4 → 20.2 %. Where
  it breaks: the two machines' own values (15.6, 6.6 ms) say the host sets this path, and one
  figure carries neither.
- **SGLang's request path holds no GPU (sixteenth stop).** SGLang's host time beyond its layers was
  fitted as a time per prefill iteration (5,043 ± 749 µs), which the simulation spends on the
  GPU's timeline: every arrival stalled every running request's decoding by it. In SGLang it is
  the request's way through the tokenizer process, the scheduler's hand-off and the
  detokenizer process (ZMQ between them, behind the HTTP server and behind `sgl.Engine`
  alike), and the scheduler's own preparation of a batch overlaps the GPU (the overlap
  scheduler): a latency of that request, not a stall. Refitted as such (`validate serving
  --fit`, the same six light fit points): 204 ± 13 µs per layer (was 197 ± 16) and a request
  path of 4.6 ± 0.9 ms (`request_overhead_ms`, set on every SGLang point:
  `ServingPointScenario.requestPathEngines`), nothing per iteration; the fit points' TTFT
  within −4..+2 % as before. Held out (378 points, medians of |error|, before → after): TTFT
  p50 20.2 → 20.0 %, p99 20.6 → 20.6 %, ITL 13.9 → 13.9 %, E2E 8.7 → 8.7 %, request
  throughput 9.6 → 9.4 %, output tokens/s 8.7 → 8.4 %; AccelMark's step time 22.1 → 20.3 %
  (its SGLang 0.5 runs on one A100-80GB at 5–25 req/s: TPOT +26..+54 % → +15..+44 %; SGLang on
  A100-80GB × 1, 19 runs: 24.6 → 15.5 %), the SGLang 0.3 runs' TTFT 14.6 → 13.0 %, while the
  SGLang 0.4 H200 runs' TTFT goes 13.1 → 15.5 % (their heavier loads, whose first tokens were
  already early, lose the stall of the prefills before them). Refitted after it
  (`scripts/fit-point-terms.py`): SGLang 0.5's eager decode step, 0 → 512.3 µs on its one
  point (the held-out medians unchanged); the script's other terms stay where they were. Where
  it still breaks: the same
  A100 runs stay slow per token because the step itself is (one request at a time, 12.7 ms
  simulated against 11.0 measured: the A100's small-batch GEMMs at ~70 % of HBM bandwidth, the
  rate of Vidur's A100 profile, where this machine reaches ~80 %), and the per-layer host time
  still adds to each prefill's kernels rather than overlapping them.
  Tried that stop, not kept: (1) SGLang's per-layer host time as a floor under its kernels
  (`eager_layer_host_us`, the host issuing the layers while the GPU runs them) instead of an
  addition to them, fitted the same way: 625 ± 144 µs, and held out TTFT 20.5 → 23.6 % (`--fit`'s report); (2)
  vLLM 0.6's per-layer prefill host time at 250 µs instead of the fitted 567 (what its Poisson
  runs under load ask for): ITL 13.9 → 13.2 % but TTFT 20.0 → 24.4 %, E2E 8.7 → 10.8 %,
  request throughput 9.4 → 10.6 % — the bursts that fit it and the loads that hold it out still
  want different figures; (3) vLLM 0.20's host time per sequence at vLLM 0.11's fitted 43.3 µs
  (`vllm-async`, overlapping the kernels under async scheduling) instead of the 2 µs estimate:
  B200 offline tokens/s +21 → +2 %, its 100 req/s step −22 → +12 %, ITL 13.9 → 13.7 %, output
  tokens/s 8.4 → 8.2 %, but the B200 fp8 offline run +2 → −20 % and the 100 req/s run's TTFT
  +50 → +958 % (it would count as driven into saturation); (4) AccelMark's vLLM 0.7 host time
  per sequence overlapping the kernels (V0's asynchronous output processing) instead of adding
  to them: refitted at 239 ± 95 µs with its two fit points' own best values 429 and 239 µs,
  far less consistent than the additive form's 83 and 105 µs; (5) vLLM 0.6's own eager decode
  step in place of SGLang 0.4's 58.4 ms: Lambda's 320-prompt Llama-3-8B runs at TP 1 ask for
  0–22 ms (A100: TPOT median 0, E2E median ~22 ms; H100: ~5 and ~6 ms), and held out at 0 /
  10 / 25 ms ITL 13.9 → 13.1 / 13.0 / 12.8 %, E2E 8.7 → 8.6 / 8.2 / 8.5 %, but request
  throughput 9.4 → 10.0 / 9.9 / 9.8 % and tokens/s 8.4 → 9.2 / 8.9 / 8.8 % (the 320-prompt runs
  of the small models at TP 4–8 go from TPOT +15..+39 % to −11..−24 % and tokens/s from
  −4..+1 % to +9..+19 %); with none and the layers floored at the host's issue time
  (`eager_layer_host_us` 346 µs, so small per-GPU batches at TP 8 stay host-bound) the same
  (13.1 / 10.0 / 9.1 %). One eager figure cannot serve TP 1 and TP 8 here.
- **vLLM 0.5–0.6's fp8 GEMMs stream their weights at their own rate (seventeenth stop).** Lambda's
  fp8 Llama-3.1 runs on H100s (vLLM 0.6.0, and 0.5.4 for two) came out too fast where their
  dense bf16 twins did not: over the 22 held-out runs output tokens/s −4..+16 % and step times
  −16..+5 % (median |error| 10.6 and 8.3 %; one vLLM 0.5.4 run +51 / −30 %), the dense bf16 runs
  of the same set −6..+6 % in tokens/s. The fp8 figures of
  the h100-sxm preset are today's kernels' (aiconfigurator's 2026 rows), while the vLLM of
  mid-2024 ran its CUTLASS `scaled_mm` as its CUDA 12.1 wheels built it — the same generation
  whose cuBLAS the `cublas-12.1` library already stands for. Scanned one figure at a time
  against those 22 runs (`scripts/scan-serving-figure.py 'lambda.*h100.*fp8' KEY VALUES`, the
  others at today's figures; medians of |error| over the 22): the fp8 GEMMs' rate on their
  weight read explains the gap (0.874 → 0.70: step 8.3 → 3.7 %, tokens/s 10.6 → 3.2 %, TTFT
  6.9 → 7.7 %), their fixed time less well (6 → 10 µs: step 4.5 %, tokens/s 4.3 %; 20 µs
  overshoots: 19.1 / 16.2 %), their compute rate not at all (0.79 → 0.45: tokens/s 5.9 % but
  TTFT 6.9 → 13.6 %). Modelled as the generation's own figure
  (`cublas_12_1_gemm.fp8_memory_efficiency`, used by fp8 GEMMs on fp8 tensor cores for an
  engine with `gemm_library = "cublas-12.1"`; unset, the GPU's own) and fitted by
  `scripts/fit-point-terms.py` on the output tokens/s of the fp8 twins of Lambda's 16-bit fit
  points, 80 prompts at once to Llama-3.1-8B-FP8 on one H100 and Llama-3.1-70B-FP8 on two
  (`ServingPointScenario.fp8GemmGenerationFitPoints`, now fit points): 0.678 ± 0.024 (each alone
  0.649 and 0.697; the two go +15 / +15 → +2 / −2 %). Held out (376 points, medians of |error|,
  before → after): ITL 13.9 → 13.2 %, E2E 8.7 → 8.5 %, request throughput 9.4 → 7.5 %, output
  tokens/s 8.4 → 6.5 %, TTFT p50 20.0 → 20.0 %, p99 20.6 → 20.8 %; Lambda's vLLM 0.6 set: ITL
  8.1 → 6.9 %, request throughput 5.9 → 4.4 %, tokens/s 5.9 → 4.5 %; its 20 other H100 fp8 runs
  of vLLM 0.6 and two of 0.5.4 (the scan script, 0.874 → the preset): step 8.3 → 2.9 %, TTFT
  6.9 → 7.8 %, tokens/s 10.6 → 2.7 %. Tried, not kept, for the 80-prompt bursts' first tokens (still −20..−32 % on the 8B at TP 1–8, where the
  measured fp8 bursts are no faster than their bf16 twins: 546 against 522 ms on one H100): the
  compute rate lowered with it (0.79 → 0.7 or 0.6: over the 22 runs TTFT 7.8 → 8.4 / 9.0 %,
  tokens/s 2.7 → 3.0 / 4.2 %), or the input's quantisation slowed (706 → 300 / 150 GB/s: the
  bursts' TTFT −23 → −17 / −6 % on one H100, but over the 22 runs TTFT 7.8 → 10.6 / 20.0 % and
  step 2.9 → 3.3 / 7.2 %). Where it
  breaks: vLLM 0.5.4's 320-prompt 8B run at TP 4 stays +48 % in tokens/s (the one dense bf16
  run of that version, Mistral-7B at TP 1, is +33 %: a cost of 0.5.4's, not of fp8's), and the
  bursts' first tokens in fp8 stay early, as above.
  Also tried in the seventeenth stop on AccelMark's int4 runs (GPTQ's ExLlama path), not kept,
  each with a temporary build (neither form is a figure of the model a scan can set): (1) the fused
  path (up to 50 rows) on the CUDA cores rather than the tensor cores (its `dot22_8` half2 FMAs;
  an A100's 78 TFLOPS, on every GPU): the offline int4 runs on A100s and the H100 go from
  +17..+29 % to +2..+16 % in tokens/s, but vLLM 0.7's int4 run at 5 req/s from ITL −2 % to +244 % (its
  measured 14.4 ms steps at a few dozen sequences leave no room for it); (2) the dequantisation
  pass past 50 rows at 0.5–0.7 of the GEMMs' bandwidth: 0.5 brings those offline runs to
  −8..−1 %, but vLLM 0.20's online int4 runs at 25–50 req/s from ITL +31 % to +76 % (their
  measured 25 ms steps, at batches far past 50, are what the pass at the full rate gives). The
  offline and online runs of the same kernel disagree, so neither figure is fitted.
- **vLLM V0's engine loop adds each arriving request before its next step (fourteenth stop).** The
  prefill host time above was fitted on Lambda's bursts of 10 and 80 prompts sent through
  vLLM 0.6's API server, and held out it made AccelMark's vLLM 0.7 runs of one request at a time
  (the same V0 engine loop, in-process: no HTTP) 37–132 % slow in TTFT on one GPU (Llama-3-8B:
  A100-40GB 39.8 ms measured, 65.7 simulated; A100-80GB 46.5 / 63.6; H100 20.1 / 46.6; median
  +37 % over its nine such runs): 37 ms of host time per prefill of 32 layers where those runs
  leave 11–20 ms. What the bursts carry beyond one prefill is read in Lambda's per-request
  first-token times (the files' `ttfts`): eighty prompts to Llama-3-8B on eight A100s get their
  first tokens in groups ~37 ms apart (one prefill step each) from 0.54 s to 0.99 s, so the first
  prefill ended about half a second after the burst; on one A100 the groups are ~100 ms apart
  from 0.59 s; at 320 prompts the first group comes at 1.28 s, at 10 prompts the whole prefill
  ends by 70 ms. vLLM V0's `AsyncLLMEngine.engine_step` adds every request that arrived since its
  last step before it schedules (input processing, the sequence objects, the request's log line),
  so a burst of N holds the first iteration back by N × that time. Modelled as such
  (`request_admission_us`: the engine loop's time per arriving request, added to the iteration
  after its arrival; 0 unless set) and fitted with the prefill host time, three terms together
  (`BoundedLeastSquares`, the two-parameter fit generalised; the same eight fit points, TTFT and
  the bursts' E2E): 593 ± 312 µs per layer, 0 ± 25,728 µs per iteration (the range's floor) and
  1,770 ± 2,118 µs per request (from 708 µs and 14,515 µs with no request term), in the
  `vllm-v0` preset. The bursts of 10 and 80 prompts tell the request term from the prefill's;
  the spread says the three are far from independent on eight points. AccelMark's in-process V0
  host time per sequence, fitted after it (`scripts/fit-point-terms.py`), goes 66.4 → 93.7 ±
  14.0 µs. Held out (the 382 points held out before and after; the report's medians of |error|,
  before → after): TTFT p50 22.6 → 21.4 %, TTFT mean 12.7 → 8.9 %, TTFT p99 25.2 → 22.0 %, ITL
  17.1 → 14.5 %, E2E 12.9 → 12.7 %, request throughput 9.9 → 10.4 %, output tokens/s 8.9 → 9.6 %
  (AccelMark's V0 offline runs, whose per-sequence time rose with the refit: −9 → −19 % on one
  H100, until they were given their own, below; the output tokens/s median is 9.6 % with it, over
  381 held-out points, the offline fit point no longer among them). AccelMark's one-request V0 runs: TTFT median +37 → +2 % (−46..+50 %; median absolute
  37 → 23 %), their whole TTFT set 35 → 25 %; Lambda's TTFT 13 → 12 %, TPOT 13 → 11 %. Tried
  first and not kept: the engine held while a serial API front end (`front_end_request_ms`)
  takes the burst in, which fits Lambda alone (3 ms per request) but leaves no prefill host time
  for SGLang-launched vLLM 0.6 and AccelMark (TTFT over all held-out points 19 → 20.5 %); and an
  API server that streams every token in turn with its intake (per-token time 50–400 µs, tokens
  waiting for one client merged into one chunk), tried on gpustack's vLLM 0.11 runs of 1,000
  requests at once: it moves their TTFT by under 1 % until the streaming saturates the server,
  and then it collapses their ITL (tokens delivered in bulk) where the measured runs show long
  steps (ITL 60–580 ms) — the requests reached those engines quickly; their steps are slow.
- **Fresh containers: the fused-MoE kernel's compile (twelfth stop).** Lambda's ten Mixtral prompts
  at once wait 1.68–1.85 s for their first token on every GPU and TP (A100 TP 2/4/8: 1714, 1679,
  1760 ms; H100: 1846, 1750, 1731; Mixtral-8x22B 1778), where one prefill of ~1,600 tokens takes
  tens of ms and the dense models' runs match within ~15 %: a fixed cost on the CPU. Lambda's
  script (`benchmark_1x2x4x8x.sh`) runs every prompt count and TP in a new `docker run --rm`,
  so Triton's cache is empty, and vLLM's fused-MoE kernel is JIT-compiled per tuned row of its
  configuration table (keyed by the batch's token count) and per divisibility by 16 of two of its
  integer arguments (2M and 2M − E(…) for Mixtral); the server compiles the variants of its
  profiling batch and captured decode batches before serving, and the first batch that needs
  any other waits. Modelled as such (`FusedMoEKernelVariants`, `moe_kernel_compile_ms`, 0 in the
  presets: a server whose cache holds the kernels never pays it; set for Lambda's points only),
  with an all-at-once run's prompts gathered into the engine's first step (every 10-prompt TTFT
  is within 2 ms of its mean: one batch; before, the first prompt ran alone). Fitted on the two
  10-prompt Mixtral-8x7B runs at TP 2 (A100, H100): 1,651 ± 110 ms per variant. The gathering
  changes vLLM 0.6's prefill fit points too: refitted (with their bursts' E2E beside the TTFT,
  which pins the split better) to 680 ± 329 µs per layer and 15.4 ± 12.4 ms per iteration
  (from 81 and 13.2), and AccelMark's in-process V0 host time per sequence 102 → 66 µs.
  Held out (386 points held out both before and after; baseline first, medians of |error|):
  TTFT 32 → 19 % (report: 31.0 → 21.9 %), TTFT mean of the 320-prompt runs 36.1 → 12.3 %,
  TTFT p99 27.6 → 25.7 %, E2E 14.7 → 14.5 %, tokens/s 12.9 → 12.3 %, request throughput
  13.9 → 13.9 %, **ITL 15.9 → 19.2 % (worse)**. By group (signed medians, baseline first):
  Mixtral 10 prompts (5 held out) TTFT −95 → −1 %, E2E −48 → +7 %; 80 prompts (6) TTFT
  −92 → −17 %, E2E −68 → −6 %; 320 prompts (11) TTFT mean −79 → +15 %, p99 −76 → +19 %,
  E2E −52 → +45 %, tokens/s +42 → −17 %, TPOT −15 → +65 %. Where it breaks: at 320 prompts the
  model compiles too often after the first prefills — ten variants on Mixtral-8x7B at TP 4 on
  A100 (seven prefill rows and divisibilities, the last partial prefill, two eager decode
  batches past the 256 captured), while the measured E2E is the TTFT plus the decode time, as
  if no compile followed the early prefills; with compiles per row only (no divisibility), the
  10- and 80-prompt TTFTs come out −64 % short instead. Which variants a real run compiles (the
  Triton version's specialisation rules, identical configurations shared between rows) is not
  known from these files; the A100 TP 2 run's own first tokens (its file's per-request `ttfts`)
  arrive in groups with gaps of 1.58–1.68 s at 2.78 → 4.46, 4.61 → 6.26, 7.23 → 8.83 and 12.83 →
  14.41 s — about five compiles in its prefill phase, the first inside the 2.78 s, where the
  model has eight (vLLM's current A100 table for these shapes, E=8, N=7168, gives the 1,024-,
  1,536- and 2,048-token rows three different configurations, so sharing between them does not
  explain the difference). The H100 runs' files (per-request `ttfts` and first gaps, read at
  the twenty-fourth stop) say the same from the other side: Mixtral-8x7B at TP 2 with 80 prompts
  waits 1.67–1.77 s four times after its first prefill (first tokens in groups at 2.06, 3.74–3.80,
  5.50, 7.27–7.57 and 9.26 s; every second chunk at 9.47 s), five compiles in 13 prefill batches
  where the model has three, and in the model's packing of its prompts the third and fifth
  batches need variants the first two already compiled under any grouping of rows and
  divisibility classes; at TP 4 with 320 prompts it waits twice (2.96 → 4.74 and 5.78 → 7.99 s)
  in 42 prefill batches, where the model waits seven times and twice more at its first eager
  decode steps (measured, every second chunk arrives at 8.2 s: no wait once decoding starts).
  The measured runs compile three to five times whatever the number of prefill batches, which
  no variant rule read from vLLM's tables and Triton's specialisation gives; what triggers the
  waits is not known here, and the model is left as it is. Dense runs: Lambda 320 prompts TTFT mean −34 → −12 %, p99 −18 →
  +13 %, TPOT +7 → +19 %; 10 and 80 prompts TTFT −19 → −11 %, TPOT +9 → +16 %; the V0 runs of
  SGLang's benchmark (Poisson, 6 held out) TTFT −17 → +2 % but TPOT +2 → +23 % and E2E 0 →
  +22 % (Llama-3.1-70B at TP 4, 8 req/s: TPOT +51 %): the larger per-layer part slows every
  prefill between their decode steps — the per-layer/per-iteration split that Lambda's 32- and
  80-layer bursts fix is not the one V0 under Poisson load shows. AccelMark's V0 runs: TTFT
  signed −29 → +7 % (|error| 33 → 36 %), TPOT |error| 16 → 18 %, offline tokens/s |error| 11 →
  9 %. A decode pool's first step for a request handed over by a prefill pool is now a decode
  step, not a one-token prefill (which charged it the prefill host time; section
  "Disaggregation").
- **TTFT p99** (compared where a source publishes it: 315 held-out points of AccelMark,
  gpustack, Lambda and the vLLM V1 runs): median error 28 %, and the simulated tail is
  short almost everywhere — AccelMark −17 to −85 % (signed medians by engine and load; the
  one-request-at-a-time runs most), gpustack −36 % (48 of 56 short), Lambda's runs of 320
  prompts at once −18 % (dense) to −76 % (MoE, above), the vLLM V1 runs on eight
  A100-40GB the other way (−5 to +178 %, the 16 req/s run the most: the same mixed steps that
  make its median +99 %). The measured 99th percentiles pool three runs (AccelMark) of
  in-process Python engines, where one slow run, a pause of the interpreter or the first run's
  cold prompts sets the tail; the model has no such variance. Read simserve's p99 TTFT as a
  lower bound wherever the engine's host time varies from request to request.
- **AccelMark (171 points; seven fit terms of their own — the engines' four below, the A100's
  weight-only GEMM rate on one and vLLM 0.20's request path on two, above —, the other 164 are
  held out).** Poisson runs
  at 2–100 req/s, one-at-a-time runs and 100 prompts at once of Llama-3-8B and Llama-3.1-8B (one
  H100, H200, A100-40/80GB, B200, L4; Llama-3.1-8B also as fp8, int8 and int4 weight-only
  checkpoints), Llama-3-70B and Mixtral-8x7B (eight H200 or A100-40GB, TP 8) through vLLM 0.7.3
  (V0), vLLM 0.20.1 (V1) and SGLang 0.5.6, engines in-process; TTFT and TPOT medians and
  offline output tokens/s only, output lengths known by their mean (derived; their spread from
  two means, item 5). Three things about how these runs were made, read from the runner's code this
  stop, moved them most (held-out medians over the AccelMark points: TTFT 40.1 → 33.7 %,
  TPOT 32.3 → 19.2 %, offline output tokens/s 25.9 → 17.5 %; points predicted saturated that
  the engines served, 3 → 1; the fourth, below, and the int4 kernels of vLLM's streamed runs
  (the last saturated point, below) were read from it in a later stop):
  1. *Batch limits.* The streaming scenarios build `AsyncEngineArgs` without `max_num_seqs`,
     so vLLM's defaults hold: V0 256 sequences; V1's `AsyncLLM.from_engine_args` passes a
     usage context its defaults table lacks, which falls through to `SchedulerConfig`'s 128
     sequences in 2,048-token steps. Only the offline scenario passes 512 (and V1 then takes
     the `LLM` class's 8,192 / 16,384-token budget). With 512 simulated everywhere, vLLM 0.20 on
     A100-80GB under load came out TPOT +56 to +83 %; with 128 it is −2 to −20 % (bf16), and
     its TTFT tail and run time are of the measured size (Llama-3-8B at 25 req/s: p90 2.6 s
     simulated, 4.3 s measured; 22.8 s per run simulated, 25.0 s measured), which only a
     binding cap gives.
  2. *vLLM 0.7 in-process.* The V0 engine runs in the load generator's own Python process, so
     every step's per-sequence work (scheduling, output processing, the client's streaming of
     each token) shares one interpreter: its TPOT at 5 and 25 req/s on one A100-80GB (21.7 and
     68.9 ms) fits a host time per sequence and step of 96.8 ± 18.3 µs with the answers'
     spread of item 5 (each point alone 78.7 / 115.4; 93.7 ± 14.0 µs with the earlier spread,
     `scripts/fit-point-terms.py`, after the V0 preset's prefill host time and its
     time to add each arriving request; 66 ± 28 µs before them; 102 ± 9 µs
     with the prefill fit of the first step split in two, 118 ± 3 µs with the earlier
     per-layer figure), where the preset's 6 µs gave 16.6 and 43.6 ms. When
     first fitted, V0 under load went from TPOT −20 % (median, signed) to 0 % (median absolute
     35 → 19 %) and V0 offline output tokens/s from +33 % to −14 % (absolute 33 → 16 %); now
     −6 % (absolute 18 %) and −10 % (absolute 11 %). The fitted figure is set for AccelMark's V0 points only.
     Its offline runs (`LLM.generate` on the whole list: every step's scheduling and output
     processing, no token streamed through an event loop to a waiting client) carry their own
     figure, 56.5 µs (55.8 with the earlier spread), fitted on the output tokens/s of the Llama-3-8B run on one
     A100-80GB (2,697 tokens/s; the streaming figure, 93.7 µs, left it −9 %): the other 24
     offline V0 runs, held out, come out median absolute 8.5 % (signed +7.5 %; the bf16 and fp8
     runs −8..+12 %, the int8/int4 weight-only runs +9..+40 %, their GEMMs fast at batches near
     100), from 9.5 % (−7 %) with the streaming figure and 7.0 % (+3.5 %) with the earlier 66.4 µs. It is a
     figure of one machine's host CPU: at 25–100 req/s the same software on the single-H100
     and A100-40GB machines comes out TPOT +48 / +61 % and +23 / +19 % with it (their hosts
     spend less per sequence; at 5 req/s +4 % and +16 %).
  3. *Repeated prompts.* Every scenario sends the same prompt list run after run in one engine
     process (three runs per rate, the rates in turn; offline a discarded warm-up pass), and
     greedy decoding repeats the answers: SGLang's radix cache and vLLM V1's prefix caching
     (both on by default) serve the later runs' prompts from the first run's KV. Modelled as a
     `workload.prompt_pool` with prefix caching on (warm where every pooled run followed one
     with the same prompts; three passes from cold at each suite's first rate and one request
     at a time). SGLang 0.5.6 under load: TTFT +64 % → −4 % (median signed; absolute 64 →
     12 %), TPOT +32 % → +14 %, and the three points it served at 50–100 req/s that came out
     saturated (TTFT 0.6–1.9 s against 51–60 ms measured) now come out at 46–55 ms. vLLM 0.20
     under load, both changes together: TPOT absolute median 43.5 → 21 %, TTFT 28.5 → 54.5 %
     (worse: its 25 req/s runs sit on the cap's knife edge, below).
  4. *SGLang's streamed answers cut at 224 tokens* (this stop). SGLang's runner lowers any
     `max_new_tokens` above 224 to 224 in its streaming scenarios (runners/nvidia_sglang_c43a8309/runner.py,
     `inference_fn_streaming`; offline keeps 512), so its online and one-at-a-time answers
     are the same greedy answers cut at 224 (`eos_capped[512/224]` in the points file). The
     published runs say so: one request at a time, elapsed ÷ requests − TTFT = (output − 1) ×
     TPOT gives 195, 188 and 198 tokens a request for suites A, B and G on A100s, where vLLM
     0.20's suite-A run gives 351 (the assumed spread, clipped at 224, gives 212). Modelled,
     SGLang's held-out step time on one A100-80GB goes 15.4 → 11.9 % (median absolute; signed
     +15.3 → +10.7 %) and on eight A100-40GB 17.8 → 10.9 % (+12.6 → +6.0 %); its TTFT on one
     A100-80GB 17.8 → 14.6 % (signed −4.4 → −12.2 %); AccelMark's TPOT 19.4 → 17.8 %. The
     loads at 50–100 req/s get slower per token (each prefill, which stalls SGLang's decodes,
     is spread over fewer tokens): SGLang 0.5's eager decode term, fitted at 100 req/s, falls
     to its floor (below).
  5. *The answers' spread* (this stop). Only the answers' mean is known (under 512 tokens,
     from the offline runs); their spread was assumed lognormal with the cv of the dataset's
     reference answers, 0.6. The one-at-a-time runs under SGLang's 224-token cut give a second
     mean of the same answers (item 4: 195 / 188 / 198 tokens for suites A / B / G), which the
     cv 0.6 lognormal puts at 212 / 216 / 211: the engines' greedy answers hold more short ones
     (and more long ones cut at 512). A cv of 1.55 fits the three (least squares of the relative
     error; each suite alone 1.45 / 2.84 / 1.13), and 1.5 is used (`eosOutputCV`); those
     elapsed times are compared nowhere else. Refitted after it (`scripts/fit-point-terms.py`):
     vLLM 0.7's in-process host time per sequence 95.8 → 96.8 µs, its offline figure 55.8 →
     56.5 µs, the rest unchanged. Held out over the AccelMark points (medians of |error|,
     cv 0.6 → 1.5): TTFT 27.6 → 24.6 %, TTFT p99 45.1 → 44.0 % (mean 80 → 55 %: the 256- and
     128-sequence caps' queues at 25–50 req/s drain sooner when more answers are short), TPOT
     17.8 → 16.4 %, offline output tokens/s 6.5 → 6.8 %.
  SGLang 0.5's eager decode step (below) was refitted on its point with the cache modelled:
  655.5 µs (with no cache it sat at its bound, 0); with SGLang's prefill host time refitted per
  layer and per iteration, 0; with SGLang's request path a latency instead (sixteenth stop), 512.3 µs;
  with the runner's 224-token cut on SGLang's streamed answers (below), 0 again. What is still off: one request at a time
  the cached engines' TTFT comes out short (SGLang −27 to −45 %, vLLM 0.20 −56 / −64 %: a
  cached prompt leaves one step, and the measured runs spend 7–23 ms more per request beyond
  it, more on the TP 8 machines); V0 (uncached) shows the same kind of gap (−2 to −64 %)
  that grows with the machine (TP 8, H200, L4): host time per request the model does not
  have. vLLM 0.20's W4A16 and W8A16 runs on A100-80GB were launched with `enforce_eager =
  True` (their result files' `task.extra_config`; every other AccelMark run taken records false
  or nothing): no CUDA graphs and no torch.compile, so each step's kernels are launched from
  Python. Their scenarios run without graphs and with the host's time to issue each layer
  (`eager_layer_host_us` 343 µs, carried from `vllm-v0.2`, fitted on Splitwise's DGX H100:
  section "Splitwise"; an eager step lasts at least 32 × 343 µs = 11 ms on Llama-3.1-8B);
  their TPOT at 5–10 req/s (16.7–21.1 ms measured, above the bf16 run's 13.3 ms with graphs)
  comes out −34 to −47 % (−44 to −61 % with the GPU's launch gaps alone): this machine's host
  issues layers more slowly than the DGX H100's (Splitwise's DGX A100 took 526 µs, which would
  give ~17 ms; not adopted: chosen after seeing these points). Under load the GPU bounds the
  step and the issue time changes nothing (the measured TPOT is flat at ~25 ms from 25 to
  50 req/s for both). Not fitted: ten points of one machine, all held out. Until this stop one
  of them came out saturated: vLLM 0.20, int4 on A100-80GB at 25 req/s (TTFT 97 ms measured,
  2.1 s simulated), its int4 step under load +31 % slow through GPTQ's ExLlama kernels, which
  dequantise the weights above 50 rows. The runner does not run them there: AccelMark's vLLM
  runners (0.7 and 0.20) hand the suite's `quantization = "gptq"` to the offline `LLM` only and
  build the streaming engine's `AsyncEngineArgs` without it, so vLLM reads the checkpoint's
  GPTQ format itself and, with no method named, runs it as `gptq_marlin`
  (`GPTQMarlinConfig.override_quantization_method`); SGLang's runner builds one engine with it
  for every scenario (`ServingPointScenario.runsGPTQByName`). With Marlin for vLLM's streamed
  int4 runs that point comes out at 65 ms (−33 %; TPOT 25.5 → 20.6 ms, −19 %; 58 ms and
  20.4 ms with the answers' spread of item 5) and no point is predicted saturated; vLLM 0.7's
  int4 runs on A100 move TPOT +16..+89 % → −16..+41 % and, at 25–50 req/s, TTFT +1..+29 % →
  +123..+160 % (both machines at the edge of their capacity there: measured TTFT p99
  2.6–7.5 s; with item 5, TPOT −16..+32 %, TTFT +128..+160 %). The measured int4 runs of vLLM
  0.7 under load step as fast as its bf16 runs (TPOT 67 against 66 ms at 25 req/s on one
  A100-80GB), where Marlin's rate on the A100 (0.459 of the 16-bit peak once compute-bound,
  fitted on one offline int8 run; 0.536 with its fixed time per launch since the twenty-third stop) makes the simulated ones +9 % slower, and near the
  256-sequence cap that is enough to queue. At 25 req/s the bf16 runs of vLLM 0.20 on
  A100-80GB sit on the same knife edge (TTFT medians +407 / +613 %, tails right, above).
  At TP 8 on A100-40GB one request at a time SGLang's TPOT comes out +33 % (Llama-3-70B; 4.5 ms
  of its simulated step is the shared all-reduce skew, 4 ± 10 µs per peer × 7 peers × 160
  all-reduces, fitted on H200 ITL; without it about +9 %) and vLLM 0.7's +3 % with vLLM 0.6's
  own skew (1.42 µs, fitted on Lambda's TP 8 runs; it was +24 % with the shared one): these
  points are held out.
  The H200 machines do not follow at all: their TPOT triples from 2 to 10 req/s (70B: 18.5 →
  58.8 ms) and the single H200 is slower than the single H100 and the single A100 at the same
  load (Llama-3.1-8B bf16 at 5 req/s: 26.8 ms against 23.9 on an A100-80GB), which no property
  of the GPU explains: both H200 machines look host-bound (their single-GPU points come out
  −19 to −99 %). Quantised weights: the int4 checkpoint is loaded with `quantization = "gptq"`
  by name in every SGLang run and in vLLM's offline runs (above), which runs GPTQ's ExLlama
  kernels, not Marlin: above 50 rows they dequantise the weights into a 16-bit copy and multiply
  that with cuBLAS (vLLM csrc/quantization/gptq/q_gemm.cu, `MAX_Q_GEMM_ROWS`; engine key
  `weight_only_gemm = "gptq_exllama"`); up to 50 rows a fused kernel multiplies in half2 on the
  CUDA cores (`__hfma2`), not on the tensor cores, and adds each 128-deep slice of K into its
  output with atomics, one per 256 multiply-adds. The fused kernel has a rate of its own from the
  twenty-second stop (`gptq_exllama_tflops`, 28.0 TFLOP/s: fitted by scripts/fit-point-terms.py on
  the output tokens/s of vLLM 0.7's offline int4 run on one A100-80GB, now a fit point; before,
  it was timed as a tensor-core GEMM over the packed weights) and carries it over unchanged to
  the h100-sxm, h200 and b200 presets: ~55 G atomics/s is an L2 rate, not the SMs'. Offline int4
  cells, held out (before → after): vLLM 0.7 on A100-40GB +12 → −1 %, on H100 +18 → −12 %, on
  H200 +34 → −4 %; SGLang on A100-80GB +23 → +2 %; vLLM 0.20 on A100-80GB +48 → +23 % and on B200
  +80 → −13 % — five of six within 20 % (vLLM 0.20's bf16 run on the same A100 is +8 %). Scaling
  the A100's rate by the CUDA cores' half2 peak instead (78 → 134 TFLOP/s, so 48 on H100 and
  H200) gives H100 about −2 % and H200 about +8 %: the carried-over rate is an assumption either
  way, and the B200's half2 peak is not published here. SGLang's streamed int4 runs on the
  A100-80GB run the fused kernel too: TPOT at 10 req/s −74 → −7 %, at 25 and 50 req/s
  −5 / −0 → +4 / +9 %, at 5 req/s −62 → −55 %.
  Online, vLLM 0.20's int4 and int8 runs at 5–10 req/s and SGLang 0.5.6's int4 run at 5 req/s
  are slower than their own bf16 runs (TPOT 17–22 ms against 13–18 ms), which the model does not
  give (−34 to −55 %), while vLLM 0.7's int4 runs at 5 req/s (Marlin) are faster than its
  bf16 ones and come out −16 / −1 %: the kernel these versions pick at small batches is not known
  here. (An earlier stop tried a CUDA-core rate for the fused path and did not adopt it: then
  vLLM's streamed int4 runs were also simulated on ExLlama, which their runner does not load —
  they run Marlin, above.)
- **Step time from light runs.** Each engine's CPU time per step, fitted on one run each
  (vLLM 0.11 1,214 µs, SGLang 0.5 1,049 µs, TensorRT-LLM 1.2 1,421 µs; the previous stated
  estimates were 300, 200 and 150 µs), carries to the held-out light runs of the same source:
  vLLM at 1, 2 and 8 users ITL 0 to +0 %, TTFT −14 to +0 %; SGLang fp8 ITL −8 %. It moves the
  older sets by under 2 %.
- **Time per running request (vLLM 0.11).** The `vllm-0.11` preset's 43.3 µs per running
  request, fitted on ML.ENERGY's H100 throughput (below, "Power and energy"), is held out here:
  gpustack's 1,000-request ShareGPT runs of vLLM 0.11 go from ITL −42 % to −11 % (14B, H100) and
  −21 % to −10 % (A100), request throughput +51 % → +29 % and −1 % → −7 %; the 235B-A22B runs on
  eight H100s the other way (ITL −6 % → +30 %, request throughput −18 % → −26 %): there the
  per-request host time hides partly behind the longer steps.
- **SGLang's overlap scheduler.** Modelled from this stop (one step more between an arrival and
  its prefill under load), it explains the TTFT the prefill host-time term used to absorb: that
  term fell from 444 to 249 µs per layer (its fit points' own best values spread ± 289), and
  SGLang 0.3 (no overlap scheduler) went from +21..+32 % TTFT to +1..+10 %; the SGLang 0.4 H200
  runs at 4–8 req/s from −14..−31 % to −15..+14 %. The cost: the smaller per-layer term makes
  each prefill stall the decodes less, and the E2E of the 70B runs at moderate load, whose
  decode steps were already fast (ITL −13 to −21 %), fell from −10..0 % to −16..−12 % (SGLang
  0.3 / vLLM 0.6 on H100) and from −9/−4 % to −15/−15 % (SGLang 0.4 H200, 4 and 8 req/s).
  vLLM 0.6 then took the per-TP-peer host time fitted on Argonne's vLLM of mid-2024 (below,
  "Offline throughput tables"): its 70B runs on four H100s moved to ITL −8 / −9 %, E2E
  −11 / −12 %; SGLang 0.3's (no such term) stayed at ITL −17 / −21 %. Both versions ran
  PyTorch 2.4's CUDA 12.1 wheels, whose cuBLAS is ~20 % slower on H100 than the preset's 2026
  GEMM figures (section "H100-SXM on Vidur's profile"); with the GPU's cuBLAS 12.1 figures
  (`gemm_library = "cublas-12.1"`, fitted on Vidur's H100 profile, chosen by version: vLLM 0.6.0–0.6.3
  and SGLang 0.3; 0.7 and SGLang 0.4 ran torch 2.5's CUDA 12.4 build) the four 70B H100 runs at 4
  and 8 req/s go from ITL −17 / −10 / −21 / −10 % to −12 / −2 / −15 / −1 % and E2E −16 / −12 /
  −12 / −14 % to −8 / −4 / −3 / −5 %, their offline throughput from +3 / +19 % to −3 / +7 %
  (SGLang / vLLM); SGLang 0.3's TTFT from +5 / +3 % to +12 / +11 %, vLLM 0.6's from −25 / −33 % to
  −19 / −31 %; the set's held-out medians: ITL 9.9 → 2.4 %, request throughput 17.7 → 6.8 %,
  output tokens/s 17.9 → 6.1 %. Tried and not kept: the
  overlap scheduler as host time hidden behind the kernels (the step the longer of the two,
  as `async_scheduling` does for vLLM): SGLang's CPU time per step then fits at its bound,
  5,000 µs, on its four-user H100 point, and the held-out SGLang H200 ITL goes from 12.4 to
  15.2 % (the older A100/H100 set from 9.9 to 5.5 %): no consistent gain.
- **Request path.** vLLM's TTFT through the chat endpoint is 60 ms for a 232-token prompt on
  one H100 where its steps account for ~17 ms; SGLang's is 27 ms on the same machine and
  client. The residual (vLLM 43.5 ms, TensorRT-LLM 28.6 ms, SGLang 2.6 ms) is applied to the chat
  runs only: the vLLM V1 runs through `/v1/completions` (buildkite H200: TTFT −48 %, surajssd
  A100-40GB: −5 to +32 % at 1–4 req/s) say it is not the same figure there.
- **gpustack single-GPU runs at capacity** (1,000 ShareGPT requests or 100–1,000 random
  prompts of 128–32,000 tokens sent at once; Qwen3-14B/32B on one H100 or A100, 235B-A22B on
  4–8): TTFT −30 to −80 %, request throughput within 10 % for TensorRT-LLM and vLLM on A100
  ShareGPT but +30 to +100 % for vLLM's and SGLang fp8's prefill-heavy random runs on H100.
  Those runs' own figures put the H100's prefill at ~10,000 tokens/s for Qwen3-14B in bf16
  (~30 % of the bf16 peak; the same GPU's SGLang 1,000-request TTFT median implies ~12,000),
  where simserve's H100 GEMM figures (aiconfigurator's measured H100, 7 % held-out error on
  its kernel table) give ~25,000, and where the NIM TensorRT-LLM fp8 5,000-token prefills on
  H100 TP 2 are matched (−6 %). The same source's vLLM runs on A100 are within −1 to +19 % in
  request throughput (its SGLang and TensorRT-LLM ShareGPT runs on A100: −31 / −32 %). Either that
  H100 ran well below its clocks (a power cap would leave the memory-bound decode, which the
  light runs fit, nearly intact) or the engines' prefill of many prompts at once costs what a
  GEMM table does not show; one source cannot tell which, so no term was fitted on it. The same
  source's 235B-A22B run of 100 prompts of 32,000 tokens through vLLM on eight H100s of one node
  is matched (0.676 vs 0.71 req/s, −5 %), with about as much attention work per GPU as the 14B
  run on its single H100 (which comes out +75 %): the prompt length and the engine are not what
  breaks, which points at the single-GPU machine. A diagnosis (below, "The gpustack single-H100
  machine") scales every compute-bound figure of the preset by one number chosen on vLLM's three
  random runs (0.45): the other engines' runs of that machine, held out, follow it (SGLang fp8
  random runs' request throughput +90 → +20 %, the ShareGPT runs 23 → 10 %, the six Qwen3-32B
  runs of three engines 65 → 12 %, median absolute),
  while its light decode-bound runs stay within 2 % in ITL. So the machine delivered about half
  the tensor throughput of the H100s the kernel tables were measured on, and its memory-bound
  decode the full bandwidth, which is what a power or clock cap does. Nothing is shipped from
  it (it describes one machine); the table above is the preset's.
  Tried and not kept: the API server as a serial stage in front of the engine
  (`front_end_request_ms`: one request at a time through HTTP, chat template and tokenisation)
  fitted on vLLM 0.11's run of 1,000 prompts of 128 tokens with 4 output tokens sent at once to
  one H100, which the GPU would serve at ~200 req/s and which served 44 (22.7 ms per request).
  Held out, the same kind of run on one A100 and on the 235B-A22B machines went from request
  throughput +58 / +89 / +108 / +132 % to +17 / −23 / −61 / +16 %, and the gpustack TTFT median
  error from 46 to 36 %; but the ITL of those runs went from −36..+11 % to −57..−83 %, and of the
  14B ShareGPT run from −10 to −43 %: with the requests held in front of it the simulated engine
  runs small batches, where the measured runs show large ones (ITL 60–240 ms) with the first
  tokens late. The requests reached the engine quickly; what queues is the way out (every
  streamed chunk through the same Python process and the client's), which a stage in front of
  the engine does not model. The front end's rate also differs by machine (the 235B runs on
  eight H100s served 111 such requests a second, 9 ms each). SGLang's run of the same requests
  (128 req/s, 7.6 ms each) contradicts its four-user TTFT (27 ms, ~25 of them engine steps) as a
  serial stage on the request path, and fitting it pulled the shared prefill host-time term down
  (held-out TTFT median 34 → 36 %).
- **SGLang past its CUDA graphs.** The eager decode term (58.4 ± 15.2 ms per step, fitted on
  SGLang 0.4 at capacity on H200; after this stop's prefill refit `--fit` gives 61.8 ± 14.5 ms,
  and the preset keeps 58.4, a quarter of its error away) overshot SGLang 0.5 at ~700 sequences on one H100/A100
  (Qwen3-14B: ITL +79 to +81 %, request throughput −6 to −33 %): 0.5 captures larger graphs
  (modelled) and its eager steps cost less than 0.4's. SGLang 0.5 has a term of its own,
  fitted on one AccelMark point past its 256-sequence graphs (Llama-3-8B on one A100-80GB at
  100 req/s, its prompts cached by the runs before it; TPOT 38.98 ms measured, 38.98 ms
  simulated with no eager time, over 1.5 × with 0.4's): 512.3 µs since SGLang's request path
  stopped stalling its decodes (sixteenth stop; 0 µs while it did, 655.5 µs before SGLang's prefill
  host time was refitted per layer and per iteration), and 0.1 µs, the range's floor, since
  the runner's 224-token cut on SGLang's streamed answers is modelled (this stop: the point
  comes out +12 % slow with no eager time at all). Held out, the gpustack runs
  sit at ITL −47 to +12 % (Qwen3-14B).
  For SGLang 0.4, near the graph edge the term makes the step time jump: SGLang 0.4 70B at 8 req/s
  ITL +72 %, 405B ShareGPT at 8 req/s +68 %, ~4,000 sequences of short prompts +91 %, while
  request throughput at those points stays within −9 to +13 %. A CPU time per running
  sequence instead (tried: 74 ± 4 µs fitted on the 4 req/s runs of each model, close to the
  83 ± 6 µs `calibrate --from-serving` finds on the 70B results) explains capacity as well
  but triples the ITL at 4,000 sequences (+207 %): neither form holds from 160 to 4,000
  sequences; the per-step one is kept.
- **vLLM 0.6 past its CUDA graphs (an observation, not adopted).** The `vllm-v0` preset carries
  SGLang's per-step eager decode time (58.4 ms) to V0; Lambda's 320-prompt runs of the small
  dense models, whose batches pass the 256 captured sizes, come out slow in TPOT (Llama-3-8B on
  H100 +23..+39 %, Mistral-7B +25..+33 %, on A100 +7..+18 %), while the 70B runs, which stay
  under 256, are within −10..+3 %. Tried on four of them: with no per-step eager time the TPOT
  of H100 TP 4 Llama-3-8B is −11 % (from +38 %), A100 TP 1 +1 % (+18 %), H100 TP 2 Mistral −2 %
  (+33 %), the 70B unchanged; with V0's own eager issue time instead (`eager_layer_host_us` 346,
  vllm-v0.2's, fitted on Splitwise's DGX H100) −6 / +1 / 0 %. Over the whole report, no
  per-step eager time for `vllm-v0` takes the held-out ITL median 13.9 → 13.2 % but request and
  token throughput 9.6 / 8.7 → 10.0 / 9.1 % (Lambda's 6 → 8 %: those runs then end too soon).
  Not adopted: chosen after seeing held-out points, it trades one metric for another, and no V0
  fit point runs past its graphs — the next step is one such run as a fit point for V0's own
  eager term, the rest held out.
- **TTFT under load.** All-at-once runs: TTFT −9 to −45 % on the SGLang H200 set (the real
  engine's queue drains slower in its first minutes than the model's; at 70B with 3,000
  requests the measured run holds ~1,340 requests running — its request throughput times its
  median E2E less TTFT — where simserve holds ~1,560: SGLang admits fewer at once than
  simserve's KV plan allows, and each runs faster). Fixed-concurrency
  TensorRT-LLM runs (NIM): mean TTFT −17 to +28 %. vLLM 0.6 (multi-step, V0): −5 to −36 %.
- **Request throughput is compared as the benchmark clients define it**: completed requests ÷
  the benchmark's duration, first request to last response, drain included (vLLM's
  `benchmark_serving.py`, SGLang's `bench_serving.py`). A closed loop of 100 requests is
  sensitive to the lengths drawn: 100 ShareGPT-like outputs (cv 1.29) have a sample mean
  within ±13 % of the published one, which moves request throughput (not output tokens/s) as
  much (the four-user fit points: +5 to +13 % req/s with ITL and TTFT exact).
- **ShareGPT lengths.** The published points give only the mean lengths; the spread of the
  output lengths (lognormal cv 1.29) comes from the fit point datacrunch_h200-06: its E2E mean
  over median, less the TTFT, is the output lengths' mean over median (1.63; the held-out
  ShareGPT runs give 1.58–1.63).
- **vLLM V1 on 8 × A100-40GB** (70B TP 8, 200 ShareGPT requests per rate, figures transcribed
  from an unlicensed repository, held out; now with V1's A100 defaults, 256 sequences and
  2,048-token steps, and the A100-80GB's kernel figures carried over to the a100-40gb preset):
  at 1 and 4 req/s ITL +5 / 0 %, TTFT −4 / +21 %; at 16 req/s all 200 arrive within 12.5 s and
  simserve's mixed steps are slower than measured (ITL +7 %, TTFT +99 %; with the preset's
  former datasheet efficiencies +33 % and +156 %).
- **vLLM 0.6 rows** stream `--num-scheduler-steps` tokens per chunk: their TPOT median is
  compared as the ITL. Multi-step rounds explain most of their 100–200 ms TTFT (−5 to −36 %;
  V0's prefill host time is fitted on eight of Lambda's runs, above).
- **Streamed chunks.** TensorRT-LLM's server streamed several tokens per chunk under load
  (gpustack 14B H100: ITL median 0.12 ms): ITL medians under 1 ms are not compared.
- Before the engine layer and the per-GPU kernel fits the old points came out 2–3× too slow at
  TP > 1 (ITL +16 % to +233 %).
- **`calibrate --from-serving` on the datacrunch files** (below). SGLang's client writes its
  random-dataset settings on every line, ShareGPT stages too; until this stop the calibrator
  simulated those stages with every request at the stage's mean lengths, so their E2E medians
  came out +66 % (70B, 4 req/s) and +49 % (8 req/s) with TTFT and ITL matched. They now draw
  ShareGPT's spread as `validate serving` does: +0.5 % and −3.3 % (the 4 req/s stage is the one
  whose E2E fixes the output cv, so only the 8 req/s figure is an independent check). The fitted
  terms moved within their errors (70B per-sequence 79 ± 6 → 77 ± 6 µs). The random-length
  stages at 8 and 16 req/s (70B) and 4 and 8 req/s (405B) stay far off (ITL +47 to +221 %):
  with a per-sequence term alone, a step past SGLang 0.4's CUDA graphs costs what the light
  stages say, and the simulated engine holds more requests at once than the real one (above).

TEXT
grep -v "_mean " "$tmp/llama_3_3_70b.txt" | grep -v "^Wrote"
echo '```'
echo
echo "Llama-3.1-405B, TP 8 (only three stages kept up: two fit figures per term; uncertainties large):"
echo
echo '```'
grep -v "_mean " "$tmp/llama_405b.txt" | grep -v "^Wrote"
echo '```'
cat <<'TEXT'

A test (`ServingCalibrationRecoveryTests`, the slow suite) generates benchmark results from
simserve itself with known terms (900 µs per iteration, 25 µs per sequence, 30 ms per request;
two samples, seeds 7 and 8, other seeds than the fit's) and recovers them within 3 standard
errors (+5 %); how often the reported errors hold the truth over 24 samples is under
"Calibrator" below. The errors are generalised least squares over each stage's correlated
figures (the Calibrator section says how, and what the earlier errors missed).

### The gpustack single-H100 machine: a diagnosis, not a fit (`scripts/diagnose-gpustack-h100.py`)

The gpustack runs on one H100 (Qwen3-8B, -14B and -32B) re-simulated with
the h100-sxm preset's compute-bound figures — GEMM compute efficiency in bf16 and fp8, prefill
attention efficiency — multiplied by a scale s, memory-bound work unchanged. s is chosen on the
three vLLM bf16 random-prompt runs (2,000–32,000 tokens: prefill-bound) by the least mean
absolute request-throughput error over a grid; every other run of the same machine is held out.
The 128-token / 4-output runs are listed apart (their GPU work is a few ms per request; the rest
is the front end, above). Errors at s = 1 (the preset) and at the chosen s:

TEXT
cat "$tmp/gpustack-h100.md"
cat <<'TEXT'

TensorRT-LLM's ITL median of 0.12 ms (streamed chunks) is not a step time; its other metrics
are. The light runs' TTFT moves by a few per cent because their request-path term was fitted
with the preset's figures.

TEXT
cat "$tmp/kernels.md"
cat <<'TEXT'

Where each GPU preset's kernel figures come from (`simserve cost` prints the same line; the
per-kind errors of the measured ones are in the table above, the others have no public kernel
table in the repo and are scaled from their datasheets):

| preset | kernel figures |
|---|---|
TEXT
for h in a100-80gb a100-40gb h100-sxm h100-pcie h200 b200 l40s l4 a10g a40 mi300x; do
  echo "| $h | $("$BIN" cost --model llama-3.1-8b --hardware "$h" --decode 1x1 | sed -n 's/^kernel figures: //p') |"
done
cat <<'TEXT'

The kernel parameters are fitted by `simserve calibrate --from-kernels data/kernels --gpu <preset>`
(GSL least squares on the fit rows; `scripts/fit-kernels.py` is the first, Python version of the
same fit, kept as documentation). Where the kernel model breaks:
- fp8 GEMMs run as two steps: the bf16 input's quantisation (m·k·2 bytes at
  `fp8_activation_quant_gbs`), then the GEMM with its own fixed time and sharpness, near the
  fp8 peak (H100/H200 held out 8.5/8.8 %, BLIS H100 rows 9.5 %); B200's fp8 table is noisy (rows
  at m = 8 three times slower than m = 4 and 16): 14 %.
- Weight-only GEMMs (Marlin: int8/int4 weights, fp8 weights on an A100) have no kernel table
  here: the A100 presets' rate (0.536 of the 16-bit peak, 16-row tile) and fixed time per launch
  (11.87 µs) are fitted on serving runs (End to end, "Weight-only GEMMs", "Marlin's fixed time"); every other GPU runs them at its 16-bit GEMM figures,
  unvalidated.
- Decode attention: the per-sequence cost counts one unit per KV head (FlashAttention packs the
  query heads of a KV head into one tile; the fit rows all have 8 query heads per KV head, so
  the form was chosen from the kernels, not from the held-out rows), and calls with few work
  units stream below full bandwidth; fp8 KV has its own fixed time and rate. The per-sequence
  work and the KV streaming meet by a fitted soft maximum (`decode_attention_overlap_sharpness`
  p: (wᵖ + mᵖ)^(1/p), 1 = they add): H100 1.41, H200 1.22, B200 4.53; held out H100 8.5 → 7.4 %,
  H200 7.5 → 7.0 %, B200 9.9 → 6.9 %, BLIS's H100 rows (never fitted) 9.4 → 8.1 %. A100 stays
  at 17 % (+12.5 % bias) and keeps the additive form: the held-out (8, 1) head shape takes
  12–13 µs where every fitted shape takes 18–20 µs at the same small batch (eight query heads
  alone run a cheaper path the fit rows never show), and p fitted on A100 (2.5) moves the held-out
  rows only to 16.6 % while Vidur's MHA decode rows (Llama-2-7B, 32 KV heads, never fitted) go
  from 20 to 26 %. `validate kernels --rows FILE` writes every row's error for such reading.
- NCCL all-reduce: the faster of NCCL's LL protocol (low fixed time, ~0.3 of the link) and
  Simple (18–36 µs fixed, full link efficiency): H100/H200/B200/A100 held out 7–9 %.
- The custom all-reduce takes messages below its 8 MiB limit, as vLLM's `should_custom_ar`
  (`inp_size < max_size`); a message of exactly 8 MiB goes to NCCL (until this stop the model
  kept it on the custom kernel: on two H100s 28 µs predicted where the row, at NCCL's time,
  measures 45). Held out H100 8.3 → 8.2 %, H200 8.6 → 8.6 %, A100 9.0 → 6.3 %, B200
  11.4 → 12.6 %: vLLM 0.24's rows at 8 and 16 MiB run faster than nccl-tests' NCCL on the same
  GPUs at four and eight GPUs (eight GPUs, 16 MiB: B200 63 µs against 99, H100 92 against 122;
  two GPUs alike, 81 against 82 on H100) — another all-reduce path past the custom kernel than
  the ring the model falls back to, not modelled; B200's gap is the wider, so its 8 MiB rows
  at four and eight GPUs came out 26 and 71 % slow. Which path, and now modelled (twenty-fifth
  stop): vLLM's `all_reduce_utils.py` (a late-2025 version) sizes its kernels by compute
  capability and group size — with torch's symmetric memory the custom kernel takes messages
  below 64 / 32 MiB at 2 / 4 GPUs on SM 9.0 but only below 256 KiB at 8 (SM 10.0: 2, 2 and
  1 MiB), and the symmetric-memory all-reduce (multimem over NVSwitch) takes the rest up to
  64 MiB on SM 9.0 (SM 10.0: 8, 32 and 128 MiB at 2, 4 and 8 GPUs), NCCL beyond. The eight-GPU
  rows follow one curve from 256 KiB to 64 MiB: the custom kernel's two-shot form, fitted below
  8 MiB, carried on gives 91, 172 and 335 µs at 16, 32 and 64 MiB on H100 against 92, 178 and
  344 measured, where the ring gives 112, 193 and 357; at two and four GPUs the rows past 8 MiB
  sit on NCCL's own (two H100s, 16 MiB: 81 against nccl-tests' 82). So an engine with the
  symmetric-memory all-reduce (`symm_mem_all_reduce`: the `vllm-0.11` and `vllm-async` presets,
  vLLM having turned it on by default in 0.11 as far as read here; not the 0.8–0.10 `vllm`
  preset, SGLang or TensorRT-LLM) times the messages of 6–8 GPUs from the custom limit up to
  the GPU's `symm_mem_all_reduce_max_bytes` (64 MiB on h100-sxm and h200, 128 MiB on b200; unset
  on the A100s, which vLLM's table does not list) on the custom curve, and the tables' vLLM
  0.24 rows are predicted with `vllm-async`. Nothing fitted: held out H100 8.2 → 6.8 %, H200
  8.6 → 7.0 %, B200 12.6 → 9.9 % (fit rows 8.5 / 8.2 / 10.6 → 8.0 / 7.6 / 9.6 %). On whole runs:
  the five gpustack Qwen3-235B points on eight H100s (vLLM 0.11) move by under 0.3 % and the
  held-out medians of the serving check not at all; ML.ENERGY's 405B at TP 8 (the prefill steps
  and the decode batches of 256 and more) — B200 bf16 ITL mean |error| 31 → 27 %, J/token 28 →
  26 %, its steps at 512–4,096 sequences still 30–70 % long; H100 fp8 ITL 4 → 3 % but tokens/s
  6 → 8 % (already fast from batch 128).
- All-reduce through the switch (NVLink SHARP). On eight H100s, H200s and B200s NCCL's large
  all-reduces run at 263, 263 and 402 GB/s of algorithm bandwidth (512 MiB: nccl-tests' bus
  bandwidth 460 / 460 / 704 GB/s), past what any ring reaches (t/(2(t−1)) of the link's rate):
  NCCL takes its NVLS algorithm there (`src/transport/nvls.cc`: on where the GPU reports
  multicast; the tuner picks the fastest by its own model), each GPU sending its buffer once to
  the switch and receiving its reduced shard, then multicasting that shard — (t+1)/t of the
  message per link and direction, which is why four GPUs' large rows run 0.8/0.89 of eight's
  (H200: 232 against 263 GB/s). One link rate had had to fit the two: the eight-GPU rows from 64
  MiB came out 10–26 % slow and two GPUs' 13–23 % fast. NCCL's all-reduce is now the faster of
  its ring and NVLS (`nccl_nvls_efficiency`, `nccl_nvls_overhead_us`, on h100-sxm, h200, b200;
  not on the A100s, whose NVSwitch does not reduce). The same tables' vLLM 0.24 rows at eight
  GPUs from 256 KiB to 64 MiB — the symmetric-memory kernel, which beside it lowers the custom
  kernel's limit to 256 KiB on SM 9.0 and 1 MiB on SM 10.0 (`CUSTOM_ALL_REDUCE_MAX_SIZES`) —
  lie on one line, ~10 µs + 5.0 µs per MiB on H100, PyTorch's multimem kernel moving (t+1)/t of
  the message at its own rate (`symm_mem_all_reduce_efficiency`; before, the custom kernel's
  two-shot curve). All three fitted with the all-reduce's other terms on the FIT rows
  (`calibrate --from-kernels`, every other message size): NVLS at 0.672 / 0.679 / 0.595 of the
  link after 74 / 68 / 111 µs, the multimem kernel at 0.490 / 0.538 / 0.424; the link's own
  efficiency, no longer pulled up by the eight-GPU rows, falls from 0.798 / 0.818 / 0.704 to
  0.663 / 0.674 / 0.626. Held out, all-reduce: custom (vLLM) H100 6.8 → 3.8 %, H200 7.0 → 3.9 %,
  B200 9.9 → 9.4 %; NCCL 8.7 → 6.4 %, 8.9 → 6.0 %, 7.0 → 6.3 %; all-gather and reduce-scatter
  (the ring at the new link rate, nothing of theirs fitted) H100 10.3 → 8.6 % and 9.6 → 7.9 %,
  H200 11.4 → 9.6 % and 10.7 → 8.7 %, B200 9.8 → 9.7 % and 7.7 → 7.5 %: every all-reduce,
  all-gather and reduce-scatter group of the three GPUs now within 10 %. On whole runs the
  serving check's held-out medians move by at most 0.3 points (TTFT p50 18.7 → 18.6 %, ITL 12.0 →
  11.8 %, tokens/s 6.7 → 6.8 %), except NIM's mean TPOT on two H100s (TensorRT-LLM's own
  all-reduce at the lower link rate: 7.1 → 8.6 %, its 100–250-user points +9..+11 %, 3 of 8 past
  10 %). The engine terms refitted on the new kernels (`validate serving --fit`) move within their
  errors; vLLM 0.6's prefill host time and time to add a request, which
  `PrefillHostFitCurrentTests` holds at the fit's optimum, take theirs (567 → 524 µs per layer,
  1,846 → 1,962 µs per request, its skew 1.48 → 1.44 µs), the shared skew (4.01 → 3.91 µs) and the
  others keep the presets'. With them: TTFT p50 18.4 %, TTFT mean 8.2 %, p99 19.4 %, ITL 11.9 %,
  E2E 7.4 %, request / token throughput 8.1 / 6.8 % (from 18.7, 8.4, 19.2, 12.0, 7.4, 7.6 /
  6.7 %). ML.ENERGY: J/token within 20 % unchanged (146 of 162), median ITL within 10 % 106 →
  107 of 162.
- vLLM's all-reduce by group size (twenty-seventh stop). With symmetric memory on, vLLM states
  both of its limits per compute capability and group size (`all_reduce_utils.py`:
  `CUSTOM_ALL_REDUCE_MAX_SIZES`, `SYMM_MEM_ALL_REDUCE_MAX_SIZES`; `symm_mem.py`:
  `_WORLD_SIZES_MULTIMEM`), and `CudaCommunicator.all_reduce` tries the custom kernel (below
  its limit), then PyTorch's symmetric-memory kernel (up to its limit: multimem from 4 GPUs on
  SM 9.0, from 6 on SM 10.0, its two-shot kernel below), then NCCL. The model had only the 6–8
  GPU figures: at 2 and 4 GPUs it kept the engine's 8 MiB custom limit and NCCL past it, where
  on SM 9.0 the custom kernel runs up to 64 / 32 MiB and on SM 10.0 only up to 2 MiB, the
  two-shot symmetric-memory kernel taking 2–8 MiB (2 GPUs) and 2–32 MiB (4 GPUs). Now every
  group size is routed as vLLM does (`symm_mem_custom_all_reduce_max_bytes_by_gpus`,
  `symm_mem_all_reduce_max_bytes_by_gpus`, `symm_mem_multimem_min_gpus`: the tables of h100-sxm,
  h200 and b200; a message at the symmetric-memory limit itself goes to that kernel, as
  `inp_size <= max_size`). Routed so, the two-GPU rows say why one link rate could not fit them:
  a kernel that reads or writes a peer's memory with its own loads and stores moves ~230 GB/s
  per peer on H100 and on B200 alike — half of H100's link (the one-shot kernel from 8 to 64 MiB:
  4.6 µs per MiB) and a quarter of B200's (the two-shot kernel from 2 to 8 MiB: 25, 34 and 51 µs,
  where the link's rate gives 11, 15 and 39) — while four GPUs' kernels, reaching three peers at
  once, run at the link's NCCL rate. One term: a peer-memory kernel (the custom one- and
  two-shot kernels, the symmetric-memory two-shot kernel) moves at most (t−1) × `peer_copy_gbs`
  per GPU, fitted with the all-reduce's other terms on the FIT rows (`calibrate --from-kernels`):
  240 ± 10 GB/s (H100), 250 ± 9 (H200), 215 ± 30 (B200); the link's efficiency, no longer pulled
  down by the two-GPU rows, 0.663 → 0.685, 0.674 → 0.688, 0.626 → 0.613. Held out: custom (vLLM)
  H100 3.8 → 3.8 %, H200 3.9 → 3.5 %, B200 9.4 → 6.5 % (its two-GPU 1–8 MiB rows −29, −56, −56,
  −24 % → −7, −4, +1, +6 %; four GPUs' 8–32 MiB +32, +17, +4 % → −14, −12, −11 %); H100's two-GPU
  32 / 64 MiB rows −17 / −21 % → −8 / −6 %; NCCL 6.4 → 5.6 %, 6.0 → 6.0 %, 6.3 → 6.7 %;
  all-gather 8.6 → 9.1 %, 9.6 → 9.6 %, 9.7 → 9.8 %; reduce-scatter 7.9 → 8.1 %, 8.7 → 8.7 %,
  7.5 → 7.5 %; all-to-all unchanged (9.6 / 10.0 / 9.6 %). Every collective group of the three
  GPUs stays within 10 % held out. What is left: B200's four-GPU two-shot rows run 11–15 % faster
  than the link's rate gives (0.54 of its link against 0.61), and its four-GPU NCCL rows from 64
  MiB 5–16 % slower. On whole runs (only vLLM 0.11 on at TP 2–4 routes differently; every engine
  on these GPUs takes the refitted link terms) the serving check's held-out medians move by at
  most 0.1 point (TTFT p99 19.4 → 19.5 %, request throughput 8.1 → 8.0 %; NIM's mean TPOT 8.6 →
  8.5 %).
- vLLM 0.14+ (`vllm-async`) takes the host figures of the nearest version measured (twenty-seventh
  stop). The preset had carried the plain `vllm` preset's (0.8–0.10): 1,377 µs a step and an
  estimated 2 µs per running request, never measured on a V1 engine; `vllm-0.11`'s are measured
  on vLLM 0.11 (1,214 µs a step on one H100's light runs; 43.3 µs per running request, fitted on
  ML.ENERGY's vLLM 0.11.1 throughput). `vllm-async` now carries those two (nothing refitted on a
  0.14+ run; under its asynchronous scheduling they overlap the kernels, so they set a step only
  where they outlast them — at large batches, ~40 µs a request). Held out, AccelMark's vLLM 0.20
  runs (A100-80GB, B200; 18 streaming, 9 offline): ITL median |error| 17.3 → 14.2 %, TTFT p99
  29.3 → 24.1 %, offline tokens/s 20.2 → 12.6 % (B200's three streaming runs' step −19 → −11 %,
  its five offline runs +20 → +6 % signed), TTFT median 16.8 % both; whole report: TTFT p50 18.4 →
  18.0 %, ITL 11.9 → 11.7 %, TTFT p99 19.5 → 19.4 %, the rest unchanged. In fairness to the
  held-out split: the change was made after these runs had shown the preset's steps short, so
  they are not blind to it; what is shipped is a rule (the nearest measured version's figures in
  place of the 0.8–0.10 estimate), no figure fitted on them.
- L40S: the tables replay one kernel over and over, so operands that fit in the L40S's 96 MB L2
  stay there and read at up to ~2.5 TB/s, three times its 864 GB/s GDDR6 (a 100 MB weight at 4
  rows: 46 µs, where DRAM needs ≥ 116 µs); a model's layers each read weights and KV of their
  own, cold. GEMM rows whose weights and decode rows whose KV are at most twice the L2 (192 MB)
  are excluded from fit and held-out rows (`KernelGPU.warmL2Bytes`; until this stop only decode
  rows read faster than the DRAM peak were). The bf16 GEMM terms refitted on the rest (compute
  0.572, weight read 0.798 of the GDDR6 where the warm rows had pushed it to 1.0) hold the
  held-out widths to 5.5 % bf16 and 9.4 % fp8 (fp8 terms not refitted), from 13.5 and 16.5 %
  with the terms fitted on every row; the offline fp8 throughput cells of TensorRT-LLM v0.9 on
  L40S (below) move from 7 % mean absolute error (median +1 %) to 8 % (median −5 %), 15 of 16
  within 20 % either way. The decode-attention figures were kept (cold rows held out: bf16 7.0 %,
  fp8 KV 12.7 % with −12 % bias; refitted on the cold rows alone, 4.8 and 14.5 %, with fixed
  times the rows do not determine, 19 ± 15 µs). The HBM GPUs' small-operand rows lie on the
  curve the large ones fix (held out 6–7 %), so none are excluded there. Prefill attention
  (twenty-ninth stop: held out 20.1 → 7.9 %, fit 21.2 → 9.6 %): with one efficiency the
  model ran mid-length prompts fast and long ones slow (held out 257–2,048 tokens −17 % median,
  over 2,048 +13 %), short prompts in small batches slow (their Q, K, V, O, ≤ 96 MB, streamed at
  the GDDR6 rate, where the kernel reads them from the L2 they were just written to) and short
  prompts in large batches fast. Three GPU keys: `prefill_attention_inputs_in_l2_mb` (96, the
  AD102's L2) takes that many of the new tokens' bytes off the DRAM stream;
  `prefill_attention_beyond_l2_efficiency` is the rate of the rest (fitted: 0.30 ± 0.01 of the
  GDDR6 peak — batches of 64–256 short prompts, their inputs past the L2, run at ~250–340 GB/s
  of unique bytes); `prefill_attention_concurrent_tiles` (142, one thread block per SM) bounds a
  call by its heaviest causal tile (a chunk's last tile scores every key before it, so a long
  prompt on few heads, fewer tiles than SMs, lasts as long as that tile, not the mean: compute
  follows max(H·W, P·w_max)). The first and last are datasheet figures, not fitted. With them,
  `calibrate --from-kernels --gpu l40s` refits the prefill terms (efficiency 0.369, 8.5 µs,
  0.37 ns per token and head, 9.3 ns per tile and head; the per-tile term had fitted to 0
  before) — and now times its one-token rows as prompts, as TensorRT-LLM's context FMHA runs
  them (the fit had timed them by the decode kernel, as FlashAttention does). Step by step, held
  out: the L2 key and the tile bound with the terms refitted 11.2 % (the L2 key alone ~14 %, the
  bound alone 21 %), with the rate past the L2 7.9 % (held out by length: ≤ 256 tokens 24.9 →
  7.0 %, 257–2,048 19.8 → 9.6 %, longer 12.6 → 7.6 %). What stays off: the multi-head (32/32)
  fit shape at 257–2,048 tokens, −30 % median (26.5 % MAPE over its 27 rows): with as many KV
  heads as query heads its inputs are the largest per token, and it is slower than any rate
  the grouped shapes share. The HBM GPUs keep none of the three keys: their rows meet the goal as they
  are (held out 6.5–7.6 %), and a linear least-squares sketch of the bounded form (overhead,
  tile-bounded work, per token and per tile; H100 132 blocks, A100 108) gave H100 6.6 % and
  A100 9.0 % against the presets' 7.6 and 7.1 % — a point at best, for a refit that would move every serving point of theirs. fp8 prefill
  (46 → 47 %, +44 % slow: the model runs fp8 context attention at the bf16 rate; no serving
  path of simserve's uses fp8 context attention, so no term was added for this table alone).
- A100 MoE (held out 25.5 %, fit 25.0 % in the table above): the only A100 MoE rows are vLLM 0.14's fused Triton kernel
  under skewed routing (`power_law_1.01`); the figures are fitted on those without expert
  parallelism (`KernelGPU.readsMoE`), where on H100's vLLM rows the skew costs 1.03–1.14× the
  balanced layer from 1,024 tokens, against up to 2.7× with the experts spread over 2–8 GPUs (the
  busiest GPU's load, which uniform routing cannot represent). Before, A100 had no MoE figures and
  timed the experts as dense GEMMs with free routing (`calibrate --from-kernels` reports fit / held-out
  27.6 / 27.7 % for that, 24.0 / 25.0 % for the fit; −50 to −90 % at large token counts before). What stays off: the 8-expert shapes at TP 1–2 run 2–2.5× slower than the fit at 2,048
  tokens and more (vLLM's Triton configurations are tuned per GPU and shape; these look untuned),
  while TP 4–8 and the 128-expert shapes sit within −20 … +20 %. Held-out serving, the nine Qwen3-235B-A22B `random`
  points on eight and four A100s (all-at-once): output throughput median +54 → +42 % (range +10 … +132
  → +5 … +102 %), ITL median −32 → −22 %; the two ShareGPT points −6 / −17 → −10 / −21 % throughput.
  The model stays fast there: their prefill-heavy steps run the MoE at thousands of tokens, where the
  fit is off by −33 % (TP 4) to +19 % (TP 8) on that shape's rows beyond 2,048 tokens, and the rest of
  the step (the gpustack machines' host, attention at long prompts) is not checked by any kernel row.
- L40S all-reduce over PCIe (41–42 %): the measured bus bandwidth of NCCL's ring falls with the
  GPUs in the ring, 20.1 / 5.2 / 1.45 GB/s at 2 / 4 / 8 GPUs for 512 MiB (about g^−1.9), the
  signature of transfers sharing the host's PCIe root and crossing sockets without peer-to-peer;
  the preset's ring of equal 32 GB/s links (fitted 0.51 of it) is right at 2 GPUs (+24 %) and 3×
  / 10× fast at 4 / 8. NVIDIA's TensorRT-LLM v0.9 throughput of Llama-2-70B on 2 and 4 L40S
  (below) is matched within 5 % with the preset's ring, so that machine's PCIe fabric was not
  this one's: a PCIe all-reduce is a property of the server's topology, and no figure of one
  machine is shipped for all.
- BLIS's H100 prefill rows (`../shared/data/h100-kernels`, never fitted: 18.5 %, bias +16.6 %):
  their causal throughput, 2·H·S²·d over the time, is 687–763 TFLOP/s at 16k tokens (32 query
  heads: 763; at 8k, 723), against FlashAttention-3's best published 16-bit forward figure on
  H100 SXM5, 740 TFLOP/s (Shah et al. 2024, arXiv 2407.08608, its abstract; a non-causal peak),
  while aiconfigurator's vLLM FlashAttention-3 rows of the same shapes, which the preset is
  fitted on (held out 7.6 %), reach 600–660. As the same source's GEMM table runs above the dense
  bf16 peak (read as fp8 above), these rows look like fp8 attention or another clock, not a
  16-bit kernel the preset misses; no fit uses them, and the preset is not refitted to them.
- NCCL's other collectives (`aic_nccl_other_collectives.csv`: nccl-tests all-gather,
  reduce-scatter and all-to-all of fp16 messages, 512 B–512 MiB on 2, 4 and 8 GPUs, split by
  message size as the all-reduce rows are). All-gather and reduce-scatter are timed as half an
  all-reduce's ring — (t−1)/t of the buffer through each GPU in t−1 hops, the same LL/Simple
  protocols and link terms — and until the thirtieth stop no figure was fitted on them: the
  all-reduce's terms carried over at 7.7–12.5 % held out on the NVLink GPUs (bias −2 to −9 %; at
  512 MiB on H100 the 2-GPU all-gather takes 1.04 ms against 0.77 ms predicted, the 8-GPU one
  1.40 against 1.33; their own figures since: below). The all-to-all is the
  expert-parallel dispatch the simulator times (each GPU sending (t−1)/t of its buffer): with
  the all-reduce's terms it came out 27–36 % fast (a 6 µs fixed time where messages of
  64 KB–1 MB take 12–16 µs, and a large-message rate ~15 % above what the rows reach), so it has
  figures of its own, `all_to_all_overhead_us`, `all_to_all_efficiency` (its Simple protocol)
  and `all_to_all_ll_overhead_us` (LL, at the all-reduce's LL rate), fitted on the all-to-all
  FIT rows (`calibrate --from-kernels`, group `all_to_all`): held out A100 8.3 %, H100 13.6 %,
  H200 14.2 %, B200 15.8 % (from 26.9 / 36.1 / 34.4 / 29.1 %). What stays above 10 %: between
  the LL and Simple regimes (256 KB–2 MB) the rows rise more gradually than the faster of two
  lines, and single rows jump 2× at small sizes (an H100 1 KB row at 4 GPUs: 18 µs among 6–8 µs),
  noise a two-protocol form cannot follow. A step's dispatch and combine of Qwen3-235B-A22B at
  EP 8 on H100 (256 decodes) now take 3.7 ms instead of 2.1 ms. L40S is not given these figures
  (its PCIe collectives are the server's topology, above; fitted, they reach 47 % held out).
  Twenty-sixth stop: NCCL's grouped sends take LL only while each peer's share is at most
  `NCCL_P2P_LL_THRESHOLD` (16 KiB per channel, `src/enqueue.cc`; small sends run on one
  channel), Simple past it, not the faster of the two: the H100, H200 and B200 rows step from
  ~9–10 to ~12–14 µs exactly between 16 and 32 KiB a peer at 2, 4 and 8 GPUs, where the faster
  line had stayed on LL up to ~1 MiB (−20 to −39 % at 64 KB–1 MB). Refitted the same way: held
  out H100 13.6 → 9.6 %, H200 14.2 → 10.0 %, B200 15.8 → 9.6 %, but A100 8.3 → 12.1 % (its rows
  rise smoothly from ~8 KiB a peer, an LL slower than the others' against a Simple protocol
  close to it, which the faster-of-two form happened to follow). No point of the serving check
  runs expert parallelism: its figures are unchanged.
  Twenty-eighth stop: the largest messages' bus rate (nccl-tests' (t−1)/t of the buffer over the
  time) grows with the GPUs, where one rate per GPU kept it flat — at 512 MiB, 2 / 4 / 8 GPUs:
  B200 331 / 488 / 563 GB/s (predicted 445 / 449 / 450), A100 164 / 195 / 203, H100 280 / 288 /
  315. NCCL's grouped sends include each rank's send to itself, a copy through the same kernel:
  if it costs a share s of a peer's chunk, the bus rate goes as (t−1)/(t−1+s), which for s = 1
  is B200's 0.59 / 0.87 of its 8-GPU rate. One term, `all_to_all_own_chunk_share` (the bytes
  moved are bytesPerRank · (1 + s / peers), in either protocol), fitted with the group's other
  three on the FIT rows: B200 0.65 ± 0.17, A100 0.25 ± 0.16, H100 0.10 ± 0.17, H200 0.07 ± 0.12 (only
  B200's differs from 0 by more than 2σ; the presets take each fit). Held out: B200 9.6 → 7.9 %,
  A100 12.1 → 11.5 %, H100 9.6 → 9.5 %, H200 10.0 → 9.9 %. The same rows show the ring all-gather
  and reduce-scatter at two GPUs reaching only 0.71–0.77 of the 8-GPU bus rate at 512 MiB (A100
  150 / 205, H100 258 / 335, H200 258 / 337, B200 438 / 617 GB/s; all-gather), 20–30 % slower
  than the ring form says at 2 GPUs while 4 and 8 are within a few per cent; a ring's own chunk
  at a share of ~0.4 would follow it, but the simulator times neither collective in a run, so
  that form is left as this note and their held-out errors (above) stand. Since this stop the
  simulator times the all-to-all only where the engine sends one (`engine.moe_dispatch =
  "all_to_all"`): without data-parallel attention vLLM keeps every token on every rank of the TP
  group and combines the experts with the MoE layer's all-reduce (`FusedMoE.forward_impl`
  dispatches only where `dp_size > 1`), as SGLang's and TensorRT-LLM's expert parallelism do
  without it, so the presets send none.
  Thirtieth stop: the simulator times an all-gather in every iteration at TP > 1 — the
  vocabulary-parallel LM head's logits, each logit row's vocab × 2 bytes, gathered over the TP
  group (vLLM V1's `LogitsProcessor._gather_logits` all-gathers, as SGLang's logits processor
  and TensorRT-LLM's column-parallel head with `gather_output` do; vLLM V0 gathers into the
  first GPU, the same bytes into one GPU): 128 decodes of Llama-3's 128,256-token vocabulary
  are 33 MB, ~0.1 ms on 8 H100s (`simserve cost` prints it as `logits_gather`). So the all-gather
  took figures of its own, as the all-to-all did: `all_gather_overhead_us` and
  `all_gather_efficiency` (its Simple protocol; LL stays the all-reduce's) and
  `all_gather_own_chunk_share` (NCCL's ring all-gather copies each rank's own input into its
  output in the same kernel: the bytes moved are (t−1)/t · size + s · size/t), fitted on the
  all-gather and reduce-scatter FIT rows (`calibrate --from-kernels`, group `all_gather`):
  efficiency / share A100 0.69 ± 0.04 / 0.29 ± 0.13, H100 0.79 ± 0.03 / 0.45 ± 0.09, H200
  0.78 ± 0.03 / 0.43 ± 0.09, B200 0.73 ± 0.05 / 0.40 ± 0.14. Held out, all-gather: A100
  12.5 → 10.4 %, H100 9.1 → 7.1 %, H200 9.6 → 7.1 %, B200 9.8 → 9.0 %; reduce-scatter 7.9 → 7.2,
  8.1 → 6.1, 8.7 → 6.6, 7.5 → 6.7 %; every other kernel row unchanged. A separate LL rate for
  the all-gather (A100's 32–256 KiB rows grow three times faster than the all-reduce's LL) was
  tried and fitted worse on every GPU (A100 reduce-scatter 7.2 → 11.6 %): not kept. L40S keeps
  the ring form (its fit moves nothing: 43 %, the server's PCIe topology). On the serving
  check the gather moves the held-out medians by at most 0.1 point (step time 11.7 → 11.6 %);
  refitting the engine terms with it (`validate serving --fit`) lands every term within its
  uncertainty of the presets' (skew 3.82 against 3.88 µs a peer), and the presets keep theirs
  but SGLang's prefill host time and request path, which the slow suite holds at the fit's
  optimum (`PrefillHostFitCurrentTests`): 204 µs a layer and 4.6 ms → 218 ± 18 µs and
  3.8 ± 1.0 ms. Held-out medians, the stop's first tree → the gather → with SGLang's refit:
  TTFT p50 18.0 → 18.0 → 17.6 %, p99 19.4 → 19.4 → 19.5 %, ITL 11.7 → 11.6 → 11.9 %,
  request throughput 8.0 → 7.9 → 7.9 %, output tokens/s 6.8 → 6.8 → 6.9 %.
- A100 attention and all-reduce come from the aiconfigurator tables (vLLM); A100 GEMMs and the
  elementwise ops of every GPU from the Vidur A100 profile (section below).

### TensorRT-LLM's XQA decode kernels over an fp8 KV cache (`calibrate --from-kernels --decode-attention-kernel trtllm-xqa`)

The GPUs' decode-attention figures are fitted on aiconfigurator's vLLM rows (FlashAttention /
FlashInfer decode). The same tables time TensorRT-LLM 1.3's own kernels (XQA for grouped-query
heads), whose fp8 KV path differs: over KV reads of 0.3 GB and more its GQA rows stream at
0.81–0.84 of the H200's HBM peak against vLLM's 0.60–0.61 (H100: 0.86–0.88 against 0.78–0.80;
B200: alike), and its shortest calls take ~6 µs against vLLM's ~13 µs; over a 16-bit KV cache
the two stay within a few per cent at large reads. An engine names its kernel
(`decode_attention_kernel`; `trtllm-xqa` in the `tensorrt-llm` preset) and a GPU may carry that
kernel's fp8-KV figures (`trtllm_xqa_decode_attention`: streaming efficiency, fixed time, time
per sequence and work unit, half-rate units, overlap; no floor of its own). Fitted on the
TensorRT-LLM rows with fp8 KV and grouped-query heads, the FIT head shapes of the rule above; held
out: (32, 8) and (8, 1). Fitted freely, the streaming efficiency comes out under the rate the large
reads achieve (H100 0.791, H200 0.724, where the fit rows reading 0.3 GB and more ran at 0.862 and
0.816 of peak, fixed times included: a lower bound of it), the half-rate term and the overlap
absorbing the difference, which makes a serving step's large reads ~10 % slow. The shipped figures
hold it at that achieved rate (the fit prints it; `--hold fp8_kv_efficiency=…`) and fit the rest
around it: held-out MAPE H100 11.6 → 11.3 %, H200 12.7 → 12.6 %, B200 5.7 → 6.7 % (B200's free fit,
0.911, sits above its large reads' 0.771; held at the same rule for all three). One query head per KV head (MHA) runs another TensorRT-LLM kernel and
keeps the GPU's own figures (their MHA rows are 60–70 % off on H100/H200 either way: the
tables' TensorRT-LLM MHA kernels are much faster at small sizes than vLLM's), as does a 16-bit KV
cache. On the fitted kind the first figure of each MAPE pair is the fit's, the second the GPU's
own figures'; the other rows are timed by the GPU's own figures:

```
TEXT
for gv in h100-sxm:0.8622 h200:0.8157 b200:0.7709; do "$BIN" calibrate --from-kernels data/kernels --gpu "${gv%%:*}" --decode-attention-kernel trtllm-xqa --hold "fp8_kv_efficiency=${gv##*:}"; done
cat <<'TEXT'
```

What it does to the runs: TensorRT-LLM's fp8 throughput cells of its v1.0-era table (below) go
from 68 to 79 % within 20 % (mean |error| 16 → 12 %, median −12 → −5 %; every one of its 60 Llama
cells within 20 %, from −28 … +7 % to −16 … +11 %; the Qwen3-235B cells −12 … −55 % → −5 … −51 %,
where expert or attention parallelism the table does not state may run; with the freely fitted
efficiency: 78 %, median −7 %, Llama −20 … +10 %); the older v0.9.0 table's grouped-query cells,
already too fast (its 2024 decode kernel did not turn GQA into fewer bytes,
`docs/throughput-validation.md`), move further (its fp8 cells 67 → 58 % within 20 %): the figures
are TensorRT-LLM 1.3's kernels, not v0.9.0's. NVIDIA's NIM serving points (TensorRT-LLM, fp8 KV,
two H100s, held out): ITL −3 … +4 % → −7 … +2 %, output tokens/s −3 … +3 % → −1 … +7 %; the
held-out medians of `validate serving` do not move beyond ±0.1 point.

## Power and energy (`simserve validate energy`)

Power per GPU from activity (`GPUPowerModel`): idle + busy-static + compute-dynamic × tensor
activity + memory-dynamic × HBM activity, capped at TDP; fitted on aiconfigurator's per-kernel
power (H200, B200; H100 takes H200's memory and decode-attention terms, and its busy and compute
terms are fitted on ML.ENERGY's H100 watts, below). ML.ENERGY's vLLM 0.11 rows are held out but for
the H100 Llama-3.1-8B and 70B rows, on whose tokens/s `validate energy --fit` fits the `vllm-0.11`
preset's CPU time per running request (43.3 µs) and on whose W/GPU `validate energy --fit-power`
fits the H100's busy and compute power (below). The LMArena chat rows are simulated (the prompt
lengths assumed are that task's; GPQA's reasoning outputs run past the 4,096-token cap of the
scenario), of every model with a preset: Llama 3.1/3.3 and, held out since the twenty-fifth stop,
Qwen3-8B, -14B and -32B and Gemma-3-27B (other families: Qwen3's and Gemma 3's QK-normed
attention, Gemma 3's local layers). Beside J/token, W/GPU and tokens/s, each row compares the
run's median inter-token latency (the file's `tpot_ms`, ML.ENERGY's `median_itl_ms`) with the
simulated steady state's: at a full batch, the decode step. Details and the fit table:
`docs/energy-validation.md`. J per output token, measured (vLLM, ML.ENERGY) vs simulated:

TEXT
cat "$tmp/energy.md"
echo
echo "The fit, and the error on the rows it fitted and on the held-out ones:"
echo
echo '```'
head -1 "$tmp/energy-fit.md"
echo '```'
echo
awk '/^- all:/ { n++; sub(/^- all:/, n == 1 ? "- fit rows, all:" : "- held-out rows, all:") } /^- /' "$tmp/energy-fit.md"
cat <<'TEXT'

The H100's busy and compute power, fitted on the W/GPU of the same 23 rows (from H200's figures,
busy 253 W and compute 514 W, which put the H100 runs 8–21 % under their watts by a gap growing
with the batch; memory and decode-attention power stay H200's), and the error on the rows it
fitted and on the held-out ones (`docs/energy-validation.md` has the pairs of terms tried and
not kept: memory and attention power fitted closer with an attention slope of 1,135 W, three
times what the 700 W cap leaves, and held out worse at TP 8):

TEXT
echo '```'
head -1 "$tmp/energy-fit-power.md"
echo '```'
echo
awk '/^- all:/ { n++; sub(/^- all:/, n == 1 ? "- fit rows, all:" : "- held-out rows, all:") } /^- /' "$tmp/energy-fit-power.md"
cat <<'TEXT'

What the other families show (twenty-fifth stop; nothing fitted on them). J per output token
holds: every H100 row of Qwen3 and Gemma 3 within 20 % but one (Qwen3-32B on one H100 at batch
32, −21 %); on the B200 31 of 34 (the Llama rows there: 35 of 46). The decode step does not hold as well as on
the Llama rows it was fitted with. Median inter-token latency, signed, median over rows by
batch (H100): Llama 3.1/3.3 (the fit rows, and the held-out 3.3-70B and 405B-FP8) +3 % at batch
≤ 32, +1 % at 33–256; the
Qwen3 and Gemma 3 rows −4 % (−10 … +1) at batch ≤ 32 and **−12 % (−15 … −6) at 33–256**,
whatever the size (8B to 32B) and TP (1, 2): their steps at 64–256 sequences take 1.4–4 ms more
than simulated, about 20–33 µs per sequence beyond what the Llama rows leave, so tokens/s there
comes out +17 % (median). What those rows share and Llama's do not: longer answers (~620–650
tokens against ~350–400, so ~1.4× the KV per sequence at the same prompts), vocabularies of 152k
and 262k (Llama 3: 128k), QK-norm in every layer, and sampling defaults with a top-k (Qwen3 20,
Gemma 3 64; Llama 3.1 top-p only). The rows alone do not separate these: the per-sequence host
time fitted on the Llama rows (43.3 µs) and the KV streaming at aiconfigurator's decode-attention
rates put the Llama steps within ±3 % at 16–256 sequences, and neither term, scaled by what
differs (vocabulary, KV per sequence), adds 20–33 µs a sequence. On the B200 the small models'
rows stay host-bound in the middle of the batch range for every family (Llama-3.1-8B and Qwen3-8B:
the measured step at 32–64 sequences is longer than at 128). Runs whose preset context limit
left simserve's KV cache less than one sequence (Qwen3-32B and, at batch 32, Gemma-3-27B on one
H100; their vLLM servers started) run with the largest limit that loads, as `validate serving`
does, every request being shorter (listed above).

## Offline throughput tables (`simserve validate throughput`)

Every cell of `data/serving/offline_throughput.csv` with a model and GPU preset, simulated
offline (all requests at t≈0, fixed lengths). Assumptions and where it breaks:
`docs/throughput-validation.md`. There are no int4-weight cells in the public tables used here; AccelMark's offline int4 runs (vLLM 0.7, 0.20 and SGLang 0.5 on A100, H100, H200, B200) are in the end-to-end section above ("Quantised weights": five of six held-out cells within 20 %).

TEXT
cat "$tmp/throughput.md"
cat <<'TEXT'

### MI300X fitted on AMD's ROCm vLLM of 2025 (`validate throughput --fit-gpu mi300x`)

No public MI300X kernel table is in the repository; the preset was datasheet-scaled (0.7 of the
tensor peak, 0.8 of HBM). AMD's ROCm vLLM 0.10.0 latency table (Llama-3.1-70B and 405B in fp8 on
eight MI300X, one static batch of 1–128 prompts of 128 or 2,048 tokens, 2,048 generated; source
and doubts in `data/serving/README.md`) puts those figures at 14 % mean absolute error, median
−17 % (70B −16 to −26 %, 405B −17 to +6 %), where Argonne's runs of the mid-2024 ROCm build come
out +92 % (median; +86 % with the figures fitted below): the same silicon two to three times
faster per batch a year later. A
one-request 70B step takes 8.4 ms measured and 10.7 ms simulated, 4.5 ms of it the engine's wait
for the slowest GPU at each all-reduce (`all_reduce_skew_us_per_peer` 4 µs × 7 peers × 160,
fitted on SGLang's H200 runs at 4.01 ± 10.26 µs); without that term the same runs come out 8–26 %
too fast. Set to 0 for every engine, the held-out serving points of the section above get worse
(medians: TTFT p50 34.0 → 36.7 %, ITL 16.7 → 19.2 %, E2E 9.2 → 13.3 %, request throughput 14.5 →
15.3 %): the term earns its place on the NVIDIA runs, and the wait is a figure of the machine. So
a GPU may scale it (`all_reduce_skew_scale`, the wait per peer = the engine's figure × this), and
three MI300X figures are fitted on the table's 128-token prompts (16 rows), the 2,048-token ones
held out (16 rows: 16× the prefill, longer contexts): the fraction of HBM the kernels stream at,
the fp8 GEMMs' fraction of the fp8 peak, and that scale. A first fit with the all-reduce latency
in place of the scale ran to its bounds (fp8 1, latency 0) and was dropped.

TEXT
echo '```'
sed -n '1,4p' "$tmp/throughput-fit-mi300x.md"
echo '```'
echo
sed -n '/^Fit rows/,$p' "$tmp/throughput-fit-mi300x.md"
cat <<'TEXT'

The fit, in the preset: HBM 0.613 (Argonne's 2024 one-request rows implied ~0.5), fp8 0.666 of
the fp8 peak, the wait 0.317 × the engine's (1.3 µs per peer). The 16-bit GEMMs take the
MI300X's published matmul ceiling (next section); attention and collectives stay
datasheet-scaled (the card says which figures are fitted); Argonne's MI300X rows (another
stack, fp16) stay the check of how far the 2024 software was from these figures.

### Dense GEMMs against MAMF (`simserve validate mamf`)

The Maximum Achievable Matmul FLOPS table of the ml-engineering book (`data/kernels/mamf.csv`,
source F of `data/kernels/README.md`): per accelerator, the best mean TFLOPS `torch.mm` reached
over a search of large shapes, bf16 and fp8. Each preset's dense GEMM kernel (the GPU's own
figures, no engine; an fp8 GEMM without vLLM's quantisation of its input) is timed at the row's
best shape. The MI300X has no public kernel table, and its 16-bit `compute_efficiency` was a
datasheet guess (0.7 of the peak, giving 909 TFLOPS at this shape: +36 %); it is now set so that
its GEMM reaches the row (the *fit* row). Every other row is *held out*: those presets' GEMM
figures were fitted on kernel tables of the same GPU (aiconfigurator's vLLM rows, Vidur's A100
profile), and the rows say how far the rule the MI300X now follows — efficiency from the MAMF —
sits from a fitted figure.

TEXT
echo '```'
cat "$tmp/mamf-fit.md"
echo '```'
echo
cat "$tmp/mamf.md"
cat <<'TEXT'

In bf16 the fitted presets sit below the ceiling (H100 −2 %, B200 −11 %, A100 −18 %: the
A100's GEMMs are those of Vidur's 2024 PyTorch, and MAMF is the best shape of a search, which
the shapes a model runs do not all reach), so the MI300X's figure is likely an upper bound by
about the same margin. In fp8 the H100 and H200 come out +2 % and −5 % against the torch ceiling
(B200 −4 %), with their fp8 efficiency held at the rate vLLM's fp8 GEMM adds output columns
(section after next; fitted freely, the split from the input's quantisation was unidentified and
they came out +5 % and +9 %). On the MI300X rows of the other sources the change moves only 16-bit work:
the ROCm vLLM 0.10 fp8 rows are unchanged (the fit above), Argonne's fp16 rows of mid-2024 go
from +86 % to +83 % (median; mean absolute 139 → 130 %).

The same comparison on the GEMM grids of the Azure AI Benchmarking Guide (`data/kernels/azure_gemm.csv`,
source G: cuBLASLt fp16 on an A100, fp8 on an H100 and an H200, hipBLASLt fp8 on an MI300X; nine shapes
each, late-2024 software, all held out), `simserve validate mamf --data data/kernels/azure_gemm.csv`:

TEXT
cat "$tmp/azure-gemm.md"
cat <<'TEXT'

What the grids say. The A100's fitted 16-bit GEMMs sit below this cuBLASLt at large shapes (−8 to
−10 %; above it at 1,024-row shapes, +19 to +32 %), as against MAMF (−18 %). In fp8 the H100 and H200
GEMMs are +12 to +19 % above these grids at large shapes: what vLLM's CUTLASS fp8 kernels reach in
aiconfigurator's rows (about 1,540–1,560 TFLOPS per added column, next section) is that much above
late-2024 cuBLASLt here and 5–10 % above the torch ceiling — a kernel difference the data show, not a
fit artefact. (Before the split was fixed these rows were +19 to +40 %.)
The MI300X's fp8 figure (fitted on whole runs of 2025's ROCm vLLM) gives +37 to +71 % against
late-2024 hipBLASLt at large shapes and several times the measured rate at 1,024-row shapes (where
that hipBLASLt reached 53–111 TFLOPS): either the 2025 stack's fp8 GEMMs are that much faster or the
whole-run fit gave the GEMMs time that belongs elsewhere; these grids cannot tell which.

### fp8 GEMMs: the GEMM apart from the input's quantisation (`calibrate --from-kernels`, `--hold`)

vLLM's fp8 linear layer (W8A8, per-tensor scales) first quantises its bf16 input — time ∝ m·k — and
then runs the fp8 GEMM — time ∝ m·n·k; aiconfigurator times the two together. Fitted freely,
the four fp8 terms (efficiency, fixed time, roofline sharpness, quantisation rate) leave that split
unidentified: on H100 the fit error is flat from 0.65 to 0.85 of the fp8 peak (fit rows 12.1–12.8 %,
held-out widths 8.2–8.8 %), and the fit had picked 0.83 (H100) and 0.95 (H200: 1,882 TFLOPS, above
every fp8 GEMM measured on that silicon). At fixed (m, k) only the GEMM grows with the output width
n, so the slope of time over n is the GEMM's own rate. On the fit widths (n = 4,096, 8,192, 16,384;
6,144 and 12,288 stay held out) and the prefill-sized cells m, k ≥ 8,192, least squares of time
on n per cell, the median over cells (`GemmMarginalRate`; `calibrate --from-kernels` prints it
under its gemm_fp8 group):

TEXT
echo '```'
for gpu in h100-sxm h200 b200; do
  echo "$gpu:"
  "$SIMSERVE" calibrate --from-kernels data/kernels --gpu "$gpu" --out "$tmp/$gpu-kernels.toml" | grep -A1 'rate per added output column' | sed 's/^  */  /'
done
echo '```'
cat <<'TEXT'

The H100 and H200 presets hold `fp8_compute_efficiency` at that median and fit the other three
terms around it (`simserve calibrate --from-kernels data/kernels --gpu h100-sxm --hold
fp8_compute_efficiency=0.7899`, likewise h200 at 0.7772). The kernel tables barely tell the two
apart: H100 fit rows 12.1 → 12.1 %, held-out widths 8.5 → 8.3 %; H200 13.6 → 14.1 % and 8.8 → 9.0 %
(`simserve validate kernels`, the cards above). The checks on GEMMs without the quantisation do:
MAMF fp8 H100 +4.7 → +1.7 %, H200 +8.6 → −4.6 %; the Azure grids' large shapes H100 +19..+25 →
+13..+19 %, H200 +32..+40 → +12..+17 %; and the own H200 measurements of `torch._scaled_mm` (403
shapes, inputs already fp8, all held out) 20.4 → 13.3 % mean absolute error, by rows m:

TEXT
"$SIMSERVE" validate mamf --data data/kernels/h200-own/gemm.csv --summary
cat <<'TEXT'

Where it still breaks. (1) Up to 256 rows the model's GEMM alone is 17 % slower than
`torch._scaled_mm` on average (up to 30 %): the fitted fixed time (6.0–6.4 µs) covers both of
vLLM's launches, the quantisation's and the GEMM's, and the tables cannot separate them either.
vLLM runs the pair, so serving is not affected; a GEMM benchmark on fp8 inputs is. (2) Beyond 2,048
rows that H200 ran at its 700 W cap (1,440–1,470 MHz, `power.csv`) and its GEMMs fell to
1,310–1,390 TFLOPS at the largest m: +10 % on average there, as its bf16 GEMMs (+14 %).
(3) The B200's six cells disagree by 1.7×: 3,691 TFLOPS at m = 8,192, k = 8,192 and 2,173–2,353
at the five longer-running ones, and its free fit is 27 % fast at its largest fp8 rows (m = 16,384 and
32,768, n = 16,384: ~2,200 TFLOPS measured with the quantisation) — what a long GEMM at the power cap
looks like on the own H200 (2), not a rate of the GPU alone, and not one the median should fix. The B200
keeps its free fit (0.94 of the peak, 4,221 TFLOPS per added column beyond the tables' widths, above
its MAMF of 3,432): its long fp8 prefill GEMMs are likely 20–30 % fast. In the end-to-end checks the change is small: TensorRT-LLM
0.9's H200 fp8 throughput cells 43 → 41 % mean absolute (bias +19 → +11 %); NIM's 70B fp8 TP 2
points' throughput 1.8 → 3.1 %; held-out medians unchanged.

### Sustained against replayed GEMMs (`scripts/sustained-vs-replayed.py`)

The presets' GEMM figures are fitted on aiconfigurator's kernel tables, where each GEMM is replayed
briefly. The same collector also ran the same shapes for a minimum duration while sampling the power
(`data/kernels/aic_kernel_power.csv`, H200 and B200, vLLM 0.22's kernels against the tables' 0.24).
The ratio of the two throughputs, by rows m:

TEXT
python3 scripts/sustained-vs-replayed.py
cat <<'TEXT'

Where the weight read bounds the GEMM (m ≤ 256) the two agree and the power stays at half the limit;
where compute bounds it the power reaches the limit and the sustained GEMM runs 12–14 % below the
table (H200 0.86–0.88, B200 0.87 beyond 2,048 rows). The project's own H200 measurements say the
same independently: its cuBLAS bf16 GEMMs beyond 2,048 rows, at the 700 W limit and 1,440–1,470 MHz,
come out +13.6 % fast against the preset at full clock (below). So for compute-bound work run back
to back — the prefill of a loaded server — the H200 and B200 tables are about 12–14 % fast (the H100,
with the same 700 W limit, has no power runs to check).
Tried and not kept: every H200 GEMM efficiency (bf16, fp8, MoE) × 0.878 at all times. The
all-at-once runs move (TTFT −44..−12 → −38..−3 %, request throughput +11..+14 → +2..+9 %; held-out
medians TTFT p50 35.1 → 34.0 %, output tokens/s 14.9 → 13.0 %), but the light runs, whose short
prefills never reach the limit, get worse (the fit points' TTFT +2..+3 → +5..+9 %, 405B at 8 req/s
ITL +69 → +89 %) and TensorRT-LLM's H200 table goes from 19 to 21 % (bias −15 → −18 %): the
slowdown has to follow the power, not be a constant.

### The clock under the power limit (`PowerLimitedClock`, h200)

What is applied instead: in a simulated run each replica's GPUs follow their power averaged with a
time constant τ; while that average would pass the limit the clock falls so that the power stays at
the limit, the work's dynamic energy (the activity terms of the power model) unchanged. A lone
prefill after idle runs at full clock; compute-bound work back to back converges to
t₀·(P₀ − P_s)/(P_max − P_s), P₀ its uncapped power at full clock and P_s the idle plus busy-static
draw (the last column of the table above, for aiconfigurator's H200 GEMMs: 0.859 / 0.904 against
0.858 / 0.878 measured — a consistency check, the power figures being fitted on those runs' watts).
Kernel checks (`validate kernels`, `validate mamf`, the table of `simserve cost`) stay at full clock,
as the replayed tables they are checked against; `validate mamf --sustained` and the `sustained` line
of `simserve cost` give the back-to-back time; simulated runs are clocked. The hardware key
`power_limit_time_constant_ms` turns it on: h200 sets 30 ms (the project's own H200 windows,
`data/kernels/h200-own/power_windows.csv`: a sustained kernel averages 820 W over its first 50 ms
from idle, above the 700 W limit, and its clock is lowered by 200 ms). Prefill attention gets its
own power term beside decode attention's, the same way (`prefill_attention_dynamic_watts` = 203 W on
h200 and h100-sxm: the mean shortfall of the tensor and HBM terms on the two own sustained
FlashAttention-2 prefill kernels, 205 and 200 W, at the cap, so a lower bound).

The held-out check is the project's own H200 GEMMs (`data/kernels/h200-own/gemm.csv`, 806 shapes,
each replayed for ≥ 10 ms in a sweep that keeps the GPU at work, so at the cap where compute bounds
them; nothing fitted on them), at full clock (`simserve validate mamf --data
data/kernels/h200-own/gemm.csv --summary`):

TEXT
"$SIMSERVE" validate mamf --data data/kernels/h200-own/gemm.csv --summary | grep '^|'
cat <<'TEXT'

and back to back under the limit (`--sustained`):

TEXT
"$SIMSERVE" validate mamf --data data/kernels/h200-own/gemm.csv --summary --sustained | grep '^|'
cat <<'TEXT'

Beyond 2,048 rows the bias goes from +13.6 to −0.3 % (bf16) and from +10.5 to +2.5 % (fp8). The
Azure cuBLASLt H200 fp8 grid (`--data data/kernels/azure_gemm.csv --sustained`, held out) at its large
shapes (4,096³ to 32,768³, 6,144 × 12,288 × 12,288): +12 to +17 % → +4 to +10 %; its small shapes
(≤ 2,048³, weight- or launch-bound) unchanged. The MAMF H200 fp8 row (torch, its best shape, 1,280
rows) goes −4.6 → −8.0 %: in the middle band the clock overshoots a little (bf16 bias +7.6 →
−6.9 %), as the steady state assumes the whole GEMM at full power. The fp8 small-m rows are the
known two-launch gap (section above), not power. B200's fitted power terms cannot be used so (its
compute term sits at the bound of its fit, the whole swing, because every long B200 GEMM ran at the
limit: the clock would halve its long GEMMs against 0.87 measured), nor H100's (fitted on
ML.ENERGY's whole-run watts: a large GEMM would come out at 890 W uncapped and 0.6 of its rate), so
b200 and h100-sxm leave the key unset and run at full clock.

Fitted on the watts and the rates together (`scripts/fit-power.py`, its last lines: the power runs'
GEMM rates against the tables through the clock's steady state), H200's three terms come out as the
preset's (busy 253, compute 520, memory 159 W against 253 / 514 / 161; rate error 3.6 %). B200's
compute term, which the watts alone only bound from below, comes out at 477 W (busy 555, memory
140; power MAPE 3.7 %, rate error 4.7 %). Tried with the clock on b200 and not kept: no serving or
throughput check moves (none binds: the B200 points are decode-bound or TP ≥ 2), and on ML.ENERGY
(held out) J/token improves (within 20 %: 76 → 78 of 88; 405B bf16 28 → 19 %, 70B 21 → 18 %) while
W/GPU on the large models worsens (4–8 → 8–13 %) — a refit of the power figures with no check that
needs it.

What it changes: nothing in the published-serving and throughput checks. Every H200 point there is
tensor-parallel (70B on TP 4, 405B on TP 8; TensorRT-LLM's tables at max load), and at TP ≥ 4 the
modelled step power stays below the limit: the all-at-once 70B TP 4 run averages 577 W per GPU; an
8,192-token prefill step of 70B on TP 4 runs at 59 % MFU (its all-reduces, 18 % of the step, draw
only the busy-static power), 664 W. `validate serving` and `validate throughput` print the same
figures with and without it; `validate energy` moves by at most 1 % per row (the prefill-attention
term on H100). Where it binds: one GPU computing back to back — Llama-3.1-8B on one H200 with
4,000-token prompts at saturation takes 28.0 s against 25.6 s at full clock (+9 %); `simserve cost
--model llama-3.1-8b --hardware h200 --prefill 8192` gives 187.0 ms at full clock and 209.9 ms back
to back (745 W uncapped). So the all-at-once H200 runs' TTFT misses (−12 to −44 %) are not the power
limit in this model; unless the real TP 4 steps draw more than it says (NCCL/custom all-reduce keeps
SMs spinning, which it charges at the busy-static draw only), their cause lies elsewhere.

### vLLM of mid-2024: host terms fitted on Argonne's Llama rows (`validate throughput --fit`)

Argonne's vLLM cells ran the V0 engine before 0.6's asynchronous output processing: every step
waits on the host for scheduling, sampling and detokenising each sequence, and with TP > 1 for
the driver's broadcast of the step's inputs to its workers. With the 0.6 preset's estimates
(800 µs per step, 6 µs per sequence, nothing per TP peer) the H100 cells came out +42 % too
fast (median; +27 % at TP 1, +59 % at TP 2, growing with the batch) and the A100-40GB cells
+18 %. The `vllm-v0.5` preset's three host terms are fitted on the rows of the four Llama
models (H100 and A100-40GB, TP 1–4, batch 1–64) by the mean squared log ratio; the Mistral,
Mixtral and Qwen2 rows are held out. The per-peer term is carried to `vllm-v0` (0.6), whose
other host terms stay: on the held-out vLLM 0.6 serving points (`sglang_vllm060`, 70B on four
H100s) it moved ITL −11 / −12 % → −8 / −9 % and E2E −14 / −16 % → −11 / −12 %. Those builds ran
PyTorch's CUDA 12.1 wheels, so the preset's 16-bit GEMMs are cuBLAS 12.1's (`gemm_library`, the
H100's figures fitted on Vidur's H100 profile; section "H100-SXM on Vidur's profile"): refitted with
them, the step term falls from 1,936 to 1,456 µs (the GEMMs' own time was in it), the per-sequence and
per-peer terms move from 67.4 / 189 to 69.2 / 219.5 µs, the fit's RMS log ratio from 0.120–0.124 to
0.118, and the held-out rows from 11 % to 10 % mean absolute error (H100 14 → 13 %).

TEXT
cat "$tmp/throughput-fit.md"
