#!/usr/bin/env bash
# Prints the VALIDATION.md section on Splitwise's prompt and token times (data/kernels/splitwise):
# the vllm-v0.2 engine, its host time per layer fitted per machine on Llama-2-70B's token times at TP 8,
# every other row held out. Called by validation-report.sh; $SIMSERVE is the binary.
set -euo pipefail
BIN=${SIMSERVE:-.build/release/simserve}
echo "## Splitwise: prompt and token times by TP (\`simserve validate splitwise --fit\`)"
echo
echo "Data: \`data/kernels/splitwise/perf_model.csv\` (SplitwiseSim, MIT; README in the folder): Llama-2-70B"
echo "at TP 2, 4 and 8 and BLOOM-176B at TP 8 on a DGX-A100 and a DGX-H100, one prompt of 128–8,192 tokens,"
echo "128–8,192 output tokens, batches of 1–32, five runs each, under the vLLM of late 2023 (no CUDA graphs, the"
echo "TP all-reduces through torch.distributed's NCCL from each Ray worker). Predicted: one prefill iteration"
echo "per prompt (batch 1), the mean of the decode steps per output token, through the simulator's cost under"
echo "the \`vllm-v0.2\` preset — the V0 host terms fitted on Argonne's mid-2024 batches, the eager all-reduce"
echo "time fitted on Vidur's DGX A100 profile and SGLang's prefill host time, all carried over — and one"
echo "term fitted here: \`eager_layer_host_us\`, the host's time to issue one layer outside a CUDA graph (an"
echo "eager batch lasts at least the layers × this: the GPU waits for the host). **Split: fitted per machine on"
echo "Llama-2-70B's token times at TP 8 (*fit*); TP 2 and 4, every prompt time and BLOOM-176B held out.**"
echo
"$BIN" validate splitwise --fit
echo
echo "- Before the issue time (last column) the token times fell further behind with TP — ×0.93 / ×0.80 / ×0.67"
echo "  at TP 2 / 4 / 8 — the pattern of the issue that asked for it: measured, the token time of a small batch"
echo "  stops falling past TP 4 (Llama-2-70B: 45.0 / 44.9 ms at TP 4 / 8 on the A100s, 29.7 / 29.8 ms on the"
echo "  H100s) while the GPU's share keeps halving, i.e. the step is bound by the host issuing 80 layers of"
echo "  kernels from Python. One figure per machine brings the held-out TP 4 rows within 3 % on both GPUs. It"
echo "  is a property of the host: the DGX H100's (Xeon 8480C) 343 µs per layer, the DGX A100's (EPYC 7742) 526;"
echo "  the preset takes the H100's. The eager all-reduce time (Vidur's A100 fit) was worth 3–5 points at every"
echo "  TP before this term (token time 22.8 → 19.1 % over all rows)."
echo "- Not closed: on the H100, where the GPU bounds the step (Llama-2-70B at TP 2, BLOOM-176B at TP 8), the"
echo "  token times come out 16–21 % short, as Vidur's H100 GEMMs do (section \"H100-SXM on Vidur's"
echo "  profile\": PyTorch's cuBLAS of 2023–24 ~15–20 % slower than the preset's 2026 kernels at these shapes);"
echo "  the A100 rows, whose kernel figures come from the same era's profile, are within 5 %. Prompt times"
echo "  (held out throughout) are within 9 % on the A100 and 11–14 % on the H100."
echo "- Carried to the one eager vLLM V1 run in \`data/serving\` (AccelMark, int4/int8 weights on one A100-80GB,"
echo "  \`enforce_eager\`): its TPOT at 5–10 req/s goes from −44..−61 % to −34..−47 %; the DGX A100 host's"
echo "  526 µs would bring it near the measured 17–21 ms, but that figure is not the preset's and was not"
echo "  chosen for it."
echo "- Power (A100 rows only; held out: the A100 preset's power terms are the defaults carried from the"
echo "  H200/B200 fits). Measured, the mean power per GPU falls with TP — 295 / 238 / 173 W at TP 2 / 4 / 8 —"
echo "  because a host-bound step leaves the GPUs idle between kernels. The power model charges an eager"
echo "  batch's wait for its host at the idle draw (\`IterationCost.gpuIdleSeconds\`); charged as busy, as it"
echo "  was first, the TP 8 rows came out +45 % and the TP 4 rows +13 % (all rows 18.2 % against 8.1 %). What"
echo "  is left at TP 8 (+13 %): the host's time per step (scheduling, the broadcast to the workers) is still"
echo "  charged as busy, as in every engine's energy (the H100 power terms were fitted that way)."
echo "- The prompt phases of batches of 2–32 prompts (left out above) predicted as one prefill iteration of the"
echo "  whole batch take the prompt error per model, GPU and TP from 8–14 % to 10–20 % (mostly short): how the"
echo "  engine split and timed them is not recorded, so they stay out of the table."
echo "- Tried and not kept: the DGX H100's issue time carried to the \`sglang\` preset, whose prefill"
echo "  iterations and decode steps past its CUDA graphs run eagerly: refitted, its other host terms barely"
echo "  moved (decode past the graphs 58.4 → 60.5 ms a step, prefill 266 → 198 µs a layer) and the held-out"
echo "  serving points did not improve (TTFT median error 34.5 → 36.7 %, ITL 16.8 % both): SGLang's eager steps"
echo "  are large batches, bound by the GPU."
